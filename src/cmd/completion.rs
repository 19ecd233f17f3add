//! Shell completion. `astro completion bash|zsh|fish|powershell` prints a small script that
//! registers `astro` itself as the completer: at each Tab the shell runs
//! `COMPLETE=<shell> astro -- <words>`, and [`serve`] answers from the command tree of the
//! context current at that moment, so switching platform changes what completes.
//!
//! Each argument declares its own candidates (`#[arg(add = …)]` with a function of
//! [`candidates`]), so renaming a field cannot lose them. A Tab never touches the network:
//! workspace, token and service account names and IDs come from the cache the list commands
//! refresh (`config::cache`), context domains and setting keys from the config. A missing or
//! broken config gives the Astro tree with no cached candidates rather than an error.
//!
//! The scripts the Go CLI generated (cobra's, which package managers install) call
//! `astro __complete <words>` instead; [`cobra`] answers them from the same tree and the same
//! candidates (docs/compatibility.md#go-completion-scripts).

mod cobra;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Command, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use super::Cx;
use crate::config::cache::{CompletionCache, ContextCache, Entry};
use crate::config::{Config, Platform};
use crate::env::Env;
use crate::error::{Error, Result};

/// The variable the registration scripts set when they ask `astro` for candidates.
const VAR: &str = "COMPLETE";
/// The same request from a script written with `--no-descriptions`: candidates without help
/// text (docs/compatibility.md#go-completion-scripts).
const VAR_NO_DESCRIPTIONS: &str = "COMPLETE_NO_DESCRIPTIONS";

#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// The shell to generate the script for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: CompletionShell,

    /// Disable completion descriptions
    #[arg(long)]
    pub no_descriptions: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl CompletionShell {
    fn name(self) -> &'static str {
        match self {
            CompletionShell::Bash => "bash",
            CompletionShell::Zsh => "zsh",
            CompletionShell::Fish => "fish",
            CompletionShell::Powershell => "powershell",
        }
    }
}

pub fn run(args: CompletionArgs, cx: &mut Cx) -> Result<()> {
    let script = registration(args.shell, &completer_path(), !args.no_descriptions)?;
    cx.io.print(&script)
}

