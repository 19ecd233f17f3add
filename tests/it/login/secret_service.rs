//! The same flows against a real Secret Service (GNOME Keyring on a private D-Bus session bus),
//! with the system's store chosen as a user would have it (no `ASTRO_KEYRING_BACKEND`). `.ci/run`
//! starts the bus and the keyring (`dbus-run-session`, `gnome-keyring-daemon --unlock`) and sets
//! `ASTRO_TEST_SECRET_SERVICE=1`; without it these tests say so and pass, since a developer's
//! own keyring is no place for test entries (docs/reliability.md#where-secrets-live).

use crate::common::*;

const TOKEN: &str = "astro-test-token";

/// An Astro environment using the session bus's Secret Service, or `None` outside that suite.
fn with_secret_service() -> Option<TestEnv> {
    if std::env::var("ASTRO_TEST_SECRET_SERVICE").as_deref() != Ok("1") {
        eprintln!("skipped: set ASTRO_TEST_SECRET_SERVICE=1 under a test keyring (.ci/run does)");
        return None;
    }
    let mut env = TestEnv::astro();
    env.fake
        .with_state(|s| s.astro_workspaces.retain(|w| w.id == DEMO_WORKSPACE_ID));
    // An empty value is the system's store, as with the variable unset.
    env.set_env("ASTRO_KEYRING_BACKEND", "");
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").expect("a D-Bus session bus");
    env.set_env("DBUS_SESSION_BUS_ADDRESS", &bus);
    Some(env)
}

fn secret_tool(args: &[&str]) -> std::process::Output {
    std::process::Command::new("secret-tool")
        .args(args)
        .output()
        .expect("secret-tool")
}

#[test]
fn login_use_refresh_removal_lock_and_logout_through_the_secret_service() {
    let Some(env) = with_secret_service() else {
        return;
    };
    let d = env.astro_domain();
    let run = env.run(&["login", &d, "--token-login", TOKEN]);
    run.assert_ok();
    assert!(
        !run.stderr.contains("no credential store answered"),
        "{run:#?}"
    );
    assert!(!env.read_config().contains(TOKEN));
    assert!(env.read_config().contains("token_store = \"keyring\""));

    // The entry is where other tools find it.
    let found = secret_tool(&["lookup", "service", "astro", "username", &d]);
    let entry: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(entry["token"], DEFAULT_ASTRO_TOKEN);

    env.fake.clear_requests();
    env.run(&["workspace", "list"]).assert_ok();
    assert_eq!(
        env.requests()[0].header("authorization"),
        Some(DEFAULT_ASTRO_TOKEN)
    );
    let status = env.run(&["auth", "status", "-o", "json"]);
    let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["credentialStore"], "keyring");

    // A second login replaces the entry rather than adding one.
    env.run(&["login", &d, "--token-login", TOKEN]).assert_ok();
    let all = secret_tool(&["search", "--all", "service", "astro", "username", &d]);
    let text =
        String::from_utf8_lossy(&all.stdout).to_string() + &String::from_utf8_lossy(&all.stderr);
    assert_eq!(text.matches("label = ").count(), 1, "{text}");

    // A refresh writes the new token back into the entry.
    let mut store = std::process::Command::new("secret-tool")
        .args(["store", "--label=astro", "service", "astro", "username", &d])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        store.stdin.as_mut().unwrap(),
        br#"{"token":"Bearer stale-user-token","refreshtoken":"fake-refresh-token"}"#,
    )
    .unwrap();
    drop(store.stdin.take());
    assert!(store.wait().unwrap().success());
    let soon = fake_control_plane::rfc3339(
        std::time::SystemTime::now() + std::time::Duration::from_secs(60),
    );
    env.write_config(&env.read_config().replacen(
        "expiresin = \"\"",
        &format!("expiresin = \"{soon}\""),
        1,
    ));
    env.run(&["workspace", "list"]).assert_ok();
    let found = secret_tool(&["lookup", "service", "astro", "username", &d]);
    let entry: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(entry["token"], DEFAULT_ASTRO_TOKEN);
    let rotated = env.fake.with_state(|s| s.auth.refresh_token.clone());
    assert_eq!(entry["refreshtoken"], rotated.as_str());

    env.run(&["logout"]).assert_ok();
    let gone = secret_tool(&["lookup", "service", "astro", "username", &d]);
    assert!(gone.stdout.is_empty(), "{gone:?}");

    // An entry removed outside astro, the context still pointing to it.
    env.run(&["login", &d, "--token-login", TOKEN]).assert_ok();
    secret_tool(&["clear", "service", "astro", "username", &d]);
    let config = env.config_path().display().to_string();
    env.run(&["workspace", "list"]).assert_error(&format!(
        "the token for {d} is missing from the Secret Service keyring: its entry was removed, but the context still points to it (token_store = \"keyring\" in {config}). Log in again: run astro login {d}"
    ));

    // A locked keyring, last: nothing here can unlock it again without a prompt.
    env.run(&["login", &d, "--token-login", TOKEN]).assert_ok();
    let lock = std::process::Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .output()
        .expect("dbus-send");
    assert!(lock.status.success(), "{lock:?}");
    let locked = "the collection is locked; unlocking it needs a prompt";
    env.run(&["workspace", "list"]).assert_error(&format!(
        "the token for {d} is kept in the Secret Service keyring, which is locked ({locked}): unlock it and run the command again, or log in again with astro login {d} --insecure-storage to keep the token in {config} instead"
    ));
    let before = env.read_config();
    let login = env.run(&["login", &d, "--token-login", TOKEN]);
    assert_eq!(login.code, 1);
    assert!(
        login.stderr.ends_with(&format!(
            "Error: cannot keep the token for {d} in the Secret Service keyring: it is locked ({locked}). Unlock it and log in again, or run astro login {d} --insecure-storage to keep the token in {config} (readable only by you)\n"
        )),
        "{login:#?}"
    );
    assert_eq!(env.read_config(), before);
}

#[test]
fn without_a_session_bus_login_falls_back_to_the_file() {
    let Some(mut env) = with_secret_service() else {
        return;
    };
    env.set_env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let run = env.run(&["login", &env.astro_domain(), "--token-login", TOKEN]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains("Note: no credential store answered (the Secret Service keyring: cannot connect to the D-Bus session bus unix:path=/nonexistent/bus)"),
        "{run:#?}"
    );
    assert!(env.read_config().contains(DEFAULT_ASTRO_TOKEN));
}
