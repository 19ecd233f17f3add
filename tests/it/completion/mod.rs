//! `astro completion <shell>`: the registration scripts, and real bash completion driven through
//! them: each Tab runs the binary, which answers for the context current at that moment.

mod cobra;
mod values;

// Completion is driven through a real bash, which Windows does not have on its own.
#[cfg(unix)]
use std::process::Command;

use crate::common::*;

#[test]
fn scripts_for_every_shell() {
    let env = TestEnv::astro();
    for (shell, marker) in [
        (
            "bash",
            "complete -o nospace -o bashdefault -o nosort -F _clap_complete_astro astro",
        ),
        ("zsh", "#compdef astro"),
        ("fish", "complete --keep-order --exclusive --command astro"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = env.run(&["completion", shell]);
        run.assert_ok();
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        // The script calls this very binary back, with COMPLETE naming the shell.
        assert!(
            run.stdout.contains(env!("CARGO_BIN_EXE_astro")),
            "{shell}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("COMPLETE"), "{shell}");
        assert_eq!(run.stderr, "");
    }
    let bad = env.run(&["completion", "tcsh"]);
    assert_eq!(bad.code, 2, "{bad:#?}");
}

/// Sources `astro completion bash` into a real bash, then completes each line as a Tab at its
/// end would; returns the candidates of each line, separated by spaces.
#[cfg(unix)]
fn bash_complete(env: &TestEnv, lines: &[&str]) -> Vec<String> {
    register(env);
    drive(env, lines)
}

/// `bash_complete` with the candidates of each line separated by `separator` (`'|'` keeps a
/// name with a space in one piece).
#[cfg(unix)]
fn bash_complete_joined(env: &TestEnv, lines: &[&str], separator: char) -> Vec<String> {
    register(env);
    drive_joined(env, lines, separator)
}

#[cfg(unix)]
fn register(env: &TestEnv) {
    let script = env.run(&["completion", "bash"]);
    script.assert_ok();
    std::fs::write(env.home.path().join("astro.bash"), &script.stdout).unwrap();
}

/// Completes `lines` in a bash that sources the script `register` saved.
#[cfg(unix)]
fn drive(env: &TestEnv, lines: &[&str]) -> Vec<String> {
    drive_joined(env, lines, ' ')
}

#[cfg(unix)]
fn drive_joined(env: &TestEnv, lines: &[&str], separator: char) -> Vec<String> {
    let registration = env.home.path().join("astro.bash");
    let mut driver = format!(
        r#"set -u
source '{}'
tab() {{
    local line="$1"
    read -r -a COMP_WORDS <<<"$line"
    if [[ "$line" == *' ' ]]; then COMP_WORDS+=(""); fi
    COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
    COMP_LINE="$line"; COMP_POINT=${{#line}}; COMP_TYPE=9
    COMPREPLY=()
    _clap_complete_astro astro "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
    local IFS='{separator}'
    echo "${{COMPREPLY[*]}}"
}}
"#,
        registration.display()
    );
    for line in lines {
        driver.push_str(&format!("tab '{line}'\n"));
    }
    let output = Command::new("bash")
        .arg("--noprofile")
        .arg("--norc")
        .arg("-c")
        .arg(&driver)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ASTRO_HOME", env.home.path())
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "bash failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<String> = stdout.lines().map(|l| l.trim_end().to_string()).collect();
    assert_eq!(answers.len(), lines.len(), "{stdout}");
    answers
}

#[cfg(unix)]
#[test]
fn bash_completes_the_astro_tree_without_aliases() {
    let env = TestEnv::astro();
    let answers = bash_complete(
        &env,
        &[
            "astro workspace to",
            "astro wo",
            "astro workspace token ro",
            "astro workspace token create --role WORKSPACE_O",
            "astro workspace s",
            "astro workspace token rotate --f",
            "astro workspace user add --role WORKSPACE_A",
        ],
    );
    assert_eq!(answers[0], "token");
    assert_eq!(answers[1], "workspace");
    assert_eq!(answers[2], "rotate");
    assert_eq!(answers[3], "WORKSPACE_OPERATOR WORKSPACE_OWNER");
    assert_eq!(answers[4], "switch");
    assert_eq!(answers[5], "--force");
    // The API's five roles (docs/compatibility.md#astro-roles).
    assert_eq!(answers[6], "WORKSPACE_AUTHOR WORKSPACE_ACCESSOR");
    // Tab never reaches the network.
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

#[cfg(unix)]
#[test]
fn bash_follows_a_platform_switch_between_tabs() {
    let env = TestEnv::astro();
    let before = bash_complete(&env, &["astro workspace s", "astro workspace t"]);
    assert_eq!(before, ["switch", "team token"]);

    env.run(&["context", "switch", &env.apc_domain()])
        .assert_ok();
    let after = bash_complete(
        &env,
        &[
            "astro workspace s",
            "astro workspace t",
            "astro workspace sa create --role WORKSPACE_",
        ],
    );
    assert_eq!(after[0], "switch service-account");
    assert_eq!(after[1], "team");
    assert_eq!(
        after[2],
        "WORKSPACE_ADMIN WORKSPACE_EDITOR WORKSPACE_VIEWER"
    );
}

#[cfg(unix)]
#[test]
fn names_and_ids_come_from_what_the_list_commands_saw() {
    let env = TestEnv::astro();
    let line_name = "astro workspace token rotate --name ";
    let line_id = "astro workspace token rotate cltokn";
    let line_ws = "astro workspace switch c";
    let line_ws_name = "astro workspace switch d";
    // Nothing listed yet: nothing to offer, and no file names either.
    assert_eq!(bash_complete(&env, &[line_name, line_ws]), ["", ""]);

    env.run(&["workspace", "token", "list"]).assert_ok();
    env.run(&["workspace", "list"]).assert_ok();
    env.fake.clear_requests();
    let answers = bash_complete(&env, &[line_name, line_id, line_ws, line_ws_name]);
    // Workspace tokens only: the Organization token org-admin is listed by `token list` but
    // `token rotate` does not take it (docs/compatibility.md#token-other-kind).
    assert_eq!(answers[0], "ci deploy-bot nightly");
    assert_eq!(answers[1], "cltoknightly0000000000003");
    assert!(
        answers[2].split(' ').any(|id| id == DEMO_WORKSPACE_ID),
        "{}",
        answers[2]
    );
    assert_eq!(answers[3], "demo-workspace");
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());

    // The cache is private and holds names and IDs, never a token's value.
    let cache_path = env.home.path().join(".astro").join("completion-cache.json");
    let cache = std::fs::read_to_string(&cache_path).unwrap();
    assert!(cache.contains("deploy-bot"), "{cache}");
    assert!(!cache.contains("astro-demo-token"), "{cache}");
    assert!(!cache.contains(DEFAULT_ASTRO_TOKEN), "{cache}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cache_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[cfg(unix)]
#[test]
fn a_broken_config_still_completes_commands() {
    let env = TestEnv::astro();
    env.run(&["workspace", "list"]).assert_ok();
    register(&env);
    env.write_config("this is [not toml");
    // The Astro tree, and none of the cached names of a context that can no longer be read.
    let answers = drive(&env, &["astro workspace to", "astro workspace switch d"]);
    assert_eq!(answers, ["token", ""]);
}

#[test]
fn a_stray_complete_variable_does_not_hijack_a_command() {
    let mut env = TestEnv::astro();
    env.set_env("COMPLETE", "1");
    let run = env.run(&["version"]);
    run.assert_ok();
    assert!(run.stdout.starts_with("Astro CLI Version:"), "{run:#?}");
}
