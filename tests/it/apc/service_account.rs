//! `astro workspace service-account create|get|delete` against the fake Houston
//! (docs/compatibility.md#sa-get).

use crate::common::*;

const CI_RUNNER: &str = "cksa000000000000000000001";
const MONITORING: &str = "cksa000000000000000000002";
const HEADER: &str = " NAME           CATEGORY          ID                            APIKEY                               \n";
const CI_ROW: &str = " ci-runner      default           cksa000000000000000000001     0123456789abcdef0123456789abcdef     \n";
const MONITORING_ROW: &str = " monitoring     observability     cksa000000000000000000002     fedcba9876543210fedcba9876543210     \n";

fn ids_in(env: &TestEnv, ws: &str) -> Vec<String> {
    env.fake.with_state(|s| {
        s.service_accounts_in(ws)
            .iter()
            .map(|sa| sa.id.clone())
            .collect()
    })
}

mod create {
    use super::*;

    #[test]
    fn prints_the_go_table_and_sends_the_go_variables() {
        let env = TestEnv::apc();
        let run = env.run(&[
            "workspace",
            "service-account",
            "create",
            "--label",
            "deployer",
        ]);
        run.assert_ok();
        let created = env
            .fake
            .with_state(|s| s.service_accounts.last().cloned().unwrap());
        assert_eq!(created.label, "deployer");
        astro_snapshot!(env, run, [(created.id, "[SERVICE_ACCOUNT_ID]"), (created.api_key, "[API_KEY]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME         CATEGORY     ID                            APIKEY                               
         deployer     default      [SERVICE_ACCOUNT_ID]     [API_KEY]     

         Service account successfully created.

        ----- stderr -----
        "#);
        let requests = env.requests();
        assert_eq!(requests.len(), 1);
        let r = &requests[0];
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1"));
        assert_eq!(
            r.graphql_operation.as_deref(),
            Some("createWorkspaceServiceAccount")
        );
        assert_eq!(r.header("authorization"), Some(DEFAULT_HOUSTON_TOKEN));
        assert_eq!(r.header("accept"), Some("application/json"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(
            r.variables(),
            serde_json::json!({
                "workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID,
                "deploymentUuid": "",
                "label": "deployer",
                "category": "default",
                "role": "WORKSPACE_VIEWER"
            })
        );
    }

    #[test]
    fn short_flags_alias_and_a_lower_case_role() {
        let env = TestEnv::apc();
        env.fake
            .with_state(|s| s.add_houston_workspace("ckwsother0000000000000001", "other"));
        let run = env.run(&[
            "wo",
            "sa",
            "cr",
            "-l",
            "bot",
            "-c",
            "ci",
            "-r",
            "workspace_admin",
            "-w",
            "ckwsother0000000000000001",
        ]);
        run.assert_ok();
        let vars = env.requests()[0].variables();
        assert_eq!(vars["role"], "WORKSPACE_ADMIN");
        assert_eq!(vars["category"], "ci");
        assert_eq!(vars["workspaceUuid"], "ckwsother0000000000000001");
        assert_eq!(ids_in(&env, "ckwsother0000000000000001").len(), 1);
    }

    #[test]
    fn a_created_account_shows_up_in_get() {
        let env = TestEnv::apc();
        env.run(&["workspace", "sa", "create", "--label", "fresh"])
            .assert_ok();
        let run = env.run(&["workspace", "sa", "get"]);
        run.assert_ok();
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 4, "{run:?}");
        assert!(lines[1].starts_with(" ci-runner "), "{run:?}");
        assert!(
            run.stdout.lines().last().unwrap().starts_with(" fresh "),
            "{run:?}"
        );
    }

    #[test]
    fn a_wrong_role_is_refused_before_any_request() {
        let env = TestEnv::apc();
        env.run(&["workspace", "sa", "create", "-l", "x", "-r", "WORKSPACE_OWNER"])
            .assert_bad_value("WORKSPACE_OWNER", "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER");
        assert!(env.requests().is_empty());
    }

    #[test]
    fn label_is_required_and_not_empty() {
        let env = TestEnv::apc();
        for args in [
            vec!["workspace", "sa", "create"],
            vec!["workspace", "sa", "create", "--label="],
            vec!["workspace", "sa", "create", "-l", ""],
        ] {
            let run = env.run(&args);
            assert_eq!(run.code, 2, "{args:?}: {run:?}");
            assert!(run.stderr.contains("--label <LABEL>"), "{run:?}");
            assert_eq!(run.stdout, "");
        }
        assert!(env.requests().is_empty());
    }

    #[test]
    fn user_id_is_accepted_and_says_it_does_nothing() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "create", "-l", "x", "-u", "someone"]);
        run.assert_ok();
        assert_eq!(
            run.stderr,
            "Warning: --user-id has no effect: a service account is not linked to a user\n"
        );
        let vars = env.requests()[0].variables();
        assert!(
            vars.get("userId").is_none() && vars.get("userUuid").is_none(),
            "{vars}"
        );
    }

    #[test]
    fn server_errors_are_shown_and_mutations_not_retried() {
        let env = TestEnv::apc();
        env.run(&[
            "workspace",
            "sa",
            "create",
            "-l",
            "x",
            "-w",
            "ckwsnowhere00000000000001",
        ])
        .assert_error("Workspace not found: ckwsnowhere00000000000001");
        env.fake.clear_requests();
        env.fake.inject(Fault::status(
            FaultTarget::graphql("createWorkspaceServiceAccount"),
            503,
            1,
        ));
        let run = env.run(&["workspace", "sa", "create", "-l", "x"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.starts_with("Error: API error (503): "),
            "{run:?}"
        );
        assert_eq!(env.requests().len(), 1, "never retried");
    }

    #[test]
    fn a_null_answer_is_an_error_not_a_crash() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("createWorkspaceServiceAccount"),
            200,
            r#"{"data":{"createWorkspaceServiceAccount":null}}"#,
            1,
        ));
        // Houston took the mutation: the error says so instead of inviting a duplicate create
        // (docs/reliability.md#changes-reported-as-made).
        env.run(&["workspace", "sa", "create", "-l", "x"])
            .assert_error(&format!("the server accepted the service account x, but its reply named no ID for it: run astro workspace service-account get --workspace-id {DEMO_HOUSTON_WORKSPACE_ID} to see it and its API key before creating it again"));
    }
}

