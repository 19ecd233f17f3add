//! Errors that keep the Go CLI's first sentence, then repeat the value given and name the next
//! command or flag; bad flag values are usage errors in clap's format
//! (docs/compatibility.md#errors-say-what-to-do).

use crate::common::*;

const ASTRO_ROLE_ERROR: &str = "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ";
const APC_ROLE_ERROR: &str = "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER";

mod bad_flag_values {
    use super::*;

    #[test]
    fn enforce_cicd_says_the_whole_sentence_and_exits_2() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "create", "-n", "x", "-e", "maybe"][..],
            &[
                "workspace",
                "update",
                DEMO_WORKSPACE_ID,
                "--enforce-cicd",
                "maybe",
            ][..],
        ] {
            let run = env.run(args);
            assert_eq!(
                run.stderr,
                "error: invalid value 'maybe' for '--enforce-cicd <ON|OFF>': the input to the `--enforce-cicd` flag must be ON or OFF\n\nFor more information, try '--help'.\n",
                "{args:?}"
            );
            assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{args:?}");
        }
        assert!(env.requests().is_empty());
        // ON and OFF in any case are still taken.
        env.run(&["workspace", "create", "-n", "x", "-e", "on"])
            .assert_ok();
    }

    #[test]
    fn a_private_cloud_role_echoes_the_value_and_exits_2() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "sa", "create", "-l", "bot", "--role", "boss"][..],
            &["workspace", "user", "add", "-e", "x@y.z", "-r", "boss"][..],
            &["workspace", "team", "add", "t", "-r", "boss"][..],
        ] {
            env.run(args).assert_bad_value("boss", APC_ROLE_ERROR);
        }
        let run = env.run(&["workspace", "sa", "create", "-l", "bot", "--role", "boss"]);
        assert!(
            run.stderr.starts_with(&format!(
                "error: invalid value 'boss' for '--role <ROLE>': {APC_ROLE_ERROR} (any case, or the short name: admin, editor, viewer)\n"
            )),
            "{run:?}"
        );
        assert!(env.requests().is_empty());
    }

    #[test]
    fn an_astro_role_keeps_go_text_and_exits_2() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "token", "create", "-n", "x", "-r", "viewer"][..],
            &[
                "workspace",
                "user",
                "add",
                "ada@example.com",
                "--role",
                "viewer",
            ][..],
            &["workspace", "team", "update", "t", "-r", "viewer"][..],
        ] {
            env.run(args).assert_bad_value("viewer", ASTRO_ROLE_ERROR);
        }
        assert!(env.requests().is_empty());
    }
}

mod not_found {
    use super::*;

    #[test]
    fn a_token_name_repeats_the_name_and_names_the_list() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "token", "rotate", "--name", "nosuch", "-f"][..],
            &[
                "workspace",
                "token",
                "update",
                "--name",
                "nosuch",
                "--description",
                "d",
            ][..],
            &["workspace", "token", "delete", "--name", "nosuch", "-f"][..],
        ] {
            env.run(args)
                .assert_error(&format!(
                    "no Workspace API token was found for the API token name you provided: \"nosuch\". Run astro workspace token list to see the tokens of workspace {DEMO_WORKSPACE_ID}"
                ));
        }
        // An Organization token's name keeps the sentence that says what it is.
        env.run(&["workspace", "token", "rotate", "--name", "org-admin", "-f"])
            .assert_error("no Workspace API token was found for the API token name you provided. The token \"org-admin\" is an Organization token: rotate it with the Go CLI's astro organization token rotate --name \"org-admin\"");
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn a_token_id_repeats_the_id_and_names_the_list() {
        let env = TestEnv::astro();
        env.run(&["workspace", "token", "rotate", "clnosuch", "-f"])
            .assert_error(&format!(
                "api token not found: \"clnosuch\". Run astro workspace token list to see the tokens of workspace {DEMO_WORKSPACE_ID}"
            ));
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn a_user_email_repeats_the_email_and_says_what_to_do() {
        let env = TestEnv::astro();
        env.run(&["workspace", "user", "add", "not-an-email"])
            .assert_error("no user was found for the email you provided: \"not-an-email\". That is not an email address: pass a user's email, as astro workspace user list shows them");
        env.run(&["workspace", "user", "add", "ghost@example.com"])
            .assert_error("no user was found for the email you provided: \"ghost@example.com\". No user of the Organization has this email: invite them first with the Go CLI's astro organization user invite ghost@example.com");
        let in_workspace = format!(
            "no user was found for the email you provided: \"ghost@example.com\". Run astro workspace user list to see the users of workspace {DEMO_WORKSPACE_ID}"
        );
        env.run(&["workspace", "user", "remove", "ghost@example.com"])
            .assert_error(&in_workspace);
        env.run(&[
            "workspace",
            "user",
            "update",
            "ghost@example.com",
            "-r",
            "author",
        ])
        .assert_error(&in_workspace);
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn a_private_cloud_user_email_is_worded_the_same_way() {
        let env = TestEnv::apc();
        env.run(&["workspace", "user", "remove", "ghost@example.com"])
            .assert_error(&format!("the user you are trying to remove is not part of this workspace: \"ghost@example.com\". Run astro workspace user list to see the users of workspace {DEMO_HOUSTON_WORKSPACE_ID}"));
        env.run(&["workspace", "user", "update", "ghost@example.com", "-r", "editor"])
            .assert_error(&format!("the user you are trying to change is not part of this workspace: \"ghost@example.com\". Run astro workspace user list to see the users of workspace {DEMO_HOUSTON_WORKSPACE_ID}"));
        assert_eq!(operations(&env), ["workspaceUser", "workspaceUser"]);
    }

    #[test]
    fn service_account_get_and_delete_say_it_one_way() {
        let env = TestEnv::apc();
        let expected = format!(
            "no service account with ID cknosuch in workspace {DEMO_HOUSTON_WORKSPACE_ID}. Run astro workspace service-account get --workspace-id {DEMO_HOUSTON_WORKSPACE_ID} to list them"
        );
        env.run(&["workspace", "sa", "get", "cknosuch"])
            .assert_error(&expected);
        env.fake.clear_requests();
        env.run(&["workspace", "sa", "delete", "cknosuch"])
            .assert_error(&expected);
        // The delete was tried; the list, read only after it failed, showed no such account.
        assert_eq!(
            operations(&env),
            ["deleteWorkspaceServiceAccount", "workspaceServiceAccounts"]
        );
    }

    #[test]
    fn another_delete_failure_keeps_the_server_text() {
        let env = TestEnv::apc();
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("deleteWorkspaceServiceAccount"),
            200,
            r#"{"errors":[{"message":"You do not have the appropriate permissions for that"}]}"#,
            1,
        ));
        env.run(&["workspace", "sa", "delete", "cksa000000000000000000001"])
            .assert_error("You do not have the appropriate permissions for that");
    }
}