/// The registration script for `shell`, calling `completer` at each Tab; with `descriptions`
/// false the script asks for candidates without their help text, as Go's `--no-descriptions`.
pub fn registration(shell: CompletionShell, completer: &str, descriptions: bool) -> Result<String> {
    let shells = Shells::builtins();
    let adapter = shells
        .completer(shell.name())
        .ok_or_else(|| Error::msg(format!("no completion support for {}", shell.name())))?;
    let mut out = Vec::new();
    adapter
        .write_registration(
            if descriptions {
                VAR
            } else {
                VAR_NO_DESCRIPTIONS
            },
            "astro",
            "astro",
            completer,
            &mut out,
        )
        .map_err(|e| Error::msg(format!("could not write the completion script: {e}")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// How the script calls us back: as we were called (`astro` through PATH), or by absolute path
/// when we were run by a relative one (`./target/debug/astro`), so that Tab works from any
/// directory.
fn completer_path() -> String {
    let argv0 = PathBuf::from(std::env::args_os().next().unwrap_or_else(|| "astro".into()));
    let path = if argv0.components().count() > 1 && argv0.is_relative() {
        std::env::current_dir()
            .map(|dir| dir.join(&argv0))
            .unwrap_or(argv0)
    } else {
        argv0
    };
    path.to_string_lossy().into_owned()
}

/// The command tree of a platform, as `cli::command` builds it. `main` passes it in, so that
/// this module, which `cli.rs` imports for `CompletionArgs` and the flags' completers, does not
/// import `cli.rs` back.
pub type Tree = fn(Platform) -> Command;

/// Answers a completion request if this process is one (`COMPLETE` is set, or Go's
/// `astro __complete …`) from `tree`; returns whether it was. Runs before anything else reads
/// the config, and reads only the config file itself.
pub fn serve(args: &[OsString], tree: Tree) -> bool {
    if let Some(descriptions) = cobra::request(args) {
        cobra::serve(args.get(2..).unwrap_or_default(), descriptions, tree);
        return true;
    }
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0");
    let Some((var, descriptions)) = [(VAR, true), (VAR_NO_DESCRIPTIONS, false)]
        .into_iter()
        .find(|(var, _)| set(var))
    else {
        return false;
    };
    // The scripts always call `astro -- <words>`: a COMPLETE left in the environment for some
    // other tool must not turn an ordinary command into a silent completion request.
    let request = args.len() == 1 || args.get(1).is_some_and(|a| a == "--");
    if !request {
        return false;
    }
    let quoting = match std::env::var(var).as_deref() {
        Ok("bash") => Quoting::Backslash,
        Ok("zsh" | "fish") => Quoting::ByTheShell,
        _ => Quoting::WordsOnly,
    };
    let here = Here::from_process(descriptions)
        .quoting(quoting)
        .scoped_by(args);
    let current_dir = std::env::current_dir().ok();
    let done = clap_complete::CompleteEnv::with_factory(move || here.command(tree))
        .var(var)
        .bin("astro")
        .try_complete(args.iter().cloned(), current_dir.as_deref());
    // A request that clap cannot answer gets no candidates; the shell shows nothing rather
    // than an error in the middle of the command line.
    done.unwrap_or(true)
}

/// What a completion request knows about where the user is: the tree's platform and where
/// cached names come from.
#[derive(Debug, Clone)]
struct Here {
    platform: Platform,
    cache_path: Option<PathBuf>,
    domain: Option<String>,
    workspace: Option<String>,
    /// Whether candidates carry their help text (zsh, fish and PowerShell show it).
    descriptions: bool,
    /// The domains of the stored contexts.
    domains: Vec<String>,
    /// How a name that is not one shell word reaches the command line.
    quoting: Quoting,
}

/// How a candidate that is not one shell word as it stands (a name with a space) is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Not at all: PowerShell and Go's scripts insert a candidate as it is, so `My Team` would
    /// become two arguments.
    WordsOnly,
    /// bash inserts a candidate as it is: `My\ Team`, escaped as one types it.
    Backslash,
    /// zsh and fish quote what they insert: `My Team` as it is.
    ByTheShell,
}

impl Here {
    fn from_process(descriptions: bool) -> Here {
        let env = Env::from_process();
        let config_path = env.home.as_deref().map(Config::path_in);
        // A config that does not parse still gets the commands, just no cached names.
        let config = config_path.clone().and_then(|p| Config::load(p).ok());
        let context = config
            .as_ref()
            .and_then(|c| c.current_context(env.domain.as_deref()).ok());
        Here {
            platform: context.as_ref().map_or(Platform::Astro, |c| c.platform()),
            cache_path: config
                .is_some()
                .then(|| config_path.map(|p| CompletionCache::path_beside(&p)))
                .flatten(),
            domain: context.as_ref().map(|c| c.domain.clone()),
            workspace: context.map(|c| c.workspace).filter(|w| !w.is_empty()),
            descriptions,
            domains: config
                .as_ref()
                .map(|c| c.contexts().into_iter().map(|c| c.domain).collect())
                .unwrap_or_default(),
            quoting: Quoting::WordsOnly,
        }
    }

    fn quoting(self, quoting: Quoting) -> Here {
        Here { quoting, ..self }
    }

    /// A `--workspace-id` (or `-w`) already on the line, by ID or name, scopes the tokens and
    /// service accounts offered to that workspace instead of the context's.
    fn scoped_by(mut self, words: &[OsString]) -> Here {
        let Some(typed) = workspace_on_line(words) else {
            return self;
        };
        let typed = unquoted(&typed);
        let known = self.cached().and_then(|cached| {
            cached
                .workspaces
                .into_iter()
                .find(|w| w.id == typed || w.name == typed)
        });
        self.workspace = Some(known.map_or(typed, |w| w.id));
        self
    }

    /// The tree to complete: this platform's, with aliases hidden from the candidates. Makes
    /// this the context the flags' completers read.
    fn command(&self, tree: Tree) -> Command {
        let command = tree(self.platform);
        CURRENT.with(|current| *current.borrow_mut() = Some(Arc::new(self.clone())));
        let command = hide_aliases(command);
        if self.descriptions {
            command
        } else {
            undescribe(command)
        }
    }

    fn cached(&self) -> Option<ContextCache> {
        let path = self.cache_path.as_deref()?;
        let domain = self.domain.as_deref()?;
        CompletionCache::load(path).contexts.remove(domain)
    }

    fn workspaces(&self) -> Vec<CompletionCandidate> {
        let workspaces = self.cached().map(|c| c.workspaces).unwrap_or_default();
        self.ids_and_names(&workspaces)
    }

    /// What was listed in the workspace in scope (the line's `--workspace-id`, else the
    /// context's); everything listed under this context when the workspace is unknown.
    fn in_workspace(&self, pick: fn(ContextCache) -> BTreeMap<String, Vec<Entry>>) -> Vec<Entry> {
        let Some(cached) = self.cached() else {
            return Vec::new();
        };
        let mut listed = pick(cached);
        match self.workspace.as_deref() {
            Some(ws) => listed.remove(ws).unwrap_or_default(),
            None => listed.into_values().flatten().collect(),
        }
    }

    /// Tokens listed in the workspace in scope.
    fn tokens(&self) -> Vec<Entry> {
        self.in_workspace(|c| c.tokens)
    }

    fn token_ids(&self) -> Vec<CompletionCandidate> {
        ids(&self.tokens())
    }

    fn token_names(&self) -> Vec<CompletionCandidate> {
        self.names(&self.tokens())
    }

    fn org_token_ids(&self) -> Vec<CompletionCandidate> {
        ids(&self.in_workspace(|c| c.org_tokens))
    }

    fn org_token_names(&self) -> Vec<CompletionCandidate> {
        self.names(&self.in_workspace(|c| c.org_tokens))
    }

    fn service_accounts(&self) -> Vec<CompletionCandidate> {
        ids(&self.in_workspace(|c| c.service_accounts))
    }

    fn contexts(&self) -> Vec<CompletionCandidate> {
        self.domains
            .iter()
            .filter_map(|d| self.offer(d))
            .map(CompletionCandidate::new)
            .collect()
    }

    /// Names (with the ID as their help), each once, as this shell can take them.
    fn names(&self, entries: &[Entry]) -> Vec<CompletionCandidate> {
        let mut names: Vec<CompletionCandidate> = entries
            .iter()
            .filter_map(|e| {
                let name = self.offer(&e.name)?;
                Some(CompletionCandidate::new(name).help(Some(e.id.clone().into())))
            })
            .collect();
        names.dedup_by(|a, b| a.get_value() == b.get_value());
        names
    }

    /// IDs (with the name as their help, which zsh and fish show) and the names that differ
    /// from them; workspace arguments take either.
    fn ids_and_names(&self, entries: &[Entry]) -> Vec<CompletionCandidate> {
        let others: Vec<Entry> = entries.iter().filter(|e| e.name != e.id).cloned().collect();
        let mut all = ids(entries);
        all.extend(self.names(&others));
        all
    }

    /// `value` as this shell takes it as one word, if it can.
    fn offer(&self, value: &str) -> Option<String> {
        if typeable(value) {
            return Some(value.to_string());
        }
        if value.is_empty() || value.contains('\n') {
            return None;
        }
        match self.quoting {
            Quoting::WordsOnly => None,
            Quoting::ByTheShell => Some(value.to_string()),
            Quoting::Backslash => Some(
                value
                    .chars()
                    .flat_map(|c| {
                        let escape = !typeable(c.encode_utf8(&mut [0; 4]));
                        escape.then_some('\\').into_iter().chain([c])
                    })
                    .collect(),
            ),
        }
    }
}

/// IDs, with the name as their help.
fn ids(entries: &[Entry]) -> Vec<CompletionCandidate> {
    entries
        .iter()
        .map(|e| CompletionCandidate::new(&e.id).help(Some(e.name.clone().into())))
        .collect()
}

/// The value of the last `--workspace-id` / `-w` on the line, not counting the word being
/// completed.
fn workspace_on_line(words: &[OsString]) -> Option<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let before = words.len().saturating_sub(1);
    let mut found = None;
    for (i, word) in words.iter().enumerate().take(before) {
        if let Some(value) = word.strip_prefix("--workspace-id=") {
            found = Some(value.to_string());
        } else if word == "--workspace-id" || word == "-w" {
            if i + 1 < before {
                found = words.get(i + 1).cloned();
            }
        } else if let Some(value) = word.strip_prefix("-w").filter(|v| !v.is_empty()) {
            found = Some(value.trim_start_matches('=').to_string());
        }
    }
    found
}

/// A word as the shell passed it on (`'My Team'`, `My\ Team`), as the command will see it.
fn unquoted(word: &str) -> String {
    for quote in ['\'', '"'] {
        if let Some(inner) = word
            .strip_prefix(quote)
            .map(|w| w.strip_suffix(quote).unwrap_or(w))
        {
            return inner.to_string();
        }
    }
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A value the shell inserts as is: bash does not quote candidates, so a name with a space or
/// a shell character would break the command line.
fn typeable(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+' | ',' | ':'))
}

fn role_candidates(platform: Platform) -> Vec<CompletionCandidate> {
    let roles: &[&str] = match platform {
        Platform::Astro => &crate::cmd::workspace::astro::roles::WORKSPACE_ROLES,
        Platform::Apc => &["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER"],
    };
    roles.iter().map(CompletionCandidate::new).collect()
}

thread_local! {
    /// The context of the completion request being answered: set when its tree is built
    /// ([`Here::command`]), read by the completers on the flags.
    static CURRENT: RefCell<Option<Arc<Here>>> = const { RefCell::new(None) };
}

/// The request's context; built from the config file on first use if no tree set it. Only a
/// completer calls this, so an ordinary command never reads the cache.
fn current() -> Arc<Here> {
    CURRENT.with(|current| {
        Arc::clone(
            current
                .borrow_mut()
                .get_or_insert_with(|| Arc::new(Here::from_process(true))),
        )
    })
}

/// The completers the flags declare (`#[arg(add = ArgValueCandidates::new(candidates::…))]`):
/// renaming a field keeps its completion. They read the completion cache of the current context
/// at Tab, never the network.
pub mod candidates {
    use clap_complete::engine::CompletionCandidate;

    use super::current;
    use crate::config::Platform;

    /// Workspace IDs and typeable names.
    pub fn workspaces() -> Vec<CompletionCandidate> {
        current().workspaces()
    }

    /// The Astro workspace roles.
    pub fn astro_roles() -> Vec<CompletionCandidate> {
        super::role_candidates(Platform::Astro)
    }

    /// The Private Cloud workspace roles.
    pub fn apc_roles() -> Vec<CompletionCandidate> {
        super::role_candidates(Platform::Apc)
    }

    /// IDs of the Workspace's API tokens.
    pub fn token_ids() -> Vec<CompletionCandidate> {
        current().token_ids()
    }

    /// Names of the Workspace's API tokens.
    pub fn token_names() -> Vec<CompletionCandidate> {
        current().token_names()
    }

    /// IDs of the Organization tokens with a role in the Workspace.
    pub fn org_token_ids() -> Vec<CompletionCandidate> {
        current().org_token_ids()
    }

    /// Names of the Organization tokens with a role in the Workspace.
    pub fn org_token_names() -> Vec<CompletionCandidate> {
        current().org_token_names()
    }

    /// IDs of the workspace's service accounts (Private Cloud), with their labels.
    pub fn service_accounts() -> Vec<CompletionCandidate> {
        current().service_accounts()
    }

    /// The domains of the stored contexts.
    pub fn contexts() -> Vec<CompletionCandidate> {
        current().contexts()
    }

    /// The keys of `astro config get|set`.
    pub fn config_keys() -> Vec<CompletionCandidate> {
        crate::config::setting_keys()
            .map(CompletionCandidate::new)
            .collect()
    }
}

/// Walks the tree: visible aliases become hidden ones (typing them still works and they still
/// complete when nothing else matches, but they never crowd the list). The candidates of values
/// are declared on the arguments themselves ([`candidates`]).
fn hide_aliases(command: Command) -> Command {
    let aliases: Vec<String> = command.get_visible_aliases().map(str::to_string).collect();
    let mut command = command;
    if !aliases.is_empty() {
        command = command.visible_alias(None).aliases(aliases);
    }
    command.mut_subcommands(hide_aliases)
}

/// The tree for a script that asked for no descriptions (`--no-descriptions`, Go's
/// `__completeNoDesc`): no help text on any subcommand, flag or value.
fn undescribe(command: Command) -> Command {
    command
        .about(None)
        .long_about(None)
        .mut_args(|arg| {
            let candidates = arg.get::<ArgValueCandidates>().cloned();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let arg = arg.help(None).long_help(None);
            match candidates {
                Some(candidates) => arg.add(ArgValueCandidates::new(move || {
                    let all = candidates.candidates();
                    all.into_iter().map(|c| c.help(None)).collect()
                })),
                None if !values.is_empty() => arg.add(ArgValueCandidates::new(move || {
                    values.iter().map(CompletionCandidate::new).collect()
                })),
                None => arg,
            }
        })
        .mut_subcommands(undescribe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, name: &str) -> Entry {
        Entry {
            id: id.into(),
            name: name.into(),
        }
    }

    /// A `Here` whose cache holds one workspace and two tokens in it.
    fn here(platform: Platform) -> (tempfile::TempDir, Here) {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        CompletionCache::record_workspaces(
            &config,
            "d.example",
            vec![entry("ws1", "Prod"), entry("ws2", "My Team")],
        );
        CompletionCache::record_tokens(
            &config,
            "d.example",
            "ws1",
            vec![entry("t1", "ci"), entry("t2", "nightly job")],
        );
        CompletionCache::record_tokens(&config, "d.example", "ws2", vec![entry("t3", "other")]);
        let here = Here {
            platform,
            cache_path: Some(CompletionCache::path_beside(&config)),
            domain: Some("d.example".into()),
            workspace: Some("ws1".into()),
            descriptions: true,
            domains: Vec::new(),
            quoting: Quoting::WordsOnly,
        };
        (dir, here)
    }

    fn values(candidates: Vec<CompletionCandidate>) -> Vec<String> {
        candidates
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect()
    }

    /// Candidates for the last word of `line`, as the shell adapters compute them.
    fn complete(here: &Here, line: &str) -> Vec<String> {
        let mut words: Vec<OsString> = line.split(' ').map(Into::into).collect();
        if line.ends_with(' ') {
            words.pop();
            words.push("".into());
        }
        let index = words.len() - 1;
        let mut command = here.command(crate::cli::command);
        values(clap_complete::engine::complete(&mut command, words, index, None).unwrap())
    }

    #[test]
    fn workspaces_complete_by_id_and_by_typeable_name() {
        let (_dir, here) = here(Platform::Astro);
        assert_eq!(values(here.workspaces()), ["ws1", "ws2", "Prod"]);
    }

    #[test]
    fn tokens_come_from_the_context_workspace() {
        let (_dir, mut here) = here(Platform::Astro);
        assert_eq!(values(here.token_ids()), ["t1", "t2"]);
        assert_eq!(values(here.token_names()), ["ci"]);
        here.workspace = None;
        assert_eq!(values(here.token_ids()), ["t1", "t2", "t3"]);
    }

    #[test]
    fn names_with_a_space_are_offered_as_the_shell_takes_them() {
        let (_dir, here) = here(Platform::Astro);
        assert_eq!(values(here.workspaces()), ["ws1", "ws2", "Prod"]);
        let bash = here.clone().quoting(Quoting::Backslash);
        assert_eq!(
            values(bash.workspaces()),
            ["ws1", "ws2", "Prod", r"My\ Team"]
        );
        assert_eq!(bash.offer("a$b'c"), Some(r"a\$b\'c".to_string()));
        let zsh = here.quoting(Quoting::ByTheShell);
        assert_eq!(values(zsh.token_names()), ["ci", "nightly job"]);
    }

    #[test]
    fn a_workspace_on_the_line_scopes_the_tokens() {
        let words = |line: &str| -> Vec<OsString> { line.split(' ').map(Into::into).collect() };
        assert_eq!(
            workspace_on_line(&words("astro workspace token -w ws2 rotate ")),
            Some("ws2".into())
        );
        assert_eq!(
            workspace_on_line(&words("astro w to rotate --workspace-id=ws2 t")),
            Some("ws2".into())
        );
        assert_eq!(
            workspace_on_line(&words("astro w to rotate -wws2 t")),
            Some("ws2".into())
        );
        assert_eq!(workspace_on_line(&words("astro w to rotate -w ")), None);
        assert_eq!(workspace_on_line(&words("astro w to rotate -w w")), None);
        assert_eq!(unquoted(r"My\ Team"), "My Team");
        assert_eq!(unquoted("'My Team'"), "My Team");
        assert_eq!(unquoted("\"My Team"), "My Team");

        let (_dir, here) = here(Platform::Astro);
        let by_id = here.clone().scoped_by(&words("astro w to -w ws2 rotate "));
        assert_eq!(values(by_id.token_ids()), ["t3"]);
        let by_name = here.scoped_by(&["astro".into(), "-w".into(), r"My\ Team".into(), "".into()]);
        assert_eq!(values(by_name.token_ids()), ["t3"]);
    }

    #[test]
    fn roles_follow_the_platform() {
        assert_eq!(
            values(role_candidates(Platform::Apc)),
            ["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER"]
        );
        assert!(values(role_candidates(Platform::Astro)).contains(&"WORKSPACE_OWNER".into()));
    }

    #[test]
    fn no_cache_no_candidates() {
        let here = Here {
            platform: Platform::Astro,
            cache_path: None,
            domain: None,
            workspace: None,
            descriptions: true,
            domains: Vec::new(),
            quoting: Quoting::WordsOnly,
        };
        assert!(here.workspaces().is_empty());
        assert!(here.token_ids().is_empty());
    }

    /// Every argument that names a workspace or a role declares its candidates itself, so a
    /// renamed field cannot lose them.
    #[test]
    fn workspace_and_role_arguments_declare_their_candidates() {
        fn walk(command: &Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let names_one = arg.get_long() == Some("role")
                    || arg.get_value_names().is_some_and(|names| {
                        names.iter().any(|n| n.as_str().starts_with("WORKSPACE_"))
                    });
                if names_one && arg.get::<ArgValueCandidates>().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&crate::cli::command(Platform::Astro), "astro", &mut missing);
        walk(
            &crate::cli::command(Platform::Apc),
            "astro (apc)",
            &mut missing,
        );
        assert!(missing.is_empty(), "no candidates on {missing:?}");
    }

    #[test]
    fn the_tree_completes_without_aliases() {
        let (_dir, here) = here(Platform::Astro);
        assert_eq!(complete(&here, "astro workspace to"), ["token"]);
        assert_eq!(complete(&here, "astro wo"), ["workspace"]);
        assert_eq!(
            complete(&here, "astro workspace token rotate --name "),
            ["ci"]
        );
        assert_eq!(
            complete(&here, "astro workspace token rotate t"),
            ["t1", "t2"]
        );
        assert_eq!(
            complete(&here, "astro workspace token create --role WORKSPACE_O"),
            ["WORKSPACE_OPERATOR", "WORKSPACE_OWNER"]
        );
        assert_eq!(complete(&here, "astro workspace switch P"), ["Prod"]);
        let (_dir, apc) = self::here(Platform::Apc);
        assert_eq!(
            complete(&apc, "astro workspace s"),
            ["switch", "service-account"]
        );
        assert_eq!(
            complete(
                &apc,
                "astro workspace service-account create --role WORKSPACE_A"
            ),
            ["WORKSPACE_ADMIN"]
        );
    }
}
