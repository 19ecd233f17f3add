//! Where a login keeps its secrets (docs/reliability.md#where-secrets-live): the credential
//! store, with `token_store = "keyring"` in the context; the config file when no store
//! answers, or with `--insecure-storage`; and every failure of the store said as such. The
//! store is the documented file store (`ASTRO_KEYRING_BACKEND=file:<path>`) the harness gives
//! every run.

use std::time::{Duration, SystemTime};

use crate::common::*;
use fake_control_plane::rfc3339;

const TOKEN: &str = "astro-test-token";
const LIST: &str = "GET /v1/organizations/clorg0000000000000000000000/workspaces?limit=1000&offset=0&sorts=name%3Aasc";
const OAUTH_TOKEN: &str = "POST /auth/oauth/token";

fn key(domain: &str) -> String {
    domain.replace(['.', ':'], "_")
}

fn context(env: &TestEnv, domain: &str) -> toml::Table {
    let doc: toml::Table = env.read_config().parse().unwrap();
    doc["contexts"][&key(domain)].as_table().unwrap().clone()
}

/// The demo with one workspace, so that a login picks it without a menu.
fn one_workspace() -> TestEnv {
    let env = TestEnv::astro();
    env.fake
        .with_state(|s| s.astro_workspaces.retain(|w| w.id == DEMO_WORKSPACE_ID));
    env
}

/// Logged in to the Astro context with a token, which the store keeps.
fn logged_in() -> TestEnv {
    let env = one_workspace();
    env.run(&["login", &env.astro_domain(), "--token-login", TOKEN])
        .assert_ok();
    env
}

/// Sets the file store's `state` (`locked`, `refusing`, `unavailable`), keeping its entries.
fn set_store_state(env: &TestEnv, state: &str) {
    let text = std::fs::read_to_string(env.keyring_path()).unwrap_or_else(|_| "{}".into());
    let mut store: serde_json::Value = serde_json::from_str(&text).unwrap();
    store["state"] = state.into();
    std::fs::write(env.keyring_path(), store.to_string()).unwrap();
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_login_keeps_the_token_in_the_store_and_the_context_in_the_file() {
    let env = logged_in();
    let c = context(&env, &env.astro_domain());
    assert_eq!(c["token_store"].as_str(), Some("keyring"));
    assert!(c.get("token").is_none() && c.get("refreshtoken").is_none());
    assert!(!env.read_config().contains(TOKEN));
    assert_eq!(env.stored_token(&env.astro_domain()), DEFAULT_ASTRO_TOKEN);
    #[cfg(unix)]
    assert_eq!(mode(&env.keyring_path()), 0o600);

    // The next command reads it from the store.
    env.fake.clear_requests();
    env.run(&["workspace", "list"]).assert_ok();
    assert_eq!(env.request_lines(), [LIST]);
    assert_eq!(
        env.requests()[0].header("authorization"),
        Some(DEFAULT_ASTRO_TOKEN)
    );
    let token = env.run(&["auth", "token"]);
    token.assert_ok();
    assert_eq!(token.stdout, format!("{TOKEN}\n"));
}

#[test]
fn a_private_cloud_login_keeps_its_token_in_the_store() {
    let env = TestEnv::apc();
    std::fs::remove_file(env.config_path()).unwrap();
    env.fake.with_state(|s| {
        s.houston_workspaces
            .retain(|w| w.id == DEMO_HOUSTON_WORKSPACE_ID)
    });
    env.run(&[
        "login",
        &env.apc_domain(),
        "--token-login",
        DEFAULT_HOUSTON_TOKEN,
        "--platform",
        "apc",
    ])
    .assert_ok();
    assert_eq!(env.stored_token(&env.apc_domain()), DEFAULT_HOUSTON_TOKEN);
    assert!(!env.read_config().contains(DEFAULT_HOUSTON_TOKEN));
    env.fake.clear_requests();
    env.run(&["workspace", "list"]).assert_ok();
    assert_eq!(
        env.requests()[0].header("authorization"),
        Some(DEFAULT_HOUSTON_TOKEN)
    );
}

#[test]
fn with_no_store_the_login_falls_back_to_the_file_and_says_so_once() {
    for backend in ["none", "file-unavailable"] {
        let mut env = one_workspace();
        if backend == "none" {
            env.set_env("ASTRO_KEYRING_BACKEND", "none");
        } else {
            set_store_state(&env, "unavailable");
        }
        let run = env.run(&["login", &env.astro_domain(), "--token-login", TOKEN]);
        run.assert_ok();
        let config = env.config_path().display().to_string();
        let notes: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("no credential store answered"))
            .collect();
        assert_eq!(notes.len(), 1, "{run:#?}");
        assert!(
            notes[0].contains(&format!(
                "the token is kept in plain text in {config} (readable only by you)"
            )),
            "{}",
            notes[0]
        );
        assert!(!run.stderr.contains(TOKEN), "{run:#?}");
        let c = context(&env, &env.astro_domain());
        assert_eq!(c["token"].as_str(), Some(DEFAULT_ASTRO_TOKEN));
        assert!(c.get("token_store").is_none());
        #[cfg(unix)]
        assert_eq!(mode(&env.config_path()), 0o600);
        // And it works from there, with nothing more said.
        let list = env.run(&["workspace", "list"]);
        list.assert_ok();
        assert_eq!(list.stderr, "");
    }
}

