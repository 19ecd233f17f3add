//! Astro workspace roles and the requests that change them: WORKSPACE_ACCESSOR is taken
//! everywhere a role is, the role menu keeps Go's numbers, role changes send only the fields the
//! API documents, a subject without an Organization role is refused before anything is sent,
//! and a token name of the wrong kind says what the token is.

use crate::common::*;
use fake_control_plane::{
    DEMO_ADA_USER_ID, DEMO_GRACE_USER_ID, DEMO_PLATFORM_TEAM_ID, DEMO_SANDBOX_WORKSPACE_ID,
};
use serde_json::json;

const ORG: &str = "/v1/organizations/clorg0000000000000000000000";
const WS: &str = DEMO_WORKSPACE_ID;
const DEPLOYMENT: &str = "cldep0000000000000000001";

const ROLE_MENU: &str = concat!(
    " #     ROLE                   \n",
    " 1     WORKSPACE_MEMBER       \n",
    " 2     WORKSPACE_AUTHOR       \n",
    " 3     WORKSPACE_OPERATOR     \n",
    " 4     WORKSPACE_OWNER        \n",
    " 5     WORKSPACE_ACCESSOR     \n",
    "\n> \n"
);

fn user_role(env: &TestEnv, id: &str, ws: &str) -> Option<String> {
    env.fake.with_state(|s| {
        s.astro_user(id)
            .unwrap()
            .workspace_role(ws)
            .map(str::to_string)
    })
}

fn team_role(env: &TestEnv, id: &str, ws: &str) -> Option<String> {
    env.fake.with_state(|s| {
        s.astro_team(id)
            .unwrap()
            .workspace_role(ws)
            .map(str::to_string)
    })
}

/// The body of the last request, which must be the roles POST of `path`.
fn roles_body(env: &TestEnv, path: &str) -> serde_json::Value {
    let requests = env.requests();
    let last = requests.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str()),
        ("POST", path),
        "{:?}",
        env.request_lines()
    );
    last.json()
}

mod accessor {
    use super::*;

    #[test]
    fn user_add_and_update_take_it() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "user",
            "add",
            "grace@example.com",
            "--role",
            "WORKSPACE_ACCESSOR",
        ]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            "The user grace@example.com was successfully added to the workspace with the role WORKSPACE_ACCESSOR\n"
        );
        assert_eq!(
            roles_body(&env, &format!("{ORG}/users/{DEMO_GRACE_USER_ID}/roles"))["workspaceRoles"],
            json!([{"role": "WORKSPACE_ACCESSOR", "workspaceId": WS}])
        );
        assert_eq!(
            user_role(&env, DEMO_GRACE_USER_ID, WS).as_deref(),
            Some("WORKSPACE_ACCESSOR")
        );

        // Typed at update's prompt, as the prompt now lists it.
        let run = env.run_with_input(
            &["workspace", "user", "update", "ada@example.com"],
            "WORKSPACE_ACCESSOR\n",
        );
        run.assert_ok();
        assert!(
            run.stderr.starts_with("Enter a user Workspace role(WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR) to update user: "),
            "{run:?}"
        );
        assert_eq!(
            user_role(&env, DEMO_ADA_USER_ID, WS).as_deref(),
            Some("WORKSPACE_ACCESSOR")
        );
    }

    #[test]
    fn team_add_and_token_create_take_it() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "team",
            "add",
            DEMO_PLATFORM_TEAM_ID,
            "-w",
            DEMO_SANDBOX_WORKSPACE_ID,
            "-r",
            "WORKSPACE_ACCESSOR",
        ])
        .assert_ok();
        assert_eq!(
            team_role(&env, DEMO_PLATFORM_TEAM_ID, DEMO_SANDBOX_WORKSPACE_ID).as_deref(),
            Some("WORKSPACE_ACCESSOR")
        );

        env.fake.clear_requests();
        env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "reader",
            "-r",
            "WORKSPACE_ACCESSOR",
            "-c",
        ])
        .assert_ok();
        assert_eq!(env.requests()[0].json()["role"], "WORKSPACE_ACCESSOR");
    }

    #[test]
    fn the_role_menu_keeps_go_numbers_and_adds_it_last() {
        // A script written for Go answers 4 for WORKSPACE_OWNER: it still does.
        let env = TestEnv::astro();
        let run = env.run_with_input(
            &["workspace", "team", "update", DEMO_PLATFORM_TEAM_ID],
            "4\n",
        );
        run.assert_ok();
        assert_eq!(run.stderr, ROLE_MENU);
        assert_eq!(
            team_role(&env, DEMO_PLATFORM_TEAM_ID, WS).as_deref(),
            Some("WORKSPACE_OWNER")
        );

        let run = env.run_with_input(
            &["workspace", "team", "update", DEMO_PLATFORM_TEAM_ID],
            "5\n",
        );
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!(
                "The workspace team {DEMO_PLATFORM_TEAM_ID} role was successfully updated to WORKSPACE_ACCESSOR\n"
            )
        );
        assert_eq!(
            team_role(&env, DEMO_PLATFORM_TEAM_ID, WS).as_deref(),
            Some("WORKSPACE_ACCESSOR")
        );
    }

    #[test]
    fn help_lists_it_and_other_spellings_keep_go_error() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "user", "add", "--help"][..],
            &["workspace", "user", "update", "--help"],
            &["workspace", "team", "add", "--help"],
            &["workspace", "team", "update", "--help"],
            &["workspace", "token", "create", "--help"],
            &["workspace", "token", "update", "--help"],
            &["workspace", "token", "add", "--help"],
            &["workspace", "token", "organization-token", "add", "--help"],
        ] {
            let run = env.run(args);
            run.assert_ok();
            assert!(
                run.stdout
                    .contains("WORKSPACE_OWNER, and WORKSPACE_ACCESSOR"),
                "{args:?}: {}",
                run.stdout
            );
        }
        // Exact and case-sensitive, as in Go, with Go's text word for word.
        env.run(&[
            "workspace",
            "user",
            "add",
            "grace@example.com",
            "-r",
            "workspace_admin",
        ])
        .assert_bad_value("workspace_admin", "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ");
        assert!(env.requests().is_empty());
    }
}

