//! Every workspace argument takes a name (a label on Private Cloud) or an ID, on both platforms:
//! an ID costs no extra request, a name at most the workspace list, several workspaces with one
//! name are a menu, and without input an error that lists their IDs.

use crate::common::*;
use fake_control_plane::{DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_3_ID};

const SANDBOX: &str = "clws0000000000000000000002";
const DUPLICATE: &str = "clwsdup000000000000000001";

mod astro {
    use super::*;

    #[test]
    fn a_workspace_flag_by_id_costs_no_lookup_and_by_name_one_list() {
        let env = TestEnv::astro();
        env.run(&["workspace", "token", "list", "--workspace-id", ANALYTICS])
            .assert_ok();
        assert_eq!(env.request_lines(), [ws_list(TOKENS, ANALYTICS)]);

        env.fake.clear_requests();
        let by_name = env.run(&["workspace", "token", "list", "--workspace-id", "analytics"]);
        by_name.assert_ok();
        assert_eq!(
            env.request_lines(),
            [workspace_list(), ws_list(TOKENS, ANALYTICS)]
        );

        // The context's workspace is an ID: no lookup either.
        env.fake.clear_requests();
        env.run(&["workspace", "token", "list"]).assert_ok();
        assert_eq!(env.request_lines(), [ws_list(TOKENS, DEMO_WORKSPACE_ID)]);
    }

    #[test]
    fn users_teams_and_organization_tokens_take_names_too() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "user", "list", "--workspace-id", "sandbox"][..],
            &["workspace", "team", "list", "-w", "sandbox"][..],
            &[
                "workspace",
                "token",
                "organization-token",
                "list",
                "--workspace-id",
                "sandbox",
            ][..],
        ] {
            env.fake.clear_requests();
            env.run(args).assert_ok();
            let lines = env.request_lines();
            assert_eq!(lines[0], workspace_list(), "{args:?}");
            assert!(
                lines[1..].iter().all(|l| !l.contains("workspaces")),
                "{args:?}: {lines:?}"
            );
            assert!(
                lines[1..].iter().any(|l| l.contains(SANDBOX)),
                "{args:?}: {lines:?}"
            );
        }
    }

    #[test]
    fn update_and_delete_by_name_use_the_list_they_fetch() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "update", "sandbox", "-d", "new words"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "Astro Workspace sandbox was successfully updated\n"
        );
        assert_eq!(
            env.request_lines(),
            [
                workspace_list(),
                format!("POST {}", astro_path(&format!("workspaces/{SANDBOX}")))
            ]
        );

        env.fake.clear_requests();
        let run = env.run(&["workspace", "delete", "sandbox", "--force"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "Astro Workspace sandbox was successfully deleted\n"
        );
        assert_eq!(
            env.request_lines(),
            [
                workspace_list(),
                format!("DELETE {}", astro_path(&format!("workspaces/{SANDBOX}")))
            ]
        );
        assert!(
            env.fake
                .state()
                .astro_workspaces
                .iter()
                .all(|w| w.id != SANDBOX)
        );
    }

    #[test]
    fn a_name_several_workspaces_share_is_a_menu_and_without_input_an_error_with_their_ids() {
        let env = TestEnv::astro();
        env.fake
            .with_state(|s| s.add_astro_workspace(DUPLICATE, "sandbox"));

        let run = env.run(&["workspace", "token", "list", "--workspace-id", "sandbox"]);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");
        assert!(
            run.stderr.ends_with(&format!(
                "Error: 2 Workspaces are named \"sandbox\" and there is no input to choose one: pass one of their IDs instead: {SANDBOX}, {DUPLICATE}\n"
            )),
            "{run:?}"
        );
        // Nothing was asked of the tokens endpoint.
        assert_eq!(env.request_lines(), [workspace_list()]);

        env.fake.clear_requests();
        let run = env.run_with_input(
            &["workspace", "token", "list", "--workspace-id", "sandbox"],
            "2\n",
        );
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stderr.contains(&format!(
                " 1     sandbox     {SANDBOX}     \n 2     sandbox     {DUPLICATE}      \n"
            )),
            "{run:?}"
        );
        assert_eq!(
            env.request_lines(),
            [workspace_list(), ws_list(TOKENS, DUPLICATE)]
        );

        // delete, too, never takes one of them silently.
        let run = env.run(&["workspace", "delete", "sandbox", "--force"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(DUPLICATE), "{run:?}");
        assert_eq!(env.fake.state().astro_workspaces.len(), 4);
    }

    /// docs/compatibility.md#names-or-ids: a list that answers without a match stops the
    /// command; only a list that fails sends the value on (tests/it/workspace_lookups.rs).
    #[test]
    fn an_unknown_name_stops_before_anything_else_is_sent() {
        let env = TestEnv::astro();
        env.run(&["workspace", "token", "list", "--workspace-id", "nosuch"])
            .assert_error(
                "no workspace named or with ID \"nosuch\". Run astro workspace list to see them",
            );
        assert_eq!(env.request_lines(), [workspace_list()]);
        env.run(&["workspace", "update", "nosuch", "-d", "x"])
            .assert_error("no workspace was found for the ID you provided: no workspace named or with ID \"nosuch\". Run astro workspace list to see them");
    }
}

