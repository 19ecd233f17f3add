//! `astro workspace team add | list | update | remove` against the fake Astro API.

use crate::common::*;
use fake_control_plane::{DEMO_DATA_TEAM_ID, DEMO_PLATFORM_TEAM_ID, DEMO_SANDBOX_WORKSPACE_ID};
use serde_json::json;

const PLATFORM: &str = DEMO_PLATFORM_TEAM_ID;
const DATA: &str = DEMO_DATA_TEAM_ID;

fn roles_of(env: &TestEnv, id: &str) -> Vec<(String, String)> {
    env.fake.with_state(|s| {
        s.astro_team(id)
            .unwrap()
            .workspace_roles
            .iter()
            .map(|r| (r.workspace_id.clone(), r.role.clone()))
            .collect()
    })
}

fn pair(ws: &str, role: &str) -> (String, String) {
    (ws.to_string(), role.to_string())
}

const ROLE_MENU: &str = concat!(
    " #     ROLE                   \n",
    " 1     WORKSPACE_MEMBER       \n",
    " 2     WORKSPACE_AUTHOR       \n",
    " 3     WORKSPACE_OPERATOR     \n",
    " 4     WORKSPACE_OWNER        \n",
    " 5     WORKSPACE_ACCESSOR     \n",
    "\n> \n"
);

mod list {
    use super::*;

    #[test]
    fn table_with_the_role_filled_in() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "team", "list"][..],
            &["wo", "te", "ls"],
            &["wo", "teams", "list"],
        ] {
            env.fake.clear_requests();
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 ID                             ROLE                   NAME         DESCRIPTION            CREATE DATE              
                 clteam00000000000000000001     WORKSPACE_OPERATOR     platform     Platform engineers     2024-02-03T04:05:06Z     

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
            assert_eq!(env.request_lines(), [ws_list(TEAMS, WS)]);
        }
    }

    #[test]
    fn workspace_id_is_honoured_and_json_parses() {
        let env = TestEnv::astro();
        for args in [
            &[
                "workspace",
                "team",
                "list",
                "--workspace-id",
                ANALYTICS,
                "--json",
            ][..],
            &["workspace", "team", "-w", ANALYTICS, "ls", "-o", "json"],
        ] {
            env.fake.clear_requests();
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                {
                  "teams": [
                    {
                      "id": "clteam00000000000000000002",
                      "name": "data-science",
                      "createdAt": "2024-05-06T07:08:09Z",
                      "workspaceRole": "WORKSPACE_MEMBER"
                    }
                  ]
                }

                ----- stderr -----
                "#);
            }
            assert_eq!(env.request_lines(), [ws_list(TEAMS, ANALYTICS)]);
        }
        let run = env.run(&["workspace", "team", "list", "-w", DEMO_SANDBOX_WORKSPACE_ID]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         ID     ROLE     NAME     DESCRIPTION     CREATE DATE     

        ----- stderr -----
        "#);
    }
}

mod add {
    use super::*;

