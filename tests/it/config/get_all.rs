//! `astro config get` without a key lists every setting, one `key: value` line each (what
//! `config get KEY` prints); booleans take what the Go CLI reads as one (true/false, t/f, 1/0)
//! and refuse the rest with the valid values.

use crate::common::*;

#[test]
fn get_without_a_key_lists_every_setting_with_its_value() {
    let env = TestEnv::astro();
    let run = env.run(&["config", "get"]);
    run.assert_ok();
    // Defaults, and the value the test config sets (http.timeout_seconds = 20).
    assert_eq!(
        run.stdout,
        "houston.dial_timeout: 10\nhouston.skip_verify_tls: false\nhttp.timeout_seconds: 20\ninteractive: false\npage_size: 20\n"
    );
    env.run(&["config", "set", "page_size", "50"]).assert_ok();
    let run = env.run(&["config", "get"]);
    run.assert_ok();
    assert!(run.stdout.contains("\npage_size: 50\n"), "{run:?}");
    // Each line is what `config get KEY` prints.
    let one = env.run(&["config", "get", "http.timeout_seconds"]);
    one.assert_ok();
    assert!(run.stdout.contains(&one.stdout), "{run:?} {one:?}");
}

#[test]
fn booleans_take_what_go_reads_as_one_and_refuse_the_rest() {
    let env = TestEnv::astro();
    for (value, shown) in [("1", "true"), ("0", "false"), ("t", "true"), ("F", "false")] {
        let run = env.run(&["config", "set", "interactive", value]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Setting interactive to {shown} successfully\n\n")
        );
        assert!(
            env.read_config()
                .contains(&format!("interactive = {shown}")),
            "{value}"
        );
    }
    let before = env.read_config();
    for value in ["yes", "no", "on", "off"] {
        env.run(&["config", "set", "houston.skip_verify_tls", value])
            .assert_error(&format!(
                "invalid value for houston.skip_verify_tls: \"{value}\" is not true or false (valid values: true, false, t, f, 1, 0)"
            ));
    }
    assert_eq!(env.read_config(), before);
}
