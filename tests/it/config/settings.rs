//! `astro config get|set`: the settings of README "Configuration", round trips, bad keys and bad
//! values.

use crate::common::*;

#[test]
fn get_shows_defaults_then_set_values_round_trip() {
    let env = TestEnv::astro();
    let run = env.run(&["config", "get", "page_size"]);
    run.assert_ok();
    assert_eq!(run.stdout, "page_size: 20\n");
    assert_eq!(run.stderr, "");

    for (key, value, stored) in [
        ("page_size", "50", "page_size = 50"),
        ("interactive", "TRUE", "interactive = true"),
        ("houston.dial_timeout", "15", "dial_timeout = 15"),
        ("houston.skip_verify_tls", "true", "skip_verify_tls = true"),
        ("http.timeout_seconds", "120", "timeout_seconds = 120"),
    ] {
        let set = env.run(&["config", "set", key, value]);
        set.assert_ok();
        let shown = value.to_ascii_lowercase();
        assert_eq!(
            set.stdout,
            format!("Setting {key} to {shown} successfully\n\n")
        );
        assert_eq!(set.stderr, "");
        let get = env.run(&["config", "get", key]);
        get.assert_ok();
        assert_eq!(get.stdout, format!("{key}: {shown}\n"));
        let text = env.read_config();
        assert!(text.contains(stored), "{key}: {text}");
    }
    // The contexts and the other settings survived every write.
    let text = env.read_config();
    assert!(text.contains(DEFAULT_ASTRO_TOKEN), "{text}");
    assert!(
        text.contains(&format!("context = \"{}\"", env.astro_domain())),
        "{text}"
    );
    // `-g/--global` is accepted for compatibility with the Go CLI.
    env.run(&["config", "get", "-g", "page_size"]).assert_ok();
    env.run(&["config", "set", "page_size", "7", "--global"])
        .assert_ok();
}

#[test]
fn unknown_keys_and_bad_values_are_errors_that_change_nothing() {
    let env = TestEnv::astro();
    let before = env.read_config();
    // Go's sentence, then the keys that exist.
    env.run(&["config", "get", "project.name"])
        .assert_error("config does not exist, check your config key: \"project.name\" is not one of houston.dial_timeout, houston.skip_verify_tls, http.timeout_seconds, interactive, page_size");
    env.run(&["config", "set", "nope", "1"])
        .assert_error("config does not exist, check your config key: \"nope\" is not one of houston.dial_timeout, houston.skip_verify_tls, http.timeout_seconds, interactive, page_size");
    env.run(&["config", "set", "page_size", "many"])
        .assert_error("invalid value for page_size: \"many\" is not a whole number above 0");
    env.run(&["config", "set", "page_size", "0"])
        .assert_error("invalid value for page_size: \"0\" is not a whole number above 0");
    env.run(&["config", "set", "houston.dial_timeout", "-3"]).assert_error(
        "invalid value for houston.dial_timeout: \"-3\" is not a whole number of seconds above 0",
    );
    env.run(&["config", "set", "interactive", "yes"])
        .assert_error("invalid value for interactive: \"yes\" is not true or false (valid values: true, false, t, f, 1, 0)");
    assert_eq!(env.read_config(), before);

    // A missing value is a usage error (clap, exit 2).
    let run = env.run(&["config", "set", "page_size"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stderr.contains("VALUE"), "{run:#?}");
}

#[test]
fn set_creates_the_file_with_private_permissions() {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    env.run(&["config", "set", "page_size", "30"]).assert_ok();
    assert_eq!(env.read_config(), "page_size = 30\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.config_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_corrupt_file_is_reported_and_left_alone() {
    let env = TestEnv::astro();
    env.write_config("page_size = [");
    let run = env.run(&["config", "set", "page_size", "3"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "Error: {} is not a valid config file: ",
            env.config_path().display()
        )),
        "{run:#?}"
    );
    assert_eq!(env.read_config(), "page_size = [");
}

#[test]
fn config_alone_prints_its_help() {
    let env = TestEnv::astro();
    let run = env.run(&["config"]);
    run.assert_ok();
    assert!(run.stdout.contains("import"), "{run:#?}");
}