mod get {
    use super::*;

    #[test]
    fn lists_every_account_with_aliases() {
        let env = TestEnv::apc();
        for alias in ["get", "list", "ls"] {
            let run = env.run(&["workspace", "service-account", alias]);
            run.assert_ok();
            // The same page for each alias.
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 NAME           CATEGORY          ID                            APIKEY                               
                 ci-runner      default           cksa000000000000000000001     0123456789abcdef0123456789abcdef     
                 monitoring     observability     cksa000000000000000000002     fedcba9876543210fedcba9876543210     

                ----- stderr -----
                "#);
            }
        }
        let r = &env.requests()[0];
        assert_eq!(
            r.graphql_operation.as_deref(),
            Some("workspaceServiceAccounts")
        );
        assert_eq!(
            r.variables(),
            serde_json::json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID})
        );
    }

    #[test]
    fn one_account_by_id() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "get", MONITORING]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         NAME           CATEGORY          ID                            APIKEY                               
         monitoring     observability     cksa000000000000000000002     fedcba9876543210fedcba9876543210     

        ----- stderr -----
        "#);
        env.run(&["workspace", "sa", "get", "cknope"])
            .assert_error(&format!(
                "no service account with ID cknope in workspace {DEMO_HOUSTON_WORKSPACE_ID}. Run astro workspace service-account get --workspace-id {DEMO_HOUSTON_WORKSPACE_ID} to list them"
            ));
    }

    #[test]
    fn empty_workspace_prints_the_header() {
        let env = TestEnv::apc();
        env.fake
            .with_state(|s| s.add_houston_workspace("ckwsempty", "empty"));
        let run = env.run(&["workspace", "sa", "get", "-w", "ckwsempty"]);
        run.assert_ok();
        assert_eq!(run.stdout, " NAME     CATEGORY     ID     APIKEY     \n");
    }

    #[test]
    fn json_output() {
        let env = TestEnv::apc();
        for flag in [&["--output", "json"][..], &["-o", "json"], &["--json"]] {
            let mut args = vec!["workspace", "sa", "get"];
            args.extend_from_slice(flag);
            let run = env.run(&args);
            run.assert_ok();
            let parsed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(
                parsed,
                serde_json::json!({"serviceAccounts": [
                    {"name": "ci-runner", "category": "default", "id": CI_RUNNER, "apiKey": "0123456789abcdef0123456789abcdef"},
                    {"name": "monitoring", "category": "observability", "id": MONITORING, "apiKey": "fedcba9876543210fedcba9876543210"}
                ]})
            );
        }
        let run = env.run(&["workspace", "sa", "get", CI_RUNNER, "--json"]);
        let parsed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(parsed["id"], CI_RUNNER);
        assert_eq!(parsed["name"], "ci-runner");
    }

    #[test]
    fn bad_output_flags_are_usage_errors() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "get", "-o", "yaml"]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr
                .contains("invalid format \"yaml\" (must be table or json)"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "sa", "get", "--json", "-o", "json"]);
        assert_eq!(run.code, 2);
        assert!(env.requests().is_empty());
    }

    #[test]
    fn a_503_on_the_query_is_retried() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::status(
            FaultTarget::graphql("workspaceServiceAccounts"),
            503,
            2,
        ));
        let run = env.run(&["workspace", "sa", "get"]);
        run.assert_ok();
        assert_eq!(run.stdout, format!("{HEADER}{CI_ROW}{MONITORING_ROW}"));
        assert_eq!(env.requests().len(), 3);
    }

    #[test]
    fn houston_failures_are_clear_errors() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::malformed(
            FaultTarget::graphql("workspaceServiceAccounts"),
            1,
        ));
        let run = env.run(&["workspace", "sa", "get"]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .starts_with("Error: failed to decode Houston response: "),
            "{run:?}"
        );

        env.write_config(&env.read_config().replace(DEFAULT_HOUSTON_TOKEN, "wrong"));
        env.run(&["workspace", "sa", "get"])
            .assert_error("You do not have the appropriate permissions for that");
    }

    #[test]
    fn an_expired_session_says_so() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceServiceAccounts"),
            200,
            r#"{"data":null,"errors":[{"message":"AUTH_TOKEN_REFRESH_FAILED"}]}"#,
            1,
        ));
        env.run(&["workspace", "sa", "get"]).assert_error(&format!(
            "your token has expired. Please log in again: run astro login {}",
            env.apc_domain()
        ));
    }
}

