//! `astro workspace list | create | delete | update` on a Private Cloud context, against the fake
//! Houston.

use crate::common::*;
use fake_control_plane::{DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_3_ID};
use serde_json::{Value, json};

fn labels(env: &TestEnv) -> Vec<String> {
    env.fake.with_state(|s| {
        s.houston_workspaces
            .iter()
            .map(|w| w.label.clone())
            .collect()
    })
}

fn run_command(mut command: std::process::Command) -> Run {
    Run::from(
        command
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run astro"),
    )
}

mod list {
    use super::*;

    #[test]
    fn prints_the_go_table_with_aliases() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "list"][..],
            &["workspace", "ls"],
            &["wo", "ls"],
        ] {
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 NAME               ID                             
                 demo-workspace     ckws0000000000000000000000     
                 data-team          ckws0000000000000000000001     
                 ml-platform        ckws0000000000000000000002     

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
        }
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("workspaces"));
        assert_eq!(r.json()["variables"], Value::Null);
        assert!(
            r.json()["query"]
                .as_str()
                .unwrap()
                .starts_with("query GetWorkspaces {")
        );
        assert_eq!(r.header("authorization"), Some(DEFAULT_HOUSTON_TOKEN));
        assert_eq!(
            env.requests().len(),
            3,
            "one request a run, no start-up calls"
        );
    }

    #[test]
    fn the_current_workspace_is_green_only_with_colour() {
        let env = TestEnv::apc();
        let mut command = env.command(&["workspace", "list"]);
        command.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
        let run = run_command(command);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            concat!(
                " NAME               ID                             \n",
                "\x1b[1;32m demo-workspace     ckws0000000000000000000000     \x1b[0m\n",
                " data-team          ckws0000000000000000000001     \n",
                " ml-platform        ckws0000000000000000000002     \n",
            )
        );
        // A pipe without CLICOLOR_FORCE gets no escape codes (Go colours pipes:
        // docs/compatibility.md#colour).
        let mut command = env.command(&["workspace", "list"]);
        command.env_remove("NO_COLOR");
        let run = run_command(command);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME               ID                             
         demo-workspace     ckws0000000000000000000000     
         data-team          ckws0000000000000000000001     
         ml-platform        ckws0000000000000000000002     

        ----- stderr -----
        "#);
    }

    #[test]
    fn json_output_has_the_table_fields() {
        let env = TestEnv::apc();
        for flag in [&["-o", "json"][..], &["--output", "json"], &["--json"]] {
            let mut args = vec!["workspace", "list"];
            args.extend_from_slice(flag);
            let run = env.run(&args);
            run.assert_ok();
            let parsed: Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(
                parsed,
                json!({"workspaces": [
                    {"name": "demo-workspace", "id": DEMO_HOUSTON_WORKSPACE_ID, "isCurrent": true},
                    {"name": "data-team", "id": DEMO_HOUSTON_WORKSPACE_2_ID, "isCurrent": false},
                    {"name": "ml-platform", "id": DEMO_HOUSTON_WORKSPACE_3_ID, "isCurrent": false},
                ]})
            );
        }
    }

    #[test]
    fn no_workspaces_prints_the_header_and_json_an_empty_list() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| s.houston_workspaces.clear());
        let run = env.run(&["workspace", "list"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME     ID     

        ----- stderr -----
        "#);
        let run = env.run(&["workspace", "list", "--json"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "workspaces": []
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn help_makes_no_request() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "--help"][..],
            &["workspace"],
            &["workspace", "team", "--help"],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 0, "{run:?}");
        }
        let help = env.run(&["workspace", "--help"]).stdout;
        for command in [
            "list",
            "create",
            "delete",
            "switch",
            "update",
            "user",
            "service-account",
            "team",
        ] {
            assert!(help.contains(&format!("  {command} ")), "{command}: {help}");
        }
        assert!(env.requests().is_empty(), "no round trip at start-up");
    }

    #[test]
    fn server_errors() {
        let env = TestEnv::apc();
        env.fake
            .inject(Fault::status(FaultTarget::graphql("workspaces"), 503, 3));
        let run = env.run(&["workspace", "list"]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.starts_with("Error: API error (503): "),
            "{run:?}"
        );
        assert_eq!(env.requests().len(), 3, "a query is retried twice");

        env.write_config(&env.read_config().replace(DEFAULT_HOUSTON_TOKEN, "expired"));
        env.run(&["workspace", "list"])
            .assert_error("You do not have the appropriate permissions for that");
    }
}

