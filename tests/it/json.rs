//! Every JSON document the binary prints, pinned byte for byte (docs/json.md lists them).
//! The three that the Go CLI also prints (Astro `workspace list`, `workspace user list`,
//! `workspace team list`) are Go's documents exactly: wrapper key, camelCase keys in Go's
//! order, fields left out when empty, Go's time encoding, two-space indent, one newline.

use crate::common::*;
use fake_control_plane::{
    DEMO_ADA_USER_ID, DEMO_ANALYTICS_WORKSPACE_ID, DEMO_DATA_TEAM_ID, DEMO_HOUSTON_WORKSPACE_3_ID,
};

mod astro {
    use super::*;

    #[test]
    fn workspace_list_is_go_document() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "list", "--json"]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "workspaces": [
            {
              "name": "analytics",
              "id": "clws0000000000000000000001",
              "isCurrent": false
            },
            {
              "name": "demo-workspace",
              "id": "clws0000000000000000000000",
              "isCurrent": true
            },
            {
              "name": "sandbox",
              "id": "clws0000000000000000000002",
              "isCurrent": false
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn workspace_create_is_one_workspace() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "create", "-n", "<new & shiny>", "-o", "json"]);
        run.assert_ok();
        let id = env.fake.with_state(|s| {
            s.astro_workspaces
                .iter()
                .find(|w| w.name == "<new & shiny>")
                .map(|w| w.id.clone())
                .unwrap()
        });
        // HTML is not escaped, as Go's encoder is told.
        astro_snapshot!(env, run, [(id, "[WORKSPACE_ID]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "name": "<new & shiny>",
          "id": "[WORKSPACE_ID]",
          "isCurrent": false
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn user_list_is_go_document() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "user",
            "list",
            "--json",
            "--workspace-id",
            DEMO_ANALYTICS_WORKSPACE_ID,
        ]);
        run.assert_ok();
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

    #[test]
    fn user_times_and_empty_roles_as_go_encodes_them() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            let ada = s
                .astro_users
                .iter_mut()
                .find(|u| u.id == DEMO_ADA_USER_ID)
                .unwrap();
            ada.created_at = "2024-03-04T05:06:07.500000+00:00".into();
            // A role in another workspace only: the list's workspace shows none.
            for role in &mut ada.workspace_roles {
                role.role = String::new();
            }
        });
        let run = env.run(&[
            "workspace",
            "user",
            "list",
            "--json",
            "--workspace-id",
            DEMO_ANALYTICS_WORKSPACE_ID,
        ]);
        run.assert_ok();
        assert!(
            run.stdout
                .contains("\"createdAt\": \"2024-03-04T05:06:07.5Z\"\n    }"),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains("workspaceRole"), "{}", run.stdout);
    }

    #[test]
    fn team_list_is_go_document() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            let team = s
                .astro_teams
                .iter_mut()
                .find(|t| t.id == DEMO_DATA_TEAM_ID)
                .unwrap();
            team.description = Some("Data <science>".into());
        });
        let run = env.run(&[
            "workspace",
            "team",
            "list",
            "--json",
            "--workspace-id",
            DEMO_ANALYTICS_WORKSPACE_ID,
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "teams": [
            {
              "id": "clteam00000000000000000002",
              "name": "data-science",
              "description": "Data <science>",
              "createdAt": "2024-05-06T07:08:09Z",
              "workspaceRole": "WORKSPACE_MEMBER"
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    /// Only the `ci` token, with every time the API can send.
    fn one_token(env: &TestEnv) {
        env.fake.with_state(|s| {
            s.api_tokens.retain(|t| t.id == CI);
            let t = s.token_mut(CI).unwrap();
            t.created_at = "2024-01-02T03:04:05.000Z".into();
            t.end_at = Some("2025-01-02T03:04:05Z".into());
            t.last_used_at = Some("2024-06-01T00:00:00.250+02:00".into());
        });
    }

    #[test]
    fn token_list_carries_ids_times_and_expiry() {
        let env = TestEnv::astro();
        one_token(&env);
        let run = env.run(&["workspace", "token", "list", "-o", "json"]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "tokens": [
            {
              "id": "cltokci000000000000000001",
              "name": "ci",
              "description": "",
              "scope": "WORKSPACE",
              "kind": "STANDARD",
              "workspaceRole": "WORKSPACE_MEMBER",
              "createdAt": "2024-01-02T03:04:05Z",
              "createdBy": "Demo User",
              "expiresAt": "2025-01-02T03:04:05Z",
              "lastUsedAt": "2024-06-01T00:00:00.25+02:00"
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn organization_token_list_has_the_token_keys() {
        let env = TestEnv::astro();
        env.fake.with_state(|s| {
            s.api_tokens.retain(|t| t.scope == "ORGANIZATION");
            for t in &mut s.api_tokens {
                t.created_at = "2024-01-02T03:04:05Z".into();
            }
        });
        let run = env.run(&["workspace", "token", "organization-token", "list", "--json"]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "tokens": [
            {
              "id": "cltokorgadmin000000000004",
              "name": "org-admin",
              "description": "Organization automation",
              "scope": "ORGANIZATION",
              "kind": "STANDARD",
              "workspaceRole": "WORKSPACE_OWNER",
              "createdAt": "2024-01-02T03:04:05Z",
              "createdBy": "Demo User"
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn token_create_is_the_token_with_its_value() {
        let env = TestEnv::astro();
        let run = env.run(&[
            "workspace",
            "token",
            "create",
            "-n",
            "made",
            "-r",
            "WORKSPACE_AUTHOR",
            "-o",
            "json",
        ]);
        run.assert_ok();
        let (id, created, value) = env.fake.with_state(|s| {
            let t = s.api_tokens.iter().find(|t| t.name == "made").unwrap();
            (t.id.clone(), t.created_at.clone(), t.token.clone())
        });
        astro_snapshot!(env, run, [(id, "[TOKEN_ID]"), (created, "[CREATED_AT]"), (value, "[TOKEN]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "id": "[TOKEN_ID]",
          "name": "made",
          "description": "",
          "scope": "WORKSPACE",
          "kind": "STANDARD",
          "workspaceRole": "WORKSPACE_AUTHOR",
          "createdAt": "[CREATED_AT]",
          "createdBy": "Test User",
          "token": "[TOKEN]"
        }

        ----- stderr -----
        "#);
        assert_eq!(run.stderr, "");
    }

    #[test]
    fn token_rotate_is_the_token_with_its_new_value() {
        let env = TestEnv::astro();
        one_token(&env);
        let run = env.run(&[
            "workspace",
            "token",
            "rotate",
            "--name",
            "ci",
            "--force",
            "--json",
        ]);
        run.assert_ok();
        let (value, rotated) = env.fake.with_state(|s| {
            s.token(CI)
                .map(|t| (t.token.clone(), t.last_rotated_at.clone().unwrap()))
                .unwrap()
        });
        astro_snapshot!(env, run, [(value, "[NEW_TOKEN]"), (rotated, "[ROTATED_AT]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "id": "cltokci000000000000000001",
          "name": "ci",
          "description": "",
          "scope": "WORKSPACE",
          "kind": "STANDARD",
          "workspaceRole": "WORKSPACE_MEMBER",
          "createdAt": "2024-01-02T03:04:05Z",
          "createdBy": "Demo User",
          "expiresAt": "2025-01-02T03:04:05Z",
          "lastUsedAt": "2024-06-01T00:00:00.25+02:00",
          "lastRotatedAt": "[ROTATED_AT]",
          "token": "[NEW_TOKEN]"
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn clean_output_and_json_are_a_usage_error() {
        let env = TestEnv::astro();
        let run = env.run(&["workspace", "token", "rotate", "ci", "-c", "-o", "json"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(env.requests().is_empty());
    }

    #[test]
    fn templates_are_refused_naming_json() {
        let env = TestEnv::astro();
        for args in [
            &["workspace", "list", "-o", "template"][..],
            &["workspace", "list", "--template", "{{.Name}}"],
            &[
                "workspace",
                "user",
                "list",
                "--template",
                "x",
                "-o",
                "template",
            ],
            &["workspace", "team", "list", "-o", "template"],
        ] {
            let run = env.run(args);
            assert_eq!(run.code, 2, "{args:?}");
            assert!(
                run.stderr
                    .contains("Go templates are not supported: use -o json"),
                "{run:?}"
            );
            assert_eq!(run.stdout, "");
        }
        assert!(env.requests().is_empty());
    }
}

mod apc {
    use super::*;

    #[test]
    fn workspace_list_has_the_astro_keys() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "list", "--json"]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "workspaces": [
            {
              "name": "demo-workspace",
              "id": "ckws0000000000000000000000",
              "isCurrent": true
            },
            {
              "name": "data-team",
              "id": "ckws0000000000000000000001",
              "isCurrent": false
            },
            {
              "name": "ml-platform",
              "id": "ckws0000000000000000000002",
              "isCurrent": false
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn workspace_create_is_one_workspace() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "create", "-l", "fresh", "-o", "json"]);
        run.assert_ok();
        let id = env.fake.with_state(|s| {
            s.houston_workspaces
                .iter()
                .find(|w| w.label == "fresh")
                .map(|w| w.id.clone())
                .unwrap()
        });
        astro_snapshot!(env, run, [(id, "[WORKSPACE_ID]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "name": "fresh",
          "id": "[WORKSPACE_ID]",
          "isCurrent": false
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn user_list_has_the_astro_keys() {
        let env = TestEnv::apc();
        let run = env.run(&[
            "workspace",
            "user",
            "list",
            "--json",
            "-w",
            DEMO_HOUSTON_WORKSPACE_3_ID,
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "users": [
            {
              "fullName": "Nora New",
              "email": "nora@example.com",
              "id": "ckus000000000000000000004",
              "workspaceRole": "WORKSPACE_EDITOR"
            }
          ]
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn team_list_has_the_astro_keys() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "team", "list", "--json"]);
        run.assert_ok();
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

    #[test]
    fn service_accounts_listed_and_one_by_id() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "get", "-o", "json"]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "serviceAccounts": [
            {
              "name": "ci-runner",
              "category": "default",
              "id": "cksa000000000000000000001",
              "apiKey": "0123456789abcdef0123456789abcdef"
            },
            {
              "name": "monitoring",
              "category": "observability",
              "id": "cksa000000000000000000002",
              "apiKey": "fedcba9876543210fedcba9876543210"
            }
          ]
        }

        ----- stderr -----
        "#);
        let run = env.run(&[
            "workspace",
            "sa",
            "get",
            "cksa000000000000000000001",
            "--json",
        ]);
        run.assert_ok();
        astro_snapshot!(env, run, @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "name": "ci-runner",
          "category": "default",
          "id": "cksa000000000000000000001",
          "apiKey": "0123456789abcdef0123456789abcdef"
        }

        ----- stderr -----
        "#);
    }

    #[test]
    fn service_account_create_is_one_account() {
        let env = TestEnv::apc();
        let run = env.run(&["workspace", "sa", "create", "-l", "deployer", "-o", "json"]);
        run.assert_ok();
        let (id, key) = env.fake.with_state(|s| {
            let sa = s
                .service_accounts_in(DEMO_HOUSTON_WORKSPACE_ID)
                .into_iter()
                .find(|sa| sa.label == "deployer")
                .cloned()
                .unwrap();
            (sa.id, sa.api_key)
        });
        astro_snapshot!(env, run, [(id, "[SERVICE_ACCOUNT_ID]"), (key, "[API_KEY]")], @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        {
          "name": "deployer",
          "category": "default",
          "id": "[SERVICE_ACCOUNT_ID]",
          "apiKey": "[API_KEY]"
        }

        ----- stderr -----
        "#);
    }
}

#[test]
fn context_list_is_a_contexts_document() {
    let env = TestEnv::astro();
    let run = env.run(&["context", "list", "--json"]);
    run.assert_ok();
    astro_snapshot!(env, run, @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    {
      "contexts": [
        {
          "domain": "[ASTRO_DOMAIN]",
          "platform": "astro",
          "organization": "clorg0000000000000000000000",
          "workspace": "clws0000000000000000000000",
          "userEmail": "",
          "isCurrent": true
        },
        {
          "domain": "[APC_DOMAIN]",
          "platform": "apc",
          "organization": "",
          "workspace": "ckws0000000000000000000000",
          "userEmail": "",
          "isCurrent": false
        }
      ]
    }

    ----- stderr -----
    "#);
}
