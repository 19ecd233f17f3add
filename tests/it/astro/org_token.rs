//! `astro workspace token organization-token add | update | remove | list` against the fake
//! Astro API.

use crate::common::*;
use fake_control_plane::{ApiTokenRole, DEMO_ANALYTICS_WORKSPACE_ID};
use serde_json::json;

const ORG_ADMIN: &str = "cltokorgadmin000000000004";

const ROLE_ERROR: &str = "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ";
const ADD_PROMPT: &str = "Enter a role for the API token. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR: ";
const UPDATE_PROMPT: &str = "Enter a new Workspace role for the Organization API token. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR: ";
const ADDED: &str =
    "Astro Organization API token org-admin was successfully added/updated to the Workspace\n";

fn roles(env: &TestEnv, id: &str) -> Vec<ApiTokenRole> {
    env.fake.with_state(|s| s.token(id).unwrap().roles.clone())
}

fn org_owner() -> ApiTokenRole {
    ApiTokenRole::new("ORGANIZATION", DEFAULT_ORG_ID, "ORGANIZATION_OWNER")
}

fn ot(args: &[&str]) -> Vec<String> {
    let mut all = vec!["workspace", "token", "organization-token"];
    all.extend_from_slice(args);
    all.into_iter().map(String::from).collect()
}

fn run(env: &TestEnv, args: &[&str]) -> Run {
    let args = ot(args);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    env.run(&refs)
}

fn run_with_input(env: &TestEnv, args: &[&str], input: &str) -> Run {
    let args = ot(args);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    env.run_with_input(&refs, input)
}

mod list {
    use super::*;

    #[test]
    fn only_organization_tokens() {
        let env = TestEnv::astro();
        let out = run(&env, &["list"]);
        out.assert_ok();
        assert_eq!(
            out.stdout,
            concat!(
                " ID                            NAME          DESCRIPTION                 SCOPE            WORKSPACE ROLE      CREATED         CREATED BY     \n",
                " cltokorgadmin000000000004     org-admin     Organization automation     ORGANIZATION     WORKSPACE_OWNER     60 days ago     Demo User      \n",
            )
        );
        assert_eq!(
            env.request_lines(),
            [format!("GET {TOKENS}?limit=100&offset=0&workspaceId={WS}")]
        );
    }

    #[test]
    fn workspace_id_is_honoured_and_json_parses() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            let t = s.add_organization_token("reporting");
            s.token_mut(&t.id)
                .unwrap()
                .roles
                .push(ApiTokenRole::workspace(
                    DEMO_ANALYTICS_WORKSPACE_ID,
                    "WORKSPACE_MEMBER",
                ));
        });
        // Go ignored the flag and used the context's workspace
        // (docs/compatibility.md#workspace-id).
        let out = env.run(&[
            "workspace",
            "token",
            "--workspace-id",
            DEMO_ANALYTICS_WORKSPACE_ID,
            "organization-token",
            "list",
            "--json",
        ]);
        out.assert_ok();
        let document: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let parsed = document["tokens"].as_array().unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0]["name"], "reporting");
        assert_eq!(parsed[0]["workspaceRole"], "WORKSPACE_MEMBER");
        assert_eq!(parsed[0]["scope"], "ORGANIZATION");
        assert_eq!(
            env.request_lines(),
            [format!(
                "GET {TOKENS}?limit=100&offset=0&workspaceId={DEMO_ANALYTICS_WORKSPACE_ID}"
            )]
        );
        let out = run(
            &env,
            &[
                "list",
                "-o",
                "json",
                "--workspace-id",
                "clwsempty00000000000000001",
            ],
        );
        assert_eq!(out.stdout, "{\n  \"tokens\": []\n}\n");
    }
}

mod add {
    use super::*;

