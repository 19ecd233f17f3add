//! `astro workspace list | switch | create | update | delete` against the fake Astro API.

use crate::common::*;
use fake_control_plane::DEMO_SANDBOX_WORKSPACE_ID;
use serde_json::json;

const WORKSPACES: &str = "/v1/organizations/clorg0000000000000000000000/workspaces";
const SANDBOX: &str = DEMO_SANDBOX_WORKSPACE_ID;

fn list_line(offset: usize) -> String {
    format!("GET {WORKSPACES}?limit=1000&offset={offset}&sorts=name%3Aasc")
}

fn workspace_names(env: &TestEnv) -> Vec<(String, String, bool)> {
    env.fake.with_state(|s| {
        s.astro_workspaces
            .iter()
            .map(|w| (w.id.clone(), w.name.clone(), w.cicd_enforced_default))
            .collect()
    })
}

mod list {
    use super::*;

    #[test]
    fn table_sorted_by_name_from_one_request() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "list"][..],
            &["wo", "ls"],
            &["workspace", "ls", "-o", "table"],
        ] {
            env.fake.clear_requests();
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 NAME               ID                             
                 analytics          clws0000000000000000000001     
                 demo-workspace     clws0000000000000000000000     
                 sandbox            clws0000000000000000000002     

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
            assert_eq!(env.request_lines(), [list_line(0)]);
        }
    }

    #[test]
    fn json_in_every_spelling() {
        let env = TestEnv::astro();
        for flag in [&["--json"][..], &["-o", "json"], &["--output", "json"]] {
            let mut args = vec!["workspace", "list"];
            args.extend_from_slice(flag);
            let run = env.run(&args);
            run.assert_ok();
            let parsed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(
                parsed,
                json!({"workspaces": [
                    {"name": "analytics", "id": ANALYTICS, "isCurrent": false},
                    {"name": "demo-workspace", "id": DEMO_WORKSPACE_ID, "isCurrent": true},
                    {"name": "sandbox", "id": SANDBOX, "isCurrent": false},
                ]}),
                "{flag:?}"
            );
        }
    }

    #[test]
    fn an_empty_organization_is_a_header_or_an_empty_array() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| s.astro_workspaces.clear());
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
    fn the_current_workspace_is_green_only_with_colour() {
        let mut env = TestEnv::astro();
        env.set_env("CLICOLOR_FORCE", "1");
        let mut command = env.command(&["workspace", "list"]);
        command.env_remove("NO_COLOR");
        let out = command.output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout
                .contains("\x1b[1;32m demo-workspace     clws0000000000000000000000     \x1b[0m\n"),
            "{stdout:?}"
        );
        assert_eq!(stdout.matches('\x1b').count(), 2, "{stdout:?}");
        // NO_COLOR (as in every other test) keeps the plain layout.
        let run = env.run(&["workspace", "list"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME               ID                             
         analytics          clws0000000000000000000001     
         demo-workspace     clws0000000000000000000000     
         sandbox            clws0000000000000000000002     

        ----- stderr -----
        "#);
    }

    #[test]
    fn many_workspaces_are_fetched_a_thousand_at_a_time() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            for i in 0..2100 {
                s.add_astro_workspace(&format!("clwsbulk{i:05}"), &format!("bulk-{i:05}"));
            }
        });
        let run = env.run(&["workspace", "list", "--json"]);
        run.assert_ok();
        let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let parsed = document["workspaces"].as_array().unwrap();
        assert_eq!(parsed.len(), 2103);
        assert_eq!(parsed[0]["name"], "analytics");
        assert_eq!(parsed[2102]["name"], "sandbox");
        let lines = env.request_lines();
        assert_eq!(lines[0], list_line(0), "page one first");
        let mut rest = lines[1..].to_vec();
        rest.sort();
        assert_eq!(rest, [list_line(1000), list_line(2000)]);
    }

    #[test]
    fn usage_errors() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "list", "-o", "template"][..],
            &["workspace", "list", "--json", "-o", "json"],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 2, "{run:?}");
        }
        let run = env.run(&["workspace", "list", "-o", "yaml"]);
        assert!(
            run.stderr
                .contains("invalid format \"yaml\" (must be table or json)"),
            "{run:?}"
        );
        let help = env.run(&["workspace", "list", "--help"]);
        // No Go templates: the help says so (docs/compatibility.md#templates).
        assert!(
            help.stdout.contains(
                "Output format: table or json (the Go CLI's \"template\" format is not supported)"
            ),
            "{help:?}"
        );
        assert!(env.requests().is_empty());
    }

    #[test]
    fn api_errors_pass_through() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::status(
            FaultTarget::rest("GET", "/workspaces"),
            403,
            1,
        ));
        env.run(&["workspace", "list"])
            .assert_error("injected fault: status 403");
    }
}

