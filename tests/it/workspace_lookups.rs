//! Looking a workspace name up adds no failure the Go CLI does not have
//! (docs/compatibility.md#names-or-ids): a value shaped like an ID costs no request; when the
//! workspace list cannot be fetched (403, 500, a dropped connection) the value goes on as an ID,
//! exactly as Go sends it; a list that answers without a match stops the command before anything
//! else is sent, naming the value and the closest names. An empty `--workspace-id` means the
//! context's workspace, as in Go, and says so on stderr.

use crate::common::*;
use fake_control_plane::{DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_SANDBOX_WORKSPACE_ID};

/// The ways a list request fails: a token that may not list workspaces, a server error, and a
/// connection that drops (retried as a read, so it drops every time).
fn list_failures(target: impl Fn() -> FaultTarget) -> Vec<(&'static str, Fault)> {
    vec![
        (
            "403",
            Fault::status_body(target(), 403, r#"{"message":"forbidden"}"#, 1),
        ),
        ("500", Fault::status(target(), 500, 1)),
        ("dropped", Fault::drop_connection(target(), 3)),
    ]
}

mod astro {
    use super::*;

    const TYPO: &str = "no workspace named or with ID \"sandbx\": did you mean \"sandbox\"? Run astro workspace list to see them";

    #[test]
    fn a_failed_list_sends_the_value_as_an_id_as_go_does() {
        let env = TestEnv::astro();
        for (why, fault) in list_failures(|| FaultTarget::rest("GET", "/workspaces")) {
            env.fake.clear_requests();
            env.fake.inject(fault);
            let run = env.run(&["workspace", "token", "list", "--workspace-id", "ws-by-id"]);
            assert_eq!(run.code, 0, "{why}: {run:?}");
            // Nothing is said by default: stderr is what Go's would be.
            assert_eq!(run.stderr, "", "{why}");
            let lines = env.request_lines();
            assert_eq!(
                lines.last(),
                Some(&ws_list(TOKENS, "ws-by-id")),
                "{why}: {lines:?}"
            );
            assert!(
                lines[..lines.len() - 1]
                    .iter()
                    .all(|l| *l == workspace_list()),
                "{why}: {lines:?}"
            );
        }
    }

    #[test]
    fn a_failed_list_reaches_users_teams_and_organization_tokens_too() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "user", "list", "--workspace-id", "ws-by-id"][..],
            &["workspace", "team", "list", "-w", "ws-by-id"],
            &[
                "workspace",
                "token",
                "organization-token",
                "list",
                "--workspace-id",
                "ws-by-id",
            ],
        ] {
            env.fake.clear_requests();
            env.fake.inject(Fault::status(
                FaultTarget::rest("GET", "/workspaces"),
                403,
                1,
            ));
            env.run(args);
            let lines = env.request_lines();
            assert_eq!(lines[0], workspace_list(), "{args:?}");
            assert!(lines.len() > 1, "{args:?}: {lines:?}");
            assert!(
                lines[1..].iter().any(|l| l.contains("ws-by-id")),
                "{args:?}: {lines:?}"
            );
        }
    }

    #[test]
    fn a_list_at_debug_verbosity_says_why_the_value_went_on_as_an_id() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::status(
            FaultTarget::rest("GET", "/workspaces"),
            500,
            1,
        ));
        let run = env.run(&[
            "workspace",
            "token",
            "list",
            "--workspace-id",
            "ws-by-id",
            "--verbosity",
            "debug",
        ]);
        assert!(
            run.stderr
                .contains("DEBUG the Workspace list could not be fetched to look \"ws-by-id\" up"),
            "{run:?}"
        );
    }

    #[test]
    fn a_typo_stops_before_anything_is_sent() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "token", "list", "--workspace-id", "sandbx"][..],
            &[
                "workspace",
                "token",
                "rotate",
                "--workspace-id",
                "sandbx",
                "--name",
                "ci",
                "-f",
            ],
            &[
                "workspace",
                "token",
                "create",
                "-n",
                "x",
                "--workspace-id",
                "sandbx",
            ],
            &["workspace", "user", "list", "--workspace-id", "sandbx"],
            &[
                "workspace",
                "user",
                "add",
                "a@b.c",
                "-r",
                "WORKSPACE_MEMBER",
                "--workspace-id",
                "sandbx",
            ],
            &["workspace", "team", "list", "-w", "sandbx"],
            &[
                "workspace",
                "token",
                "organization-token",
                "list",
                "--workspace-id",
                "sandbx",
            ],
        ] {
            env.fake.clear_requests();
            env.run(args).assert_error(TYPO);
            assert_eq!(env.request_lines(), [workspace_list()], "{args:?}");
        }
    }

    #[test]
    fn no_close_name_still_names_the_value() {
        let env = TestEnv::astro();
        env.run(&["workspace", "token", "list", "--workspace-id", "zzz"])
            .assert_error(
                "no workspace named or with ID \"zzz\". Run astro workspace list to see them",
            );
    }

    #[test]
    fn an_id_costs_no_request_even_when_no_workspace_has_it() {
        let env = TestEnv::astro();
        let id = "clwsunknown000000000000001";
        env.run(&["workspace", "token", "list", "--workspace-id", id])
            .assert_ok();
        assert_eq!(env.request_lines(), [ws_list(TOKENS, id)]);
    }

    #[test]
    fn switch_update_and_delete_keep_go_texts_and_add_the_closest_names() {
        let env = TestEnv::astro();
        env.run(&["workspace", "switch", "sandbx"])
            .assert_error(&format!("workspace id/name could not be found: {TYPO}"));
        env.run(&["workspace", "update", "sandbx", "-d", "x"])
            .assert_error(&format!(
                "no workspace was found for the ID you provided: {TYPO}"
            ));
        env.run(&["workspace", "delete", "sandbx"])
            .assert_error(&format!(
                "no workspace was found for the ID you provided: {TYPO}"
            ));
        assert!(
            env.request_lines().iter().all(|l| *l == workspace_list()),
            "{:?}",
            env.request_lines()
        );
        assert!(
            env.fake
                .state()
                .astro_workspaces
                .iter()
                .any(|w| w.id == DEMO_SANDBOX_WORKSPACE_ID)
        );
    }

    #[test]
    fn an_empty_workspace_id_means_the_current_workspace_and_says_so() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "token", "list", "--workspace-id", ""]);
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!("--workspace-id is empty: using the current Workspace {DEMO_WORKSPACE_ID}\n")
        );
        assert_eq!(env.request_lines(), [ws_list(TOKENS, DEMO_WORKSPACE_ID)]);
    }
}

