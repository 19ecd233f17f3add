//! The Go CLI's completion scripts keep working with this binary: `astro __complete <words>`
//! and `astro __completeNoDesc <words>` answer in cobra's format, and a script written the way
//! cobra generates it (tests/fixtures/cobra_astro_completion.bash) completes in a real bash.
//! Also `astro completion <shell> --no-descriptions`, Go's flag.

#[cfg(unix)]
use std::process::Command;

use crate::common::*;

const NO_FILE_COMP: &str = "Completion ended with directive: ShellCompDirectiveNoFileComp\n";

#[test]
fn complete_answers_one_candidate_a_line_then_the_directive() {
    let env = TestEnv::astro();
    let run = env.run(&["__complete", "workspace", "to"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "token\tManage tokens in your Astro Workspace\n:4\n",
            NO_FILE_COMP
        ),
        "{run:#?}"
    );
    // The word under the cursor may be empty: every subcommand, no alias, no flag.
    let run = env.run(&["__complete", "workspace", "token", ""]);
    run.assert_ok();
    let values: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default())
        .collect();
    assert_eq!(
        values,
        [
            "list",
            "create",
            "update",
            "rotate",
            "delete",
            "add",
            "organization-token",
            "help",
            ":4"
        ],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("rotate\tRotate a Workspace API token\n"),
        "{}",
        run.stdout
    );
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

#[test]
fn complete_no_desc_prints_values_only() {
    let env = TestEnv::astro();
    let run = env.run(&["__completeNoDesc", "workspace", ""]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "list\nswitch\ncreate\nupdate\ndelete\nuser\nteam\ntoken\nhelp\n:4\n",
            NO_FILE_COMP
        ),
        "{run:#?}"
    );
    let run = env.run(&["__completeNoDesc", "workspace", "token", "rotate", "--f"]);
    assert_eq!(run.stdout, "--force\n:4\n", "{run:#?}");
    let run = env.run(&[
        "__completeNoDesc",
        "workspace",
        "token",
        "create",
        "--role",
        "WORKSPACE_O",
    ]);
    assert_eq!(
        run.stdout, "WORKSPACE_OPERATOR\nWORKSPACE_OWNER\n:4\n",
        "{run:#?}"
    );
}

#[test]
fn complete_follows_the_platform_and_the_cache() {
    let env = TestEnv::astro();
    // Nothing listed yet: no names to offer, and still no file names.
    let run = env.run(&["__complete", "workspace", "switch", ""]);
    assert_eq!(run.stdout, ":4\n", "{run:#?}");

    env.run(&["workspace", "list"]).assert_ok();
    env.fake.clear_requests();
    let run = env.run(&["__complete", "workspace", "switch", "d"]);
    assert_eq!(
        run.stdout,
        format!("demo-workspace\t{DEMO_WORKSPACE_ID}\n:4\n"),
        "{run:#?}"
    );
    let run = env.run(&["__complete", "workspace", "switch", DEMO_WORKSPACE_ID]);
    assert_eq!(
        run.stdout,
        format!("{DEMO_WORKSPACE_ID}\tdemo-workspace\n:4\n"),
        "{run:#?}"
    );
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());

    env.run(&["context", "switch", &env.apc_domain()])
        .assert_ok();
    let run = env.run(&["__completeNoDesc", "workspace", "s"]);
    assert_eq!(run.stdout, "switch\nservice-account\n:4\n", "{run:#?}");
    let run = env.run(&[
        "__completeNoDesc",
        "workspace",
        "sa",
        "create",
        "--role",
        "",
    ]);
    assert_eq!(
        run.stdout, "WORKSPACE_ADMIN\nWORKSPACE_EDITOR\nWORKSPACE_VIEWER\n:4\n",
        "{run:#?}"
    );
    // `token` is an Astro command.
    let run = env.run(&["__completeNoDesc", "workspace", "to"]);
    assert_eq!(run.stdout, ":4\n", "{run:#?}");
}

#[test]
fn complete_of_an_unknown_command_is_an_error_directive() {
    let env = TestEnv::astro();
    let run = env.run(&["__complete", "deployment", ""]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            ":1\n",
            "Completion ended with directive: ShellCompDirectiveError\n"
        ),
        "{run:#?}"
    );
}

#[test]
fn complete_works_with_a_broken_config() {
    let env = TestEnv::astro();
    env.write_config("this is [not toml");
    let run = env.run(&["__completeNoDesc", "workspace", "to"]);
    assert_eq!(run.stdout, "token\n:4\n", "{run:#?}");
    assert_eq!(run.stderr, NO_FILE_COMP);
}

#[test]
fn completion_accepts_no_descriptions_for_every_shell() {
    let env = TestEnv::astro();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let with = env.run(&["completion", shell]);
        with.assert_ok();
        let without = env.run(&["completion", shell, "--no-descriptions"]);
        without.assert_ok();
        assert_eq!(without.stderr, "", "{shell}");
        // The script asks for candidates without their help text.
        assert!(
            without.stdout.contains("COMPLETE_NO_DESCRIPTIONS"),
            "{shell}: {}",
            without.stdout
        );
        assert!(!with.stdout.contains("COMPLETE_NO_DESCRIPTIONS"), "{shell}");
    }
    // What such a script gets back: fish shows `value<TAB>help`, and here no help.
    let mut described = env.command(&["--", "astro", "workspace", "t"]);
    described.env("COMPLETE", "fish");
    let described = String::from_utf8(described.output().unwrap().stdout).unwrap();
    assert_eq!(
        described,
        "team\tManage teams in your Astro Workspace\ntoken\tManage tokens in your Astro Workspace\n"
    );
    let mut bare = env.command(&["--", "astro", "workspace", "t"]);
    bare.env("COMPLETE_NO_DESCRIPTIONS", "fish");
    let bare = String::from_utf8(bare.output().unwrap().stdout).unwrap();
    assert_eq!(bare, "team\ntoken\n");
}

