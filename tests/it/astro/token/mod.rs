//! `astro workspace token list | create | update | delete | add` against the fake Astro API.
//! Rotate, the ambiguity rules and expiry have their own files.

mod ambiguity;
mod expiry;
mod expiry_seen;
mod rotate;

use crate::common::*;
use fake_control_plane::{ApiTokenRole, DEMO_ANALYTICS_WORKSPACE_ID};
use serde_json::json;

const DEPLOY_BOT: &str = "cltokdeploybot00000000002";
const NIGHTLY: &str = "cltoknightly0000000000003";
const ORG_ADMIN: &str = "cltokorgadmin000000000004";

const ROLE_ERROR: &str = "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ";
const NO_TOKEN_INPUT: &str =
    "no token selected and no input to choose one: pass TOKEN_ID or --name";

const ROLE_MENU: &str = concat!(
    " #     ROLE                   \n",
    " 1     WORKSPACE_MEMBER       \n",
    " 2     WORKSPACE_AUTHOR       \n",
    " 3     WORKSPACE_OPERATOR     \n",
    " 4     WORKSPACE_OWNER        \n",
    " 5     WORKSPACE_ACCESSOR     \n",
    "\n> \n"
);

fn org_list() -> String {
    format!("GET {TOKENS}?includeOnlyOrganizationTokens=true&limit=100&offset=0")
}

fn token(env: &TestEnv, id: &str) -> Option<fake_control_plane::ApiToken> {
    env.fake.with_state(|s| s.token(id).cloned())
}

fn roles(env: &TestEnv, id: &str) -> Vec<(String, String, String)> {
    token(env, id)
        .unwrap()
        .roles
        .iter()
        .map(|r| (r.entity_type.clone(), r.entity_id.clone(), r.role.clone()))
        .collect()
}

fn role(kind: &str, id: &str, role: &str) -> (String, String, String) {
    (kind.into(), id.into(), role.into())
}

mod list {
    use super::*;

