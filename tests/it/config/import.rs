//! Coming from the Go CLI: `.astro/config.yaml` is imported into config.toml once, by itself,
//! when config.toml does not exist; `astro config import` does it on demand. The YAML file is
//! never modified.

use crate::common::*;

/// A config.yaml as the Go CLI writes it (viper: lower-cased keys, defaults as strings).
const GO_CONFIG: &str = r#"cloud:
  api:
    protocol: https
    port: "443"
context: example.com
contexts:
  astronomer_io:
    domain: astronomer.io
    expiresin: 2025-06-01T12:00:00.000000-04:00
    last_used_workspace: clws00000000000000000000a
    organization: clorg0000000000000000000a
    organization_product: HOSTED
    organization_short_name: legacy
    refreshtoken: v1.MrefreshTOKEN
    token: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig
    user_email: me@example.com
    workspace: clws00000000000000000000a
  example_com:
    domain: example.com
    last_used_workspace: ckws00000000000000000000b
    organization: ""
    organization_product: ""
    refreshtoken: ""
    token: eyJhbGciOiJIUzI1NiJ9.houston.sig
    user_email: ""
    workspace: ckws00000000000000000000b
  localhost:
    domain: localhost
    token: local-token
houston:
  dial_timeout: "25"
  skip_verify_tls: "true"
interactive: "true"
local:
  platform: software
page_size: 40
upgrade_message: "true"
verbosity: warning
"#;

fn go_env() -> TestEnv {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    std::fs::write(yaml_path(&env), GO_CONFIG).unwrap();
    env
}

fn yaml_path(env: &TestEnv) -> std::path::PathBuf {
    env.config_path().with_file_name("config.yaml")
}

fn table(text: &str) -> toml::Table {
    text.parse().unwrap()
}