mod switch {
    use super::*;

    fn assert_current(env: &TestEnv, id: &str) {
        let config = env.read_config();
        assert!(
            config.contains(&format!("workspace = \"{id}\"")),
            "{config}"
        );
        assert!(
            config.contains(&format!("last_used_workspace = \"{id}\"")),
            "{config}"
        );
    }

    #[test]
    fn by_id_writes_the_context_and_prints_it() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "switch", ANALYTICS]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         CONTROLPLANE                        WORKSPACE                           
         [ASTRO_DOMAIN]                     clws0000000000000000000001          

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert_current(&env, ANALYTICS);
        assert_eq!(env.request_lines(), [list_line(0)]);
        // Later commands use it.
        let run = env.run(&["workspace", "list", "--json"]);
        assert!(
            run.stdout.contains(&format!(
                "\"id\": \"{ANALYTICS}\",\n      \"isCurrent\": true"
            )),
            "{run:?}"
        );
    }

    #[test]
    fn by_name_with_the_alias_and_other_keys_kept() {
        let env = TestEnv::astro();
        env.write_config(&format!("# mine\nkeep_me = \"yes\"\n{}", env.read_config()));
        let run = env.run(&["wo", "sw", "sandbox"]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         CONTROLPLANE                        WORKSPACE                           
         [ASTRO_DOMAIN]                     clws0000000000000000000002          

        ----- stderr -----
        "#);
        assert_current(&env, SANDBOX);
        let config = env.read_config();
        assert!(config.contains("keep_me = \"yes\""), "{config}");
        assert!(config.contains(DEFAULT_ASTRO_TOKEN), "{config}");
    }

    #[test]
    fn unknown_names_change_nothing() {
        let env = TestEnv::astro();
        let before = env.read_config();
        env.run(&["workspace", "switch", "nope"])
            .assert_error("workspace id/name could not be found: no workspace named or with ID \"nope\". Run astro workspace list to see them");
        // Names and IDs are matched exactly.
        env.run(&["workspace", "switch", "Sandbox"])
            .assert_error("workspace id/name could not be found: no workspace named or with ID \"Sandbox\": did you mean \"sandbox\"? Run astro workspace list to see them");
        assert_eq!(env.read_config(), before);
    }

    #[test]
    fn several_workspaces_with_one_name_give_a_menu() {
        let env = TestEnv::astro();
        env.fake
            .with_state(|s| s.add_astro_workspace("clwsdup000000000000000001", "sandbox"));
        let run = env.run_with_input(&["workspace", "switch", "sandbox"], "2\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                "\nThere are more than one Workspaces with name sandbox. Please select a Workspace:\n",
                " #     NAME        ID                             \n",
                " 1     sandbox     clws0000000000000000000002     \n",
                " 2     sandbox     clwsdup000000000000000001      \n",
                "\n> \n"
            )
        );
        assert_current(&env, "clwsdup000000000000000001");
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         CONTROLPLANE                        WORKSPACE                           
         [ASTRO_DOMAIN]                     clwsdup000000000000000001           

        ----- stderr -----

        There are more than one Workspaces with name sandbox. Please select a Workspace:
         #     NAME        ID                             
         1     sandbox     clws0000000000000000000002     
         2     sandbox     clwsdup000000000000000001      

        >
        "#);

        let before = env.read_config();
        let run = env.run_with_input(&["workspace", "switch", "sandbox"], "3\n");
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .ends_with("\n> \nError: invalid workspace selection\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "switch", "sandbox"]);
        assert!(run.stderr.ends_with(
            "\n> \nError: 2 Workspaces are named \"sandbox\" and there is no input to choose one: pass one of their IDs instead: clws0000000000000000000002, clwsdup000000000000000001\n"
        ), "{run:?}");
        assert_eq!(env.read_config(), before);
    }

    #[test]
    fn without_an_argument_a_menu_of_every_workspace() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "switch"], " 1 \n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                " #     NAME               ID                             \n",
                " 1     analytics          clws0000000000000000000001     \n",
                " 2     demo-workspace     clws0000000000000000000000     \n",
                " 3     sandbox            clws0000000000000000000002     \n",
                "\n> \n"
            )
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         CONTROLPLANE                        WORKSPACE                           
         [ASTRO_DOMAIN]                     clws0000000000000000000001          

        ----- stderr -----
         #     NAME               ID                             
         1     analytics          clws0000000000000000000001     
         2     demo-workspace     clws0000000000000000000000     
         3     sandbox            clws0000000000000000000002     

        >
        "#);
        assert_current(&env, ANALYTICS);
    }

    #[test]
    fn menu_wrong_answer_and_end_of_input() {
        let env = TestEnv::astro();
        let before = env.read_config();
        for answer in ["0\n", "4\n", "sandbox\n"] {
            let run = env.run_with_input(&["workspace", "switch"], answer);
            assert_eq!(run.code, 1);
            assert!(
                run.stderr
                    .ends_with("\n> \nError: invalid workspace selection\n"),
                "{run:?}"
            );
        }
        let run = env.run(&["workspace", "switch"]);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""));
        assert!(run.stderr.ends_with(
            "\n> \nError: no Workspace selected and no input to choose one: pass a Workspace name or ID\n"
        ), "{run:?}");
        assert_eq!(env.read_config(), before);
    }

    #[test]
    fn an_empty_organization_is_an_error() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| s.astro_workspaces.clear());
        env.run(&["workspace", "switch"])
            .assert_error("no workspace was found in your organization");
    }

    #[test]
    fn too_many_arguments_is_a_usage_error() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "switch", "a", "b"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(env.requests().is_empty());
    }

    #[test]
    fn an_api_token_without_a_stored_context_has_nowhere_to_write() {
        let token = jwt(&json!({
            "permissions": [format!("organizationId:{DEFAULT_ORG_ID}")],
            "exp": 4_102_444_800u64
        }));
        let env = TestEnv::with_api_token_alone(&token);
        let run = env.run(&["workspace", "switch", "sandbox"]);
        assert_eq!(
            run.stderr,
            "Using an Astro API Token\nError: no context to switch: ASTRO_API_TOKEN is set and no Astro context is stored. Pass --workspace-id to each command instead, or run astro login to store a context\n"
        );
        assert_eq!(run.code, 1);
        assert!(env.requests().is_empty(), "nothing sent");
        assert!(!env.home.path().join(".astro").exists(), "nothing written");
        // Listing works with the token alone.
        env.run(&["workspace", "list"]).assert_ok();
    }

    #[test]
    fn an_api_token_with_a_stored_context_switches_it() {
        let token = jwt(&json!({
            "permissions": [format!("organizationId:{DEFAULT_ORG_ID}")],
            "exp": 4_102_444_800u64
        }));
        let env = TestEnv::with_api_token(&token);
        let run = env.run(&["workspace", "switch", ANALYTICS]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         CONTROLPLANE                        WORKSPACE                           
         [ASTRO_DOMAIN]                     clws0000000000000000000001          

        ----- stderr -----
        Using an Astro API Token
        "#);
        assert_current(&env, ANALYTICS);
        assert!(
            !env.read_config().contains(&token),
            "the token is never stored"
        );
    }
}