    #[test]
    fn table_of_every_token_with_a_role_in_the_workspace() {
        let env = TestEnv::astro();
        for args in [&["workspace", "token", "list"][..], &["wo", "to", "ls"]] {
            env.fake.clear_requests();
            let run = env.run(args);
            insta::allow_duplicates! {
                astro_snapshot!(env, run, @r#"
                success: true
                exit_code: 0
                ----- stdout -----
                 ID                            NAME           DESCRIPTION                     SCOPE            WORKSPACE ROLE         CREATED         CREATED BY     
                 cltokci000000000000000001     ci                                             WORKSPACE        WORKSPACE_MEMBER       30 days ago     Demo User      
                 cltokdeploybot00000000002     deploy-bot     Deploys from GitHub Actions     WORKSPACE        WORKSPACE_OPERATOR     7 days ago      Demo User      
                 cltoknightly0000000000003     nightly                                        WORKSPACE        WORKSPACE_AUTHOR       2 days ago      ci             
                 cltokorgadmin000000000004     org-admin      Organization automation         ORGANIZATION     WORKSPACE_OWNER        60 days ago     Demo User      

                ----- stderr -----
                "#);
            }
            assert_eq!(run.stderr, "");
            assert_eq!(env.request_lines(), [ws_list(TOKENS, WS)]);
        }
    }

    #[test]
    fn json_parses_back() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "token", "list", "--json"]);
        run.assert_ok();
        let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let parsed = document["tokens"].as_array().unwrap();
        assert_eq!(parsed.len(), 4);
        let created = token(&env, NIGHTLY).unwrap().created_at;
        assert_eq!(
            parsed[2],
            json!({
                "id": NIGHTLY,
                "name": "nightly",
                "description": "",
                "scope": "WORKSPACE",
                "kind": "STANDARD",
                "workspaceRole": "WORKSPACE_AUTHOR",
                "createdAt": created,
                "createdBy": "ci"
            })
        );
        let again = env.run(&["workspace", "token", "list", "-o", "json"]);
        assert_eq!(again.stdout, run.stdout);
    }

    #[test]
    fn another_workspace_and_an_empty_one() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "token",
            "--workspace-id",
            "clwsempty0000000000000000",
            "list",
        ]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
         ID     NAME     DESCRIPTION     SCOPE     WORKSPACE ROLE     CREATED     CREATED BY     

        ----- stderr -----
        "#);
        assert_eq!(
            env.request_lines(),
            [ws_list(TOKENS, "clwsempty0000000000000000")]
        );
        let run = env.run(&[
            "workspace",
            "token",
            "list",
            "--workspace-id",
            "clwsempty0000000000000000",
            "--json",
        ]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "tokens": []
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn two_hundred_fifty_tokens_take_pages_0_100_200_page_one_first() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            for i in 0..246 {
                s.add_workspace_token(WS, &format!("bulk-{i:03}"));
            }
        });
        let run = env.run(&["workspace", "token", "list", "--json"]);
        run.assert_ok();
        let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let parsed = document["tokens"].as_array().unwrap();
        assert_eq!(parsed.len(), 250);
        assert_eq!(parsed[0]["name"], "ci");
        assert_eq!(parsed[4]["name"], "bulk-000");
        assert_eq!(parsed[249]["name"], "bulk-245", "server order kept");
        let lines = env.request_lines();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0], ws_list(TOKENS, WS));
        let mut rest = lines[1..].to_vec();
        rest.sort();
        assert_eq!(
            rest,
            [
                format!("GET {TOKENS}?limit=100&offset=100&workspaceId={WS}"),
                format!("GET {TOKENS}?limit=100&offset=200&workspaceId={WS}"),
            ]
        );
    }

    #[test]
    fn five_thousand_tokens_are_listed_quickly() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            for i in 0..4996 {
                s.add_workspace_token(WS, &format!("bulk-{i:04}"));
            }
        });
        let started = std::time::Instant::now();
        let run = env.run(&["workspace", "token", "list"]);
        let took = started.elapsed();
        run.assert_ok();
        assert_eq!(run.stdout.lines().count(), 5001);
        assert!(
            run.stdout.lines().last().unwrap().starts_with(" cl"),
            "{took:?}"
        );
        assert_eq!(env.requests().len(), 50);
        // Generous for a debug build on a shared machine; a page-at-a-time client with a
        // quadratic renderer would not come close.
        assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn server_errors_pass_through() {
        let env = TestEnv::astro();
        env.fake
            .inject(Fault::status(FaultTarget::rest("GET", "/tokens"), 500, 1));
        env.run(&["workspace", "token", "list"])
            .assert_error("injected fault: status 500");
        env.fake
            .inject(Fault::malformed(FaultTarget::rest("GET", "/tokens"), 1));
        env.run(&["workspace", "token", "list", "--json"])
            .assert_error("failed to perform request, status 200");
    }
}

mod create {
    use super::*;

    fn newest(env: &TestEnv) -> fake_control_plane::ApiToken {
        env.fake
            .with_state(|s| s.api_tokens.last().cloned())
            .unwrap()
    }

