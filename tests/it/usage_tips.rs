//! Small texts that must agree with what the binary does: `--verbosity` help and values, the
//! shells `astro completion` takes, the template refusal naming what a user has, and `token
//! update` with nothing to change keeping Go's request and line.

use crate::common::*;

#[test]
fn verbosity_help_and_accepted_values_agree() {
    let env = TestEnv::astro();
    let help = env.run(&["--help"]);
    help.assert_ok();
    let line = help
        .stdout
        .lines()
        .find(|l| l.contains("--verbosity"))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.contains("Log level (debug, info, warn, error, fatal, panic)"),
        "{line}"
    );
    assert!(line.contains("[default: warn]"), "{line}");
    assert!(
        line.contains("[possible values: debug, info, warn, error, fatal, panic]"),
        "{line}"
    );
    // Both of Go's spellings are accepted.
    for level in ["warn", "warning"] {
        env.run(&["--verbosity", level, "version"]).assert_ok();
    }
    let bad = env.run(&["--verbosity", "loud", "version"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(
        bad.stderr
            .contains("[possible values: debug, info, warn, error, fatal, panic]"),
        "{bad:?}"
    );
}

#[test]
fn completion_without_a_shell_lists_the_shells() {
    let env = TestEnv::astro();
    let run = env.run(&["completion"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("tip: SHELL is one of: bash, zsh, fish, powershell"),
        "{run:?}"
    );
}

#[test]
fn the_template_refusal_names_only_what_an_installed_user_has() {
    let env = TestEnv::astro();
    let run = env.run(&["workspace", "list", "-o", "template"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "Go templates are not supported: use -o json and a JSON tool instead, e.g. astro workspace list -o json | jq -r '.workspaces[].name'"
        ),
        "{run:?}"
    );
    assert!(!run.stderr.contains("docs/"), "{run:?}");
}

#[test]
fn token_update_with_nothing_to_change_keeps_gos_request_and_line() {
    let env = TestEnv::astro();
    let run = env.run(&["workspace", "token", "update", "--name", "ci"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Astro Workspace API token ci was successfully updated\n"
    );
    let updates: Vec<_> = env
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert!(
        updates[0]
            .path
            .ends_with("/tokens/cltokci000000000000000001"),
        "{updates:?}"
    );
    assert_eq!(updates[0].body, r#"{"description":"","name":"ci"}"#);
}