mod create {
    use super::*;

    #[test]
    fn prints_the_go_table_and_sends_n_a_without_a_description() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "create", "--label", "fresh"]);
        run.assert_ok();
        let created = env
            .fake
            .with_state(|s| s.houston_workspaces.last().cloned().unwrap());
        assert_eq!(created.label, "fresh");
        assert_eq!(created.description, "N/A");
        astro_snapshot!(env, run, [(&created.id, "[NEW_ID]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME      ID                            
         fresh     [NEW_ID]     

         Successfully created workspace

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("createWorkspace"));
        assert_eq!(
            r.variables(),
            json!({"label": "fresh", "description": "N/A"})
        );
        // The context does not move to the new workspace (as in Go).
        assert!(
            env.read_config()
                .contains(&format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\""))
        );
        // And it is listed.
        assert!(env.run(&["workspace", "list"]).stdout.contains(" fresh "));
    }

    #[test]
    fn short_flags_and_alias() {
        let env = TestEnv::apc();
        env.run(&["wo", "cr", "-l", "ml", "-d", "Models"])
            .assert_ok();
        assert_eq!(
            env.requests()[0].variables(),
            json!({"label": "ml", "description": "Models"})
        );
        assert_eq!(labels(&env).last().unwrap(), "ml");
    }

    #[test]
    fn the_label_is_required_and_not_empty() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "create"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("--label <LABEL>"), "{run:?}");
        let no_label = "must specify a label for your workspace: pass -l/--label, e.g. astro workspace create --label \"My Workspace\"";
        env.run(&["workspace", "create", "--label="])
            .assert_error(no_label);
        env.run(&["workspace", "create", "-l", "  "])
            .assert_error(no_label);
        assert!(env.requests().is_empty());
    }

    #[test]
    fn a_null_answer_is_an_error_and_the_mutation_is_not_retried() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("createWorkspace"),
            200,
            r#"{"data":{"createWorkspace":null}}"#,
            1,
        ));
        // Houston took the mutation: the error says so instead of inviting a duplicate create
        // (docs/reliability.md#changes-reported-as-made).
        env.run(&["workspace", "create", "-l", "x"])
            .assert_error("the server accepted the workspace x, but its reply named no workspace: run astro workspace list to see it before creating it again");
        env.fake.clear_requests();
        env.fake.inject(Fault::status(
            FaultTarget::graphql("createWorkspace"),
            503,
            1,
        ));
        let run = env.run(&["workspace", "create", "-l", "x"]);
        assert_eq!(run.code, 1);
        assert_eq!(env.requests().len(), 1, "never retried");
        assert_eq!(labels(&env).len(), 3);
    }
}

mod delete {
    use super::*;