#[test]
fn the_first_run_imports_everything_once_and_leaves_the_yaml_alone() {
    let env = go_env();
    let run = env.run(&["context", "list"]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        format!(
            "Imported 3 contexts and 4 settings from {} into {} (config.yaml is left unchanged; run astro config import to import it again)\n",
            yaml_path(&env).display(),
            env.config_path().display()
        )
    );
    for domain in ["astronomer.io", "example.com", "localhost"] {
        assert!(run.stdout.contains(domain), "{run:#?}");
    }
    assert_eq!(std::fs::read_to_string(yaml_path(&env)).unwrap(), GO_CONFIG);

    let doc = table(&env.read_config());
    assert_eq!(doc["context"].as_str(), Some("example.com"));
    let astro = doc["contexts"]["astronomer_io"].as_table().unwrap();
    for (key, value) in [
        ("domain", "astronomer.io"),
        ("expiresin", "2025-06-01T12:00:00.000000-04:00"),
        ("last_used_workspace", "clws00000000000000000000a"),
        ("organization", "clorg0000000000000000000a"),
        ("organization_product", "HOSTED"),
        ("organization_short_name", "legacy"),
        ("refreshtoken", "v1.MrefreshTOKEN"),
        ("token", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"),
        ("user_email", "me@example.com"),
        ("workspace", "clws00000000000000000000a"),
    ] {
        assert_eq!(astro[key].as_str(), Some(value), "{key}");
    }
    assert_eq!(
        astro.len(),
        10,
        "nothing added to an Astro context: {astro:?}"
    );
    let apc = doc["contexts"]["example_com"].as_table().unwrap();
    assert_eq!(
        apc["token"].as_str(),
        Some("eyJhbGciOiJIUzI1NiJ9.houston.sig")
    );
    assert_eq!(apc["workspace"].as_str(), Some("ckws00000000000000000000b"));
    assert_eq!(apc.len(), 8);
    // local.platform: software made localhost a Private Cloud context; say so explicitly.
    let local = doc["contexts"]["localhost"].as_table().unwrap();
    assert_eq!(local["platform"].as_str(), Some("apc"));
    assert_eq!(local["token"].as_str(), Some("local-token"));
    // Settings, with their TOML types.
    assert_eq!(doc["houston"]["dial_timeout"].as_integer(), Some(25));
    assert_eq!(doc["houston"]["skip_verify_tls"].as_bool(), Some(true));
    assert_eq!(doc["interactive"].as_bool(), Some(true));
    assert_eq!(doc["page_size"].as_integer(), Some(40));
    // Go-only settings stay in the YAML file.
    assert!(doc.get("verbosity").is_none() && doc.get("cloud").is_none());

    // Said once: the next run reads config.toml only.
    let again = env.run(&["context", "list"]);
    again.assert_ok();
    assert_eq!(again.stderr, "");
}

#[test]
fn the_imported_current_context_picks_the_tree_and_its_token() {
    let env = go_env();
    // example.com is Private Cloud: its tree has `workspace service-account`.
    let help = env.run(&["workspace", "--help"]);
    assert_eq!(help.code, 0, "{help:#?}");
    assert!(help.stdout.contains("service-account"), "{help:#?}");
    let token = env.run(&["auth", "token"]);
    token.assert_ok();
    assert_eq!(token.stdout, "eyJhbGciOiJIUzI1NiJ9.houston.sig\n");
    let astro = env.run(&["auth", "token", "--domain", "astronomer.io"]);
    assert_eq!(astro.stdout, "eyJhbGciOiJSUzI1NiJ9.e30.sig\n");
}

#[test]
fn import_on_demand_keeps_existing_contexts_unless_forced() {
    let env = TestEnv::astro();
    // config.toml exists: nothing is imported by itself.
    std::fs::write(yaml_path(&env), GO_CONFIG).unwrap();
    let quiet = env.run(&["context", "list"]);
    quiet.assert_ok();
    assert_eq!(quiet.stderr, "");
    assert!(!quiet.stdout.contains("example.com"));

    // Make one context collide: config.toml already has example.com.
    env.run(&["config", "set", "page_size", "5"]).assert_ok();
    let mut text = env.read_config();
    text.push_str("\n[contexts.example_com]\ndomain = \"example.com\"\ntoken = \"mine\"\n");
    env.write_config(&text);

    let run = env.run(&["config", "import"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Imported context astronomer.io\nImported context localhost\nImported setting houston.dial_timeout\nImported setting houston.skip_verify_tls\nImported setting interactive\n"
    );
    assert_eq!(
        run.stderr,
        "Kept context example.com: config.toml has it already (pass --force to replace it)\n"
    );
    let doc = table(&env.read_config());
    assert_eq!(
        doc["contexts"]["example_com"]["token"].as_str(),
        Some("mine")
    );
    assert_eq!(doc["page_size"].as_integer(), Some(5));
    // The current context stays.
    assert_eq!(doc["context"].as_str(), Some(env.astro_domain().as_str()));

    let forced = env.run(&["config", "import", "--force"]);
    forced.assert_ok();
    assert!(
        forced.stdout.contains("Imported context example.com\n"),
        "{forced:#?}"
    );
    assert!(
        forced.stdout.ends_with("Current context: example.com\n"),
        "{forced:#?}"
    );
    let doc = table(&env.read_config());
    assert_eq!(
        doc["contexts"]["example_com"]["token"].as_str(),
        Some("eyJhbGciOiJIUzI1NiJ9.houston.sig")
    );
    assert_eq!(doc["page_size"].as_integer(), Some(40));
    // The fake's contexts are still there.
    assert!(
        doc["contexts"]
            .get(env.astro_domain().replace(['.', ':'], "_"))
            .is_some()
    );
    assert_eq!(std::fs::read_to_string(yaml_path(&env)).unwrap(), GO_CONFIG);
}

#[test]
fn import_without_a_yaml_file_or_with_a_broken_one() {
    let env = TestEnv::astro();
    env.run(&["config", "import"]).assert_error(&format!(
        "no Go CLI config at {}: nothing to import",
        yaml_path(&env).display()
    ));

    // A broken YAML file does not stop a first run; config.toml is not created from it.
    std::fs::remove_file(env.config_path()).unwrap();
    std::fs::write(yaml_path(&env), "contexts: [unclosed\n").unwrap();
    let run = env.run(&["config", "get", "page_size"]);
    run.assert_ok();
    assert_eq!(run.stdout, "page_size: 20\n");
    assert!(
        run.stderr
            .starts_with("Warning: could not import the Go CLI config: "),
        "{run:#?}"
    );
    assert!(!env.config_path().exists());
    // And an explicit import says what is wrong.
    let explicit = env.run(&["config", "import"]);
    assert_eq!(explicit.code, 1);
    assert!(
        explicit.stderr.contains(&format!(
            "\nError: {} is not a valid config file: while parsing a flow sequence",
            yaml_path(&env).display()
        )),
        "{explicit:#?}"
    );
}

/// Newer Go CLI releases keep the token in the system keychain or in `credentials.json`
/// (0600, beside config.yaml) and leave it out of config.yaml: the import takes it from the
/// file, and a context found in neither is imported with a warning that it needs a login (the
/// keychain: `go_keychain.rs`).
#[test]
fn tokens_moved_to_credentials_json_by_the_go_cli_are_imported_from_there() {
    let env = go_env();
    let yaml = GO_CONFIG
        .replace("    token: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig\n", "")
        .replace("    refreshtoken: v1.MrefreshTOKEN\n", "")
        .replace("    token: local-token\n", "");
    std::fs::write(yaml_path(&env), yaml).unwrap();
    std::fs::write(
        env.config_path().with_file_name("credentials.json"),
        r#"{"astronomer.io":{"token":"Bearer from-credentials-json","refreshtoken":"v1.fromfile","user_email":"me@example.com","expires_at":"0001-01-01T00:00:00Z"}}"#,
    )
    .unwrap();
    let run = env.run(&["auth", "token", "--domain", "astronomer.io"]);
    run.assert_ok();
    assert_eq!(run.stdout, "from-credentials-json\n");
    assert!(
        run.stderr.contains(&format!(
            "Warning: {}: contexts.localhost has no token in config.yaml or credentials.json: imported without one; if the Go CLI keeps it in the system keychain, run astro config import to read it from there, or astro login localhost\n",
            yaml_path(&env).display()
        )),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("from-credentials-json"));
    let doc = table(&env.read_config());
    assert_eq!(
        doc["contexts"]["astronomer_io"]["refreshtoken"].as_str(),
        Some("v1.fromfile")
    );
    // config.yaml's own expiry is kept; the Go zero time in the file would be none.
    assert_eq!(
        doc["contexts"]["astronomer_io"]["expiresin"].as_str(),
        Some("2025-06-01T12:00:00.000000-04:00")
    );
    env.run(&["auth", "token", "--domain", "localhost"])
        .assert_error("no token found. Please run 'astro login' to authenticate");
}