mod create {
    use super::*;

    #[test]
    fn sends_the_go_body_and_says_so() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "create",
            "--name",
            "new space",
            "--description",
            "for tests",
            "--enforce-cicd",
            "ON",
        ]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace new space was successfully created

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        let requests = env.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(
            (requests[0].method.as_str(), requests[0].path.as_str()),
            ("POST", WORKSPACES)
        );
        assert_eq!(
            requests[0].body,
            r#"{"cicdEnforcedDefault":true,"description":"for tests","name":"new space"}"#
        );
        assert_eq!(requests[0].header("content-type"), Some("application/json"));
        assert!(
            workspace_names(&env)
                .iter()
                .any(|(_, name, cicd)| name == "new space" && *cicd)
        );
        // The context does not change.
        assert!(env.read_config().contains(DEMO_WORKSPACE_ID));
    }

    #[test]
    fn short_flags_defaults_and_lower_case_values() {
        let env = TestEnv::astro();
        env.run(&["wo", "cr", "-n", "a"]).assert_ok();
        env.run(&["wo", "cr", "-n", "b", "-d", "x", "-e", "on"])
            .assert_ok();
        env.run(&["wo", "cr", "-n", "c", "-e", "off"]).assert_ok();
        let bodies: Vec<String> = env.requests().iter().map(|r| r.body.clone()).collect();
        assert_eq!(
            bodies,
            [
                r#"{"cicdEnforcedDefault":false,"description":"","name":"a"}"#,
                r#"{"cicdEnforcedDefault":true,"description":"x","name":"b"}"#,
                r#"{"cicdEnforcedDefault":false,"description":"","name":"c"}"#,
            ]
        );
    }

    #[test]
    fn bad_input_is_refused_before_any_request() {
        let env = TestEnv::astro();
        let no_name = "no name provided for the workspace. Retry with a valid name: pass -n/--name, e.g. astro workspace create --name \"My Workspace\"";
        env.run(&["workspace", "create"]).assert_error(no_name);
        env.run(&["workspace", "create", "--name", ""])
            .assert_error(no_name);
        env.run(&["workspace", "create", "-n", "x", "-e", "maybe"])
            .assert_bad_value(
                "maybe",
                "the input to the `--enforce-cicd` flag must be ON or OFF",
            );
        assert!(env.requests().is_empty());
    }

    #[test]
    fn server_errors_pass_through() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::status_body(
            FaultTarget::rest("POST", "/workspaces"),
            400,
            r#"{"message":"workspace name already taken","statusCode":400}"#,
            1,
        ));
        env.run(&["workspace", "create", "-n", "x"])
            .assert_error("workspace name already taken");
        assert_eq!(env.requests().len(), 1, "a POST is never retried");
    }
}