mod delete {
    use super::*;

    #[test]
    fn by_id() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "delete", CI_RUNNER]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Service Account ci-runner (cksa000000000000000000001) successfully deleted

        ----- stderr -----
        "#);
        assert_eq!(ids_in(&env, DEMO_HOUSTON_WORKSPACE_ID), [MONITORING]);
        let r = &env.requests()[0];
        assert_eq!(
            r.graphql_operation.as_deref(),
            Some("deleteWorkspaceServiceAccount")
        );
        assert_eq!(
            r.variables(),
            serde_json::json!({
                "workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID,
                "deploymentUuid": "",
                "serviceAccountUuid": CI_RUNNER
            })
        );
        // Gone from `get` too.
        let run = env.run(&["workspace", "sa", "get"]);
        assert_eq!(run.stdout, format!("{HEADER}{MONITORING_ROW}"));
        env.run(&["workspace", "sa", "de", CI_RUNNER])
            .assert_error(&format!("no service account with ID {CI_RUNNER} in workspace {DEMO_HOUSTON_WORKSPACE_ID}. Run astro workspace service-account get --workspace-id {DEMO_HOUSTON_WORKSPACE_ID} to list them"));
    }

    #[test]
    fn from_a_menu_with_a_piped_answer() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "sa", "delete"], "2\n");
        run.assert_ok();
        // The prompt's final "> " and newline: insta does not compare trailing whitespace.
        assert!(run.stderr.ends_with("\n> \n"), "{run:?}");
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Service Account monitoring (cksa000000000000000000002) successfully deleted

        ----- stderr -----

        Please select the service account you would like to delete:
         #     NAME           CATEGORY          ID                            
         1     ci-runner      default           cksa000000000000000000001     
         2     monitoring     observability     cksa000000000000000000002     

        >
        "#);
        assert_eq!(ids_in(&env, DEMO_HOUSTON_WORKSPACE_ID), [CI_RUNNER]);
        assert_eq!(
            env.requests()
                .iter()
                .map(|r| r.graphql_operation.clone().unwrap())
                .collect::<Vec<_>>(),
            ["workspaceServiceAccounts", "deleteWorkspaceServiceAccount"]
        );
    }

    #[test]
    fn menu_errors() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "sa", "delete"], "3\n");
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .ends_with("\n> \nError: invalid service account selection\n"),
            "{run:?}"
        );

        let run = env.run(&["workspace", "sa", "delete"]);
        assert_eq!(run.code, 1);
        assert!(run.stderr.ends_with(
            "\n> \nError: no service account selected and no input to choose one: pass SERVICE_ACCOUNT_ID\n"
        ), "{run:?}");
        assert_eq!(
            ids_in(&env, DEMO_HOUSTON_WORKSPACE_ID).len(),
            2,
            "nothing deleted"
        );

        env.fake
            .with_state(|s| s.add_houston_workspace("ckwsempty", "empty"));
        env.run(&["workspace", "sa", "delete", "-w", "ckwsempty"])
            .assert_error("no service accounts in workspace ckwsempty");
    }
}

