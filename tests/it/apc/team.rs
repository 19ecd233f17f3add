//! `astro workspace team add | update | remove | list` on a Private Cloud context, against the
//! fake Houston, including one too old for teams (docs/compatibility.md#apc-team-version).

use crate::common::*;
use fake_control_plane::DEMO_HOUSTON_WORKSPACE_2_ID;
use serde_json::{Value, json};

const ENGINEERS: &str = "ckte000000000000000000001";
const ANALYSTS: &str = "ckte000000000000000000002";
const ADMINS: &str = "ckte000000000000000000003";
const NO_WORKSPACE: &str = "no Workspace given: pass --workspace-id or run astro workspace switch";

fn team_role(env: &TestEnv, team: &str, ws: &str) -> Option<String> {
    env.fake.with_state(|s| {
        s.houston_team(team)
            .and_then(|t| t.workspace_role(ws).map(str::to_string))
    })
}

mod add {
    use super::*;

    #[test]
    fn positional_team_id_prints_the_go_table() {
        let env = TestEnv::apc();
        let run = env.run(&[
            "workspace",
            "team",
            "add",
            ADMINS,
            "--role",
            "WORKSPACE_EDITOR",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            concat!(
                " NAME               WORKSPACE ID                   TEAM ID                       ROLE                 \n",
                " demo-workspace     ckws0000000000000000000000     ckte000000000000000000003     WORKSPACE_EDITOR     \n",
                "Successfully added ckte000000000000000000003 to demo-workspace\n",
            )
        );
        assert_eq!(run.stderr, "");
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("workspaceAddTeam"));
        assert_eq!(
            r.variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "teamUuid": ADMINS, "role": "WORKSPACE_EDITOR"})
        );
        assert_eq!(env.requests().len(), 1, "no version call");
        assert_eq!(
            team_role(&env, ADMINS, DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_EDITOR")
        );
    }

    #[test]
    fn team_id_flag_default_role_and_aliases() {
        let env = TestEnv::apc();
        env.run(&["wo", "te", "add", "--team-id", ADMINS])
            .assert_ok();
        assert_eq!(env.requests()[0].variables()["role"], "WORKSPACE_VIEWER");
        env.run(&[
            "workspace",
            "teams",
            "add",
            ANALYSTS,
            "-r",
            "workspace_admin",
            "-w",
            DEMO_HOUSTON_WORKSPACE_ID,
        ])
        .assert_ok();
        assert_eq!(
            team_role(&env, ANALYSTS, DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_ADMIN")
        );
    }

    #[test]
    fn the_team_is_required_once_and_the_role_checked_first() {
        let env = TestEnv::apc();
        for args in [
            &["workspace", "team", "add"][..],
            &["workspace", "team", "add", "--team-id="],
            &["workspace", "team", "add", ADMINS, "--team-id", ANALYSTS],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 2, "{args:?}: {run:?}");
        }
        env.run(&["workspace", "team", "add", ADMINS, "--role", "WORKSPACE_OWNER"])
            .assert_bad_value("WORKSPACE_OWNER", "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER");
        assert!(env.requests().is_empty());
    }

    #[test]
    fn server_errors_and_null_answers() {
        let env = TestEnv::apc();
        env.run(&["workspace", "team", "add", ENGINEERS])
            .assert_error(&format!(
                "Team {ENGINEERS} is already part of this workspace"
            ));
        env.run(&["workspace", "team", "add", "cknope"])
            .assert_error("Team not found: cknope");
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceAddTeam"),
            200,
            r#"{"data":{"workspaceAddTeam":null}}"#,
            1,
        ));
        env.run(&["workspace", "team", "add", ADMINS])
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
            "team",
            "update",
            ENGINEERS,
            "--role",
            "WORKSPACE_ADMIN",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!(
                "Role has been changed from WORKSPACE_EDITOR to WORKSPACE_ADMIN for team {ENGINEERS}\n"
            )
        );
        assert_eq!(operations(&env), ["team", "workspaceUpdateTeamRole"]);
        let requests = env.requests();
        assert_eq!(
            requests[0].variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "teamUuid": ENGINEERS})
        );
        assert_eq!(
            requests[1].variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "teamUuid": ENGINEERS, "role": "WORKSPACE_ADMIN"})
        );
        assert_eq!(
            team_role(&env, ENGINEERS, DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_ADMIN")
        );
    }

    #[test]
    fn without_role_the_team_keeps_its_own() {
        let env = TestEnv::apc();
        let run = env.run(&["wo", "te", "up", ENGINEERS, "-r", "workspace_viewer"]);
        run.assert_ok();
        let run = env.run(&["workspace", "team", "update", ENGINEERS]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!(
                "Role has been changed from WORKSPACE_VIEWER to WORKSPACE_VIEWER for team {ENGINEERS}\n"
            )
        );
        env.fake.clear_requests();
        env.run(&[
            "workspace",
            "team",
            "update",
            ENGINEERS,
            "-r",
            "WORKSPACE_EDITOR",
        ])
        .assert_ok();
        env.fake.clear_requests();
        env.run(&["workspace", "team", "update", ENGINEERS])
            .assert_ok();
        assert_eq!(env.requests()[1].variables()["role"], "WORKSPACE_EDITOR");
        assert_eq!(
            team_role(&env, ENGINEERS, DEMO_HOUSTON_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_EDITOR"),
            "no silent demotion to viewer"
        );
    }

    #[test]
    fn a_team_outside_the_workspace_and_lookup_failures() {
        let env = TestEnv::apc();
        for team in [ADMINS, "cknope"] {
            env.run(&["workspace", "team", "update", team, "-r", "WORKSPACE_ADMIN"])
                .assert_error("the team you are trying to change is not part of this workspace");
        }
        assert_eq!(operations(&env), ["team", "team"]);
        // A failed look-up says what failed (Go called it "not part of this workspace":
        // docs/compatibility.md#apc-team-update-errors).
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("team"),
            200,
            r#"{"data":null,"errors":[{"message":"You do not have the appropriate permissions for that"}]}"#,
            1,
        ));
        env.run(&["workspace", "team", "update", ENGINEERS])
            .assert_error("You do not have the appropriate permissions for that");
        let run = env.run(&["workspace", "team", "update"]);
        assert_eq!(run.code, 2, "{run:?}");
    }
}

