//! `astro workspace user add | update | remove | list` on a Private Cloud context, against the
//! fake Houston.

use crate::common::*;
use fake_control_plane::{DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_3_ID};
use serde_json::{Value, json};

const ADA: &str = "ckus000000000000000000001";
const ED: &str = "ckus000000000000000000002";
const VI: &str = "ckus000000000000000000003";
const LIST: &str = concat!(
    " USERNAME            ID                            ROLE                 \n",
    " ada@example.com     ckus000000000000000000001     WORKSPACE_ADMIN      \n",
    " ed@example.com      ckus000000000000000000002     WORKSPACE_EDITOR     \n",
    " vi@example.com      ckus000000000000000000003     WORKSPACE_VIEWER     \n",
);
const NO_WORKSPACE: &str = "no Workspace given: pass --workspace-id or run astro workspace switch";

fn role_of(env: &TestEnv, email: &str, ws: &str) -> Option<String> {
    env.fake.with_state(|s| {
        s.houston_user_by_email(email)
            .and_then(|u| u.workspace_role(ws).map(str::to_string))
    })
}

fn without_context_workspace(env: &TestEnv) {
    env.write_config(&env.read_config().replace(
        &format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\"\n"),
        "",
    ));
}

mod add {
    use super::*;

    #[test]
    fn prints_the_go_table_and_sends_the_go_variables() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "user", "add", "--email", "new@example.com"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            concat!(
                " NAME               WORKSPACE ID                   EMAIL               ROLE                 \n",
                " demo-workspace     ckws0000000000000000000000     new@example.com     WORKSPACE_VIEWER     \n",
                "Successfully added new@example.com to demo-workspace\n",
            )
        );
        assert_eq!(run.stderr, "");
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("workspaceAddUser"));
        assert_eq!(
            r.variables(),
            json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_ID, "email": "new@example.com", "role": "WORKSPACE_VIEWER"})
        );
        assert_eq!(
            role_of(&env, "new@example.com", DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_VIEWER")
        );
        assert!(
            env.run(&["workspace", "user", "list"])
                .stdout
                .contains(" new@example.com ")
        );
    }

    #[test]
    fn positional_email_short_flags_aliases_and_a_lower_case_role() {
        let env = TestEnv::apc();
        env.run(&[
            "wo",
            "us",
            "add",
            "nora@example.com",
            "-r",
            "workspace_editor",
        ])
        .assert_ok();
        assert_eq!(env.requests()[0].variables()["role"], "WORKSPACE_EDITOR");
        assert_eq!(env.requests()[0].variables()["email"], "nora@example.com");
        env.run(&[
            "workspace",
            "users",
            "-w",
            DEMO_HOUSTON_WORKSPACE_3_ID,
            "add",
            "-e",
            "ada@example.com",
            "--role",
            "WORKSPACE_ADMIN",
        ])
        .assert_ok();
        assert_eq!(
            role_of(&env, "ada@example.com", DEMO_HOUSTON_WORKSPACE_3_ID).as_deref(),
            Some("WORKSPACE_ADMIN")
        );
        assert_eq!(
            role_of(&env, "nora@example.com", DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_EDITOR")
        );
    }

    #[test]
    fn the_email_is_required_once() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "user", "add"][..],
            &["workspace", "user", "add", "--email="],
            &["workspace", "user", "add", "a@x.com", "--email", "b@x.com"],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 2, "{args:?}: {run:?}");
            assert_eq!(run.stdout, "");
        }
        assert!(env.requests().is_empty());
    }

    #[test]
    fn a_wrong_role_is_a_usage_error_before_anything_else() {
        // A bad flag value is a usage error (docs/compatibility.md#errors-say-what-to-do), so
        // it now comes before the workspace check that Go ran first.
        let env = TestEnv::apc();
        env.run(&["workspace", "user", "add", "-e", "x@y.z", "-r", "WORKSPACE_OWNER"])
            .assert_bad_value("WORKSPACE_OWNER", "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER");
        without_context_workspace(&env);
        env.run(&["workspace", "user", "add", "-e", "x@y.z", "-r", "owner"])
            .assert_bad_value("owner", "failed to find a valid role");
        env.run(&["workspace", "user", "add", "-e", "x@y.z", "-r", "admin"])
            .assert_error(NO_WORKSPACE);
        assert!(env.requests().is_empty());
    }

    #[test]
    fn server_errors_and_null_answers() {
        let env = TestEnv::apc();
        env.run(&["workspace", "user", "add", "-e", "ed@example.com"])
            .assert_error("User ed@example.com is already a member of this workspace");
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceAddUser"),
            200,
            r#"{"data":{"workspaceAddUser":null}}"#,
            1,
        ));
        env.run(&["workspace", "user", "add", "-e", "z@example.com"])
            .assert_error("the server returned no workspace");
    }
}