    #[test]
    fn by_name_into_another_workspace() {
        let env = TestEnv::astro();
        let out = run(
            &env,
            &[
                "add",
                "-n",
                "org-admin",
                "-r",
                "WORKSPACE_AUTHOR",
                "--workspace-id",
                DEMO_ANALYTICS_WORKSPACE_ID,
            ],
        );
        out.assert_ok();
        assert_eq!(out.stdout, ADDED);
        assert_eq!(out.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TOKENS}?includeOnlyOrganizationTokens=true&limit=100&offset=0"),
                format!("GET {TOKENS}/{ORG_ADMIN}"),
                format!("POST {TOKENS}/{ORG_ADMIN}/roles"),
            ]
        );
        assert_eq!(
            roles(&env, ORG_ADMIN),
            [
                org_owner(),
                ApiTokenRole::workspace(WS, "WORKSPACE_OWNER"),
                ApiTokenRole::workspace(DEMO_ANALYTICS_WORKSPACE_ID, "WORKSPACE_AUTHOR"),
            ]
        );
    }

    #[test]
    fn typed_role_is_checked() {
        let env = TestEnv::astro();
        let out = run_with_input(&env, &["add", ORG_ADMIN], "WORKSPACE_MEMBER\n");
        out.assert_ok();
        assert_eq!(out.stderr, format!("{ADD_PROMPT}\n"));
        assert_eq!(out.stdout, ADDED);
        assert_eq!(
            roles(&env, ORG_ADMIN),
            [org_owner(), ApiTokenRole::workspace(WS, "WORKSPACE_MEMBER")]
        );

        // Go sent anything typed, and an empty answer ended in "already been added"
        // (docs/compatibility.md#org-token-role).
        for typed in ["\n", "admin\n"] {
            let out = run_with_input(&env, &["add", ORG_ADMIN], typed);
            assert_eq!(out.code, 1);
            assert_eq!(out.stderr, format!("{ADD_PROMPT}\nError: {ROLE_ERROR}\n"));
        }
        let out = run(&env, &["add", ORG_ADMIN]);
        assert_eq!(
            out.stderr,
            format!(
                "{ADD_PROMPT}\nError: no role given and no input to read one from: pass --role\n"
            )
        );
        assert_eq!(env.requests().len(), 2, "only the first run sent anything");
    }

    #[test]
    fn same_role_and_wrong_kind() {
        let env = TestEnv::astro();
        run(&env, &["add", ORG_ADMIN, "--role", "WORKSPACE_OWNER"]).assert_error(
            "this Organization API token has already been added to the Workspace with that role",
        );
        run(&env, &["add", CI, "--role", "WORKSPACE_OWNER"])
            .assert_error("the token selected is not of the type you are trying to modify");
        run(
            &env,
            &["add", "--org-token-name", "ci", "--role", "WORKSPACE_OWNER"],
        )
        .assert_error("organization token specified was not found: \"ci\". Run the Go CLI's astro organization token list to see the Organization's tokens");
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn organization_menu() {
        let env = TestEnv::astro();
        let out = run_with_input(&env, &["add", "-r", "WORKSPACE_OPERATOR"], "1\n");
        out.assert_ok();
        assert_eq!(
            out.stderr,
            concat!(
                "\nPlease select the Organization API token you would like to update:\n",
                " #     NAME          DESCRIPTION                 ROLE                   EXPIRES     \n",
                " 1     org-admin     Organization automation     ORGANIZATION_OWNER     365         \n",
                "\n> \n"
            )
        );
        assert_eq!(
            roles(&env, ORG_ADMIN)[1],
            ApiTokenRole::workspace(WS, "WORKSPACE_OPERATOR")
        );
    }
}

mod update {
    use super::*;

