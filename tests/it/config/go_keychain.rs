//! The Go CLI's newer releases keep a context's token in the system keychain (service
//! `astro-cli`, account the domain, a small JSON document) and leave it out of config.yaml.
//! `astro config import` reads that entry through the credential store and keeps the token as a
//! login does; the first-run import never reads it; a store that is locked or refuses leaves a
//! context that says it needs a login (docs/reliability.md#where-secrets-live). The store is the
//! documented file store the harness gives every run, where the Go CLI's entry is
//! `"astro-cli:<domain>"`.

use crate::common::*;

fn yaml_path(env: &TestEnv) -> std::path::PathBuf {
    env.config_path().with_file_name("config.yaml")
}

/// A Go config.yaml whose only context is the fake's Astro one, without a token.
fn go_yaml(env: &TestEnv) -> String {
    format!(
        "context: {d}\ncontexts:\n  fake:\n    domain: {d}\n    organization: {DEFAULT_ORG_ID}\n    platform: astro\n    user_email: me@example.com\n    workspace: {DEMO_WORKSPACE_ID}\n",
        d = env.astro_domain()
    )
}

/// The file store holding the Go CLI's entry for the fake, and `state` when given.
fn go_entry(env: &TestEnv, state: Option<&str>) -> String {
    let entry = serde_json::json!({
        "token": DEFAULT_ASTRO_TOKEN,
        "refreshtoken": "v1.go-refresh",
        "user_email": "me@example.com",
        "expires_at": "0001-01-01T00:00:00Z",
    });
    let mut store = serde_json::json!({
        "entries": { format!("astro-cli:{}", env.astro_domain()): entry.to_string() }
    });
    if let Some(state) = state {
        store["state"] = state.into();
    }
    let text = store.to_string();
    std::fs::write(env.keyring_path(), &text).unwrap();
    text
}

/// The context's key in both files.
fn key(env: &TestEnv) -> String {
    env.astro_domain().replace(['.', ':'], "_")
}

fn context(env: &TestEnv) -> toml::Table {
    let doc: toml::Table = env.read_config().parse().unwrap();
    doc["contexts"][&key(env)].as_table().unwrap().clone()
}

/// An env whose config.toml has neither context yet, so `astro config import` imports.
fn explicit_env() -> TestEnv {
    let env = TestEnv::astro();
    env.write_config("[http]\ntimeout_seconds = 20\n");
    std::fs::write(yaml_path(&env), go_yaml(&env)).unwrap();
    env
}

#[test]
fn config_import_takes_the_token_from_the_go_keychain_entry_and_keeps_it_in_the_store() {
    let env = explicit_env();
    go_entry(&env, None);
    let run = env.run(&["config", "import"]);
    run.assert_ok();
    let d = env.astro_domain();
    assert_eq!(
        run.stdout,
        format!("Imported context {d}\nCurrent context: {d}\n")
    );
    assert_eq!(run.stderr, "");
    assert!(!run.stderr.contains(DEFAULT_ASTRO_TOKEN));
    // Kept as a login keeps it: our own entry, the marker, no secret in the file.
    let c = context(&env);
    assert_eq!(c["token_store"].as_str(), Some("keyring"));
    assert!(c.get("token").is_none() && c.get("refreshtoken").is_none());
    assert!(!env.read_config().contains(DEFAULT_ASTRO_TOKEN));
    let entry = env.keyring_entry(&d).expect("our entry");
    assert_eq!(entry["token"].as_str(), Some(DEFAULT_ASTRO_TOKEN));
    assert_eq!(entry["refreshtoken"].as_str(), Some("v1.go-refresh"));
    // The Go CLI's entry is only read.
    let store: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.keyring_path()).unwrap()).unwrap();
    assert!(store["entries"][format!("astro-cli:{d}")].is_string());
    // The imported context works against the control plane.
    let list = env.run(&["workspace", "list"]);
    list.assert_ok();
    assert!(list.stdout.contains(DEMO_WORKSPACE_ID), "{list:#?}");
}