mod missing_values {
    use super::*;

    #[test]
    fn workspace_create_names_the_flag() {
        TestEnv::astro()
            .run(&["workspace", "create"])
            .assert_error("no name provided for the workspace. Retry with a valid name: pass -n/--name, e.g. astro workspace create --name \"My Workspace\"");
        TestEnv::apc()
            .run(&["workspace", "create", "--label", ""])
            .assert_error("must specify a label for your workspace: pass -l/--label, e.g. astro workspace create --label \"My Workspace\"");
    }

    #[test]
    fn a_garbled_api_token_names_the_variable_never_the_value() {
        let mut env = TestEnv::astro();
        env.set_env("ASTRO_API_TOKEN", "garbage-value");
        let run = env.run(&["workspace", "token", "list"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.ends_with("Error: API Token is invalid or malformed: the ASTRO_API_TOKEN environment variable does not hold an Astro API token. Set it to a token that astro workspace token create printed, or unset it to use the login of the current context\n"),
            "{run:?}"
        );
        assert!(!run.stderr.contains("garbage-value"), "{run:?}");
        assert!(env.requests().is_empty());
    }
}

mod short_role_names {
    use super::*;

    #[test]
    fn astro_flags_take_any_case_and_the_short_names() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "short",
            "-r",
            "author",
        ])
        .assert_ok();
        env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "lower",
            "-r",
            "workspace_owner",
        ])
        .assert_ok();
        let roles = env.fake.with_state(|s| {
            ["short", "lower"].map(|name| {
                s.api_tokens
                    .iter()
                    .find(|t| t.name == name)
                    .map(|t| t.roles[0].role.clone())
                    .unwrap_or_default()
            })
        });
        assert_eq!(roles, ["WORKSPACE_AUTHOR", "WORKSPACE_OWNER"]);
    }

    #[test]
    fn private_cloud_flags_take_the_short_names_and_send_the_full_one() {
        let env = TestEnv::apc();
        env.run(&["workspace", "sa", "create", "-l", "bot", "--role", "ADMIN"])
            .assert_ok();
        let sent = env
            .requests()
            .iter()
            .find(|r| r.graphql_operation.as_deref() == Some("createWorkspaceServiceAccount"))
            .map(|r| r.variables()["role"].clone());
        assert_eq!(sent, Some(serde_json::json!("WORKSPACE_ADMIN")));
    }

    #[test]
    fn a_typed_role_takes_them_too() {
        let env = TestEnv::astro();
        let run = env.run_with_input(
            &["workspace", "user", "update", "ada@example.com"],
            "operator\n",
        );
        run.assert_ok();
        assert!(
            run.stdout
                .contains("role was successfully updated to WORKSPACE_OPERATOR"),
            "{run:?}"
        );
    }
}