    #[test]
    fn by_id_with_force_sends_one_mutation() {
        let env = TestEnv::apc();
        let run = env.run(&[
            "workspace",
            "delete",
            DEMO_HOUSTON_WORKSPACE_3_ID,
            "--force",
        ]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----

         Successfully deleted workspace

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert_eq!(operations(&env), ["deleteWorkspace"]);
        assert_eq!(
            env.requests()[0].variables(),
            json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_3_ID})
        );
        assert_eq!(labels(&env), ["demo-workspace", "data-team"]);
    }

    /// Go deletes without asking: so does a pipe, with no query before the deletion
    /// (docs/compatibility.md#delete-confirms); a terminal is asked (tests/it/workspace_delete.rs).
    #[test]
    fn by_id_in_a_pipe_is_not_asked() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["wo", "de", DEMO_HOUSTON_WORKSPACE_3_ID], "n\n");
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----

         Successfully deleted workspace

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert_eq!(operations(&env), ["deleteWorkspace"]);
        assert_eq!(labels(&env), ["demo-workspace", "data-team"]);
    }

    #[test]
    fn from_the_menu() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "delete"], "2\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                "\nPlease select the workspace you would like to delete:\n",
                " #     NAME               ID                             \n",
                " 1     demo-workspace     ckws0000000000000000000000     \n",
                " 2     data-team          ckws0000000000000000000001     \n",
                " 3     ml-platform        ckws0000000000000000000002     \n",
                "\n> \n",
            )
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----

         Successfully deleted workspace

        ----- stderr -----

        Please select the workspace you would like to delete:
         #     NAME               ID                             
         1     demo-workspace     ckws0000000000000000000000     
         2     data-team          ckws0000000000000000000001     
         3     ml-platform        ckws0000000000000000000002     

        >
        "#);
        assert_eq!(operations(&env), ["workspaces", "deleteWorkspace"]);
        assert_eq!(labels(&env), ["demo-workspace", "ml-platform"]);
    }

    #[test]
    fn menu_errors() {
        let env = TestEnv::apc();
        for answer in ["0\n", "4\n", "-1\n"] {
            let run = env.run_with_input(&["workspace", "delete"], answer);
            assert_eq!(run.code, 1, "{run:?}");
            assert!(
                run.stderr
                    .ends_with("\n> \nError: invalid workspace selection\n"),
                "{run:?}"
            );
        }
        let run = env.run(&["workspace", "delete"]);
        assert!(
            run.stderr.ends_with(
                "\n> \nError: no workspace selected and no input to choose one: pass WORKSPACE_ID\n"
            ),
            "{run:?}"
        );
        env.fake.with_state(|s| s.houston_workspaces.clear());
        env.run(&["workspace", "delete"])
            .assert_error("no workspaces found: create one with astro workspace create");
    }

    #[test]
    fn deleting_the_current_workspace_clears_it_from_the_context() {
        let env = TestEnv::apc();
        env.run(&["workspace", "delete", DEMO_HOUSTON_WORKSPACE_ID, "-f"])
            .assert_ok();
        let config = env.read_config();
        assert!(config.contains("workspace = \"\""), "{config}");
        assert!(!config.contains(DEMO_HOUSTON_WORKSPACE_ID), "{config}");
        env.run(&["workspace", "user", "list"])
            .assert_error("no Workspace given: pass --workspace-id or run astro workspace switch");
        // The Astro context is untouched.
        assert!(config.contains(&format!("workspace = \"{DEMO_WORKSPACE_ID}\"")));
    }

    #[test]
    fn unknown_and_empty_ids() {
        let env = TestEnv::apc();
        // An ID goes out as Go sends it: the server's error.
        env.run(&[
            "workspace",
            "delete",
            "ckwsnope000000000000000001",
            "--force",
        ])
        .assert_error("Workspace not found: ckwsnope000000000000000001");
        // Anything else is looked for in the list first, and nothing is sent.
        env.fake.clear_requests();
        env.run(&["workspace", "delete", "cknope", "--force"])
            .assert_error(
                "no workspace named or with ID \"cknope\". Run astro workspace list to see them",
            );
        assert_eq!(operations(&env), ["workspaces"]);
        let run = env.run(&["workspace", "delete", ""]);
        assert_eq!(run.code, 2, "{run:?}");
    }
}

mod update {
    use super::*;