mod remove {
    use super::*;

    #[test]
    fn prints_the_fixed_width_table() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "team", "remove", ENGINEERS]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            concat!(
                " NAME                          WORKSPACE ID                                      TEAM ID                                           \n",
                " demo-workspace                ckws0000000000000000000000                        ckte000000000000000000001                         \n",
                "Successfully removed team from workspace\n",
            )
        );
        assert_eq!(operations(&env), ["workspaceRemoveTeam"]);
        assert_eq!(
            env.requests()[0].variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "teamUuid": ENGINEERS})
        );
        assert_eq!(team_role(&env, ENGINEERS, DEMO_HOUSTON_WORKSPACE_ID), None);
    }

    #[test]
    fn alias_and_errors() {
        let env = TestEnv::apc();
        env.run(&[
            "wo",
            "team",
            "rm",
            ANALYSTS,
            "-w",
            DEMO_HOUSTON_WORKSPACE_2_ID,
        ])
        .assert_ok();
        assert_eq!(team_role(&env, ANALYSTS, DEMO_HOUSTON_WORKSPACE_2_ID), None);
        env.run(&["workspace", "team", "remove", ADMINS])
            .assert_error(&format!("Team {ADMINS} is not part of this workspace"));
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceRemoveTeam"),
            200,
            r#"{"data":{"workspaceRemoveTeam":null}}"#,
            1,
        ));
        env.run(&["workspace", "team", "remove", ENGINEERS])
            .assert_error("the server returned no workspace");
        assert_eq!(env.run(&["workspace", "team", "remove"]).code, 2);
    }
}

mod list {
    use super::*;

    #[test]
    fn prints_the_go_columns() {
        let env = TestEnv::apc();
        for args in [&["workspace", "team", "list"][..], &["wo", "teams", "ls"]] {
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 WORKSPACE ID                   TEAM ID                       TEAM NAME          ROLE                 
                 ckws0000000000000000000000     ckte000000000000000000001     data-engineers     WORKSPACE_EDITOR     

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
        }
        let r = &env.requests()[0];
        assert_eq!(r.graphql_operation.as_deref(), Some("workspaceTeams"));
        assert_eq!(
            r.variables(),
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID})
        );
    }

    #[test]
    fn the_workspace_positionally_or_by_flag_and_json() {
        let env = TestEnv::apc();
        for args in [
            &[
                "workspace",
                "team",
                "list",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "--json",
            ][..],
            &[
                "workspace",
                "team",
                "list",
                "-w",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "-o",
                "json",
            ],
            &[
                "workspace",
                "team",
                "--workspace-id",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "list",
                "--output",
                "json",
            ],
            &[
                "workspace",
                "team",
                "list",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "-w",
                DEMO_HOUSTON_WORKSPACE_2_ID,
                "--json",
            ],
        ] {
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                {
                  "teams": [
                    {
                      "id": "ckte000000000000000000002",
                      "name": "analysts",
                      "workspaceRole": "WORKSPACE_VIEWER"
                    }
                  ]
                }

                ----- stderr -----
                "#);
            }
        }
        env.run(&[
            "workspace",
            "team",
            "list",
            DEMO_HOUSTON_WORKSPACE_2_ID,
            "-w",
            "other",
        ])
        .assert_error(
            "two different workspaces given: pass WORKSPACE_ID or --workspace-id, not both",
        );
    }

    #[test]
    fn teams_without_a_workspace_role_are_left_out() {
        let env = TestEnv::apc();
        env.fake.with_state(|s| {
            s.add_houston_team("nobody", &[(DEMO_HOUSTON_WORKSPACE_ID, "NONE")]);
        });
        let run = env.run(&["workspace", "team", "list", "--json"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "teams": [
            {
              "id": "ckte000000000000000000001",
              "name": "data-engineers",
              "workspaceRole": "WORKSPACE_EDITOR"
            }
          ]
        }

        ----- stderr -----
        "#);
    }
}

