//! Go's completion protocol (docs/compatibility.md#go-completion-scripts). The scripts the Go
//! CLI generated, which package managers install, run `astro __complete <words…>` at each Tab
//! (`__completeNoDesc` for a script made with `--no-descriptions`): the words after `astro`, the
//! last one the word under the cursor, empty after a space. The answer on stdout is one
//! candidate a line, `value<TAB>description` when there is a description, then `:<directive>`,
//! a bit field telling the script what to do besides; stderr gets a line naming the directive,
//! which the scripts ignore.
//!
//! The candidates are those of our own dynamic completion: the same tree (this context's
//! platform, aliases hidden) and the same completers (roles, cached workspace and token names
//! and IDs), so nothing here touches the network.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::Write;

use clap::{Arg, Command};
use clap_complete::engine::CompletionCandidate;

use super::{Here, Tree};
use crate::output::safe;

/// The request commands. Neither is part of the clap tree, so help and completion never show
/// them.
const REQUEST: &str = "__complete";
const REQUEST_NO_DESCRIPTIONS: &str = "__completeNoDesc";

/// cobra's `ShellCompDirective` (Error 1, NoSpace 2, NoFileComp 4, FilterFileExt 8,
/// FilterDirs 16, KeepOrder 32); only the values this binary sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Directive(u8);

impl Directive {
    /// The request could not be answered: the script offers nothing.
    const ERROR: Directive = Directive(1);
    /// No file names, even when no candidate is left: nothing in this tree takes a file.
    const NO_FILE_COMP: Directive = Directive(4);

    /// The name cobra writes on stderr.
    fn name(self) -> &'static str {
        match self {
            Directive::ERROR => "ShellCompDirectiveError",
            Directive::NO_FILE_COMP => "ShellCompDirectiveNoFileComp",
            _ => "ShellCompDirectiveDefault",
        }
    }
}

/// `Some(descriptions)` when this process is a request from one of Go's scripts.
pub(super) fn request(args: &[OsString]) -> Option<bool> {
    match args.get(1)?.to_str()? {
        REQUEST => Some(true),
        REQUEST_NO_DESCRIPTIONS => Some(false),
        _ => None,
    }
}

/// Answers `astro __complete <words>` on stdout and stderr.
pub(super) fn serve(words: &[OsString], descriptions: bool, tree: Tree) {
    let here = Here::from_process(descriptions).scoped_by(words);
    let answer = answer(here.command(tree), words, descriptions);
    // A script that stopped reading has nobody left to tell.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(answer.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    let _ = std::io::stderr().write_all(answer.stderr.as_bytes());
}

/// What a request prints.
#[derive(Debug, PartialEq, Eq)]
struct Answer {
    stdout: String,
    stderr: String,
}

/// The answer to a request for `words` (the last one being completed) in `command`'s tree.
fn answer(mut command: Command, words: &[OsString], descriptions: bool) -> Answer {
    let mut args = vec![OsString::from("astro")];
    args.extend(words.iter().cloned());
    // Scripts always send the word under the cursor; a bare `astro __complete` completes an
    // empty one rather than failing.
    if words.is_empty() {
        args.push(OsString::new());
    }
    let index = args.len() - 1;
    let current = args[index].to_string_lossy().into_owned();
    // A lone `-` gets the long flags, as `--` does: clap's engine would offer the short form
    // alone of a flag that has both.
    if current == "-" {
        args[index] = OsString::from("--");
    }
    command.build();
    let (candidates, directive) = if !reaches_a_command(&command, &args[1..index]) {
        (Vec::new(), Directive::ERROR)
    } else {
        match clap_complete::engine::complete(&mut command, args, index, None) {
            Ok(candidates) => (candidates, Directive::NO_FILE_COMP),
            Err(_) => (Vec::new(), Directive::ERROR),
        }
    };
    let mut stdout = String::new();
    for line in lines(&candidates, &current, descriptions) {
        stdout.push_str(&line);
        stdout.push('\n');
    }
    stdout.push_str(&format!(":{}\n", directive.0));
    Answer {
        stdout,
        stderr: format!("Completion ended with directive: {}\n", directive.name()),
    }
}

