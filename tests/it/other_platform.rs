//! A command of the other platform's tree is a usage error that says where it lives and how to
//! get there; typo tips name commands, not aliases.

use crate::common::*;

#[test]
fn service_account_on_astro_names_the_private_cloud_context() {
    let env = TestEnv::astro();
    for args in [
        &["workspace", "service-account", "get"][..],
        &["wo", "sa", "create", "--label", "x"],
        &["--verbosity", "debug", "workspace", "sa", "get"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{run:#?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .contains("is an Astro Private Cloud command, and the current context is Astro"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("astro context switch {}", env.apc_domain())),
            "{}",
            run.stderr
        );
    }
    assert!(env.requests().is_empty());
}

#[test]
fn token_on_private_cloud_names_the_astro_context() {
    let env = TestEnv::apc();
    let run = env.run(&["workspace", "token", "rotate", "--name", "ci"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stderr.starts_with(
            "error: 'token' is an Astro command, and the current context is Astro Private Cloud"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("astro context switch {}", env.astro_domain())),
        "{}",
        run.stderr
    );
}

#[test]
fn before_any_login_it_says_to_log_in() {
    let env = TestEnv::astro();
    env.write_config("");
    let run = env.run(&["workspace", "service-account", "get"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stderr.contains("there is no current context"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("astro login <domain>"),
        "{}",
        run.stderr
    );
}

#[test]
fn typo_tips_never_suggest_aliases() {
    let env = TestEnv::astro();
    let run = env.run(&["wok"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stderr
            .contains("tip: a similar subcommand exists: 'workspace'"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("'wo'"), "{}", run.stderr);
    // A word of neither tree keeps clap's own error.
    let run = env.run(&["workspace", "nosuch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unrecognized subcommand 'nosuch'"),
        "{}",
        run.stderr
    );
}