    #[test]
    fn with_every_flag() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "token",
            "create",
            "--name",
            "ci two",
            "--description",
            "second CI",
            "--role",
            "WORKSPACE_AUTHOR",
            "--expiration",
            "30",
        ]);
        run.assert_ok();
        let created = newest(&env);
        assert_eq!(created.name, "ci two");
        assert_eq!(created.expiry_period_in_days, Some(30));
        astro_snapshot!(env, run, [(&created.token, "[NEW_TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----

        Astro Workspace API token ci two was successfully created
        Copy and paste this API token for your records.

        [NEW_TOKEN]

        You will not be shown this API token value again.

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        let requests = env.requests();
        assert_eq!(env.request_lines(), [format!("POST {TOKENS}")]);
        assert_eq!(
            requests[0].body,
            format!(
                r#"{{"description":"second CI","entityId":"{WS}","name":"ci two","role":"WORKSPACE_AUTHOR","scope":"WORKSPACE","tokenExpiryPeriodInDays":30}}"#
            )
        );
    }

    #[test]
    fn clean_output_is_the_token_alone() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "wo",
            "to",
            "cr",
            "-n",
            "x",
            "-r",
            "WORKSPACE_MEMBER",
            "-c",
            "-d",
            "d",
            "-e",
            "3650",
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, [(newest(&env).token, "[NEW_TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        [NEW_TOKEN]

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert!(
            env.requests()[0]
                .body
                .ends_with(r#""tokenExpiryPeriodInDays":3650}"#)
        );
    }

    #[test]
    fn clean_output_with_an_api_token_keeps_the_notice_on_stderr() {
        let jwt_token = jwt(&json!({
            "permissions": [format!("organizationId:{DEFAULT_ORG_ID}"), format!("workspaceId:{WS}")],
            "exp": 4_102_444_800u64
        }));
        let env = TestEnv::with_api_token(&jwt_token);
        let run = env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "x",
            "-r",
            "WORKSPACE_MEMBER",
            "-c",
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, [(newest(&env).token, "[NEW_TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        [NEW_TOKEN]

        ----- stderr -----
        Using an Astro API Token
        "#);
        assert_eq!(run.stderr, "Using an Astro API Token\n");
    }

    #[test]
    fn zero_days_means_no_expiration() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "x",
            "-r",
            "WORKSPACE_MEMBER",
            "-e",
            "0",
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, [(newest(&env).token, "[NEW_TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----

        Astro Workspace API token x was successfully created
        Copy and paste this API token for your records.

        [NEW_TOKEN]

        You will not be shown this API token value again.

        ----- stderr -----
        "#);
        assert_eq!(
            env.requests()[0].body,
            format!(
                r#"{{"description":"","entityId":"{WS}","name":"x","role":"WORKSPACE_MEMBER","scope":"WORKSPACE"}}"#
            )
        );
    }

    #[test]
    fn expiration_out_of_range_is_refused_before_any_request() {
        let env = TestEnv::astro();
        for days in ["3651", "-1", "abc", "99999999999999999999"] {
            let run = env.run(&[
                "workspace",
                "token",
                "create",
                "-n",
                "x",
                "-r",
                "WORKSPACE_MEMBER",
                "--expiration",
                days,
            ]);
            assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{days}: {run:?}");
            assert!(run.stderr.contains("--expiration"), "{run:?}");
        }
        let run = env.run(&["workspace", "token", "create", "-n", "x", "-e", "4000"]);
        assert!(
            run.stderr.contains("must be between 1 and 3650 days"),
            "{run:?}"
        );
        assert!(env.requests().is_empty());
    }

    #[test]
    fn name_prompt_and_role_menu_from_one_pipe() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "create", "-c"], "piped name\n4\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!(
                "Enter a name for the new Workspace API token: \nSelect a Workspace Role for the new API token:\n{ROLE_MENU}"
            )
        );
        let created = newest(&env);
        assert_eq!(run.stdout, format!("{}\n", created.token));
        assert_eq!(created.name, "piped name");
        assert_eq!(
            created.roles,
            [ApiTokenRole::workspace(WS, "WORKSPACE_OWNER")]
        );
    }

    #[test]
    fn prompt_errors() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "create", "-n", "x"], "6\n");
        assert_eq!((run.code, run.stdout.as_str()), (1, ""));
        assert!(
            run.stderr
                .ends_with("\n> \nError: invalid workspace role selection\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "token", "create", "-r", "WORKSPACE_MEMBER"]);
        assert_eq!(
            run.stderr,
            "Enter a name for the new Workspace API token: \nError: no token name given and no input to read one from: pass --name\n"
        );
        let run = env.run(&["workspace", "token", "create", "-n", "x"]);
        assert!(
            run.stderr.ends_with(
                "\n> \nError: no role selected and no input to choose one: pass --role\n"
            ),
            "{run:?}"
        );
        let run = env.run_with_input(
            &["workspace", "token", "create", "-r", "WORKSPACE_MEMBER"],
            "\n",
        );
        assert!(
            run.stderr.ends_with(
                "Error: no name provided for the workspace token. Retry with a valid name\n"
            ),
            "{run:?}"
        );
        env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "x",
            "-r",
            "workspace_admin",
        ])
        .assert_bad_value("workspace_admin", ROLE_ERROR);
        assert!(env.requests().is_empty());
    }

    #[test]
    fn into_another_workspace() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "x",
            "-r",
            "WORKSPACE_MEMBER",
            "--workspace-id",
            DEMO_ANALYTICS_WORKSPACE_ID,
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, [(newest(&env).token, "[NEW_TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----

        Astro Workspace API token x was successfully created
        Copy and paste this API token for your records.

        [NEW_TOKEN]

        You will not be shown this API token value again.

        ----- stderr -----
        "#);
        assert_eq!(
            newest(&env).roles,
            [ApiTokenRole::workspace(
                DEMO_ANALYTICS_WORKSPACE_ID,
                "WORKSPACE_MEMBER"
            )]
        );
    }

    #[test]
    fn server_errors_pass_through_and_are_not_retried() {
        let env = TestEnv::astro();
        env.fake
            .inject(Fault::status(FaultTarget::rest("POST", "/tokens"), 503, 1));
        env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "x",
            "-r",
            "WORKSPACE_MEMBER",
        ])
        .assert_error("injected fault: status 503");
        assert_eq!(env.requests().len(), 1);
    }
}