mod update {
    use super::*;

    #[test]
    fn changes_the_role_and_prints_the_go_line() {
        let env = TestEnv::apc();
        let run = env.run(&[
            "workspace",
            "user",
            "update",
            "ed@example.com",
            "--role",
            "WORKSPACE_ADMIN",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "Role has been changed from WORKSPACE_EDITOR to WORKSPACE_ADMIN for user ed@example.com\n"
        );
        assert_eq!(run.stderr, "");
        assert_eq!(
            operations(&env),
            ["workspaceUser", "workspaceUpsertUserRole"]
        );
        let requests = env.requests();
        assert_eq!(
            requests[0].variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "email": "ed@example.com"})
        );
        assert_eq!(
            requests[1].variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "email": "ed@example.com", "role": "WORKSPACE_ADMIN"})
        );
        assert_eq!(
            role_of(&env, "ed@example.com", DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_ADMIN")
        );
    }

    #[test]
    fn without_role_the_user_keeps_theirs() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "user", "update", "ed@example.com"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "Role has been changed from WORKSPACE_EDITOR to WORKSPACE_EDITOR for user ed@example.com\n"
        );
        assert_eq!(
            env.requests()[1].variables()["role"],
            "WORKSPACE_EDITOR",
            "no silent demotion to viewer"
        );
        assert_eq!(
            role_of(&env, "ed@example.com", DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_EDITOR")
        );
    }

    #[test]
    fn email_flag_short_role_and_alias() {
        let env = TestEnv::apc();
        env.run(&[
            "wo",
            "user",
            "up",
            "--email",
            "vi@example.com",
            "-r",
            "workspace_editor",
        ])
        .assert_ok();
        assert_eq!(
            role_of(&env, "vi@example.com", DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_EDITOR")
        );
        let run = env.run(&["workspace", "user", "update"]);
        assert_eq!(run.code, 2, "{run:?}");
    }

    #[test]
    fn a_user_outside_the_workspace_is_an_error() {
        let env = TestEnv::apc();
        env.run(&[
            "workspace",
            "user",
            "update",
            "nora@example.com",
            "-r",
            "WORKSPACE_ADMIN",
        ])
        .assert_error(&format!("the user you are trying to change is not part of this workspace: \"nora@example.com\". Run astro workspace user list to see the users of workspace {DEMO_HOUSTON_WORKSPACE_ID}"));
        assert_eq!(operations(&env), ["workspaceUser"]);
        env.fake.clear_requests();
        env.run(&["workspace", "user", "update", "ed@example.com", "-r", "boss"])
            .assert_bad_value("boss", "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER");
        assert!(env.requests().is_empty());
    }
}

mod remove {
    use super::*;

    #[test]
    fn looks_the_user_up_then_prints_the_fixed_width_table() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "user", "remove", "vi@example.com"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            concat!(
                " NAME                          WORKSPACE ID                                      USER_ID                                           \n",
                " demo-workspace                ckws0000000000000000000000                        ckus000000000000000000003                         \n",
                "Successfully removed user from workspace\n",
            )
        );
        assert_eq!(operations(&env), ["workspaceUser", "workspaceRemoveUser"]);
        assert_eq!(
            env.requests()[1].variables(),
            json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_ID, "userId": VI})
        );
        assert_eq!(
            role_of(&env, "vi@example.com", DEMO_HOUSTON_WORKSPACE_ID),
            None
        );
    }

    #[test]
    fn alias_email_flag_and_an_unknown_user() {
        let env = TestEnv::apc();
        env.run(&["wo", "users", "rm", "-e", "ed@example.com"])
            .assert_ok();
        assert_eq!(
            role_of(&env, "ed@example.com", DEMO_HOUSTON_WORKSPACE_ID),
            None
        );
        env.fake.clear_requests();
        // Go sends an empty user ID here (docs/compatibility.md#apc-user-remove).
        env.run(&["workspace", "user", "remove", "ed@example.com"])
            .assert_error(&format!("the user you are trying to remove is not part of this workspace: \"ed@example.com\". Run astro workspace user list to see the users of workspace {DEMO_HOUSTON_WORKSPACE_ID}"));
        assert_eq!(operations(&env), ["workspaceUser"]);
    }
}

mod list {
    use super::*;

