//! A group command run alone (`astro workspace`, `astro workspace token`, …) prints its long
//! text and help on stdout, exactly as `--help` does, and exits 0, as the Go CLI does.

use crate::common::*;

fn alone_is_help(env: &TestEnv, group: &[&str], long: &str) {
    let alone = env.run(group);
    assert_eq!(alone.code, 0, "{group:?}: {alone:?}");
    assert_eq!(alone.stderr, "", "{group:?}");
    assert!(
        alone.stdout.starts_with(&format!("{long}\n")),
        "{group:?}: {}",
        alone.stdout
    );
    let mut with_help = group.to_vec();
    with_help.push("--help");
    let help = env.run(&with_help);
    help.assert_ok();
    assert_eq!(alone.stdout, help.stdout, "{group:?}");
}

#[test]
fn astro_groups_print_their_long_help() {
    let env = TestEnv::astro();
    for (group, long) in [
        (
            &["workspace"][..],
            "Create and manage Workspaces on Astro. Workspaces can contain multiple Deployments and can be shared across users.",
        ),
        (
            &["workspace", "user"],
            "Manage users in your Astro Workspace.",
        ),
        (
            &["workspace", "team"],
            "Manage teams in your Astro Workspace.",
        ),
        (
            &["workspace", "token"],
            "Manage tokens in your Astro Workspace.",
        ),
        (
            &["workspace", "token", "organization-token"],
            "Manage organization tokens in a workspace",
        ),
    ] {
        alone_is_help(&env, group, long);
    }
    assert!(env.requests().is_empty());
}

#[test]
fn private_cloud_groups_print_their_long_help() {
    let env = TestEnv::apc();
    for (group, long) in [
        (
            &["workspace"][..],
            "Workspaces contain a group of Airflow Cluster Deployments. The creator of the workspace can invite other users into it",
        ),
        (
            &["workspace", "user"],
            "Users can be added or removed from Workspaces",
        ),
        (
            &["workspace", "service-account"],
            "Service accounts represent revocable tokens with access to the APC platform",
        ),
        (
            &["workspace", "team"],
            "A Team is a group of users imported from your Identity Provider, teams can be added to and removed from a workspace to manage group user access",
        ),
    ] {
        alone_is_help(&env, group, long);
    }
    assert!(env.requests().is_empty());
}
