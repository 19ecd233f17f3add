//! A command of Astronomer's Go CLI that this astro does not have (`deploy`, `dev`,
//! `organization`, …) is a usage error (exit 2) that says what this astro covers and how to keep
//! the Go CLI beside it, on either platform, before any request.

use crate::common::*;

fn assert_go_only(run: &Run, word: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr.starts_with(&format!(
            "error: '{word}' is a command of Astronomer's Go astro CLI; this astro has only 'workspace' (Astro and Astro Private Cloud), login, logout, auth, context, config, version and completion\n"
        )),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains(&format!("tip: keep the Go CLI beside this one under another name, e.g. astro-go, and run: astro-go {word} …")),
        "{run:?}"
    );
    assert!(!run.stderr.contains("unrecognized subcommand"), "{run:?}");
}

#[test]
fn go_commands_say_where_they_live_on_astro() {
    let env = TestEnv::astro();
    for (args, word) in [
        (&["deploy"][..], "deploy"),
        (&["deployment", "list"][..], "deployment"),
        (&["dev", "start", "--no-browser"][..], "dev"),
        (&["organization", "list"][..], "organization"),
        (&["org", "switch"][..], "org"),
        (&["--verbosity", "debug", "env", "list"][..], "env"),
        (&["remote", "deploy"][..], "remote"),
    ] {
        assert_go_only(&env.run(args), word);
    }
    assert!(env.requests().is_empty());
}

#[test]
fn go_commands_say_where_they_live_on_private_cloud() {
    let env = TestEnv::apc();
    for (args, word) in [
        (&["deploy", "ckdep"][..], "deploy"),
        (&["deployment", "list"][..], "deployment"),
        (&["user", "create"][..], "user"),
        (&["team", "list"][..], "team"),
    ] {
        assert_go_only(&env.run(args), word);
    }
    assert!(env.requests().is_empty());
}

#[test]
fn other_mistakes_keep_clap_s_error() {
    let env = TestEnv::astro();
    let run = env.run(&["deploi"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: unrecognized subcommand 'deploi'"),
        "{run:?}"
    );
    // A Go word below the top level is just an unknown subcommand there.
    let run = env.run(&["workspace", "deploy"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: unrecognized subcommand 'deploy'"),
        "{run:?}"
    );
    // The other platform's commands still name that platform.
    let run = env.run(&["workspace", "service-account", "get"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("Astro Private Cloud command"),
        "{run:?}"
    );
}
