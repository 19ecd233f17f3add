//! `astro workspace user add | list | update | remove` against the fake Astro API.

use crate::common::*;
use fake_control_plane::WorkspaceRole;
use fake_control_plane::{DEMO_ADA_USER_ID, DEMO_GRACE_USER_ID, DEMO_USER_ID};
use serde_json::json;

fn org_list() -> String {
    format!("GET {USERS}?limit=100&offset=0")
}

fn roles_of(env: &TestEnv, id: &str) -> Vec<(String, String)> {
    env.fake.with_state(|s| {
        s.astro_user(id)
            .unwrap()
            .workspace_roles
            .iter()
            .map(|r| (r.workspace_id.clone(), r.role.clone()))
            .collect()
    })
}

fn last_body(env: &TestEnv) -> serde_json::Value {
    env.requests().last().unwrap().json()
}

const ROLE_ERROR: &str = "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ";

mod list {
    use super::*;

    #[test]
    fn table_with_the_role_in_the_context_workspace() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "user", "list"][..],
            &["wo", "us", "ls"],
            &["wo", "users", "ls"],
        ] {
            env.fake.clear_requests();
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 FULLNAME         EMAIL                     ID                            WORKSPACE ROLE       CREATE DATE              
                 Demo User        demo.user@example.com     cluser0000000000000000001     WORKSPACE_OWNER      2024-01-02T03:04:05Z     
                 Ada Lovelace     ada@example.com           cluser0000000000000000002     WORKSPACE_AUTHOR     2024-03-04T05:06:07Z     

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
            assert_eq!(env.request_lines(), [ws_list(USERS, WS)]);
        }
    }

    #[test]
    fn workspace_id_flag_before_or_after_and_json() {
        let env = TestEnv::astro();
        for args in [
            &[
                "workspace",
                "user",
                "--workspace-id",
                ANALYTICS,
                "list",
                "--json",
            ][..],
            &[
                "workspace",
                "user",
                "list",
                "-o",
                "json",
                "--workspace-id",
                ANALYTICS,
            ],
        ] {
            env.fake.clear_requests();
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                {
                  "users": [
                    {
                      "fullName": "Ada Lovelace",
                      "email": "ada@example.com",
                      "id": "cluser0000000000000000002",
                      "createdAt": "2024-03-04T05:06:07.123Z",
                      "workspaceRole": "WORKSPACE_MEMBER"
                    }
                  ]
                }

                ----- stderr -----
                "#);
            }
            assert_eq!(env.request_lines(), [ws_list(USERS, ANALYTICS)]);
        }
    }

    #[test]
    fn users_spanning_pages_come_back_in_order() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            for i in 0..230 {
                let id = s
                    .add_astro_user(&format!("u{i:03}@example.com"), &format!("User {i}"))
                    .id;
                let user = s.astro_users.iter_mut().find(|u| u.id == id).unwrap();
                user.workspace_roles = vec![WorkspaceRole::new(WS, "WORKSPACE_MEMBER")];
            }
        });
        let run = env.run(&["workspace", "user", "list", "--json"]);
        run.assert_ok();
        let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let parsed = document["users"].as_array().unwrap();
        assert_eq!(parsed.len(), 232);
        assert_eq!(parsed[2]["email"], "u000@example.com");
        assert_eq!(parsed[231]["email"], "u229@example.com");
        let lines = env.request_lines();
        assert_eq!(lines[0], ws_list(USERS, WS));
        let mut rest = lines[1..].to_vec();
        rest.sort();
        assert_eq!(
            rest,
            [
                format!("GET {USERS}?limit=100&offset=100&workspaceId={WS}"),
                format!("GET {USERS}?limit=100&offset=200&workspaceId={WS}"),
            ]
        );
    }

    #[test]
    fn no_workspace_anywhere_is_an_error_before_any_request() {
        let env = TestEnv::astro();
        env.write_config(
            &env.read_config()
                .replace(&format!("workspace = \"{WS}\"\n"), ""),
        );
        env.run(&["workspace", "user", "list"])
            .assert_error("no Workspace given: pass --workspace-id or run astro workspace switch");
        assert!(env.requests().is_empty());
    }
}

mod add {
    use super::*;