/// The candidates as the scripts read them: one a line, the description after a tab.
fn lines(candidates: &[CompletionCandidate], current: &str, descriptions: bool) -> Vec<String> {
    // Flag names only for a word that starts with `-`, as in Go; an empty word gets the
    // subcommands and values, not every flag.
    let flag_word = current.starts_with('-');
    // `--role=WORK`: Go answers with the values alone, and the script completes the part after
    // the `=`; clap's engine returns them with the flag in front. `-r=WORK` is too rare to
    // untangle from a cluster of short flags: it gets nothing.
    let flag_prefix = current
        .find('=')
        .filter(|_| flag_word)
        .map(|i| &current[..=i]);
    if flag_prefix.is_some_and(|prefix| !prefix.starts_with("--")) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut lines = Vec::new();
    for candidate in candidates {
        // Aliases and hidden commands are never offered (docs/compatibility.md#completion).
        if candidate.is_hide_set() {
            continue;
        }
        let Some(value) = candidate.get_value().to_str() else {
            continue;
        };
        let value = match flag_prefix {
            Some(prefix) => match value.strip_prefix(prefix) {
                Some(value) => value,
                None => continue,
            },
            None => value,
        };
        // A value with a control character would break the line protocol, and could not be
        // typed as it is anyway.
        if value.is_empty() || (!flag_word && value.starts_with('-')) || safe(value) != value {
            continue;
        }
        if !seen.insert(value.to_string()) {
            continue;
        }
        let help = candidate
            .get_help()
            .filter(|_| descriptions)
            .map(|help| help.to_string())
            .unwrap_or_default();
        let help = help.lines().next().unwrap_or_default().trim();
        if help.is_empty() {
            lines.push(value.to_string());
        } else {
            // Descriptions can be server text (a workspace's name beside its ID).
            lines.push(format!("{value}\t{}", safe(help)));
        }
    }
    lines
}