mod update {
    use super::*;

    #[test]
    fn by_id_renames_and_changes_the_role() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "token",
            "update",
            &CI.to_uppercase(),
            "--new-name",
            "ci-renamed",
            "--description",
            "now described",
            "--role",
            "WORKSPACE_OWNER",
        ]);
        run.assert_ok();
        // The name from before the update, as in Go (docs/compatibility.md#kept-success-lines).
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace API token ci was successfully updated

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TOKENS}/{CI}"),
                format!("POST {TOKENS}/{CI}"),
                format!("POST {TOKENS}/{CI}/roles"),
            ]
        );
        let requests = env.requests();
        assert_eq!(
            requests[1].body,
            r#"{"description":"now described","name":"ci-renamed"}"#
        );
        assert_eq!(
            requests[2].json(),
            json!({"roles": [{"entityId": WS, "entityType": "WORKSPACE", "role": "WORKSPACE_OWNER"}]})
        );
        let updated = token(&env, CI).unwrap();
        assert_eq!(
            (updated.name.as_str(), updated.description.as_str()),
            ("ci-renamed", "now described")
        );
        assert_eq!(
            updated.roles,
            [ApiTokenRole::workspace(WS, "WORKSPACE_OWNER")]
        );
    }

    #[test]
    fn by_name_loads_the_token_and_leaves_the_roles_alone() {
        let env = TestEnv::astro();
        let run = env.run(&["wo", "to", "up", "-t", "deploy-bot", "-d", "new"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace API token deploy-bot was successfully updated

        ----- stderr -----
        "#);
        assert_eq!(
            env.request_lines(),
            [
                ws_list(TOKENS, WS),
                format!("GET {TOKENS}/{DEPLOY_BOT}"),
                format!("POST {TOKENS}/{DEPLOY_BOT}"),
            ]
        );
        assert_eq!(
            env.requests()[2].body,
            r#"{"description":"new","name":"deploy-bot"}"#
        );
    }

    #[test]
    fn other_roles_are_kept_in_order() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            let t = s.token_mut(CI).unwrap();
            t.roles
                .insert(0, ApiTokenRole::workspace("clwsother", "WORKSPACE_AUTHOR"));
            t.roles.push(ApiTokenRole {
                entity_type: "DAG".into(),
                entity_id: "etl".into(),
                role: "DAG_VIEWER".into(),
                deployment_id: Some("cldep1".into()),
            });
        });
        env.run(&[
            "workspace",
            "token",
            "update",
            CI,
            "-r",
            "WORKSPACE_OPERATOR",
        ])
        .assert_ok();
        assert_eq!(
            env.requests().last().unwrap().json(),
            json!({"roles": [
                {"entityId": "clwsother", "entityType": "WORKSPACE", "role": "WORKSPACE_AUTHOR"},
                {"deploymentId": "cldep1", "entityId": "etl", "entityType": "DAG", "role": "DAG_VIEWER"},
                {"entityId": WS, "entityType": "WORKSPACE", "role": "WORKSPACE_OPERATOR"},
            ]})
        );
    }

    #[test]
    fn nothing_is_sent_for_a_bad_or_unchanged_role() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "token",
            "update",
            CI,
            "-n",
            "renamed",
            "-r",
            "WORKSPACE_MEMBER",
        ])
        .assert_error(
            "this Workspace API token has already been added to the Deployment with that role",
        );
        env.run(&[
            "workspace",
            "token",
            "update",
            CI,
            "-n",
            "renamed",
            "-r",
            "boss",
        ])
        .assert_bad_value("boss", ROLE_ERROR);
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
        assert_eq!(token(&env, CI).unwrap().name, "ci");
    }

    #[test]
    fn organization_tokens_are_refused() {
        let env = TestEnv::astro();
        env.run(&["workspace", "token", "update", ORG_ADMIN, "-n", "x"])
            .assert_error("the token selected is not of the type you are trying to modify");
        env.run(&[
            "workspace",
            "token",
            "update",
            "--name",
            "org-admin",
            "-n",
            "x",
        ])
        .assert_error("no Workspace API token was found for the API token name you provided. The token \"org-admin\" is an Organization token: change its role in this Workspace with astro workspace token organization-token update --org-token-name \"org-admin\", and its name or description with the Go CLI's astro organization token update");
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn menu_says_update() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "update", "-n", "third"], "3\n");
        run.assert_ok();
        assert!(
            run.stderr.starts_with(
                "\nPlease select the Workspace API token you would like to update:\n #     ID "
            ),
            "{run:?}"
        );
        assert!(
            !run.stderr.contains("org-admin"),
            "only Workspace tokens: {run:?}"
        );
        assert_eq!(token(&env, NIGHTLY).unwrap().name, "third");
        let run = env.run_with_input(&["workspace", "token", "update", "-n", "x"], "4\n");
        assert!(
            run.stderr
                .ends_with("Error: invalid Workspace API token selection\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "token", "update", "-n", "x"]);
        assert!(
            run.stderr
                .ends_with(&format!("\n> \nError: {NO_TOKEN_INPUT}\n")),
            "{run:?}"
        );
    }
}