    #[test]
    fn by_id_gets_then_rewrites_the_roles() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "team",
            "add",
            DATA,
            "--role",
            "WORKSPACE_AUTHOR",
        ]);
        run.assert_ok();
        // The team's ID, as Go prints it (docs/compatibility.md#kept-success-lines).
        assert_eq!(
            run.stdout,
            format!(
                "The team {DATA} was successfully added to the workspace with the role WORKSPACE_AUTHOR\n"
            )
        );
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TEAMS}/{DATA}"),
                format!("POST {TEAMS}/{DATA}/roles")
            ]
        );
        assert_eq!(
            env.requests()[1].json(),
            json!({
                "dagRoles": [],
                "deploymentRoles": [],
                "organizationRole": "ORGANIZATION_MEMBER",
                "workspaceRoles": [
                    {"role": "WORKSPACE_MEMBER", "workspaceId": ANALYTICS},
                    {"role": "WORKSPACE_AUTHOR", "workspaceId": WS}
                ]
            })
        );
        assert_eq!(
            roles_of(&env, DATA),
            [
                pair(ANALYTICS, "WORKSPACE_MEMBER"),
                pair(WS, "WORKSPACE_AUTHOR")
            ]
        );
    }

    #[test]
    fn picker_lists_the_organization_teams() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["wo", "te", "add", "-w", DEMO_SANDBOX_WORKSPACE_ID], "2\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            concat!(
                "\nPlease select a team:\n",
                " #     TEAMNAME         ID                             \n",
                " 1     platform         clteam00000000000000000001     \n",
                " 2     data-science     clteam00000000000000000002     \n",
                "\n> \n"
            )
        );
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TEAMS}?limit=100&offset=0"),
                format!("POST {TEAMS}/{DATA}/roles"),
            ]
        );
        assert_eq!(
            roles_of(&env, DATA),
            [
                pair(ANALYTICS, "WORKSPACE_MEMBER"),
                pair(DEMO_SANDBOX_WORKSPACE_ID, "WORKSPACE_MEMBER")
            ]
        );
    }

    #[test]
    fn errors() {
        let env = TestEnv::astro();
        env.run(&["workspace", "team", "add", DATA, "-r", "Workspace_Admin"])
            .assert_bad_value("Workspace_Admin", "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ");
        assert!(env.requests().is_empty());
        env.run(&["workspace", "team", "add", "clteamnope"])
            .assert_error("team not found: no team with ID \"clteamnope\" in the Organization (astro workspace team list shows a Workspace's teams)");
        let run = env.run_with_input(&["workspace", "team", "add"], "9\n");
        assert!(
            run.stderr.ends_with("Error: invalid team selection\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "team", "add"]);
        assert!(
            run.stderr.ends_with(
                "\n> \nError: no team selected and no input to choose one: pass TEAM_ID\n"
            ),
            "{run:?}"
        );
        env.fake.with_state(|s| s.astro_teams.clear());
        env.run(&["workspace", "team", "add"])
            .assert_error("no teams found in your organization");
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn a_team_answer_without_an_id_is_not_found() {
        let env = TestEnv::astro();
        env.fake.inject(Fault::status_body(
            FaultTarget::rest("GET", "/teams/clteamghost"),
            200,
            r#"{"id":"","name":""}"#,
            1,
        ));
        env.run(&["workspace", "team", "add", "clteamghost"])
            .assert_error("no team was found for the ID you provided");
    }
}

mod update {
    use super::*;

    #[test]
    fn by_id_and_flag() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "team",
            "update",
            PLATFORM,
            "-r",
            "WORKSPACE_OWNER",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!(
                "The workspace team {PLATFORM} role was successfully updated to WORKSPACE_OWNER\n"
            )
        );
        assert_eq!(roles_of(&env, PLATFORM), [pair(WS, "WORKSPACE_OWNER")]);
        assert_eq!(env.requests().len(), 2);
    }

    #[test]
    fn role_menu_then_team_menu_from_one_pipe() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["wo", "te", "up"], "2\n1\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!(
                "{ROLE_MENU}\nPlease select a team:\n{}{}\n> \n",
                " #     TEAMNAME     ID                             \n",
                " 1     platform     clteam00000000000000000001     \n",
            )
        );
        assert_eq!(
            run.stdout,
            format!(
                "The workspace team {PLATFORM} role was successfully updated to WORKSPACE_AUTHOR\n"
            )
        );
        assert_eq!(
            env.request_lines(),
            [ws_list(TEAMS, WS), format!("POST {TEAMS}/{PLATFORM}/roles")]
        );
    }

    #[test]
    fn role_menu_wrong_answer_and_end_of_input() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "team", "update", PLATFORM], "6\n");
        assert_eq!((run.code, run.stdout.as_str()), (1, ""));
        // No usage block after the error (docs/compatibility.md#usage-errors).
        assert_eq!(
            run.stderr,
            format!("{ROLE_MENU}Error: invalid workspace role selection\n")
        );
        let run = env.run(&["workspace", "team", "update", PLATFORM]);
        assert_eq!(
            run.stderr,
            format!("{ROLE_MENU}Error: no role selected and no input to choose one: pass --role\n")
        );
        assert!(env.requests().is_empty());
    }

    #[test]
    fn in_another_workspace_and_empty_workspaces() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "team",
            "update",
            "-r",
            "WORKSPACE_MEMBER",
            "-w",
            DEMO_SANDBOX_WORKSPACE_ID,
        ])
        .assert_error("no teams found in your workspace");
        env.run_with_input(
            &[
                "workspace",
                "team",
                "update",
                "--role",
                "WORKSPACE_OWNER",
                "--workspace-id",
                ANALYTICS,
            ],
            "1\n",
        )
        .assert_ok();
        assert_eq!(roles_of(&env, DATA), [pair(ANALYTICS, "WORKSPACE_OWNER")]);
    }
}

mod remove {
    use super::*;

    #[test]
    fn by_id() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "team", "remove", PLATFORM]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Astro Team platform was successfully removed from workspace {WS}\n")
        );
        assert_eq!(run.stderr, "");
        assert!(roles_of(&env, PLATFORM).is_empty());
        assert_eq!(
            env.requests()[1].json(),
            json!({
                "dagRoles": [],
                "deploymentRoles": [],
                "organizationRole": "ORGANIZATION_MEMBER",
                "workspaceRoles": []
            })
        );
    }

    #[test]
    fn from_the_menu_in_a_named_workspace() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["wo", "te", "rm", "--workspace-id", ANALYTICS], "1\n");
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!(
                "Astro Team data-science was successfully removed from workspace {ANALYTICS}\n"
            )
        );
        assert!(roles_of(&env, DATA).is_empty());
        let run = env.run(&["workspace", "team", "remove", "-w", ANALYTICS]);
        run.assert_error("no teams found in your workspace");
    }
}