    #[test]
    fn prints_the_users_with_a_role_in_the_workspace() {
        let env = TestEnv::apc();
        for args in [&["workspace", "user", "list"][..], &["wo", "users", "ls"]] {
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 USERNAME            ID                            ROLE                 
                 ada@example.com     ckus000000000000000000001     WORKSPACE_ADMIN      
                 ed@example.com      ckus000000000000000000002     WORKSPACE_EDITOR     
                 vi@example.com      ckus000000000000000000003     WORKSPACE_VIEWER     

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
        }
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("workspaceUsers"));
        assert_eq!(
            r.variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID})
        );
    }

    #[test]
    fn another_workspace_before_or_after_the_subcommand() {
        let env = TestEnv::apc();
        for args in [
            &[
                "workspace",
                "user",
                "list",
                "-w",
                DEMO_HOUSTON_WORKSPACE_2_ID,
            ][..],
            &[
                "workspace",
                "user",
                "--workspace-id",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "list",
            ],
        ] {
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 USERNAME            ID                            ROLE                 
                 ada@example.com     ckus000000000000000000001     WORKSPACE_VIEWER     

                ----- stderr -----
                "#);
            }
        }
    }

    #[test]
    fn json_output() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "user", "list", "-o", "json"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "users": [
            {
              "fullName": "Ada Admin",
              "email": "ada@example.com",
              "id": "ckus000000000000000000001",
              "workspaceRole": "WORKSPACE_ADMIN"
            },
            {
              "fullName": "Ed Editor",
              "email": "ed@example.com",
              "id": "ckus000000000000000000002",
              "workspaceRole": "WORKSPACE_EDITOR"
            },
            {
              "fullName": "Vi Viewer",
              "email": "vi@example.com",
              "id": "ckus000000000000000000003",
              "workspaceRole": "WORKSPACE_VIEWER"
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn users_without_a_workspace_role_are_left_out() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| {
            s.add_houston_user("ghost@example.com", &[(DEMO_HOUSTON_WORKSPACE_ID, "NONE")]);
            s.add_houston_user(
                "deployer@example.com",
                &[(DEMO_HOUSTON_WORKSPACE_ID, "DEPLOYMENT_ADMIN")],
            );
        });
        let run = env.run(&["workspace", "user", "list"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         USERNAME            ID                            ROLE                 
         ada@example.com     ckus000000000000000000001     WORKSPACE_ADMIN      
         ed@example.com      ckus000000000000000000002     WORKSPACE_EDITOR     
         vi@example.com      ckus000000000000000000003     WORKSPACE_VIEWER     

        ----- stderr -----
        "#);
    }

    #[test]
    fn paged_with_the_next_and_previous_keys() {
        let env = TestEnv::apc();
        let run = env.run_with_input(&["workspace", "user", "list", "-p", "-s", "2"], "n\np\nq\n");
        run.assert_ok();
        let page_one = concat!(
            " USERNAME            ID                            ROLE                 \n",
            " ada@example.com     ckus000000000000000000001     WORKSPACE_ADMIN      \n",
            " ed@example.com      ckus000000000000000000002     WORKSPACE_EDITOR     \n",
        );
        let page_two = concat!(
            " USERNAME           ID                            ROLE                 \n",
            " vi@example.com     ckus000000000000000000003     WORKSPACE_VIEWER     \n",
        );
        assert_eq!(run.stdout, format!("{page_one}{page_two}{page_one}"));
        let prompt = "\n\nPlease select one of the following options\n";
        assert_eq!(
            run.stderr,
            format!(
                "{prompt}n. next q. quit\n> \n{prompt}f. first p. previous q. quit\n> \n{prompt}n. next q. quit\n> \n"
            )
        );
        let sent: Vec<Value> = env.requests().iter().map(|r| r.variables()).collect();
        // The first page has no cursor (null, not ""); going back reuses a remembered cursor
        // instead of a negative take.
        assert_eq!(
            sent,
            [
                json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "cursorUuid": null, "take": 2}),
                json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "cursorUuid": ED, "take": 2}),
                json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "cursorUuid": null, "take": 2}),
            ]
        );
        assert!(
            operations(&env)
                .iter()
                .all(|o| o == "paginatedWorkspaceUsers")
        );
    }

    #[test]
    fn paged_keys_first_wrong_answers_and_a_full_last_page() {
        let env = TestEnv::apc();
        let run = env.run_with_input(
            &[
                "workspace",
                "user",
                "list",
                "--paginated",
                "--page-size",
                "1",
            ],
            "p\nn\nn\nz\nf\nq\n",
        );
        run.assert_ok();
        assert_eq!(
            run.stderr.matches("\nInvalid option").count(),
            2,
            "{}",
            run.stderr
        );
        assert_eq!(
            run.stdout.matches(" USERNAME ").count(),
            4,
            "{}",
            run.stdout
        );
        let cursors: Vec<Value> = env
            .requests()
            .iter()
            .map(|r| r.variables()["cursorUuid"].clone())
            .collect();
        assert_eq!(cursors, [json!(null), json!(ADA), json!(ED), json!(null)]);

        // Three users in pages of three: `n` finds nothing more and is no longer offered.
        env.fake.clear_requests();
        let run = env.run_with_input(&["workspace", "user", "list", "-p", "-s", "3"], "n\n");
        run.assert_ok();
        assert_eq!(run.stdout, LIST);
        assert!(run.stderr.ends_with("\nThere are no more users"), "{run:?}");
        assert_eq!(env.requests().len(), 2);
    }

    #[test]
    fn a_short_first_page_needs_no_prompt() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "user", "list", "-p"]);
        run.assert_ok();
        assert_eq!(run.stdout, LIST);
        assert_eq!(run.stderr, "");
        assert_eq!(env.requests()[0].variables()["take"], 20);
    }

    #[test]
    fn the_interactive_setting_json_and_end_of_input() {
        let env = TestEnv::apc();
        env.write_config(&format!(
            "interactive = true\npage_size = 2\n{}",
            env.read_config()
        ));
        let run = env.run(&["workspace", "user", "list"]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.ends_with(
                "\nError: no page chosen and no input to choose one: pass --paginated=false to list every user\n"
            ),
            "{run:?}"
        );
        assert_eq!(operations(&env), ["paginatedWorkspaceUsers"]);
        env.fake.clear_requests();
        let run = env.run(&["workspace", "user", "list", "--paginated=false"]);
        run.assert_ok();
        assert_eq!(run.stdout, LIST);
        // JSON is one document: no pages, no prompts.
        env.fake.clear_requests();
        let run = env.run(&["workspace", "user", "list", "--json"]);
        run.assert_ok();
        assert_eq!(
            serde_json::from_str::<Value>(&run.stdout).unwrap()["users"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
        assert_eq!(operations(&env), ["workspaceUsers"]);
    }

    #[test]
    fn sizes_above_100_are_reduced_with_a_warning() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "user", "list", "-p", "-s", "250"]);
        run.assert_ok();
        assert_eq!(
            run.stderr,
            "Page size cannot be more than 100, reducing the page size to 100\n"
        );
        assert_eq!(env.requests()[0].variables()["take"], 100);
    }

    #[test]
    fn an_older_houston_without_paging_lists_everything() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| s.houston_version = "0.29.0".into());
        let run = env.run(&["workspace", "user", "list", "-p", "-s", "1"]);
        run.assert_ok();
        assert_eq!(run.stdout, LIST);
        assert_eq!(
            operations(&env),
            ["paginatedWorkspaceUsers", "workspaceUsers"]
        );
    }

    #[test]
    fn server_errors() {
        let env = TestEnv::apc();
        // An ID (no lookup): the server's own error.
        env.run(&[
            "workspace",
            "user",
            "list",
            "-w",
            "ckwsnope000000000000000001",
        ])
        .assert_error("Workspace not found: ckwsnope000000000000000001");
        env.fake
            .inject(Fault::malformed(FaultTarget::graphql("workspaceUsers"), 1));
        let run = env.run(&["workspace", "user", "list"]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .starts_with("Error: failed to decode Houston response: "),
            "{run:?}"
        );
    }
}

