//! What the release archives rely on: the version line names the build, and
//! `astro generate-man` writes a man page for every command of both trees.

use std::path::Path;

use crate::common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `abc1234 2026-12-02` (a git checkout) or `2026-12-02` (a source tarball).
fn build_detail(line: &str) -> (Option<String>, String) {
    let inner = line
        .strip_prefix(&format!("astro {VERSION} ("))
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("not `astro {VERSION} (…)`: {line:?}"));
    let words: Vec<&str> = inner.split(' ').collect();
    let (commit, date) = match words[..] {
        [date] => (None, date),
        [commit, date] => (Some(commit.to_string()), date),
        _ => panic!("{line:?}"),
    };
    if let Some(commit) = &commit {
        assert_eq!(commit.len(), 7, "{line:?}");
        assert!(commit.bytes().all(|b| b.is_ascii_hexdigit()), "{line:?}");
    }
    let parts: Vec<&str> = date.split('-').collect();
    assert!(
        matches!(parts[..], [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
            && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
            && y.parse::<u32>().is_ok()),
        "{line:?}"
    );
    (commit, date.to_string())
}

/// The short commit of this checkout, when it is one and git runs.
fn checkout_commit() -> Option<String> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let same = Path::new(&top).canonicalize().ok()? == Path::new(dir).canonicalize().ok()?;
    same.then(|| git(&["rev-parse", "--short=7", "--verify", "HEAD"]))
        .flatten()
}

#[test]
fn version_flag_names_the_commit_and_the_build_date() {
    let env = TestEnv::astro();
    let run = env.run(&["--version"]);
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let (commit, _date) = build_detail(&run.stdout);
    if let Some(expected) = checkout_commit() {
        assert_eq!(commit, Some(expected), "built from this checkout");
    }
    // -V and a --version that goes through the full parser say the same.
    for args in [&["-V"][..], &["--version", "--verbosity", "debug"]] {
        let other = env.run(args);
        other.assert_ok();
        assert_eq!(other.stdout, run.stdout, "{args:?}");
    }
    // Go's line for scripts is unchanged.
    let version = env.run(&["version"]);
    assert_eq!(version.stdout, format!("Astro CLI Version: {VERSION}\n"));
}

fn pages(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The command names `astro [path] --help` lists under "Commands:".
fn help_commands(env: &TestEnv, path: &[&str]) -> Vec<String> {
    let mut args = path.to_vec();
    args.push("--help");
    let run = env.run(&args);
    run.assert_ok();
    run.stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(|name| name.trim_end_matches(',').to_string())
        .collect()
}

#[test]
fn generate_man_writes_a_page_for_every_command_of_both_trees() {
    let env = TestEnv::astro();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("man");
    let run = env.run(&["generate-man", dir.to_str().unwrap()]);
    run.assert_ok();
    assert_eq!(run.stdout, "", "results are files, not output");
    let astro = pages(&dir.join("man1"));
    let apc = pages(&dir.join("apc").join("man1"));
    assert!(
        run.stderr
            .starts_with(&format!("Wrote {} man pages in ", astro.len() + apc.len())),
        "{run:?}"
    );

    // Every command --help lists has its page, in each tree.
    for name in help_commands(&env, &[]) {
        assert!(
            astro.contains(&format!("astro-{name}.1")),
            "{name}: {astro:?}"
        );
        assert!(apc.contains(&format!("astro-{name}.1")), "{name}: {apc:?}");
    }
    for name in help_commands(&env, &["workspace", "token"]) {
        let page = format!("astro-workspace-token-{name}.1");
        assert!(astro.contains(&page), "{page}: {astro:?}");
    }
    let apc_env = TestEnv::apc();
    for name in help_commands(&apc_env, &["workspace", "service-account"]) {
        let page = format!("astro-workspace-service-account-{name}.1");
        assert!(apc.contains(&page), "{page}: {apc:?}");
    }
    // Each tree has only its own workspace commands; hidden and help commands get no page.
    assert!(
        !astro.iter().any(|p| p.contains("service-account")),
        "{astro:?}"
    );
    assert!(
        !apc.iter().any(|p| p.contains("workspace-token")),
        "{apc:?}"
    );
    for set in [&astro, &apc] {
        assert!(set.contains(&"astro.1".to_string()));
        assert!(
            !set.iter()
                .any(|p| p.contains("generate-man") || p.contains("help"))
        );
    }

    // A page is roff for section 1, with the command's flags and the version.
    let rotate =
        std::fs::read_to_string(dir.join("man1").join("astro-workspace-token-rotate.1")).unwrap();
    assert!(
        rotate.contains(".TH astro-workspace-token-rotate 1 "),
        "{rotate}"
    );
    assert!(rotate.contains(&format!("\"astro {VERSION}\"")), "{rotate}");
    assert!(rotate.contains("\\-\\-clean\\-output"), "{rotate}");
    assert!(rotate.contains("Rotate a Workspace API token"), "{rotate}");
}

#[test]
fn generate_man_is_hidden_and_fails_cleanly_where_it_cannot_write() {
    let env = TestEnv::astro();
    let help = env.run(&["--help"]);
    assert!(!help.stdout.contains("generate-man"), "{help:?}");
    // A Tab after `astro ` (fish's protocol: one candidate a line) offers the commands only.
    let mut tab = env.command(&["--", "astro", ""]);
    let tab = tab.env("COMPLETE", "fish").output().unwrap();
    let candidates = String::from_utf8_lossy(&tab.stdout);
    assert!(candidates.contains("workspace\t"), "{candidates}");
    assert!(!candidates.contains("generate-man"), "{candidates}");

    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let run = env.run(&["generate-man", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(&format!(
            "Error: cannot write the man pages in {}: ",
            file.display()
        )),
        "{run:?}"
    );
    assert!(
        run.stderr.ends_with("Pass a folder you can write to.\n"),
        "{run:?}"
    );
}

#[test]
fn generate_man_needs_no_config_and_checks_its_arguments() {
    let env = TestEnv::astro();
    env.write_config("context = \n[");
    let out = tempfile::tempdir().unwrap();
    let run = env.run(&["generate-man", out.path().to_str().unwrap()]);
    run.assert_ok();
    assert!(out.path().join("man1").join("astro.1").is_file());

    let missing = env.run(&["generate-man"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(missing.stderr.starts_with("error: "), "{missing:?}");
    let help = env.run(&["generate-man", "--help"]);
    help.assert_ok();
    assert!(
        help.stdout.contains("Usage: astro generate-man <DIR>"),
        "{help:?}"
    );
}