/// Whether the words before the cursor lead to a command of this tree. Go answers a command
/// it does not know with an error and no candidates; clap's engine would take the unknown word
/// as a value and go on offering the parent's subcommands.
fn reaches_a_command(root: &Command, words: &[OsString]) -> bool {
    let takes_value = |arg: &Arg| arg.get_num_args().is_some_and(|n| n.takes_values());
    let mut command = root;
    // The previous word was a flag whose value is this word.
    let mut value_next = false;
    for word in words {
        if std::mem::take(&mut value_next) {
            continue;
        }
        let Some(word) = word.to_str() else {
            continue;
        };
        if word == "--" {
            return true;
        }
        if let Some(long) = word.strip_prefix("--") {
            value_next = !long.contains('=')
                && command
                    .get_arguments()
                    .any(|a| a.get_long() == Some(long) && takes_value(a));
            continue;
        }
        if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-abc`: the first letter that takes a value takes the rest of the word, or the
            // next word when it is the last letter.
            let letters: Vec<char> = shorts.chars().collect();
            let first = letters.iter().position(|&c| {
                command
                    .get_arguments()
                    .any(|a| a.get_short() == Some(c) && takes_value(a))
            });
            value_next = first.is_some_and(|i| i + 1 == letters.len());
            continue;
        }
        match command.find_subcommand(word) {
            Some(sub) => command = sub,
            None if command.has_subcommands() && command.get_positionals().next().is_none() => {
                return false;
            }
            None => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Platform;
    use crate::config::cache::{CompletionCache, Entry};

    fn entry(id: &str, name: &str) -> Entry {
        Entry {
            id: id.into(),
            name: name.into(),
        }
    }

    /// A `Here` whose cache holds two workspaces, one with a name that is not a shell word.
    fn here(platform: Platform, descriptions: bool) -> (tempfile::TempDir, Here) {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        CompletionCache::record_workspaces(
            &config,
            "d.example",
            vec![entry("ws1", "Prod"), entry("ws2", "My Team")],
        );
        let here = Here {
            platform,
            cache_path: Some(CompletionCache::path_beside(&config)),
            domain: Some("d.example".into()),
            workspace: Some("ws1".into()),
            descriptions,
            domains: Vec::new(),
            quoting: crate::cmd::completion::Quoting::WordsOnly,
        };
        (dir, here)
    }

    /// What `astro __complete <words>` prints on stdout.
    fn complete(here: &Here, words: &[&str]) -> String {
        let words: Vec<OsString> = words.iter().map(OsString::from).collect();
        answer(here.command(crate::cli::command), &words, here.descriptions).stdout
    }

    #[test]
    fn requests_are_the_two_go_commands_only() {
        let args = |second: &str| vec![OsString::from("astro"), second.into()];
        assert_eq!(request(&args("__complete")), Some(true));
        assert_eq!(request(&args("__completeNoDesc")), Some(false));
        assert_eq!(request(&args("workspace")), None);
        assert_eq!(request(&args("__completeX")), None);
        assert_eq!(request(&[OsString::from("astro")]), None);
    }

    #[test]
    fn subcommands_with_their_descriptions_then_the_directive() {
        let (_dir, here) = here(Platform::Astro, true);
        assert_eq!(
            complete(&here, &["workspace", "to"]),
            "token\tManage tokens in your Astro Workspace\n:4\n"
        );
        let answer = answer(here.command(crate::cli::command), &["wo".into()], true);
        assert_eq!(
            answer.stderr,
            "Completion ended with directive: ShellCompDirectiveNoFileComp\n"
        );
        assert!(
            answer.stdout.starts_with("workspace\t"),
            "{}",
            answer.stdout
        );
        assert!(answer.stdout.ends_with("\n:4\n"), "{}", answer.stdout);
    }

    #[test]
    fn no_descriptions_and_no_aliases() {
        let (_dir, here) = here(Platform::Astro, false);
        // `wo` is an alias of `workspace` and `to` of `token`: typed they still work, offered
        // they are not.
        assert_eq!(complete(&here, &["w"]), "workspace\n:4\n");
        assert_eq!(complete(&here, &["wo", "to"]), "token\n:4\n");
        assert_eq!(
            complete(&here, &["workspace", "switch", ""]),
            "ws1\nws2\nProd\n:4\n"
        );
    }

    #[test]
    fn values_come_from_the_same_completers() {
        let (_dir, here) = here(Platform::Astro, true);
        assert_eq!(
            complete(&here, &["workspace", "switch", ""]),
            "ws1\tProd\nws2\tMy Team\nProd\tws1\n:4\n"
        );
        assert_eq!(
            complete(
                &here,
                &["workspace", "token", "create", "--role", "WORKSPACE_O"]
            ),
            "WORKSPACE_OPERATOR\nWORKSPACE_OWNER\n:4\n"
        );
        // `--role=WORK`: the values alone, as Go sends them.
        assert_eq!(
            complete(
                &here,
                &["workspace", "token", "create", "--role=WORKSPACE_OW"]
            ),
            "WORKSPACE_OWNER\n:4\n"
        );
        let (_dir, apc) = self::here(Platform::Apc, false);
        assert_eq!(
            complete(&apc, &["workspace", "sa", "create", "--role", ""]),
            "WORKSPACE_ADMIN\nWORKSPACE_EDITOR\nWORKSPACE_VIEWER\n:4\n"
        );
    }

    #[test]
    fn flags_only_for_a_word_that_starts_with_a_dash() {
        let (_dir, here) = here(Platform::Astro, false);
        assert_eq!(
            complete(&here, &["workspace", "token", "rotate", "--f"]),
            "--force\n:4\n"
        );
        let empty = complete(&here, &["workspace", "token", "rotate", ""]);
        assert!(!empty.contains("--"), "{empty}");
        let flags = complete(&here, &["workspace", "token", "rotate", "--"]);
        assert!(flags.lines().any(|l| l == "--force"), "{flags}");
        assert!(
            flags.lines().all(|l| l.starts_with("--") || l == ":4"),
            "{flags}"
        );
        // A lone dash: the long forms, `--output` rather than `-o`.
        let dash = complete(&here, &["workspace", "token", "rotate", "-"]);
        assert_eq!(dash, flags);
        assert!(dash.lines().any(|l| l == "--output"), "{dash}");
        assert_eq!(
            complete(&here, &["workspace", "token", "list", "-x="]),
            ":4\n"
        );
    }

    #[test]
    fn an_unknown_command_is_an_error_with_no_candidates() {
        let (_dir, here) = here(Platform::Astro, true);
        let answer = answer(
            here.command(crate::cli::command),
            &["deployment".into(), "".into()],
            true,
        );
        assert_eq!(answer.stdout, ":1\n");
        assert_eq!(
            answer.stderr,
            "Completion ended with directive: ShellCompDirectiveError\n"
        );
        // A flag's value is not taken for a command.
        assert_eq!(
            complete(&here, &["workspace", "--verbosity", "debug", "to"]),
            "token\tManage tokens in your Astro Workspace\n:4\n"
        );
        // Nothing at all: the root's commands.
        let root = complete(&here, &[]);
        assert!(root.lines().any(|l| l.starts_with("workspace\t")), "{root}");
    }

    #[test]
    fn descriptions_are_one_safe_line() {
        let candidates = [
            CompletionCandidate::new("ws1")
                .help(Some("Evil\u{1b}]52;c;x\u{7}\u{8}\rname\nsecond".into())),
            CompletionCandidate::new("bad\nvalue"),
            CompletionCandidate::new("hidden").hide(true),
            CompletionCandidate::new("ws1"),
        ];
        let described = lines(&candidates, "", true);
        assert_eq!(described.len(), 1, "{described:?}");
        let (value, help) = described[0].split_once('\t').unwrap();
        assert_eq!(value, "ws1");
        assert!(
            help.starts_with("Evil") && help.ends_with("name"),
            "{help:?}"
        );
        assert!(!help.chars().any(char::is_control), "{help:?}");
        assert_eq!(lines(&candidates, "", false), ["ws1"]);
    }
}