    #[test]
    fn by_email_with_the_default_role() {
        let env = TestEnv::astro();
        // Emails are matched ignoring case.
        let run = env.run(&["workspace", "user", "add", "Grace@Example.com"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "The user grace@example.com was successfully added to the workspace with the role WORKSPACE_MEMBER\n"
        );
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                org_list(),
                format!("GET {USERS}/{DEMO_GRACE_USER_ID}"),
                format!("POST {USERS}/{DEMO_GRACE_USER_ID}/roles"),
            ]
        );
        assert_eq!(
            env.requests()[2].body,
            format!(
                r#"{{"dagRoles":[],"deploymentRoles":[],"organizationRole":"ORGANIZATION_MEMBER","workspaceRoles":[{{"role":"WORKSPACE_MEMBER","workspaceId":"{WS}"}}]}}"#
            )
        );
        assert_eq!(
            roles_of(&env, DEMO_GRACE_USER_ID),
            [(WS.to_string(), "WORKSPACE_MEMBER".to_string())]
        );
    }

    #[test]
    fn replacing_a_role_keeps_every_other_role_and_the_dag_roles() {
        let env = TestEnv::astro();
        env.run(&[
            "wo",
            "us",
            "add",
            "ada@example.com",
            "-r",
            "WORKSPACE_OWNER",
        ])
        .assert_ok();
        assert_eq!(
            last_body(&env),
            json!({
                "dagRoles": [{"deploymentId": "cldep0000000000000000001", "role": "DAG_VIEWER", "dagId": "etl"}],
                "deploymentRoles": [{"deploymentId": "cldep0000000000000000001", "role": "DEPLOYMENT_ADMIN"}],
                "organizationRole": "ORGANIZATION_MEMBER",
                "workspaceRoles": [
                    {"role": "WORKSPACE_MEMBER", "workspaceId": ANALYTICS},
                    {"role": "WORKSPACE_OWNER", "workspaceId": WS},
                ]
            })
        );
        let dag_roles = env
            .fake
            .with_state(|s| s.astro_user(DEMO_ADA_USER_ID).unwrap().dag_roles.len());
        assert_eq!(
            dag_roles, 1,
            "DAG roles survive (docs/compatibility.md#dag-roles)"
        );
    }

    #[test]
    fn into_another_workspace() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "user",
            "add",
            "grace@example.com",
            "--role",
            "WORKSPACE_AUTHOR",
            "--workspace-id",
            ANALYTICS,
        ])
        .assert_ok();
        assert_eq!(
            roles_of(&env, DEMO_GRACE_USER_ID),
            [(ANALYTICS.to_string(), "WORKSPACE_AUTHOR".to_string())]
        );
    }

    #[test]
    fn picker_shows_the_organization_role() {
        let env = TestEnv::astro();
        let run = env.run_with_input(
            &["workspace", "user", "add", "-r", "WORKSPACE_OPERATOR"],
            "3\n",
        );
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                "\nPlease select the user:\n",
                " #     FULLNAME         EMAIL                     ID                            ORGANIZATION ROLE       CREATE DATE              \n",
                " 1     Demo User        demo.user@example.com     cluser0000000000000000001     ORGANIZATION_OWNER      2024-01-02T03:04:05Z     \n",
                " 2     Ada Lovelace     ada@example.com           cluser0000000000000000002     ORGANIZATION_MEMBER     2024-03-04T05:06:07Z     \n",
                " 3     Grace Hopper     grace@example.com         cluser0000000000000000003     ORGANIZATION_MEMBER     2025-06-07T08:09:10Z     \n",
                "\n> \n"
            )
        );
        assert_eq!(
            run.stdout,
            "The user grace@example.com was successfully added to the workspace with the role WORKSPACE_OPERATOR\n"
        );
    }

    #[test]
    fn picker_wrong_answer_and_end_of_input() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "user", "add"], "4\n");
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.ends_with("\n> \nError: invalid User selected\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "user", "add"]);
        assert!(
            run.stderr.ends_with(
                "\n> \nError: no user selected and no input to choose one: pass EMAIL\n"
            ),
            "{run:?}"
        );
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn bad_role_unknown_email_and_server_errors() {
        let env = TestEnv::astro();
        // Any case and the short names are roles (docs/compatibility.md#role-names); other
        // values are usage errors that keep Go's text.
        for role in ["boss", "WORKSPACE_ADMIN", "owners"] {
            env.run(&["workspace", "user", "add", "grace@example.com", "-r", role])
                .assert_bad_value(role, ROLE_ERROR);
        }
        assert!(env.requests().is_empty(), "the role is checked first");
        env.run(&["workspace", "user", "add", "nobody@example.com"])
            .assert_error("no user was found for the email you provided: \"nobody@example.com\". No user of the Organization has this email: invite them first with the Go CLI's astro organization user invite nobody@example.com");
        env.fake
            .inject(Fault::status(FaultTarget::rest("POST", "/roles"), 500, 1));
        env.run(&["workspace", "user", "add", "grace@example.com"])
            .assert_error("injected fault: status 500");
        assert!(roles_of(&env, DEMO_GRACE_USER_ID).is_empty());
    }
}