    #[test]
    fn by_id_prints_the_go_table() {
        let env = TestEnv::apc();
        let run = env.run(&[
            "workspace",
            "update",
            DEMO_HOUSTON_WORKSPACE_2_ID,
            "--label",
            "data",
        ]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME     ID                             
         data     ckws0000000000000000000001     

         Successfully updated workspace

        ----- stderr -----
        "#);
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("updateWorkspace"));
        assert_eq!(
            r.variables(),
            json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_2_ID, "payload": {"label": "data"}})
        );
        let ws = env.fake.with_state(|s| {
            s.houston_workspace(DEMO_HOUSTON_WORKSPACE_2_ID)
                .cloned()
                .unwrap()
        });
        assert_eq!(
            (ws.label.as_str(), ws.description.as_str()),
            ("data", "Data engineering")
        );
    }

    #[test]
    fn both_fields_with_short_flags_and_an_empty_description_is_not_given() {
        let env = TestEnv::apc();
        env.run(&[
            "wo",
            "up",
            DEMO_HOUSTON_WORKSPACE_2_ID,
            "-l",
            "d",
            "-d",
            "new",
        ])
        .assert_ok();
        assert_eq!(
            env.requests()[0].variables()["payload"],
            json!({"label": "d", "description": "new"})
        );
        // As in Go, an empty value is "not given": it neither clears nor counts as a change.
        env.fake.clear_requests();
        env.run(&[
            "workspace",
            "update",
            DEMO_HOUSTON_WORKSPACE_2_ID,
            "-l",
            "e",
            "--description=",
        ])
        .assert_ok();
        assert_eq!(
            env.requests()[0].variables()["payload"],
            json!({"label": "e"})
        );
        env.fake.clear_requests();
        env.run(&[
            "workspace",
            "update",
            DEMO_HOUSTON_WORKSPACE_2_ID,
            "--description=",
        ])
        .assert_error("must specify at least one attribute to update (--label or --description)");
        assert!(env.requests().is_empty());
        let ws = env.fake.with_state(|s| {
            s.houston_workspace(DEMO_HOUSTON_WORKSPACE_2_ID)
                .cloned()
                .unwrap()
        });
        assert_eq!((ws.label.as_str(), ws.description.as_str()), ("e", "new"));
    }

    #[test]
    fn something_to_change_is_required_before_any_request() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "update", DEMO_HOUSTON_WORKSPACE_2_ID][..],
            &[
                "workspace",
                "update",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "--label=",
            ],
            &["workspace", "update"],
        ] {
            env.run(args).assert_error(
                "must specify at least one attribute to update (--label or --description)",
            );
        }
        assert!(env.requests().is_empty());
    }

    #[test]
    fn from_the_menu() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "update", "-l", "renamed"], " 3 \n");
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME        ID                             
         renamed     ckws0000000000000000000002     

         Successfully updated workspace

        ----- stderr -----

        Please select the workspace you would like to update:
         #     NAME               ID                             
         1     demo-workspace     ckws0000000000000000000000     
         2     data-team          ckws0000000000000000000001     
         3     ml-platform        ckws0000000000000000000002     

        >
        "#);
        assert_eq!(operations(&env), ["workspaces", "updateWorkspace"]);
        assert_eq!(labels(&env), ["demo-workspace", "data-team", "renamed"]);

        let run = env.run(&["workspace", "update", "-l", "x"]);
        assert!(
            run.stderr.ends_with(
                "\nError: no workspace selected and no input to choose one: pass WORKSPACE_ID\n"
            ),
            "{run:?}"
        );
        let run = env.run_with_input(&["workspace", "update", "-l", "x"], "9\n");
        assert!(
            run.stderr.ends_with("Error: invalid workspace selection\n"),
            "{run:?}"
        );
    }

    #[test]
    fn errors_from_the_server() {
        let env = TestEnv::apc();
        env.run(&[
            "workspace",
            "update",
            "ckwsnope000000000000000001",
            "-l",
            "x",
        ])
        .assert_error("Workspace not found: ckwsnope000000000000000001");
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("updateWorkspace"),
            200,
            r#"{"data":{"updateWorkspace":null}}"#,
            1,
        ));
        env.run(&[
            "workspace",
            "update",
            DEMO_HOUSTON_WORKSPACE_2_ID,
            "-l",
            "x",
        ])
        .assert_error("the server returned no workspace");
    }
}