#[test]
fn no_insecure_fallback_makes_a_missing_store_an_error_and_changes_nothing() {
    let mut env = one_workspace();
    env.set_env("ASTRO_KEYRING_BACKEND", "none");
    env.set_env("ASTRO_NO_INSECURE_FALLBACK", "1");
    let before = env.read_config();
    let run = env.run(&["login", &env.astro_domain(), "--token-login", TOKEN]);
    assert_eq!(run.code, 1);
    let d = env.astro_domain();
    let config = env.config_path().display().to_string();
    assert!(
        run.stderr.ends_with(&format!(
            "Error: cannot keep the token for {d}: no credential store answered (no keyring (ASTRO_KEYRING_BACKEND=none): ASTRO_KEYRING_BACKEND=none), and ASTRO_NO_INSECURE_FALLBACK forbids keeping it in {config}. Start a keyring and log in again, or run astro login {d} --insecure-storage to keep it in the file on purpose\n"
        )),
        "{run:#?}"
    );
    assert_eq!(env.read_config(), before);

    // --insecure-storage is a choice, not a fallback: it is allowed.
    let run = env.run(&["login", &d, "--token-login", TOKEN, "--insecure-storage"]);
    run.assert_ok();
    assert!(!run.stderr.contains("no credential store answered"));
    assert_eq!(
        context(&env, &d)["token"].as_str(),
        Some(DEFAULT_ASTRO_TOKEN)
    );
}

#[test]
fn insecure_storage_keeps_the_file_and_removes_the_old_entry() {
    let env = logged_in();
    let d = env.astro_domain();
    assert!(env.keyring_entry(&d).is_some());
    let run = env.run(&["login", &d, "--token-login", TOKEN, "--insecure-storage"]);
    run.assert_ok();
    assert!(!run.stderr.contains("credential store"), "{run:#?}");
    let c = context(&env, &d);
    assert_eq!(c["token"].as_str(), Some(DEFAULT_ASTRO_TOKEN));
    assert!(c.get("token_store").is_none());
    assert_eq!(env.keyring_entry(&d), None);
    env.run(&["workspace", "list"]).assert_ok();
}

#[test]
fn a_token_in_the_file_keeps_working_and_the_next_login_moves_it_to_the_store() {
    // The harness's config is as an older astro wrote it: the tokens in the file.
    let env = one_workspace();
    let d = env.astro_domain();
    env.run(&["workspace", "list"]).assert_ok();
    let status = env.run(&["auth", "status", "-o", "json"]);
    status.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["credentialStore"], "config file");
    assert_eq!(env.keyring_entry(&d), None);

    env.run(&["login", &d, "--token-login", TOKEN]).assert_ok();
    assert_eq!(env.stored_token(&d), DEFAULT_ASTRO_TOKEN);
    let c = context(&env, &d);
    assert!(c.get("token").is_none(), "{c:?}");
    assert_eq!(c["token_store"].as_str(), Some("keyring"));
    // The other context is left as it was.
    assert_eq!(
        context(&env, &env.apc_domain())["token"].as_str(),
        Some(DEFAULT_HOUSTON_TOKEN)
    );
    let status = env.run(&["auth", "status", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["credentialStore"], "keyring");
}