mod documented_fields {
    use super::*;

    /// Gives Ada and the platform team role entries with answer-only fields, as a server may
    /// send them back; a strict server refuses those fields in a request.
    fn with_answer_only_fields(env: &TestEnv) {
        env.fake.with_state(|s| {
            let extra_deployment = json!({
                "deploymentId": DEPLOYMENT,
                "role": "DEPLOYMENT_ADMIN",
                "deploymentName": "prod",
                "workspaceId": WS,
            });
            let extra_dag = json!({
                "deploymentId": DEPLOYMENT,
                "role": "DAG_VIEWER",
                "dagId": "etl",
                "dagTag": "",
                "id": "cldagrole01",
                "deploymentName": "prod",
            });
            let ada = s
                .astro_users
                .iter_mut()
                .find(|u| u.id == DEMO_ADA_USER_ID)
                .unwrap();
            ada.deployment_roles = vec![extra_deployment.clone()];
            ada.dag_roles = vec![extra_dag.clone()];
            let team = s
                .astro_teams
                .iter_mut()
                .find(|t| t.id == DEMO_PLATFORM_TEAM_ID)
                .unwrap();
            team.deployment_roles = vec![extra_deployment];
            team.dag_roles = vec![extra_dag];
        });
    }

    #[test]
    fn user_update_sends_typed_entries_only() {
        let env = TestEnv::astro();
        with_answer_only_fields(&env);
        env.run(&[
            "workspace",
            "user",
            "update",
            "ada@example.com",
            "-r",
            "WORKSPACE_OPERATOR",
        ])
        .assert_ok();
        let body = roles_body(&env, &format!("{ORG}/users/{DEMO_ADA_USER_ID}/roles"));
        assert_eq!(
            body,
            json!({
                "dagRoles": [{"dagId": "etl", "deploymentId": DEPLOYMENT, "role": "DAG_VIEWER"}],
                "deploymentRoles": [{"deploymentId": DEPLOYMENT, "role": "DEPLOYMENT_ADMIN"}],
                "organizationRole": "ORGANIZATION_MEMBER",
                "workspaceRoles": [
                    {"role": "WORKSPACE_MEMBER", "workspaceId": fake_control_plane::DEMO_ANALYTICS_WORKSPACE_ID},
                    {"role": "WORKSPACE_OPERATOR", "workspaceId": WS}
                ]
            })
        );
        // The DAG and Deployment roles survived the change.
        env.fake.with_state(|s| {
            let ada = s.astro_user(DEMO_ADA_USER_ID).unwrap();
            assert_eq!(ada.dag_roles[0]["dagId"], "etl");
            assert_eq!(ada.deployment_roles[0]["role"], "DEPLOYMENT_ADMIN");
        });
    }