mod private_cloud {
    use super::*;

    #[test]
    fn switch_by_label_saves_the_id_from_the_list_without_another_query() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "switch", "ml-platform"]);
        run.assert_ok();
        assert!(run.stdout.contains(DEMO_HOUSTON_WORKSPACE_3_ID), "{run:?}");
        assert_eq!(operations(&env), ["workspaces"]);
        let config = env.read_config();
        assert!(
            config.contains(&format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_3_ID}\"")),
            "{config}"
        );

        // By ID: the one lookup Go makes, and no list.
        env.fake.clear_requests();
        env.run(&["workspace", "switch", DEMO_HOUSTON_WORKSPACE_2_ID])
            .assert_ok();
        assert_eq!(operations(&env), ["workspace"]);
    }

    #[test]
    fn update_and_delete_by_label() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "update", "data-team", "-d", "renamed"]);
        run.assert_ok();
        assert!(run.stdout.contains(DEMO_HOUSTON_WORKSPACE_2_ID), "{run:?}");
        assert_eq!(operations(&env), ["workspaces", "updateWorkspace"]);

        env.fake.clear_requests();
        let run = env.run(&["workspace", "delete", "data-team", "--force"]);
        run.assert_ok();
        assert_eq!(operations(&env), ["workspaces", "deleteWorkspace"]);
        assert!(
            env.fake
                .state()
                .houston_workspace(DEMO_HOUSTON_WORKSPACE_2_ID)
                .is_none()
        );
    }

    #[test]
    fn a_workspace_flag_by_label() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| {
            s.add_service_account(
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "in-data-team",
                "default",
                "WORKSPACE_VIEWER",
            );
        });
        let run = env.run(&["workspace", "sa", "get", "-w", "data-team"]);
        run.assert_ok();
        assert!(run.stdout.contains("in-data-team"), "{run:?}");
        assert_eq!(operations(&env), ["workspaces", "workspaceServiceAccounts"]);

        env.fake.clear_requests();
        env.run(&["workspace", "user", "list", "-w", "data-team"])
            .assert_ok();
        assert_eq!(operations(&env)[0], "workspaces");
        let variables = env.requests()[1].variables();
        assert!(
            variables.to_string().contains(DEMO_HOUSTON_WORKSPACE_2_ID),
            "{variables}"
        );

        // An ID: no list.
        env.fake.clear_requests();
        env.run(&["workspace", "sa", "get", "-w", DEMO_HOUSTON_WORKSPACE_2_ID])
            .assert_ok();
        assert_eq!(operations(&env), ["workspaceServiceAccounts"]);
    }

    #[test]
    fn a_label_several_workspaces_share() {
        let env = TestEnv::apc();
        env.fake
            .with_state(|s| s.add_houston_workspace("ckwsdup000000000000000001", "data-team"));
        let run = env.run(&["workspace", "switch", "data-team"]);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");
        assert!(
            run.stderr.ends_with(&format!(
                "Error: 2 Workspaces are named \"data-team\" and there is no input to choose one: pass one of their IDs instead: {DEMO_HOUSTON_WORKSPACE_2_ID}, ckwsdup000000000000000001\n"
            )),
            "{run:?}"
        );
        let run = env.run_with_input(&["workspace", "switch", "data-team"], "2\n");
        run.assert_ok();
        assert!(
            env.read_config()
                .contains("workspace = \"ckwsdup000000000000000001\""),
            "{}",
            env.read_config()
        );
    }
}