mod workspace_resolution {
    use super::*;

    fn without_context_workspace(env: &TestEnv) {
        let config = env.read_config().replace(
            &format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\"\n"),
            "",
        );
        env.write_config(&config);
    }

    #[test]
    fn the_flag_works_even_when_the_context_has_no_workspace() {
        let env = TestEnv::apc();
        without_context_workspace(&env);
        let run = env.run(&[
            "workspace",
            "sa",
            "get",
            "--workspace-id",
            DEMO_HOUSTON_WORKSPACE_ID,
        ]);
        run.assert_ok();
        assert_eq!(run.stdout, format!("{HEADER}{CI_ROW}{MONITORING_ROW}"));
    }

    #[test]
    fn no_workspace_anywhere_is_an_error_naming_the_flag() {
        let env = TestEnv::apc();
        without_context_workspace(&env);
        for args in [
            vec!["workspace", "sa", "get"],
            vec!["workspace", "sa", "create", "-l", "x"],
            vec!["workspace", "sa", "delete", CI_RUNNER],
        ] {
            env.run(&args).assert_error(
                "no Workspace given: pass --workspace-id or run astro workspace switch",
            );
        }
        assert!(env.requests().is_empty());
    }
}

#[test]
fn an_unreachable_houston_names_the_host_and_what_to_check() {
    let env = TestEnv::apc();
    let port = env.fake.addr().port();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = closed.local_addr().unwrap().port();
    drop(closed);
    env.write_config(
        &env.read_config()
            .replace(&port.to_string(), &dead.to_string()),
    );
    let run = env.run(&["workspace", "sa", "get"]);
    assert_eq!(run.code, 1, "{run:?}");
    // Go's prefix is kept for scripts that look for it.
    assert!(
        run.stderr.starts_with(&format!(
            "Error: HTTP DO Failed: Post \"http://localhost:{dead}/v1\": could not connect to localhost:{dead}: the connection was refused; check the domain"
        )),
        "{run:?}"
    );
    assert!(!run.stderr.contains("tcp connect"), "{run:?}");
}

