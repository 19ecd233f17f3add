//! A stored Astro user token that expires within 5 minutes is refreshed before a workspace
//! command uses it, without overwriting `workspace` and without ever starting an interactive
//! login (docs/compatibility.md#token-refresh).

use std::time::{Duration, SystemTime};

use crate::common::*;
use fake_control_plane::{DEMO_SANDBOX_WORKSPACE_ID, FAKE_CLIENT_ID, rfc3339};

const STALE: &str = "stale-user-token";
const LIST: &str = "GET /v1/organizations/clorg0000000000000000000000/workspaces?limit=1000&offset=0&sorts=name%3Aasc";
const AUTH_CONFIG: &str = "GET /private/v1alpha1/cli/auth-config";
const OAUTH_TOKEN: &str = "POST /auth/oauth/token";

fn in_secs(secs: i64) -> String {
    let now = SystemTime::now();
    let t = if secs >= 0 {
        now + Duration::from_secs(secs as u64)
    } else {
        now - Duration::from_secs(secs.unsigned_abs())
    };
    rfc3339(t)
}

/// The Astro context holds a stale user token, `refresh` and `expires`; its last used
/// workspace differs from its workspace.
fn env_with(refresh: &str, expires: &str) -> TestEnv {
    let env = TestEnv::astro();
    let config = env.default_config(Current::Astro).replacen(
        &format!("token = \"{DEFAULT_ASTRO_TOKEN}\"\n"),
        &format!(
            "token = \"Bearer {STALE}\"\nrefreshtoken = \"{refresh}\"\nexpiresin = \"{expires}\"\nlast_used_workspace = \"{DEMO_SANDBOX_WORKSPACE_ID}\"\n"
        ),
        1,
    );
    env.write_config(&config);
    env
}

fn astro_context(env: &TestEnv) -> toml::Table {
    let doc: toml::Table = env.read_config().parse().unwrap();
    doc["contexts"][&env.astro_domain().replace(['.', ':'], "_")]
        .as_table()
        .unwrap()
        .clone()
}