    #[test]
    fn user_add_and_remove_send_typed_entries_only() {
        let env = TestEnv::astro();
        with_answer_only_fields(&env);
        env.run(&[
            "workspace",
            "user",
            "add",
            "ada@example.com",
            "--workspace-id",
            DEMO_SANDBOX_WORKSPACE_ID,
        ])
        .assert_ok();
        env.run(&["workspace", "user", "remove", "ada@example.com"])
            .assert_ok();
        let body = roles_body(&env, &format!("{ORG}/users/{DEMO_ADA_USER_ID}/roles"));
        assert_eq!(
            body["deploymentRoles"],
            json!([{"deploymentId": DEPLOYMENT, "role": "DEPLOYMENT_ADMIN"}])
        );
        assert_eq!(
            body["dagRoles"],
            json!([{"dagId": "etl", "deploymentId": DEPLOYMENT, "role": "DAG_VIEWER"}])
        );
        assert_eq!(user_role(&env, DEMO_ADA_USER_ID, WS), None);
    }

    #[test]
    fn team_update_and_remove_send_typed_entries_only() {
        let env = TestEnv::astro();
        with_answer_only_fields(&env);
        env.run(&[
            "workspace",
            "team",
            "update",
            DEMO_PLATFORM_TEAM_ID,
            "-r",
            "WORKSPACE_AUTHOR",
        ])
        .assert_ok();
        let path = format!("{ORG}/teams/{DEMO_PLATFORM_TEAM_ID}/roles");
        assert_eq!(
            roles_body(&env, &path),
            json!({
                "dagRoles": [{"dagId": "etl", "deploymentId": DEPLOYMENT, "role": "DAG_VIEWER"}],
                "deploymentRoles": [{"deploymentId": DEPLOYMENT, "role": "DEPLOYMENT_ADMIN"}],
                "organizationRole": "ORGANIZATION_MEMBER",
                "workspaceRoles": [{"role": "WORKSPACE_AUTHOR", "workspaceId": WS}]
            })
        );
        env.run(&["workspace", "team", "remove", DEMO_PLATFORM_TEAM_ID])
            .assert_ok();
        assert_eq!(roles_body(&env, &path)["workspaceRoles"], json!([]));
        assert_eq!(team_role(&env, DEMO_PLATFORM_TEAM_ID, WS), None);
    }
}

mod no_organization_role {
    use super::*;

    #[test]
    fn a_user_without_one_is_refused_before_sending() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            let grace = s
                .astro_users
                .iter_mut()
                .find(|u| u.id == DEMO_GRACE_USER_ID)
                .unwrap();
            grace.organization_role = None;
            grace.workspace_roles = vec![fake_control_plane::WorkspaceRole::new(
                WS,
                "WORKSPACE_MEMBER",
            )];
        });
        let expected = "the user grace@example.com has no Organization role, and the API changes Workspace roles only for members of the Organization: give them one first, e.g. with the Go CLI's astro organization user update grace@example.com --role ORGANIZATION_MEMBER";
        for args in [
            &["workspace", "user", "add", "grace@example.com"][..],
            &[
                "workspace",
                "user",
                "update",
                "grace@example.com",
                "-r",
                "WORKSPACE_OWNER",
            ],
            &["workspace", "user", "remove", "grace@example.com"],
        ] {
            env.fake.clear_requests();
            env.run(args).assert_error(expected);
            assert!(
                env.request_lines().iter().all(|l| l.starts_with("GET")),
                "{args:?}: {:?}",
                env.request_lines()
            );
        }
    }

    #[test]
    fn a_team_without_one_is_refused_before_sending() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            s.astro_teams
                .iter_mut()
                .find(|t| t.id == DEMO_PLATFORM_TEAM_ID)
                .unwrap()
                .organization_role = String::new();
        });
        env.run(&[
            "workspace",
            "team",
            "update",
            DEMO_PLATFORM_TEAM_ID,
            "-r",
            "WORKSPACE_MEMBER",
        ])
        .assert_error(&format!("the team platform ({DEMO_PLATFORM_TEAM_ID}) has no Organization role, and the API changes Workspace roles only for members of the Organization: give it one first in the Astro UI (Organization Settings, Access Management, Teams)"));
        assert_eq!(
            env.request_lines(),
            [format!("GET {ORG}/teams/{DEMO_PLATFORM_TEAM_ID}")]
        );
    }
}

mod token_kinds {
    use super::*;

    #[test]
    fn a_workspace_token_named_to_organization_token_commands() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "token",
            "organization-token",
            "remove",
            "-n",
            "ci",
        ])
        .assert_error("no Workspace API token was found for the API token name you provided. The token \"ci\" is a Workspace token: delete it with astro workspace token delete --name \"ci\"");
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn an_unknown_name_keeps_go_text_first() {
        let env = TestEnv::astro();
        env.run(&["workspace", "token", "rotate", "--name", "no-such", "-f"])
            .assert_error(&format!("no Workspace API token was found for the API token name you provided: \"no-such\". Run astro workspace token list to see the tokens of workspace {DEMO_WORKSPACE_ID}"));
    }
}
