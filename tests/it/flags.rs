//! Flags shared by many commands (src/cmd/workspace/args.rs): `-w` wherever `--workspace-id` is
//! (docs/compatibility.md#workspace-id), and value errors that say what a valid value is
//! (docs/compatibility.md#usage-errors).

use crate::common::*;
use fake_control_plane::{DEMO_ANALYTICS_WORKSPACE_ID, DEMO_HOUSTON_WORKSPACE_2_ID};

/// Runs `args` with `flag WORKSPACE` appended and returns what it did and what it sent.
fn with_workspace_flag(env: &TestEnv, args: &[&str], flag: &str, workspace: &str) -> String {
    env.fake.clear_requests();
    let mut line = args.to_vec();
    line.extend([flag, workspace]);
    let run = env.run(&line);
    format!("{run:?}\n{:#?}", env.request_lines())
}

#[test]
fn dash_w_is_workspace_id_on_every_command_that_takes_it() {
    let astro = TestEnv::astro();
    for args in [
        &["workspace", "token", "list"][..],
        &["workspace", "token", "organization-token", "list"],
        &["workspace", "user", "list"],
        &["workspace", "team", "list"],
    ] {
        let long = with_workspace_flag(&astro, args, "--workspace-id", DEMO_ANALYTICS_WORKSPACE_ID);
        let short = with_workspace_flag(&astro, args, "-w", DEMO_ANALYTICS_WORKSPACE_ID);
        assert_eq!(short, long, "{args:?}");
        assert!(short.contains("code: 0"), "{args:?}: {short}");
    }
    let apc = TestEnv::apc();
    for args in [
        &["workspace", "user", "list"][..],
        &["workspace", "team", "list"],
        &["workspace", "service-account", "get"],
    ] {
        let long = with_workspace_flag(&apc, args, "--workspace-id", DEMO_HOUSTON_WORKSPACE_2_ID);
        let short = with_workspace_flag(&apc, args, "-w", DEMO_HOUSTON_WORKSPACE_2_ID);
        assert_eq!(short, long, "{args:?}");
        assert!(short.contains("code: 0"), "{args:?}: {short}");
    }
}

#[test]
fn dash_w_is_in_the_help_of_every_workspace_group() {
    let astro = TestEnv::astro();
    for group in ["token", "user", "team"] {
        let run = astro.run(&["workspace", group, "list", "--help"]);
        run.assert_ok();
        assert!(
            run.stdout
                .contains("  -w, --workspace-id <WORKSPACE_NAME_OR_ID>\n"),
            "{group}: {run:?}"
        );
    }
    let apc = TestEnv::apc();
    for group in ["user", "team", "service-account"] {
        let run = apc.run(&["workspace", group, "list", "--help"]);
        run.assert_ok();
        assert!(
            run.stdout
                .contains("-w, --workspace-id <WORKSPACE_LABEL_OR_ID>"),
            "{group}: {run:?}"
        );
    }
}

/// A usage error: exit 2, clap's `error:` line naming the flag and what it takes, nothing on
/// stdout, no request.
#[track_caller]
fn assert_value_error(env: &TestEnv, args: &[&str], expected: &str) {
    env.fake.clear_requests();
    let run = env.run(args);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            format!("error: {expected}\n\nFor more information, try '--help'.\n").as_str()
        ),
        "{args:?}"
    );
    assert!(env.requests().is_empty(), "{args:?}");
}

#[test]
fn a_bad_value_says_what_a_valid_value_is() {
    let astro = TestEnv::astro();
    let list = ["workspace", "token", "list", "--expiring-within"];
    for value in ["-1", "abc", "1.5"] {
        let args: Vec<&str> = list.iter().copied().chain([value]).collect();
        assert_value_error(
            &astro,
            &args,
            &format!(
                "invalid value '{value}' for '--expiring-within <DAYS>': a whole number of days, 0 or more"
            ),
        );
    }
    assert_value_error(
        &astro,
        &["workspace", "token", "list", "--expiring-within", "36501"],
        "invalid value '36501' for '--expiring-within <DAYS>': a whole number of days, at most 36500",
    );
    astro
        .run(&["workspace", "token", "list", "--expiring-within", "0"])
        .assert_ok();

    let apc = TestEnv::apc();
    assert_value_error(
        &apc,
        &["workspace", "user", "list", "--paginated=maybe"],
        "invalid value 'maybe' for '--paginated[=<BOOL>]': true or false",
    );
    for command in ["user list", "switch"] {
        let mut args: Vec<&str> = ["workspace"].into();
        args.extend(command.split(' '));
        args.extend(["--page-size", "x"]);
        assert_value_error(
            &apc,
            &args,
            "invalid value 'x' for '--page-size <N>': a whole number of entries per page",
        );
    }
}

#[test]
fn a_missing_workspace_value_is_a_usage_error_without_a_tip() {
    let env = TestEnv::astro();
    for group in ["token", "user", "team"] {
        let run = env.run(&["workspace", group, "list", "-w"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(!run.stderr.contains("tip:"), "{run:?}");
        assert!(
            run.stderr.starts_with(
                "error: a value is required for '--workspace-id <WORKSPACE_NAME_OR_ID>'"
            ),
            "{run:?}"
        );
    }
}