mod update {
    use super::*;

    #[test]
    fn by_id_keeps_ci_cd_enforcement_unless_asked() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "update", ANALYTICS, "--name", "reports"]);
        // The name from before the update, as in Go (docs/compatibility.md#kept-success-lines).
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace analytics was successfully updated

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        let requests = env.requests();
        assert_eq!(
            env.request_lines(),
            [list_line(0), format!("POST {WORKSPACES}/{ANALYTICS}")]
        );
        assert_eq!(
            requests[1].body,
            r#"{"cicdEnforcedDefault":true,"description":"Reporting pipelines","name":"reports"}"#
        );
        assert!(workspace_names(&env).contains(&(ANALYTICS.to_string(), "reports".into(), true)));
    }

    #[test]
    fn flags_change_what_they_name() {
        let env = TestEnv::astro();
        env.run(&["wo", "up", ANALYTICS, "-e", "OFF", "-d", "new words"])
            .assert_ok();
        assert_eq!(
            env.requests()[1].body,
            r#"{"cicdEnforcedDefault":false,"description":"new words","name":"analytics"}"#
        );
        env.fake.clear_requests();
        env.run(&["wo", "up", DEMO_WORKSPACE_ID, "--enforce-cicd", "on"])
            .assert_ok();
        assert_eq!(
            env.requests()[1].body,
            r#"{"cicdEnforcedDefault":true,"description":"Workspace seeded by the fake control plane","name":"demo-workspace"}"#
        );
    }

    #[test]
    fn unknown_ids_and_bad_values() {
        let env = TestEnv::astro();
        env.run(&["workspace", "update", "clwsnope", "-n", "x"])
            .assert_error("no workspace was found for the ID you provided: no workspace named or with ID \"clwsnope\". Run astro workspace list to see them");
        // Names are matched exactly, as IDs are.
        env.run(&["workspace", "update", "Sandbox", "-n", "x"])
            .assert_error("no workspace was found for the ID you provided: no workspace named or with ID \"Sandbox\": did you mean \"sandbox\"? Run astro workspace list to see them");
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
        env.fake.clear_requests();
        env.run(&["workspace", "update", ANALYTICS, "-e", "yes"])
            .assert_bad_value(
                "yes",
                "the input to the `--enforce-cicd` flag must be ON or OFF",
            );
        assert!(env.requests().is_empty(), "checked before any request");
    }

    #[test]
    fn picker_answered() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "update", "-n", "picked"], "3\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                "\nPlease select the workspace you would like to update:\n",
                " #     WORKSPACENAME      ID                             CICD ENFORCEMENT     \n",
                " 1     analytics          clws0000000000000000000001     true                 \n",
                " 2     demo-workspace     clws0000000000000000000000     false                \n",
                " 3     sandbox            clws0000000000000000000002     false                \n",
                "\n> \n"
            )
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace sandbox was successfully updated

        ----- stderr -----

        Please select the workspace you would like to update:
         #     WORKSPACENAME      ID                             CICD ENFORCEMENT     
         1     analytics          clws0000000000000000000001     true                 
         2     demo-workspace     clws0000000000000000000000     false                
         3     sandbox            clws0000000000000000000002     false                

        >
        "#);
        assert_eq!(
            env.request_lines().last().unwrap(),
            &format!("POST {WORKSPACES}/{SANDBOX}")
        );
    }

    #[test]
    fn picker_wrong_answer_and_end_of_input() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "update", "-n", "x"], "7\n");
        assert_eq!(run.code, 1);
        // Go said "no workspace was found in your organization" here
        // (docs/compatibility.md#menu-answers).
        assert!(
            run.stderr
                .ends_with("\n> \nError: invalid workspace selection\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "update", "-n", "x"]);
        assert!(
            run.stderr.ends_with(
                "\n> \nError: no Workspace selected and no input to choose one: pass WORKSPACE_ID\n"
            ),
            "{run:?}"
        );
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn a_single_workspace_is_used_without_asking() {
        let env = TestEnv::astro();
        env.fake
            .with_state(|s| s.astro_workspaces.retain(|w| w.id == SANDBOX));
        let run = env.run(&["workspace", "update", "-d", "only one"]);
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!(
                "Only one Workspace was found. Using the following Workspace by default: \n\n Workspace Name: sandbox\n Workspace ID: {SANDBOX}\n\n"
            )
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace sandbox was successfully updated

        ----- stderr -----
        Only one Workspace was found. Using the following Workspace by default: 

         Workspace Name: sandbox
         Workspace ID: clws0000000000000000000002
        "#);
    }

    #[test]
    fn no_workspaces_at_all() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| s.astro_workspaces.clear());
        env.run(&["workspace", "update", "-n", "x"])
            .assert_error("no workspace was found in your organization");
    }
}

