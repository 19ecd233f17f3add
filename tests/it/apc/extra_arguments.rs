//! Private Cloud commands whose Go counterparts take no argument rule accept further
//! positional arguments and ignore them, as the Astro tree does; commands with an argument
//! count keep their usage error.

use crate::common::*;
use fake_control_plane::DEMO_HOUSTON_WORKSPACE_2_ID;

#[test]
fn extra_arguments_are_ignored_where_go_ignores_them() {
    let env = TestEnv::apc();
    for (args, plain) in [
        (
            &["workspace", "list", "extra"][..],
            &["workspace", "list"][..],
        ),
        (
            &["workspace", "user", "list", "extra", "more"],
            &["workspace", "user", "list"],
        ),
        (
            &[
                "workspace",
                "team",
                "list",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "extra",
            ],
            &["workspace", "team", "list", DEMO_HOUSTON_WORKSPACE_2_ID],
        ),
        (
            &[
                "workspace",
                "sa",
                "get",
                "cksa000000000000000000001",
                "extra",
            ],
            &["workspace", "sa", "get", "cksa000000000000000000001"],
        ),
    ] {
        let plain = env.run(plain);
        plain.assert_ok();
        let run = env.run(args);
        run.assert_ok();
        assert_eq!(run.stdout, plain.stdout, "{args:?}");
    }
    for args in [
        &["workspace", "create", "-l", "fresh", "extra"][..],
        &["workspace", "user", "add", "new@example.com", "extra"],
        &[
            "workspace",
            "team",
            "add",
            "ckte000000000000000000003",
            "extra",
        ],
        &["workspace", "sa", "create", "-l", "deployer", "extra"],
    ] {
        env.run(args).assert_ok();
    }
}

#[test]
fn commands_with_an_argument_count_keep_their_usage_error() {
    let env = TestEnv::apc();
    for args in [
        &["workspace", "delete", "a", "b"][..],
        &["workspace", "update", "a", "b"],
        &["workspace", "switch", "a", "b"],
        &["workspace", "sa", "delete", "a", "b"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
    }
    assert!(env.requests().is_empty());
}