fn field(context: &toml::Table, key: &str) -> String {
    context[key].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_token_about_to_expire_is_refreshed_once_and_saved() {
    for expires in [
        in_secs(120),
        in_secs(-3600),
        "2020-01-01T00:00:00.123456789+02:00".into(),
    ] {
        let env = env_with("fake-refresh-token", &expires);
        let run = env.run(&["workspace", "list"]);
        run.assert_ok();
        assert_eq!(run.stderr, "");
        assert!(run.stdout.contains("demo-workspace"), "{run:#?}");
        assert_eq!(env.request_lines(), [AUTH_CONFIG, OAUTH_TOKEN, LIST]);

        let requests = env.requests();
        assert_eq!(
            requests[1].body,
            format!(
                "client_id={FAKE_CLIENT_ID}&grant_type=refresh_token&refresh_token=fake-refresh-token"
            )
        );
        assert_eq!(
            requests[1].header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(requests[1].header("authorization"), None);
        assert_eq!(
            requests[2].header("authorization"),
            Some(DEFAULT_ASTRO_TOKEN)
        );

        let context = astro_context(&env);
        assert_eq!(field(&context, "token"), DEFAULT_ASTRO_TOKEN);
        let rotated = env.fake.with_state(|s| s.auth.refresh_token.clone());
        assert_ne!(rotated, "fake-refresh-token");
        assert_eq!(field(&context, "refreshtoken"), rotated);
        // The fake's tokens live a day.
        let saved = field(&context, "expiresin");
        assert!(
            in_secs(86_400 - 60) <= saved && saved <= in_secs(86_400 + 60),
            "{saved}"
        );
        // The workspace is not replaced by the last used one, as Go does
        // (docs/compatibility.md#token-refresh).
        assert_eq!(field(&context, "workspace"), DEMO_WORKSPACE_ID);
        assert_eq!(
            field(&context, "last_used_workspace"),
            DEMO_SANDBOX_WORKSPACE_ID
        );
        assert_eq!(field(&context, "organization"), DEFAULT_ORG_ID);

        // The saved token is good for a day: the next command asks nothing of the auth server.
        env.fake.clear_requests();
        env.run(&["workspace", "list"]).assert_ok();
        assert_eq!(env.request_lines(), [LIST]);
    }
}

#[test]
fn a_valid_token_or_one_that_cannot_be_refreshed_is_used_as_is() {
    for (refresh, expires) in [
        // More than 5 minutes left.
        ("fake-refresh-token", in_secs(3600)),
        // No expiry stored.
        ("fake-refresh-token", String::new()),
        // No refresh token: used as is, and the server says what it thinks of it.
        ("", in_secs(-60)),
    ] {
        let env = env_with(refresh, &expires);
        let before = env.read_config();
        let run = env.run(&["workspace", "list"]);
        assert_eq!(env.request_lines(), [LIST], "{refresh:?} {expires:?}");
        assert_eq!(
            env.requests()[0].header("authorization"),
            Some(format!("Bearer {STALE}").as_str())
        );
        assert_eq!(env.read_config(), before);
        assert!(!run.stderr.contains(STALE), "{run:#?}");
    }
}

#[test]
fn an_api_token_in_the_environment_is_never_refreshed() {
    let mut env = env_with("fake-refresh-token", &in_secs(60));
    let token = jwt(&serde_json::json!({
        "permissions": [format!("organizationId:{DEFAULT_ORG_ID}")],
    }));
    env.set_env("ASTRO_API_TOKEN", &token);
    env.fake
        .with_state(|s| s.astro_token = format!("Bearer {token}"));
    let before = env.read_config();
    let run = env.run(&["workspace", "list"]);
    run.assert_ok();
    assert_eq!(run.stderr, "Using an Astro API Token\n");
    assert_eq!(env.request_lines(), [LIST]);
    assert_eq!(env.read_config(), before);
}

#[test]
fn a_failed_refresh_asks_for_a_login_and_changes_nothing() {
    let expired = |env: &TestEnv| {
        format!(
            "your token has expired. Please log in again: run astro login {}",
            env.astro_domain()
        )
    };
    // The auth server refuses the refresh token.
    let env = env_with("revoked-refresh-token", &in_secs(30));
    let before = env.read_config();
    // Input is there, but no interactive login starts.
    let run = env.run_with_input(&["workspace", "list"], "\n\n");
    run.assert_error(&expired(&env));
    assert_eq!(env.request_lines(), [AUTH_CONFIG, OAUTH_TOKEN]);
    assert_eq!(env.read_config(), before);
    assert!(!run.stderr.contains("revoked-refresh-token"));

    // The auth configuration cannot be read.
    let env = env_with("fake-refresh-token", &in_secs(30));
    let before = env.read_config();
    env.fake.inject(Fault::status(
        FaultTarget::rest("GET", "/auth-config"),
        500,
        3,
    ));
    env.run(&["workspace", "token", "list"])
        .assert_error(&expired(&env));
    assert_eq!(env.read_config(), before);
    assert!(env.request_lines().iter().all(|l| l == AUTH_CONFIG));

    // The token endpoint fails.
    let env = env_with("fake-refresh-token", &in_secs(30));
    let before = env.read_config();
    env.fake.inject(Fault::status(
        FaultTarget::rest("POST", "/oauth/token"),
        503,
        1,
    ));
    env.run(&["workspace", "user", "list"])
        .assert_error(&expired(&env));
    // A POST is never retried.
    assert_eq!(env.request_lines(), [AUTH_CONFIG, OAUTH_TOKEN]);
    assert_eq!(env.read_config(), before);
}

#[test]
fn debug_output_never_shows_the_tokens() {
    let env = env_with("fake-refresh-token", &in_secs(30));
    let run = env.run(&["workspace", "list", "--verbosity", "debug"]);
    run.assert_ok();
    assert!(run.stderr.contains("DEBUG"), "{run:#?}");
    let access = DEFAULT_ASTRO_TOKEN.trim_start_matches("Bearer ");
    let rotated = env.fake.with_state(|s| s.auth.refresh_token.clone());
    for secret in [STALE, access, "fake-refresh-token", rotated.as_str()] {
        assert!(!run.stderr.contains(secret), "{secret} in {}", run.stderr);
    }
}