mod delete {
    use super::*;

    #[test]
    fn forced_by_id() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "delete", SANDBOX, "--force"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "Astro Workspace sandbox was successfully deleted\n"
        );
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [list_line(0), format!("DELETE {WORKSPACES}/{SANDBOX}")]
        );
        assert!(workspace_names(&env).iter().all(|(id, _, _)| id != SANDBOX));
    }

    /// Go deletes without asking: so does a pipe (docs/compatibility.md#delete-confirms); the
    /// question is asked at a terminal only (tests/it/workspace_delete.rs).
    #[test]
    fn piped_answers_are_not_read_and_the_workspace_is_deleted() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["wo", "de", SANDBOX], "n\n");
        run.assert_ok();
        assert_eq!(run.stderr, "");
        assert_eq!(
            run.stdout,
            "Astro Workspace sandbox was successfully deleted\n"
        );
        let run = env.run(&["workspace", "delete", ANALYTICS]);
        run.assert_ok();
        assert_eq!(run.stderr, "");
        assert_eq!(workspace_names(&env).len(), 1);
    }

    #[test]
    fn picker_from_a_pipe() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "delete"], "1\n");
        run.assert_ok();
        assert!(
            run.stderr
                .starts_with("\nPlease select the workspace you would like to delete:\n"),
            "{run:?}"
        );
        assert!(run.stderr.ends_with("\n> \n"), "{run:?}");
        assert_eq!(
            run.stdout,
            "Astro Workspace analytics was successfully deleted\n"
        );
        assert_eq!(
            env.request_lines().last().unwrap(),
            &format!("DELETE {WORKSPACES}/{ANALYTICS}")
        );
        let run = env.run_with_input(&["workspace", "delete"], "x\n");
        assert!(
            run.stderr.ends_with("Error: invalid workspace selection\n"),
            "{run:?}"
        );
    }

    #[test]
    fn unknown_id_and_server_errors() {
        let env = TestEnv::astro();
        env.run(&["workspace", "delete", "clwsnope", "-f"])
            .assert_error("no workspace was found for the ID you provided: no workspace named or with ID \"clwsnope\". Run astro workspace list to see them");
        env.fake.inject(Fault::status_body(
            FaultTarget::rest("DELETE", SANDBOX),
            400,
            r#"{"message":"workspace has deployments"}"#,
            1,
        ));
        env.run(&["workspace", "delete", SANDBOX, "-f"])
            .assert_error("workspace has deployments");
        let deletes = env
            .request_lines()
            .iter()
            .filter(|l| l.starts_with("DELETE"))
            .count();
        assert_eq!(deletes, 1, "never retried");
    }
}

/// docs/compatibility.md#extra-arguments: commands without an argument rule (all but
/// switch/update/delete) accept
/// and ignore positional arguments beyond the ones they take.
mod extra_arguments {
    use super::*;

    #[test]
    fn are_ignored_where_go_ignores_them() {
        let env = TestEnv::astro();
        let plain = env.run(&["workspace", "list"]);
        plain.assert_ok();
        let run = env.run(&["workspace", "list", "extra", "more"]);
        run.assert_ok();
        assert_eq!(run.stdout, plain.stdout);
        // The first positional is still the token ID; the rest are ignored.
        let run = env.run(&[
            "workspace",
            "token",
            "rotate",
            "cltokci000000000000000001",
            "ignored",
            "--force",
            "--clean-output",
        ]);
        run.assert_ok();
        assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
        assert_eq!(
            env.request_lines().last().unwrap(),
            &format!(
                "POST /v1/organizations/{DEFAULT_ORG_ID}/tokens/cltokci000000000000000001/rotate"
            )
        );
        for line in [
            &["workspace", "update", "a", "b"][..],
            &["workspace", "delete", "a", "b"],
        ] {
            assert_eq!(env.run(line).code, 2, "{line:?}");
        }
    }
}