/// An entry holding the bare token, not a JSON document, is read as the token. (A store that
/// answers the read but not the write, where the token falls back to the file, cannot be
/// staged with one file store: `src/config/store.rs`'s unit tests cover `keep_in`.)
#[test]
fn an_entry_holding_the_bare_token_is_read_as_the_token() {
    let env = explicit_env();
    let d = env.astro_domain();
    std::fs::write(
        env.keyring_path(),
        serde_json::json!({"entries": {format!("astro-cli:{d}"): DEFAULT_ASTRO_TOKEN}}).to_string(),
    )
    .unwrap();
    let run = env.run(&["config", "import"]);
    run.assert_ok();
    assert_eq!(env.stored_token(&d), DEFAULT_ASTRO_TOKEN);
    env.run(&["workspace", "list"]).assert_ok();
}

#[test]
fn the_first_run_import_does_not_read_the_keychain_and_says_what_to_run() {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    std::fs::write(yaml_path(&env), go_yaml(&env)).unwrap();
    let before = go_entry(&env, None);
    let d = env.astro_domain();
    let run = env.run(&["context", "list"]);
    run.assert_ok();
    assert!(
        run.stderr.starts_with(&format!(
            "Warning: {}: contexts.{k} has no token in config.yaml or credentials.json: imported without one; if the Go CLI keeps it in the system keychain, run astro config import to read it from there, or astro login {d}\n",
            yaml_path(&env).display(),
            k = key(&env)
        )),
        "{run:#?}"
    );
    assert_eq!(run.stderr.lines().count(), 2, "{run:#?}");
    // Nothing was read or written: no token anywhere, the store file as it was.
    let c = context(&env);
    assert!(c.get("token").is_none() && c.get("token_store").is_none());
    assert_eq!(std::fs::read_to_string(env.keyring_path()).unwrap(), before);

    // What the warning says to run completes the context it left without a token.
    let import = env.run(&["config", "import"]);
    import.assert_ok();
    assert_eq!(
        import.stdout,
        format!("Imported the token of context {d} from the Go CLI's keychain entry\n")
    );
    assert_eq!(
        import.stderr,
        format!("Kept context {d}: config.toml has it already (pass --force to replace it)\n")
    );
    assert_eq!(context(&env)["token_store"].as_str(), Some("keyring"));
    env.run(&["workspace", "list"]).assert_ok();
}

#[test]
fn a_locked_or_refusing_store_imports_the_context_and_says_it_needs_a_login() {
    for (state, why) in [
        ("locked", "is locked (the collection is locked)"),
        ("refusing", "refused (access denied)"),
    ] {
        let env = explicit_env();
        go_entry(&env, Some(state));
        let d = env.astro_domain();
        let run = env.run(&["config", "import"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Imported context {d}\nCurrent context: {d}\n")
        );
        assert_eq!(
            run.stderr,
            format!(
                "Warning: {}: contexts.{k} has no token in config.yaml or credentials.json, and the Go CLI's keychain entry could not be read (the file keyring {} (ASTRO_KEYRING_BACKEND) {why}): imported without one; run astro login {d}\n",
                yaml_path(&env).display(),
                env.keyring_path().display(),
                k = key(&env)
            ),
            "{state}"
        );
        let c = context(&env);
        assert!(c.get("token").is_none() && c.get("token_store").is_none());
        // Never a request sent with an empty token.
        env.run(&["workspace", "list"]).assert_error(&format!(
            "not logged in to {d}: run astro login or set ASTRO_API_TOKEN"
        ));
    }
}

#[test]
fn no_entry_in_the_store_says_it_needs_a_login() {
    let env = explicit_env();
    let d = env.astro_domain();
    let run = env.run(&["config", "import"]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        format!(
            "Warning: {}: contexts.{k} has no token in config.yaml or credentials.json, nor in the Go CLI's keychain entry (astro-cli in the file keyring {} (ASTRO_KEYRING_BACKEND)): imported without one; run astro login {d}\n",
            yaml_path(&env).display(),
            env.keyring_path().display(),
            k = key(&env)
        )
    );
}

#[test]
fn with_no_store_at_all_the_context_says_it_needs_a_login() {
    let mut env = explicit_env();
    env.set_env("ASTRO_KEYRING_BACKEND", "none");
    let run = env.run(&["config", "import"]);
    run.assert_ok();
    assert!(
        run.stderr.contains("and the Go CLI's keychain entry could not be read (no keyring (ASTRO_KEYRING_BACKEND=none) did not answer (ASTRO_KEYRING_BACKEND=none))"),
        "{run:#?}"
    );
}
