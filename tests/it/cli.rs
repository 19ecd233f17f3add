//! Process-level behaviour: version, help, the tree chosen by the context's platform, usage
//! errors, and config problems (docs/compatibility.md#exit-status).

use crate::common::*;

#[test]
fn version_is_answered_on_stdout() {
    let env = TestEnv::astro();
    let run = env.run(&["--version"]);
    run.assert_ok();
    // The commit and build date that follow are checked in packaging.rs.
    assert!(
        run.stdout
            .starts_with(&format!("astro {} (", env!("CARGO_PKG_VERSION"))),
        "{run:?}"
    );
    assert_eq!(run.stderr, "");
    for env in [TestEnv::astro(), TestEnv::apc()] {
        let run = env.run(&["version"]);
        run.assert_ok();
        assert_eq!(
            run.stdout,
            format!("Astro CLI Version: {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn a_group_run_alone_prints_its_help_on_stdout_and_exits_zero() {
    let env = TestEnv::astro();
    for args in [
        &[][..],
        &["workspace"],
        &["workspace", "token"],
        &["wo", "to"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        assert!(run.stdout.contains("Usage: astro"), "{args:?}: {run:?}");
        assert_eq!(run.stderr, "", "{args:?}");
    }
    assert!(env.requests().is_empty(), "no request at start-up");
}

#[test]
fn the_workspace_tree_follows_the_current_context() {
    let env = TestEnv::astro();
    let astro = env.run(&["workspace", "--help"]);
    astro.assert_ok();
    assert!(astro.stdout.contains("token"), "{astro:?}");
    assert!(!astro.stdout.contains("service-account"), "{astro:?}");

    let apc = TestEnv::apc();
    let run = apc.run(&["workspace", "--help"]);
    run.assert_ok();
    assert!(run.stdout.contains("service-account"), "{run:?}");
    assert!(!run.stdout.contains("token"), "{run:?}");
    assert!(
        apc.requests().is_empty(),
        "no Houston version check at start-up"
    );

    // ASTRO_DOMAIN picks the context, and so the tree.
    let mut env = env;
    let apc_domain = env.apc_domain();
    env.set_env("ASTRO_DOMAIN", &apc_domain);
    let run = env.run(&["workspace", "--help"]);
    assert!(run.stdout.contains("service-account"), "{run:?}");
}

#[test]
fn usage_errors_are_clap_errors_with_status_two() {
    let env = TestEnv::astro();
    for args in [
        &["workspace", "token", "rotate", "--nope"][..],
        // switch takes at most one argument; most commands ignore extras, as in Go
        // (docs/compatibility.md#extra-arguments).
        &["workspace", "switch", "a", "b"],
        &["workspace", "token", "nope"],
        &["--verbosity", "loud", "workspace", "token", "rotate"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.starts_with("error: "), "{args:?}: {run:?}");
        assert_eq!(run.stdout, "");
    }
    let run = env.run(&["workspace", "token", "rotate", "--help"]);
    run.assert_ok();
    assert!(run.stdout.contains("--clean-output"), "{run:?}");
    assert!(run.stdout.contains("--workspace-id"), "{run:?}");
    assert!(env.requests().is_empty());
}

#[test]
fn no_context_and_a_dangling_context_give_the_go_errors() {
    let env = TestEnv::astro();
    std::fs::remove_file(env.config_path()).unwrap();
    env.run(&["workspace", "token", "rotate", "-f"])
        .assert_error(
            "no context set, have you authenticated to Astro or APC? Run astro login and try again",
        );
    env.write_config("context = \"gone.example.com\"\n");
    env.run(&["workspace", "token", "rotate", "-f"])
        .assert_error(
            "not connected, have you authenticated to Astro? Run astro login and try again",
        );
    assert!(!env.read_config().contains("contexts"), "nothing written");
}

#[test]
fn a_corrupt_config_is_reported_and_left_alone() {
    let env = TestEnv::astro();
    let broken = "context = \"x\"\n[contexts\n";
    env.write_config(broken);
    let run = env.run(&["workspace", "token", "rotate", "-f"]);
    assert_eq!(run.code, 1, "{run:?}");
    let prefix = format!(
        "Error: {} is not a valid config file: ",
        env.config_path().display()
    );
    assert!(run.stderr.starts_with(&prefix), "{run:?}");
    assert!(run.stderr.contains("line 2"), "{run:?}");
    assert_eq!(env.read_config(), broken);
}

#[test]
fn a_reader_that_stops_early_gets_no_error_message() {
    let env = TestEnv::astro();
    // Enough rows that the output cannot fit in the pipe before the reader is gone.
    env.fake.with_state(|s| {
        for i in 0..400 {
            s.add_workspace_token(DEMO_WORKSPACE_ID, &format!("bulk-{i}"));
        }
    });
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = env
        .command(&["workspace", "token", "list"])
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