/// The help pages of the three commands, whole.
mod help {
    use super::*;

    #[test]
    fn create() {
        let env = TestEnv::apc();
        astro_snapshot!(env, env.run(&["workspace", "service-account", "create", "--help"]), @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Create a service account in the APC platform

        Usage: astro workspace service-account create [OPTIONS] --label <LABEL>

        Options:
          -w, --workspace-id <WORKSPACE_LABEL_OR_ID>
                  ID of the workspace, you can leave it empty if you want to use your current context's workspace ID
          -u, --user-id <USER_ID>
                  Accepted for compatibility with older scripts; it has no effect
          -c, --category <CATEGORY>
                  Category of the new service account [default: default]
          -l, --label <LABEL>
                  Label of the new service account
          -r, --role <ROLE>
                  Role (permissions) attached to the created service account: WORKSPACE_ADMIN, WORKSPACE_EDITOR or WORKSPACE_VIEWER [default: WORKSPACE_VIEWER]
          -o, --output <FORMAT>
                  Output format: table or json (the Go CLI's "template" format is not supported)
              --json
                  Output as JSON
          -h, --help
                  Print help

        Global Flags:
              --verbosity <LEVEL>  Log level (debug, info, warn, error, fatal, panic) [default: warn] [possible values: debug, info, warn, error, fatal, panic]

        Examples:
          $ astro workspace service-account create --label deployer --role WORKSPACE_EDITOR
          $ astro workspace service-account create --workspace-id=<workspace-id> --label=my_label --role=WORKSPACE_VIEWER

        ----- stderr -----
        "#);
    }

    #[test]
    fn get() {
        let env = TestEnv::apc();
        astro_snapshot!(env, env.run(&["workspace", "service-account", "get", "--help"]), @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Show the service accounts of a workspace, or one of them

        Usage: astro workspace service-account get [OPTIONS] [SERVICE_ACCOUNT_ID]

        Arguments:
          [SERVICE_ACCOUNT_ID]  Show only this service account

        Options:
          -w, --workspace-id <WORKSPACE_LABEL_OR_ID>
                  ID of the workspace, you can leave it empty if you want to use your current context's workspace ID
          -o, --output <FORMAT>
                  Output format: table or json (the Go CLI's "template" format is not supported)
              --json
                  Output as JSON
          -h, --help
                  Print help

        Global Flags:
              --verbosity <LEVEL>  Log level (debug, info, warn, error, fatal, panic) [default: warn] [possible values: debug, info, warn, error, fatal, panic]

        Examples:
          $ astro workspace service-account get
          $ astro workspace service-account get <service-account-id> -o json
          $ astro workspace service-account get --workspace-id=<workspace-id>

        ----- stderr -----
        "#);
    }

    #[test]
    fn delete() {
        let env = TestEnv::apc();
        astro_snapshot!(env, env.run(&["workspace", "service-account", "delete", "--help"]), @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Delete a service account in the APC platform

        Usage: astro workspace service-account delete [OPTIONS] [SERVICE_ACCOUNT_ID]

        Arguments:
          [SERVICE_ACCOUNT_ID]  The service account to delete; without it, a menu lists the workspace's service accounts

        Options:
          -w, --workspace-id <WORKSPACE_LABEL_OR_ID>
                  ID of the workspace, you can leave it empty if you want to use your current context's workspace ID
          -f, --force
                  Do not ask for confirmation (it is asked only at a terminal) [alias: --yes]
          -h, --help
                  Print help

        Global Flags:
              --verbosity <LEVEL>  Log level (debug, info, warn, error, fatal, panic) [default: warn] [possible values: debug, info, warn, error, fatal, panic]

        Examples:
          $ astro workspace service-account delete
          $ astro workspace sa delete cl0wh207g0496759fx0qof80q

        ----- stderr -----
        "#);
        assert!(env.requests().is_empty());
    }
}