    #[test]
    fn by_name_looks_in_the_workspace() {
        let env = TestEnv::astro();
        let out = run(
            &env,
            &[
                "update",
                "--org-token-name",
                "org-admin",
                "--role",
                "WORKSPACE_MEMBER",
            ],
        );
        out.assert_ok();
        assert_eq!(out.stdout, ADDED);
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TOKENS}?limit=100&offset=0&workspaceId={WS}"),
                format!("GET {TOKENS}/{ORG_ADMIN}"),
                format!("POST {TOKENS}/{ORG_ADMIN}/roles"),
            ]
        );
        assert_eq!(
            env.requests()[2].json(),
            json!({"roles": [
                {"entityId": DEFAULT_ORG_ID, "entityType": "ORGANIZATION", "role": "ORGANIZATION_OWNER"},
                {"entityId": WS, "entityType": "WORKSPACE", "role": "WORKSPACE_MEMBER"},
            ]})
        );
    }

    #[test]
    fn prompt_then_workspace_menu_of_organization_tokens() {
        let env = TestEnv::astro();
        let out = run_with_input(&env, &["update"], "WORKSPACE_AUTHOR\n1\n");
        out.assert_ok();
        assert!(out.stderr.starts_with(&format!(
            "{UPDATE_PROMPT}\n\nPlease select the Workspace API token you would like to update:\n #     ID "
        )), "{out:?}");
        assert!(
            out.stderr
                .contains(" 1     cltokorgadmin000000000004     org-admin "),
            "{out:?}"
        );
        assert!(
            !out.stderr.contains(" 2 "),
            "only Organization tokens: {out:?}"
        );
        assert_eq!(
            roles(&env, ORG_ADMIN)[1],
            ApiTokenRole::workspace(WS, "WORKSPACE_AUTHOR")
        );
        let out = run_with_input(&env, &["update", "-r", "WORKSPACE_MEMBER"], "2\n");
        assert!(
            out.stderr
                .ends_with("Error: invalid Workspace API token selection\n"),
            "{out:?}"
        );
    }

    #[test]
    fn refusals() {
        let env = TestEnv::astro();
        run(&env, &["update", ORG_ADMIN, "-r", "WORKSPACE_OWNER"]).assert_error(
            "this Organization API token has already been added to the Workspace with that role",
        );
        run(&env, &["update", CI, "-r", "WORKSPACE_AUTHOR"])
            .assert_error("the token selected is not of the type you are trying to modify");
        run(&env, &["update", "-n", "ci", "-r", "WORKSPACE_AUTHOR"])
            .assert_error("no Workspace API token was found for the API token name you provided. The token \"ci\" is a Workspace token: update it with astro workspace token update --name \"ci\"");
        run(&env, &["update", ORG_ADMIN, "-r", "ACCESSORS"])
            .assert_bad_value("ACCESSORS", ROLE_ERROR);
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }
}

mod remove {
    use super::*;

    #[test]
    fn by_name() {
        let env = TestEnv::astro();
        let out = run(&env, &["remove", "-n", "org-admin"]);
        out.assert_ok();
        assert_eq!(
            out.stdout,
            "Astro Organization API token org-admin was successfully removed from the Workspace\n"
        );
        assert_eq!(out.stderr, "");
        assert_eq!(roles(&env, ORG_ADMIN), [org_owner()]);
        assert_eq!(env.requests().len(), 3);
    }

    #[test]
    fn a_token_without_a_role_here_succeeds_as_in_go_and_nothing_is_sent() {
        let env = TestEnv::astro();
        let id = env
            .fake
            .with_state(|s| s.add_organization_token("reporting").id);
        let out = run(&env, &["remove", &id]);
        out.assert_ok();
        assert_eq!(
            out.stdout,
            "Astro Organization API token reporting was successfully removed from the Workspace\n"
        );
        assert_eq!(env.request_lines(), [format!("GET {TOKENS}/{id}")]);
    }

    #[test]
    fn menu_and_its_errors() {
        let env = TestEnv::astro();
        let out = run(&env, &["remove"]);
        assert!(
            out.stderr
                .starts_with("\nPlease select the Workspace API token you would like to remove:\n"),
            "{out:?}"
        );
        assert!(out.stderr.ends_with(
            "\n> \nError: no token selected and no input to choose one: pass ORG_TOKEN_ID or --org-token-name\n"
        ), "{out:?}");
        let out = run_with_input(&env, &["remove"], "1\n");
        out.assert_ok();
        assert_eq!(roles(&env, ORG_ADMIN), [org_owner()]);
        // No Organization token is left in the workspace.
        run(&env, &["remove"])
            .assert_error(&format!("no Organization API tokens in workspace {WS}"));
    }
}
