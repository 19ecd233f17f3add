//! `astro auth status [-o json] [--check]`: read locally, never printing the token; `--check`
//! makes exactly one request; exit 1 with the reason when something is wrong.

use crate::common::*;
use serde_json::{Value, json};

/// 2100-01-01T00:00:00Z and 2001-09-09T01:46:40Z.
const FUTURE: i64 = 4_102_444_800;
const PAST: i64 = 1_000_000_000;

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"))
}

#[test]
fn a_stored_astro_session_is_described_without_a_request() {
    let env = TestEnv::astro();
    let session = jwt(&json!({"sub": "user", "exp": FUTURE}));
    let config = env
        .read_config()
        .replace(DEFAULT_ASTRO_TOKEN, &format!("Bearer {session}"));
    env.write_config(&config);

    let days_before = days_until(FUTURE);
    let run = env.run(&["auth", "status"]);
    run.assert_ok();
    // The day count is computed on both sides of the run: a midnight in between is fine.
    let days = if run.stdout.contains(&format!("(in {days_before} days)")) {
        days_before
    } else {
        days_until(FUTURE)
    };
    // Who first, then where: this context does not record its user.
    astro_snapshot!(env, run, [(format!("(in {days} days)"), "(in [DAYS] days)")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    Logged in to [ASTRO_DOMAIN] (the user is not recorded: astro login [ASTRO_DOMAIN] records it)
    Platform:      Astro
    Organization:  clorg0000000000000000000000
    Workspace:     clws0000000000000000000000
    Credential:    stored in the context, kept in the config file
    Kind:          user session
    Expires:       2100-01-01T00:00:00Z (in [DAYS] days)

    ----- stderr -----
    "#);
    assert!(!run.stdout.contains(&session));
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());

    // What a login stores: the user's email.
    env.write_config(&env.read_config().replace(
        &format!("token = \"Bearer {session}\""),
        &format!("token = \"Bearer {session}\"\nuser_email = \"ada@example.com\""),
    ));
    let run = env.run(&["auth", "status"]);
    run.assert_ok();
    assert!(
        run.stdout.starts_with(&format!(
            "Logged in to {} as ada@example.com\nPlatform:      Astro\n",
            env.astro_domain()
        )),
        "{run:?}"
    );

    let run = env.run(&["auth", "status", "-o", "json"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        format!(
            concat!(
                "{{\n",
                "  \"domain\": \"{domain}\",\n",
                "  \"platform\": \"astro\",\n",
                "  \"user\": \"ada@example.com\",\n",
                "  \"organization\": \"{org}\",\n",
                "  \"workspace\": \"{ws}\",\n",
                "  \"credentialSource\": \"context\",\n",
                "  \"credentialStore\": \"config file\",\n",
                "  \"credentialKind\": \"userSession\",\n",
                "  \"expiresAt\": \"2100-01-01T00:00:00Z\",\n",
                "  \"expired\": false\n",
                "}}\n"
            ),
            domain = env.astro_domain(),
            org = DEFAULT_ORG_ID,
            ws = DEMO_WORKSPACE_ID,
        )
    );
    assert!(env.requests().is_empty());
}

fn days_until(unix: i64) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    (unix - now) / 86_400
}

#[test]
fn a_private_cloud_context_names_its_workspace_once_a_list_has_seen_it() {
    let env = TestEnv::apc();
    let run = env.run(&["auth", "status", "--json"]);
    run.assert_ok();
    let status = json_of(&run);
    assert_eq!(status["platform"], "apc");
    assert_eq!(status["credentialKind"], "houstonToken");
    assert_eq!(status["workspace"], DEMO_HOUSTON_WORKSPACE_ID);
    assert!(status.get("workspaceName").is_none(), "{status}");
    // A token that is not a JWT carries no expiry.
    assert!(status.get("expiresAt").is_none(), "{status}");

    env.run(&["workspace", "list"]).assert_ok();
    env.fake.clear_requests();
    let run = env.run(&["auth", "status"]);
    run.assert_ok();
    assert!(
        run.stdout.contains(&format!(
            "Workspace:     demo-workspace ({DEMO_HOUSTON_WORKSPACE_ID})\n"
        )),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("Kind:          Houston token\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("Expires:       unknown (the token carries no expiry)\n"),
        "{run:?}"
    );
    assert!(!run.stdout.contains(DEFAULT_HOUSTON_TOKEN), "{run:?}");
    assert!(env.requests().is_empty());
    assert_eq!(
        json_of(&env.run(&["auth", "status", "-o", "json"]))["workspaceName"],
        "demo-workspace"
    );
}

#[test]
fn astro_api_token_from_the_environment() {
    let mut env = TestEnv::astro();
    let token = jwt(&json!({
        "permissions": ["organizationId:clorgfromtoken0000000000001", "workspaceId:clwsfromtoken00000000000001"],
        "exp": FUTURE
    }));
    env.set_env("ASTRO_API_TOKEN", &token);
    let run = env.run(&["auth", "status", "-o", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "Using an Astro API Token\n");
    let status = json_of(&run);
    assert_eq!(status["credentialSource"], "ASTRO_API_TOKEN");
    assert_eq!(status["credentialKind"], "workspaceApiToken");
    assert_eq!(status["organization"], "clorgfromtoken0000000000001");
    assert_eq!(status["workspace"], "clwsfromtoken00000000000001");
    assert_eq!(status["expiresAt"], "2100-01-01T00:00:00Z");
    assert!(!run.stdout.contains(&token));
    assert!(env.requests().is_empty());

    let org_token = jwt(&json!({"permissions": ["organizationId:clorgfromtoken0000000000001"]}));
    let mut env = TestEnv::astro();
    env.set_env("ASTRO_API_TOKEN", &org_token);
    let run = env.run(&["auth", "status"]);
    run.assert_ok_or_note();
    assert!(
        run.stdout
            .contains("Credential:    ASTRO_API_TOKEN (environment)\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("Kind:          Organization API token\n"),
        "{run:?}"
    );
}

trait OkWithNote {
    fn assert_ok_or_note(&self);
}

impl OkWithNote for Run {
    /// Success; stderr may carry the `Using an Astro API Token` note.
    #[track_caller]
    fn assert_ok_or_note(&self) {
        assert_eq!(self.code, 0, "{self:?}");
        assert!(
            self.stderr.is_empty() || self.stderr == "Using an Astro API Token\n",
            "{self:?}"
        );
    }
}

#[test]
fn an_expired_token_is_shown_then_reported_with_exit_1() {
    let mut env = TestEnv::astro();
    env.set_env(
        "ASTRO_API_TOKEN",
        &jwt(&json!({"permissions": ["organizationId:o"], "exp": PAST})),
    );
    let run = env.run(&["auth", "status"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.starts_with(&format!(
            "The Organization API token for {} has expired\n",
            env.astro_domain()
        )),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("Expires:       2001-09-09T01:46:40Z (expired)\n"),
        "{run:?}"
    );
    assert_eq!(
        run.stderr,
        "Using an Astro API Token\nError: API Token is expired: the token in the ASTRO_API_TOKEN environment variable has expired. Set it to a new one (astro workspace token rotate gives one), or unset it to use the login of the current context\n"
    );

    // A stored token without a refresh token: log in again.
    let env = TestEnv::apc();
    let expired = jwt(&json!({"exp": PAST}));
    env.write_config(&env.read_config().replace(DEFAULT_HOUSTON_TOKEN, &expired));
    let run = env.run(&["auth", "status"]);
    assert!(
        run.stdout
            .starts_with(&format!("The login to {} has expired\n", env.apc_domain())),
        "{run:?}"
    );
    let run = env.run(&["auth", "status", "--check", "-o", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(json_of(&run)["expired"], true);
    assert_eq!(
        run.stderr,
        format!(
            "Error: your token has expired. Please log in again: run astro login {}\n",
            env.apc_domain()
        )
    );
    // Nothing to check with an expired credential.
    assert!(env.requests().is_empty());
}

#[test]
fn an_expired_session_with_a_refresh_token_is_renewed_by_the_next_command() {
    let env = TestEnv::astro();
    let config = env.read_config().replace(
        &format!("token = \"{DEFAULT_ASTRO_TOKEN}\""),
        &format!(
            "token = \"{DEFAULT_ASTRO_TOKEN}\"\nrefreshtoken = \"r\"\nexpiresin = \"2001-09-09T01:46:40Z\""
        ),
    );
    env.write_config(&config);
    let run = env.run(&["auth", "status"]);
    run.assert_ok();
    assert!(
        run.stdout.contains(
            "Expires:       2001-09-09T01:46:40Z (expired; renewed by the next command)\n"
        ),
        "{run:?}"
    );
}

#[test]
fn no_config_no_context_and_no_token() {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    env.run(&["auth", "status"]).assert_error(
        "no context set, have you authenticated to Astro or APC? Run astro login and try again",
    );

    let env = TestEnv::astro();
    env.write_config(&env.read_config().replace(
        &format!("token = \"{DEFAULT_ASTRO_TOKEN}\""),
        "token = \"\"",
    ));
    let run = env.run(&["auth", "status", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("Kind:          none\n"), "{run:?}");
    assert_eq!(
        run.stderr,
        format!(
            "Error: not logged in to {0}: run astro login {0}\n",
            env.astro_domain()
        )
    );
    assert!(env.requests().is_empty());
}

#[test]
fn check_makes_one_request_and_reports_the_answer() {
    let env = TestEnv::astro();
    let run = env.run(&["auth", "status", "--check"]);
    run.assert_ok();
    assert!(
        run.stdout
            .ends_with("Check:         ok: the server accepted the credential\n"),
        "{run:?}"
    );
    assert_eq!(
        env.request_lines(),
        [format!(
            "GET /v1/organizations/{DEFAULT_ORG_ID}/workspaces/{DEMO_WORKSPACE_ID}"
        )]
    );

    env.fake.clear_requests();
    env.write_config(
        &env.read_config()
            .replace(DEFAULT_ASTRO_TOKEN, "Bearer revoked"),
    );
    let run = env.run(&["auth", "status", "--check", "-o", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        json_of(&run)["check"],
        json!({"ok": false, "message": "Unauthorized"})
    );
    assert_eq!(
        run.stderr,
        format!(
            "Error: the server refused the credential: Unauthorized. To fix it, run astro login {}\n",
            env.astro_domain()
        )
    );
    assert_eq!(env.requests().len(), 1);

    // Private Cloud: one Houston query.
    let env = TestEnv::apc();
    let run = env.run(&["auth", "status", "--check", "--json"]);
    run.assert_ok();
    assert_eq!(json_of(&run)["check"], json!({"ok": true}));
    assert_eq!(env.requests().len(), 1);
    env.write_config(&env.read_config().replace(DEFAULT_HOUSTON_TOKEN, "revoked"));
    let run = env.run(&["auth", "status", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .ends_with("Check:         failed: the server refused the credential\n"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .starts_with("Error: the server refused the credential: "),
        "{run:?}"
    );
}

#[test]
fn a_failed_check_says_its_reason_once() {
    let env = TestEnv::astro();
    env.write_config(
        &env.read_config()
            .replace(DEFAULT_ASTRO_TOKEN, "Bearer revoked")
            .replace(
                "token = \"Bearer revoked\"",
                "token = \"Bearer revoked\"\nuser_email = \"ada@example.com\"",
            ),
    );
    let run = env.run(&["auth", "status", "--check"]);
    // The server's word and what to do are the error, once; the Check line says what failed.
    astro_snapshot!(env, run, @r#"
    success: false
    exit_code: 1
    ----- stdout -----
    Logged in to [ASTRO_DOMAIN] as ada@example.com
    Platform:      Astro
    Organization:  clorg0000000000000000000000
    Workspace:     clws0000000000000000000000
    Credential:    stored in the context, kept in the config file
    Kind:          user session
    Expires:       unknown (the token carries no expiry)
    Check:         failed: the server refused the credential

    ----- stderr -----
    Error: the server refused the credential: Unauthorized. To fix it, run astro login [ASTRO_DOMAIN]
    "#);
    assert_eq!(run.stderr.matches("Unauthorized").count(), 1);
    assert!(!run.stdout.contains("Unauthorized"), "{run:?}");

    // No answer at all: the Check line says so, the error says why.
    let env = TestEnv::astro();
    env.fake.inject(Fault::drop_connection(FaultTarget::Any, 3));
    let run = env.run(&["auth", "status", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .ends_with("Check:         failed: no answer from the server\n"),
        "{run:?}"
    );
    assert!(
        run.stderr.starts_with("Error: the check failed: "),
        "{run:?}"
    );
}

#[test]
fn the_lead_line_says_who_and_where() {
    // A Private Cloud login that typed a username records it.
    let env = TestEnv::apc();
    env.write_config(&env.read_config().replace(
        &format!("token = \"{DEFAULT_HOUSTON_TOKEN}\""),
        &format!("token = \"{DEFAULT_HOUSTON_TOKEN}\"\nuser_email = \"vi@example.com\""),
    ));
    env.run(&["workspace", "list"]).assert_ok();
    astro_snapshot!(env, env.run(&["auth", "status"]), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    Logged in to [APC_DOMAIN] as vi@example.com
    Platform:      Astro Private Cloud
    Workspace:     demo-workspace (ckws0000000000000000000000)
    Credential:    stored in the context, kept in the config file
    Kind:          Houston token
    Expires:       unknown (the token carries no expiry)

    ----- stderr -----
    "#);
    assert_eq!(
        json_of(&env.run(&["auth", "status", "-o", "json"]))["user"],
        "vi@example.com"
    );

    // An API token belongs to no user: the lead names the kind of token.
    let mut env = TestEnv::astro();
    env.set_env(
        "ASTRO_API_TOKEN",
        &jwt(
            &json!({"permissions": ["organizationId:clorgfromtoken0000000000001"], "exp": FUTURE}),
        ),
    );
    let run = env.run(&["auth", "status"]);
    let days = days_until(FUTURE);
    astro_snapshot!(env, run, [(format!("(in {days} days)"), "(in [DAYS] days)")], @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    Logged in to [ASTRO_DOMAIN] with an Organization API token
    Platform:      Astro
    Organization:  clorgfromtoken0000000000001
    Workspace:     clws0000000000000000000000
    Credential:    ASTRO_API_TOKEN (environment)
    Kind:          Organization API token
    Expires:       2100-01-01T00:00:00Z (in [DAYS] days)

    ----- stderr -----
    Using an Astro API Token
    "#);
    assert!(
        json_of(&env.run(&["auth", "status", "-o", "json"]))
            .get("user")
            .is_none()
    );

    // No token: not logged in, and the error says how to log in.
    let env = TestEnv::astro();
    env.write_config(&env.read_config().replace(
        &format!("token = \"{DEFAULT_ASTRO_TOKEN}\""),
        "token = \"\"\nuser_email = \"ada@example.com\"",
    ));
    astro_snapshot!(env, env.run(&["auth", "status"]), @r#"
    success: false
    exit_code: 1
    ----- stdout -----
    Not logged in to [ASTRO_DOMAIN]
    Platform:      Astro
    Organization:  clorg0000000000000000000000
    Workspace:     clws0000000000000000000000
    Credential:    stored in the context, kept in the config file
    Kind:          none

    ----- stderr -----
    Error: not logged in to [ASTRO_DOMAIN]: run astro login [ASTRO_DOMAIN]
    "#);
}