/// Houston < 0.28.0 has no team API. No version is asked for at start-up: the
/// server's rejection of the operation leads to one appConfig call, and a plain error.
mod old_houston {
    use super::*;

    fn houston(version: &str) -> TestEnv {
        let env = TestEnv::apc();
        env.fake.with_state(|s| s.houston_version = version.into());
        env
    }

    #[test]
    fn every_team_command_says_the_platform_is_too_old() {
        let env = houston("0.27.0");
        let too_old = |method: &str| {
            format!(
                "{method} GraphQL API not implemented for the given Houston version: workspace teams need APC 0.28.0 or later, and this platform runs 0.27.0"
            )
        };
        for (args, method, operation) in [
            (
                &["workspace", "team", "list"][..],
                "ListWorkspaceTeamsAndRoles",
                "workspaceTeams",
            ),
            (
                &["workspace", "team", "add", ADMINS],
                "AddWorkspaceTeam",
                "workspaceAddTeam",
            ),
            (
                &[
                    "workspace",
                    "team",
                    "update",
                    ENGINEERS,
                    "-r",
                    "WORKSPACE_ADMIN",
                ],
                "GetWorkspaceTeamRole",
                "team",
            ),
            (
                &["workspace", "team", "remove", ENGINEERS],
                "DeleteWorkspaceTeam",
                "workspaceRemoveTeam",
            ),
        ] {
            env.fake.clear_requests();
            env.run(args).assert_error(&too_old(method));
            assert_eq!(operations(&env), [operation, "appConfig"], "{args:?}");
            assert_eq!(env.requests()[1].json()["variables"], Value::Null);
        }
        // The rest of the tree does not ask for the version at all.
        env.fake.clear_requests();
        env.run(&["workspace", "user", "list"]).assert_ok();
        assert_eq!(operations(&env), ["workspaceUsers"]);
        // The help still shows the team commands: an unknown version counts as new enough.
        assert!(env.run(&["workspace", "--help"]).stdout.contains("  team "));
    }

    #[test]
    fn version_0_28_0_has_teams() {
        let env = houston("0.28.0");
        env.run(&["workspace", "team", "list"]).assert_ok();
        assert_eq!(operations(&env), ["workspaceTeams"]);
    }

    #[test]
    fn a_schema_error_on_a_new_enough_houston_is_shown_as_it_is() {
        let env = TestEnv::apc();
        let body = r#"{"errors":[{"message":"Cannot query field \"workspaceTeams\" on type \"Query\"."}]}"#;
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceTeams"),
            400,
            body,
            1,
        ));
        env.run(&["workspace", "team", "list"]).assert_error(
            "Some fields requested by the CLI are not available in the server schema.: Cannot query field \"workspaceTeams\" on type \"Query\".",
        );
        assert_eq!(operations(&env), ["workspaceTeams", "appConfig"]);
        // An unknown version also counts as new enough.
        env.fake.clear_requests();
        env.fake.with_state(|s| s.houston_version = String::new());
        env.fake.inject(Fault::status_body(
            FaultTarget::graphql("workspaceTeams"),
            400,
            body,
            1,
        ));
        let run = env.run(&["workspace", "team", "list"]);
        assert!(
            run.stderr.starts_with("Error: Some fields requested"),
            "{run:?}"
        );
    }
}

mod workspace_resolution {
    use super::*;

    #[test]
    fn the_flag_works_without_a_context_workspace_and_nothing_is_one_error() {
        let env = TestEnv::apc();
        env.write_config(&env.read_config().replace(
            &format!("workspace = \"{DEMO_HOUSTON_WORKSPACE_ID}\"\n"),
            "",
        ));
        let ws = DEMO_HOUSTON_WORKSPACE_ID;
        env.run(&["workspace", "team", "list", "--workspace-id", ws])
            .assert_ok();
        env.run(&["workspace", "team", "add", ADMINS, "-w", ws])
            .assert_ok();
        env.run(&[
            "workspace",
            "team",
            "update",
            ADMINS,
            "-w",
            ws,
            "-r",
            "WORKSPACE_ADMIN",
        ])
        .assert_ok();
        env.run(&["workspace", "team", "remove", ADMINS, "-w", ws])
            .assert_ok();
        env.fake.clear_requests();
        for args in [
            &["workspace", "team", "list"][..],
            &["workspace", "team", "add", ADMINS],
            &["workspace", "team", "update", ENGINEERS],
            &["workspace", "team", "remove", ENGINEERS],
        ] {
            env.run(args).assert_error(NO_WORKSPACE);
        }
        assert!(env.requests().is_empty());
    }
}