mod update {
    use super::*;

    #[test]
    fn by_email_and_flag() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "user",
            "update",
            "ada@example.com",
            "--role",
            "WORKSPACE_OPERATOR",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "The workspace user ada@example.com role was successfully updated to WORKSPACE_OPERATOR\n"
        );
        assert_eq!(
            env.request_lines(),
            [
                ws_list(USERS, WS),
                format!("GET {USERS}/{DEMO_ADA_USER_ID}"),
                format!("POST {USERS}/{DEMO_ADA_USER_ID}/roles"),
            ]
        );
        assert_eq!(
            roles_of(&env, DEMO_ADA_USER_ID),
            [
                (ANALYTICS.to_string(), "WORKSPACE_MEMBER".to_string()),
                (WS.to_string(), "WORKSPACE_OPERATOR".to_string()),
            ]
        );
    }

    #[test]
    fn users_outside_the_workspace_are_not_found() {
        let env = TestEnv::astro();
        env.run(&[
            "wo",
            "us",
            "up",
            "grace@example.com",
            "-r",
            "WORKSPACE_OWNER",
        ])
        .assert_error(&format!("no user was found for the email you provided: \"grace@example.com\". Run astro workspace user list to see the users of workspace {WS}"));
        assert_eq!(env.request_lines(), [ws_list(USERS, WS)]);
    }

    #[test]
    fn role_prompt_then_picker_from_one_pipe() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "user", "update"], "WORKSPACE_MEMBER\n1\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                "Enter a user Workspace role(WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR) to update user: \n",
                "\nPlease select the user:\n",
                " #     FULLNAME         EMAIL                     ID                            WORKSPACE ROLE       CREATE DATE              \n",
                " 1     Demo User        demo.user@example.com     cluser0000000000000000001     WORKSPACE_OWNER      2024-01-02T03:04:05Z     \n",
                " 2     Ada Lovelace     ada@example.com           cluser0000000000000000002     WORKSPACE_AUTHOR     2024-03-04T05:06:07Z     \n",
                "\n> \n"
            )
        );
        assert_eq!(
            run.stdout,
            "The workspace user demo.user@example.com role was successfully updated to WORKSPACE_MEMBER\n"
        );
        assert_eq!(
            roles_of(&env, DEMO_USER_ID),
            [(WS.to_string(), "WORKSPACE_MEMBER".to_string())]
        );
    }

    #[test]
    fn a_bad_typed_role_and_end_of_input() {
        let env = TestEnv::astro();
        let run = env.run_with_input(
            &["workspace", "user", "update", "ada@example.com"],
            "boss\n",
        );
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .ends_with(&format!("update user: \nError: {ROLE_ERROR}\n")),
            "{run:?}"
        );
        let run = env.run(&["workspace", "user", "update", "ada@example.com"]);
        assert!(
            run.stderr.ends_with(
                "update user: \nError: no role given and no input to read one from: pass --role\n"
            ),
            "{run:?}"
        );
        assert!(env.requests().is_empty());
    }
}

mod remove {
    use super::*;

    #[test]
    fn by_email_drops_only_this_workspace() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "user", "remove", "ada@example.com"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "The user ada@example.com was successfully removed from the workspace\n"
        );
        assert_eq!(run.stderr, "");
        assert_eq!(
            roles_of(&env, DEMO_ADA_USER_ID),
            [(ANALYTICS.to_string(), "WORKSPACE_MEMBER".to_string())]
        );
        assert_eq!(env.requests().len(), 3);
    }

    #[test]
    fn the_last_role_leaves_an_empty_list() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["wo", "us", "rm"], "1\n");
        run.assert_ok();
        assert!(
            run.stderr.starts_with("\nPlease select the user:\n"),
            "{run:?}"
        );
        assert_eq!(
            last_body(&env),
            json!({
                "dagRoles": [],
                "deploymentRoles": [],
                "organizationRole": "ORGANIZATION_OWNER",
                "workspaceRoles": []
            })
        );
        assert!(roles_of(&env, DEMO_USER_ID).is_empty());
    }

    #[test]
    fn an_empty_workspace_has_nobody_to_remove() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "user",
            "remove",
            "--workspace-id",
            fake_control_plane::DEMO_SANDBOX_WORKSPACE_ID,
        ])
        .assert_error("no users found in your workspace");
    }
}
