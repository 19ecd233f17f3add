//! `astro completion <shell>`: a script for each shell, for the current context's tree.

mod common;

use common::*;

#[test]
fn scripts_for_every_shell() {
    let env = TestEnv::astro();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef astro"),
        ("fish", "complete -c astro"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = env.run(&["completion", shell]);
        run.assert_ok();
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..200.min(run.stdout.len())]
        );
        assert!(run.stdout.contains("login"), "{shell}");
        assert_eq!(run.stderr, "");
    }
    let bad = env.run(&["completion", "tcsh"]);
    assert_eq!(bad.code, 2, "{bad:#?}");
}

#[test]
fn the_script_follows_the_current_platform() {
    let astro = TestEnv::astro();
    let script = astro.run(&["completion", "bash"]).stdout;
    assert!(script.contains("rotate"));
    assert!(!script.contains("service-account"));

    let apc = TestEnv::apc();
    let script = apc.run(&["completion", "zsh"]).stdout;
    assert!(script.contains("service-account"));
    assert!(!script.contains("rotate"));
}