mod private_cloud {
    use super::*;

    const TYPO: &str = "no workspace named or with ID \"data-tem\": did you mean \"data-team\"? Run astro workspace list to see them";

    #[test]
    fn a_failed_list_sends_the_value_as_an_id_as_go_does() {
        let env = TestEnv::apc();
        for (why, fault) in list_failures(|| FaultTarget::graphql("workspaces")) {
            env.fake.clear_requests();
            env.fake.inject(fault);
            env.run(&["workspace", "sa", "get", "-w", "ws-by-id"]);
            let ops = operations(&env);
            assert_eq!(
                ops.last().map(String::as_str),
                Some("workspaceServiceAccounts"),
                "{why}: {ops:?}"
            );
            assert!(
                ops[..ops.len() - 1].iter().all(|o| o == "workspaces"),
                "{why}: {ops:?}"
            );
            let last = env.requests().last().cloned().unwrap();
            assert_eq!(last.variables()["workspaceUuid"], "ws-by-id", "{why}");
        }
    }

    #[test]
    fn a_failed_list_reaches_users_teams_switch_update_and_delete() {
        let env = TestEnv::apc();
        let cases: [(&[&str], &str); 5] = [
            (
                &["workspace", "user", "list", "-w", "ws-by-id"],
                "workspaceUsers",
            ),
            (
                &["workspace", "team", "list", "-w", "ws-by-id"],
                "workspaceTeams",
            ),
            // Go's one lookup of the ID, and its error.
            (&["workspace", "switch", "ws-by-id"], "workspace"),
            (
                &["workspace", "update", "ws-by-id", "-l", "new"],
                "updateWorkspace",
            ),
            (&["workspace", "delete", "ws-by-id"], "deleteWorkspace"),
        ];
        for (args, operation) in cases {
            env.fake.clear_requests();
            env.fake
                .inject(Fault::status(FaultTarget::graphql("workspaces"), 500, 1));
            env.run(args);
            let ops = operations(&env);
            assert_eq!(ops, ["workspaces", operation], "{args:?}");
            let variables = env.requests()[1].variables().to_string();
            assert!(variables.contains("ws-by-id"), "{args:?}: {variables}");
        }
        let run = {
            env.fake
                .inject(Fault::status(FaultTarget::graphql("workspaces"), 500, 1));
            env.run(&["workspace", "switch", "ws-by-id"])
        };
        run.assert_error("workspace id is not valid: no workspaces with id (ws-by-id) found");
    }

    #[test]
    fn a_typo_stops_before_anything_is_sent() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "sa", "get", "-w", "data-tem"][..],
            &["workspace", "user", "list", "-w", "data-tem"],
            &["workspace", "team", "list", "-w", "data-tem"],
            &["workspace", "update", "data-tem", "-l", "new"],
            &["workspace", "delete", "data-tem"],
            &["workspace", "delete", "data-tem", "--force"],
        ] {
            env.fake.clear_requests();
            env.run(args).assert_error(TYPO);
            assert_eq!(operations(&env), ["workspaces"], "{args:?}");
        }
        // switch keeps Go's text, which names the value, and adds the closest names.
        env.run(&["workspace", "switch", "data-tem"]).assert_error(
            "workspace id is not valid: no workspaces with id (data-tem) found: did you mean \"data-team\"? Run astro workspace list to see them",
        );
        assert!(
            env.fake
                .state()
                .houston_workspace(DEMO_HOUSTON_WORKSPACE_2_ID)
                .is_some()
        );
    }

    #[test]
    fn an_empty_workspace_id_means_the_current_workspace_and_says_so() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "get", "-w", ""]);
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!(
                "--workspace-id is empty: using the current Workspace {DEMO_HOUSTON_WORKSPACE_ID}\n"
            )
        );
        assert_eq!(operations(&env), ["workspaceServiceAccounts"]);
        assert_eq!(
            env.requests()[0].variables()["workspaceUuid"],
            DEMO_HOUSTON_WORKSPACE_ID
        );
    }
}