/// Sources the Go-style script in a real bash with this binary on PATH as `astro`, then
/// completes each line as a Tab at its end would; returns COMPREPLY of each line, its entries
/// separated by `|`. `request` is the command the script calls (`__complete`, or
/// `__completeNoDesc` for a script made with `--no-descriptions`).
#[cfg(unix)]
fn go_script_tab(env: &TestEnv, request: &str, lines: &[&str]) -> Vec<String> {
    let bin = env.home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let astro = bin.join("astro");
    if !astro.exists() {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_astro"), &astro).unwrap();
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cobra_astro_completion.bash"
    );
    let mut driver = format!(
        r#"source '{script}'
# bash-completion's word splitter, reduced to what the script asks of it: words split on
# blanks only, as `-n "=:"` asks.
_get_comp_words_by_ref() {{
    cur=${{COMP_WORDS[COMP_CWORD]}}
    prev=${{COMP_WORDS[COMP_CWORD-1]}}
    words=("${{COMP_WORDS[@]}}")
    cword=$COMP_CWORD
}}
tab() {{
    local line="$1"
    read -r -a COMP_WORDS <<<"$line"
    if [[ "$line" == *' ' ]]; then COMP_WORDS+=(""); fi
    COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
    COMP_LINE="$line"; COMP_POINT=${{#line}}; COMP_TYPE=9
    COMPREPLY=()
    __start_astro astro "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
    local IFS='|'
    echo "${{COMPREPLY[*]}}"
}}
"#
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
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("ASTRO_HOME", env.home.path())
        .env("COLUMNS", "80")
        .env("ASTRO_FIXTURE_REQUEST", request)
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "bash failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<String> = stdout.lines().map(str::to_string).collect();
    assert_eq!(answers.len(), lines.len(), "{stdout}");
    answers
}

#[cfg(unix)]
#[test]
fn go_script_completes_commands_flags_and_roles() {
    let env = TestEnv::astro();
    let answers = go_script_tab(
        &env,
        "__complete",
        &[
            "astro workspace to",
            "astro wo",
            "astro workspace token rotate --f",
            "astro workspace token create --role WORKSPACE_O",
            "astro workspace token create --role=WORKSPACE_OW",
            "astro workspace t",
            "astro workspace token create --role ",
        ],
    );
    assert_eq!(answers[0], "token");
    assert_eq!(answers[1], "workspace");
    assert_eq!(answers[2], "--force");
    assert_eq!(answers[3], "WORKSPACE_OPERATOR|WORKSPACE_OWNER");
    assert_eq!(answers[4], "WORKSPACE_OWNER");
    // Several candidates with descriptions: the script lays them out itself.
    assert_eq!(
        answers[5],
        "team   (Manage teams in your Astro Workspace)|token  (Manage tokens in your Astro Workspace)"
    );
    assert_eq!(
        answers[6],
        "WORKSPACE_MEMBER|WORKSPACE_AUTHOR|WORKSPACE_OPERATOR|WORKSPACE_OWNER|WORKSPACE_ACCESSOR"
    );
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

#[cfg(unix)]
#[test]
fn go_script_completes_cached_workspace_names() {
    let env = TestEnv::astro();
    let lines = [
        "astro workspace switch d",
        "astro workspace token list --workspace-id demo",
    ];
    // Nothing listed yet: nothing to offer.
    assert_eq!(go_script_tab(&env, "__complete", &lines), ["", ""]);
    env.run(&["workspace", "list"]).assert_ok();
    env.fake.clear_requests();
    assert_eq!(
        go_script_tab(&env, "__complete", &lines),
        ["demo-workspace", "demo-workspace"]
    );
    let ids = go_script_tab(&env, "__completeNoDesc", &["astro workspace switch "]);
    assert!(
        ids[0].split('|').any(|id| id == DEMO_WORKSPACE_ID),
        "{}",
        ids[0]
    );
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}

#[cfg(unix)]
#[test]
fn go_script_completes_the_private_cloud_tree() {
    let env = TestEnv::apc();
    let answers = go_script_tab(
        &env,
        "__completeNoDesc",
        &[
            "astro workspace s",
            "astro workspace sa create --role WORKSPACE_",
            "astro workspace to",
            "astro workspace service-account create --role=WORKSPACE_A",
        ],
    );
    assert_eq!(answers[0], "switch|service-account");
    assert_eq!(
        answers[1],
        "WORKSPACE_ADMIN|WORKSPACE_EDITOR|WORKSPACE_VIEWER"
    );
    assert_eq!(answers[2], "");
    assert_eq!(answers[3], "WORKSPACE_ADMIN");
    assert!(env.requests().is_empty(), "{:?}", env.request_lines());
}
