//! A token is never chosen silently when the command line is ambiguous: a TOKEN_ID and a
//! `--name` of two different tokens are a usage error before anything changes, and a name
//! that several tokens share gives a menu at a terminal, or without input an error listing the
//! tokens' IDs.

use crate::common::*;

/// rotate, update and delete, forced where they would ask.
const COMMANDS: [&[&str]; 3] = [
    &["workspace", "token", "rotate", "-f"],
    &["workspace", "token", "update", "-d", "changed"],
    &["workspace", "token", "delete", "-f"],
];

fn with(command: &[&str], extra: &[&str]) -> Vec<String> {
    command.iter().chain(extra).map(|a| a.to_string()).collect()
}

/// Only reads were sent.
fn nothing_changed(env: &TestEnv) {
    let lines = env.request_lines();
    assert!(lines.iter().all(|l| l.starts_with("GET ")), "{lines:?}");
}

#[test]
fn an_id_and_another_tokens_name_are_a_usage_error() {
    for command in COMMANDS {
        let env = TestEnv::astro();
        let run = env.run_strings(&with(command, &[CI, "--name", "nightly"]));
        assert_eq!(run.code, 2, "{command:?}: {run:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!(
                "Error: TOKEN_ID {CI} is the token named ci, not nightly: pass TOKEN_ID or --name, not both\n"
            ),
            "{command:?}"
        );
        nothing_changed(&env);
        assert_eq!(env.request_lines().len(), 1, "one GET of the ID");
    }
}

#[test]
fn an_id_and_its_own_name_agree() {
    for command in COMMANDS {
        let env = TestEnv::astro();
        let run = env.run_strings(&with(command, &[CI, "--name", "ci"]));
        run.assert_ok();
        assert!(
            run.stdout.contains("API token ci was successfully"),
            "{run:?}"
        );
    }
}

#[test]
fn a_shared_name_without_input_lists_the_matching_ids() {
    for command in COMMANDS {
        let env = TestEnv::astro();
        let (first, second) = env.fake.with_state(|s| {
            (
                s.add_workspace_token(DEMO_WORKSPACE_ID, "dup").id,
                s.add_workspace_token(DEMO_WORKSPACE_ID, "dup").id,
            )
        });
        let run = env.run_strings(&with(command, &["--name", "dup"]));
        assert_eq!(run.code, 1, "{command:?}: {run:?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.ends_with(&format!(
                "Error: 2 tokens are named dup ({first}, {second}) and there is no input to choose one: pass TOKEN_ID\n"
            )),
            "{command:?}: {}",
            run.stderr
        );
        nothing_changed(&env);
    }
}

#[test]
fn a_shared_organization_token_name_names_org_token_id() {
    let env = TestEnv::astro();
    let ids: Vec<String> = env.fake.with_state(|s| {
        (0..2)
            .map(|_| {
                let id = s.add_organization_token("shared").id;
                s.token_mut(&id)
                    .unwrap()
                    .roles
                    .push(fake_control_plane::ApiTokenRole::workspace(
                        DEMO_WORKSPACE_ID,
                        "WORKSPACE_MEMBER",
                    ));
                id
            })
            .collect()
    });
    let run = env.run(&[
        "workspace",
        "token",
        "organization-token",
        "remove",
        "--org-token-name",
        "shared",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.ends_with(&format!(
            "Error: 2 tokens are named shared ({}, {}) and there is no input to choose one: pass ORG_TOKEN_ID\n",
            ids[0], ids[1]
        )),
        "{}",
        run.stderr
    );
    nothing_changed(&env);
}

#[cfg(unix)]
#[test]
fn a_shared_name_at_a_terminal_gives_a_menu_of_the_matches() {
    use crate::common::pty::Pty;
    let env = TestEnv::astro();
    let (_, second) = env.fake.with_state(|s| {
        (
            s.add_workspace_token(DEMO_WORKSPACE_ID, "dup").id,
            s.add_workspace_token(DEMO_WORKSPACE_ID, "dup").id,
        )
    });
    let mut pty =
        Pty::spawn(env.command(&["workspace", "token", "rotate", "--name", "dup", "-f", "-c"]));
    let menu = pty.expect("\n> ");
    assert!(
        menu.contains("There are more than one API tokens with name dup"),
        "{menu:?}"
    );
    assert!(!menu.contains(CI), "only the matches: {menu:?}");
    pty.send_line("2");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert_eq!(
        env.request_lines().last().unwrap(),
        &format!("POST /v1/organizations/{DEFAULT_ORG_ID}/tokens/{second}/rotate")
    );
}