mod delete {
    use super::*;

    #[test]
    fn a_workspace_token_by_name_forced() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "token", "delete", "--name", "ci", "--force"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace API token ci was successfully deleted

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                ws_list(TOKENS, WS),
                format!("GET {TOKENS}/{CI}"),
                format!("DELETE {TOKENS}/{CI}")
            ]
        );
        assert!(token(&env, CI).is_none());
    }

    #[test]
    fn a_workspace_token_asks_first() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["wo", "to", "de", NIGHTLY], "y\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            "WARNING: API token deletion cannot be undone.\n\nAre you sure you want to delete the nightly API token? (y/n) \n"
        );
        assert!(token(&env, NIGHTLY).is_none());
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Workspace API token nightly was successfully deleted

        ----- stderr -----
        WARNING: API token deletion cannot be undone.

        Are you sure you want to delete the nightly API token? (y/n)
        "#);

        let run = env.run_with_input(&["wo", "to", "de", CI], "no\n");
        assert_eq!((run.code, run.stdout.as_str()), (0, ""));
        assert!(
            run.stderr
                .ends_with("(y/n) \nCanceling API Token deletion\n"),
            "{run:?}"
        );
        let run = env.run(&["wo", "to", "de", CI]);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""));
        assert!(
            run.stderr.ends_with(
                "(y/n) \nError: deletion needs confirmation but there is no input: pass --force\n"
            ),
            "{run:?}"
        );
        assert!(token(&env, CI).is_some());
    }

    #[test]
    fn an_organization_token_loses_only_its_workspace_role() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "delete", "-t", "org-admin"], "y\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            "\nAre you sure you want to remove the org-admin API token from the Workspace? (y/n) \n"
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token org-admin was successfully removed from the Workspace

        ----- stderr -----

        Are you sure you want to remove the org-admin API token from the Workspace? (y/n)
        "#);
        assert_eq!(
            env.request_lines(),
            [
                ws_list(TOKENS, WS),
                format!("GET {TOKENS}/{ORG_ADMIN}"),
                format!("POST {TOKENS}/{ORG_ADMIN}/roles"),
            ]
        );
        assert_eq!(
            roles(&env, ORG_ADMIN),
            [role("ORGANIZATION", DEFAULT_ORG_ID, "ORGANIZATION_OWNER")]
        );
    }

    #[test]
    fn removal_can_be_declined_or_forced() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "delete", ORG_ADMIN], "n\n");
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----

        ----- stderr -----

        Are you sure you want to remove the org-admin API token from the Workspace? (y/n) 
        Canceling API Token removal
        "#);
        assert!(
            run.stderr
                .ends_with("(y/n) \nCanceling API Token removal\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "token", "delete", ORG_ADMIN]);
        assert!(
            run.stderr.ends_with(
                "Error: removal needs confirmation but there is no input: pass --force\n"
            ),
            "{run:?}"
        );
        assert_eq!(roles(&env, ORG_ADMIN).len(), 2);
        env.run(&["workspace", "token", "delete", ORG_ADMIN, "-f"])
            .assert_ok();
        assert_eq!(roles(&env, ORG_ADMIN).len(), 1);
        // Now it has no role here: it still succeeds, as in Go, but nothing is sent.
        env.fake.clear_requests();
        let run = env.run(&["workspace", "token", "delete", ORG_ADMIN, "-f"]);
        assert_eq!(env.request_lines(), [format!("GET {TOKENS}/{ORG_ADMIN}")]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token org-admin was successfully removed from the Workspace

        ----- stderr -----
        "#);
    }

    #[test]
    fn a_deployment_token_gets_gos_organization_wording() {
        let env = TestEnv::astro();
        let id = env.fake.with_state(|s| {
            let mut t = s.add_workspace_token(WS, "deployer");
            t.scope = "DEPLOYMENT".into();
            t.roles.push(ApiTokenRole::new(
                "DEPLOYMENT",
                "cldep1",
                "DEPLOYMENT_ADMIN",
            ));
            *s.token_mut(&t.id).unwrap() = t.clone();
            t.id
        });
        let run = env.run(&["workspace", "token", "delete", &id, "--force"]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token deployer was successfully removed from the Workspace

        ----- stderr -----
        "#);
        assert_eq!(
            roles(&env, &id),
            [role("DEPLOYMENT", "cldep1", "DEPLOYMENT_ADMIN")]
        );
    }

    #[test]
    fn menu_says_delete() {
        let env = TestEnv::astro();
        let run = env.run_with_input(&["workspace", "token", "delete", "-f"], "4\n");
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token org-admin was successfully removed from the Workspace

        ----- stderr -----

        Please select the Workspace API token you would like to delete:
         #     ID                            NAME           DESCRIPTION                     SCOPE            WORKSPACE ROLE         CREATED         CREATED BY     
         1     cltokci000000000000000001     ci                                             WORKSPACE        WORKSPACE_MEMBER       30 days ago     Demo User      
         2     cltokdeploybot00000000002     deploy-bot     Deploys from GitHub Actions     WORKSPACE        WORKSPACE_OPERATOR     7 days ago      Demo User      
         3     cltoknightly0000000000003     nightly                                        WORKSPACE        WORKSPACE_AUTHOR       2 days ago      ci             
         4     cltokorgadmin000000000004     org-admin      Organization automation         ORGANIZATION     WORKSPACE_OWNER        60 days ago     Demo User      

        >
        "#);
        assert_eq!(roles(&env, ORG_ADMIN).len(), 1);
    }
}

mod add {
    use super::*;

    fn reporting(env: &TestEnv) -> String {
        env.fake
            .with_state(|s| s.add_organization_token("reporting").id)
    }

    #[test]
    fn by_name_with_the_role_flag() {
        let env = TestEnv::astro();
        let id = reporting(&env);
        let run = env.run(&[
            "workspace",
            "token",
            "add",
            "--org-token-name",
            "reporting",
            "--role",
            "WORKSPACE_AUTHOR",
        ]);
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token reporting was successfully added to the Workspace

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
        assert_eq!(
            env.request_lines(),
            [
                org_list(),
                format!("GET {TOKENS}/{id}"),
                format!("POST {TOKENS}/{id}/roles")
            ]
        );
        assert_eq!(
            env.requests()[2].json(),
            json!({"roles": [
                {"entityId": DEFAULT_ORG_ID, "entityType": "ORGANIZATION", "role": "ORGANIZATION_MEMBER"},
                {"entityId": WS, "entityType": "WORKSPACE", "role": "WORKSPACE_AUTHOR"},
            ]})
        );
    }

    #[test]
    fn by_id_replacing_another_role() {
        let env = TestEnv::astro();
        env.run(&["wo", "to", "add", ORG_ADMIN, "-r", "WORKSPACE_MEMBER"])
            .assert_ok();
        assert_eq!(
            env.request_lines(),
            [
                format!("GET {TOKENS}/{ORG_ADMIN}"),
                format!("POST {TOKENS}/{ORG_ADMIN}/roles")
            ]
        );
        assert_eq!(
            roles(&env, ORG_ADMIN),
            [
                role("ORGANIZATION", DEFAULT_ORG_ID, "ORGANIZATION_OWNER"),
                role("WORKSPACE", WS, "WORKSPACE_MEMBER"),
            ]
        );
    }

    #[test]
    fn refusals() {
        let env = TestEnv::astro();
        env.run(&[
            "workspace",
            "token",
            "add",
            ORG_ADMIN,
            "-r",
            "WORKSPACE_OWNER",
        ])
        .assert_error(
            "this Organization API token has already been added to the Workspace with that role",
        );
        env.run(&["workspace", "token", "add", CI, "-r", "WORKSPACE_OWNER"])
            .assert_error("the token selected is not of the type you are trying to modify");
        env.run(&[
            "workspace",
            "token",
            "add",
            "-n",
            "nope",
            "-r",
            "WORKSPACE_OWNER",
        ])
        .assert_error("organization token specified was not found: \"nope\". Run the Go CLI's astro organization token list to see the Organization's tokens");
        env.run(&[
            "workspace",
            "token",
            "add",
            "-n",
            "ci",
            "-r",
            "WORKSPACE_OWNER",
        ])
        .assert_error("organization token specified was not found: \"ci\". Run the Go CLI's astro organization token list to see the Organization's tokens");
        env.run(&["workspace", "token", "add", ORG_ADMIN, "-r", "owners"])
            .assert_bad_value("owners", ROLE_ERROR);
        assert!(env.request_lines().iter().all(|l| l.starts_with("GET")));
    }

    #[test]
    fn role_menu_then_token_menu_from_one_pipe() {
        let env = TestEnv::astro();
        let id = reporting(&env);
        let run = env.run_with_input(&["workspace", "token", "add"], "3\n2\n");
        run.assert_ok();
        assert_eq!(
            run.stderr,
            format!(
                "select a Workspace Role for the Organization Token:\n{ROLE_MENU}{}{}{}{}\n> \n",
                "\nPlease select the Organization API token you would like to update:\n",
                " #     NAME          DESCRIPTION                 ROLE                    EXPIRES     \n",
                " 1     org-admin     Organization automation     ORGANIZATION_OWNER      365         \n",
                " 2     reporting                                 ORGANIZATION_MEMBER                 \n",
            )
        );
        assert_eq!(
            roles(&env, &id)[1],
            role("WORKSPACE", WS, "WORKSPACE_OPERATOR")
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token reporting was successfully added to the Workspace

        ----- stderr -----
        select a Workspace Role for the Organization Token:
         #     ROLE                   
         1     WORKSPACE_MEMBER       
         2     WORKSPACE_AUTHOR       
         3     WORKSPACE_OPERATOR     
         4     WORKSPACE_OWNER        
         5     WORKSPACE_ACCESSOR     

        > 

        Please select the Organization API token you would like to update:
         #     NAME          DESCRIPTION                 ROLE                    EXPIRES     
         1     org-admin     Organization automation     ORGANIZATION_OWNER      365         
         2     reporting                                 ORGANIZATION_MEMBER                 

        >
        "#);
        let run = env.run_with_input(
            &["workspace", "token", "add", "-r", "WORKSPACE_MEMBER"],
            "3\n",
        );
        assert!(
            run.stderr
                .ends_with("Error: invalid Organization API token selection\n"),
            "{run:?}"
        );
        let run = env.run(&["workspace", "token", "add", "-r", "WORKSPACE_MEMBER"]);
        assert!(run.stderr.ends_with(
            "\n> \nError: no token selected and no input to choose one: pass ORG_TOKEN_ID or --org-token-name\n"
        ), "{run:?}");
    }

    #[test]
    fn duplicate_names_give_a_menu_of_the_matches() {
        let env = TestEnv::astro();
        let first = reporting(&env);
        let second = reporting(&env);
        let run = env.run_with_input(
            &[
                "workspace",
                "token",
                "add",
                "-n",
                "reporting",
                "-r",
                "WORKSPACE_MEMBER",
            ],
            "2\n",
        );
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        Astro Organization API token reporting was successfully added to the Workspace

        ----- stderr -----

        There are more than one API tokens with name reporting. Please select an API token:
         #     NAME          DESCRIPTION     ROLE                    EXPIRES     
         1     reporting                     ORGANIZATION_MEMBER                 
         2     reporting                     ORGANIZATION_MEMBER                 

        >
        "#);
        assert_eq!(roles(&env, &first).len(), 1);
        assert_eq!(roles(&env, &second).len(), 2);
    }
}