mod workspace_resolution {
    use super::*;

    #[test]
    fn the_flag_works_without_a_context_workspace() {
        let env = TestEnv::apc();
        without_context_workspace(&env);
        let ws = DEMO_HOUSTON_WORKSPACE_ID;
        env.run(&["workspace", "user", "list", "-w", ws])
            .assert_ok();
        env.run(&["workspace", "user", "add", "-e", "n@x.io", "-w", ws])
            .assert_ok();
        env.run(&[
            "workspace",
            "user",
            "update",
            "n@x.io",
            "-w",
            ws,
            "-r",
            "WORKSPACE_EDITOR",
        ])
        .assert_ok();
        env.run(&[
            "workspace",
            "user",
            "remove",
            "n@x.io",
            "--workspace-id",
            ws,
        ])
        .assert_ok();
        assert!(
            env.requests()
                .iter()
                .all(|r| r.variables().to_string().contains(ws))
        );
    }

    #[test]
    fn no_workspace_anywhere_is_one_error_before_any_request() {
        let env = TestEnv::apc();
        without_context_workspace(&env);
        for args in [
            &["workspace", "user", "list"][..],
            &["workspace", "user", "add", "-e", "a@b.c"],
            &[
                "workspace",
                "user",
                "update",
                "a@b.c",
                "-r",
                "WORKSPACE_ADMIN",
            ],
            &["workspace", "user", "remove", "a@b.c"],
            &["workspace", "user", "list", "-w", ""],
        ] {
            env.run(args).assert_error(NO_WORKSPACE);
        }
        assert!(env.requests().is_empty());
    }
}