#[test]
fn logout_and_context_delete_remove_the_entry() {
    let env = logged_in();
    let d = env.astro_domain();
    env.run(&["logout"]).assert_ok();
    assert_eq!(env.keyring_entry(&d), None);
    assert!(context(&env, &d).get("token_store").is_none());
    env.run(&["auth", "token", "-d", &d])
        .assert_error("no token found. Please run 'astro login' to authenticate");

    let env = logged_in();
    env.run(&["context", "delete", &d, "--force"]).assert_ok();
    assert_eq!(env.keyring_entry(&d), None);
}

#[test]
fn a_locked_store_stops_logout_with_nothing_changed() {
    let env = logged_in();
    let d = env.astro_domain();
    set_store_state(&env, "locked");
    let before = env.read_config();
    let run = env.run(&["logout"]);
    run.assert_error(&format!(
        "cannot remove the token for {d} from the file keyring {} (ASTRO_KEYRING_BACKEND): it is locked (the collection is locked); unlock it and run astro logout {d} again. Nothing was changed",
        env.keyring_path().display()
    ));
    assert_eq!(env.read_config(), before);
}

#[test]
fn auth_status_says_where_the_credential_is_kept() {
    let env = logged_in();
    let run = env.run(&["auth", "status"]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains("Credential:    stored in the context, kept in the keyring\n"),
        "{run:#?}"
    );
    let json = env.run(&["auth", "status", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["credentialStore"], "keyring");
    assert_eq!(json["credentialSource"], "context");

    let mut env = env;
    let api_token = jwt(&serde_json::json!({"permissions": ["organizationId:o", "workspaceId:w"]}));
    env.set_env("ASTRO_API_TOKEN", &api_token);
    let json = env.run(&["auth", "status", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["credentialStore"], "environment");
}

#[test]
fn the_debug_log_names_the_store_and_never_the_secret() {
    let env = logged_in();
    let run = env.run(&["workspace", "list", "--verbosity", "debug"]);
    run.assert_ok();
    assert!(
        run.stderr.contains(&format!(
            "DEBUG credentials for {}: the file keyring {} (ASTRO_KEYRING_BACKEND)\n",
            env.astro_domain(),
            env.keyring_path().display()
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);

    let login = env.run(&[
        "login",
        &env.astro_domain(),
        "--token-login",
        TOKEN,
        "--verbosity",
        "debug",
    ]);
    login.assert_ok();
    assert!(
        login.stderr.contains("kept in the file keyring"),
        "{}",
        login.stderr
    );
    assert!(!login.stderr.contains(TOKEN), "{}", login.stderr);
}

/// A login the store refuses: after the welcome lines, the error; the config unchanged.
fn login_fails(env: &TestEnv, error: &str) {
    let before = env.read_config();
    let run = env.run(&["login", &env.astro_domain(), "--token-login", TOKEN]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with(&format!("Error: {error}\n")),
        "{run:#?}"
    );
    assert_eq!(env.read_config(), before);
}

#[test]
fn a_locked_store_a_refusing_store_and_a_missing_entry_are_errors_that_say_what_to_do() {
    let env = logged_in();
    let d = env.astro_domain();
    let store = format!(
        "the file keyring {} (ASTRO_KEYRING_BACKEND)",
        env.keyring_path().display()
    );
    let config = env.config_path().display().to_string();

    set_store_state(&env, "locked");
    env.fake.clear_requests();
    env.run(&["workspace", "list"]).assert_error(&format!(
        "the token for {d} is kept in {store}, which is locked (the collection is locked): unlock it and run the command again, or log in again with astro login {d} --insecure-storage to keep the token in {config} instead"
    ));
    assert!(env.requests().is_empty(), "nothing is sent without a token");
    login_fails(
        &env,
        &format!(
            "cannot keep the token for {d} in {store}: it is locked (the collection is locked). Unlock it and log in again, or run astro login {d} --insecure-storage to keep the token in {config} (readable only by you)"
        ),
    );

    set_store_state(&env, "refusing");
    login_fails(
        &env,
        &format!(
            "cannot keep the token for {d} in {store}: it refused (access denied). Log in again once it accepts, or run astro login {d} --insecure-storage to keep the token in {config} (readable only by you)"
        ),
    );
    env.run(&["auth", "token"]).assert_error(&format!(
        "the token for {d} is kept in {store}, which refused to give it (access denied): allow astro to read it and run the command again, or log in again with astro login {d} --insecure-storage to keep the token in {config} instead"
    ));

    // The entry removed outside astro, the context still pointing to it.
    std::fs::write(env.keyring_path(), "{}").unwrap();
    let missing = format!(
        "the token for {d} is missing from {store}: its entry was removed, but the context still points to it (token_store = \"keyring\" in {config}). Log in again: run astro login {d}"
    );
    env.run(&["workspace", "list"]).assert_error(&missing);
    // auth status shows the context, then the same error.
    let status = env.run(&["auth", "status"]);
    assert_eq!(status.code, 1);
    assert!(
        status.stdout.contains("Kind:          none\n"),
        "{status:#?}"
    );
    assert!(
        status.stderr.ends_with(&format!("Error: {missing}\n")),
        "{status:#?}"
    );
}

#[test]
fn help_version_and_tab_never_touch_the_store() {
    let env = logged_in();
    // A locked store fails whatever asks it: these commands must not.
    set_store_state(&env, "locked");
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["version"],
        vec!["workspace", "--help"],
        vec!["login", "--help"],
        vec!["__complete", "workspace", "to"],
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, 0, "{args:?} {run:#?}");
        assert!(!run.stderr.contains("keyring"), "{args:?} {run:#?}");
    }
}

fn in_secs(secs: u64) -> String {
    rfc3339(SystemTime::now() + Duration::from_secs(secs))
}

/// The Astro context in the store, its token due for a refresh.
fn due_for_refresh() -> TestEnv {
    let env = logged_in();
    let d = env.astro_domain();
    let text = std::fs::read_to_string(env.keyring_path()).unwrap();
    let mut store: serde_json::Value = serde_json::from_str(&text).unwrap();
    store["entries"][format!("astro:{d}")] = serde_json::json!({
        "token": "Bearer stale-user-token",
        "refreshtoken": "fake-refresh-token",
    })
    .to_string()
    .into();
    std::fs::write(env.keyring_path(), store.to_string()).unwrap();
    let config = env.read_config().replacen(
        "expiresin = \"\"",
        &format!("expiresin = \"{}\"", in_secs(60)),
        1,
    );
    env.write_config(&config);
    env.fake.clear_requests();
    env
}

#[test]
fn a_refreshed_token_is_written_back_to_the_store() {
    let env = due_for_refresh();
    let d = env.astro_domain();
    env.run(&["workspace", "list"]).assert_ok();
    assert_eq!(
        env.request_lines()
            .iter()
            .filter(|l| *l == OAUTH_TOKEN)
            .count(),
        1
    );
    let entry = env.keyring_entry(&d).unwrap();
    assert_eq!(entry["token"], DEFAULT_ASTRO_TOKEN);
    let rotated = env.fake.with_state(|s| s.auth.refresh_token.clone());
    assert_eq!(entry["refreshtoken"], rotated.as_str());
    let c = context(&env, &d);
    assert!(c.get("token").is_none() && c.get("refreshtoken").is_none());
    assert!(c["expiresin"].as_str().unwrap() > in_secs(3600).as_str());
}

#[test]
fn processes_refreshing_at_once_leave_one_valid_token() {
    let env = due_for_refresh();
    // The fake rotates the refresh token and refuses the old one: a second refresh with the
    // token the first one replaced would fail. The config lock, held across the refresh,
    // makes the others use the token the first one saved.
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.command(&["workspace", "list"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(
        env.request_lines()
            .iter()
            .filter(|l| *l == OAUTH_TOKEN)
            .count(),
        1
    );
    assert_eq!(
        env.keyring_entry(&env.astro_domain()).unwrap()["token"],
        DEFAULT_ASTRO_TOKEN
    );
}
