//! The command-line grammar. Which `workspace` tree exists depends on the current context's
//! platform, as in the Go CLI (docs/compatibility.md#other-platform): `main` picks `AstroCli` or
//! `ApcCli` before parsing, and both share the leaf argument structs of `cmd::*`.

use clap::{Parser, Subcommand};

use crate::cmd::workspace::apc::ApcWorkspaceNamespace;
use crate::cmd::workspace::astro::AstroWorkspaceNamespace;
use crate::config::Platform;
use crate::global_flags::GlobalArgs;

const ABOUT: &str = "astro is a command line interface for working with the Astro Platform.";

/// The tree shown on an Astro (hosted) context, or with no context at all.
#[derive(Debug, Parser)]
#[command(name = "astro", version = crate::LONG_VERSION, about = ABOUT, after_help = "Current Context: Astro")]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct AstroCli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: AstroCommand,
}

#[derive(Debug, Subcommand)]
pub enum AstroCommand {
    /// Manage Astro Workspaces
    #[command(
        visible_alias = "wo",
        long_about = "Create and manage Workspaces on Astro. Workspaces can contain multiple Deployments and can be shared across users."
    )]
    Workspace(AstroWorkspaceNamespace),
    #[command(flatten)]
    Common(CommonCommand),
}

/// Commands both trees have.
#[derive(Debug, Subcommand)]
pub enum CommonCommand {
    /// List running version of the Astro CLI
    Version,
    /// Log in to Astronomer
    #[command(
        long_about = "Authenticate to Astro or APC. This is an alias for 'astro auth login'.",
        after_help = "Examples:\n  $ astro login\n  $ astro login --token-login \"$ASTRO_TOKEN\"\n  $ astro login astro.example.com"
    )]
    Login(crate::cmd::login::LoginArgs),
    /// Log out of Astronomer
    #[command(long_about = "Log out of Astronomer. This is an alias for 'astro auth logout'.")]
    Logout(crate::cmd::logout::LogoutArgs),
    /// Manage authentication to Astronomer
    #[command(long_about = "Commands for authenticating to Astro or APC.")]
    Auth(crate::cmd::auth::AuthNamespace),
    /// Manage Astro & APC contexts
    #[command(
        visible_alias = "c",
        long_about = "Context represent a connection to Astro or APC in the form of a Domain URL. If your context is set to astronomer.io, for example, you are connected to Astro."
    )]
    Context(crate::cmd::context::ContextNamespace),
    /// Manage the CLI's settings
    #[command(
        long_about = "Manage the settings stored in .astro/config.toml in your home folder (or $ASTRO_HOME): houston.dial_timeout, houston.skip_verify_tls, http.timeout_seconds, interactive and page_size. astro config import brings in the contexts and settings of the Go astro CLI (.astro/config.yaml)."
    )]
    Config(crate::cmd::config::ConfigNamespace),
    /// Generate the autocompletion script for the specified shell
    #[command(
        long_about = "Generate the autocompletion script for astro for the specified shell. The script asks astro for candidates at each Tab, so it completes the commands of the context that is current at that moment (Astro or APC), and workspace and token names and IDs from the last list commands.",
        after_help = "Examples:\n  $ source <(astro completion bash)\n  $ source <(astro completion zsh)\n  $ astro completion fish | source\n  PS> astro completion powershell | Out-String | Invoke-Expression"
    )]
    Completion(crate::cmd::completion::CompletionArgs),
}

/// The tree shown on an Astro Private Cloud context.
#[derive(Debug, Parser)]
#[command(name = "astro", version = crate::LONG_VERSION, about = ABOUT, after_help = "Current Context: APC")]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct ApcCli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: ApcCommand,
}

#[derive(Debug, Subcommand)]
pub enum ApcCommand {
    /// Manage APC Workspaces
    #[command(
        visible_alias = "wo",
        long_about = "Workspaces contain a group of Airflow Cluster Deployments. The creator of the workspace can invite other users into it"
    )]
    Workspace(ApcWorkspaceNamespace),
    #[command(flatten)]
    Common(CommonCommand),
}

/// A parsed command line, whichever tree it came from.
#[derive(Debug)]
pub enum Invocation {
    Astro(AstroCommand),
    Apc(ApcCommand),
}

/// `platform`'s whole tree as a clap `Command`: what `main` hands to the completion server
/// (`cmd::completion::serve`), so that it reads the tree without importing this module.
pub fn command(platform: Platform) -> clap::Command {
    use clap::CommandFactory;
    match platform {
        Platform::Astro => AstroCli::command(),
        Platform::Apc => ApcCli::command(),
    }
}

pub fn parse(
    platform: Platform,
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<(GlobalArgs, Invocation), clap::Error> {
    match platform {
        Platform::Astro => {
            AstroCli::try_parse_from(args).map(|cli| (cli.global, Invocation::Astro(cli.command)))
        }
        Platform::Apc => {
            ApcCli::try_parse_from(args).map(|cli| (cli.global, Invocation::Apc(cli.command)))
        }
    }
}

/// Where the other platform's tree can be reached from here, for the error that says so.
#[derive(Debug, Default)]
pub struct Elsewhere {
    /// Whether there is a current context at all (else we show the Astro tree by default).
    pub has_context: bool,
    /// A stored context of the other platform, to `astro context switch` to.
    pub other_context: Option<String>,
}

/// Improves two of clap's usage errors, keeping their kind and exit status 2:
/// - a command of the other platform's tree (`service-account` on Astro, `token` on Private
///   Cloud) says which platform it belongs to and the command that gets there, instead of a
///   bare "unrecognized subcommand";
/// - typo tips name commands, never their aliases (`wo` is not a useful suggestion).
pub fn explain(
    error: clap::Error,
    platform: Platform,
    args: &[std::ffi::OsString],
    elsewhere: &Elsewhere,
) -> clap::Error {
    use clap::CommandFactory;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() == ErrorKind::MissingRequiredArgument {
        return with_possible_values(error, platform, args);
    }
    if error.kind() != ErrorKind::InvalidSubcommand {
        return error;
    }
    let (mut current, mut other) = match platform {
        Platform::Astro => (AstroCli::command(), ApcCli::command()),
        Platform::Apc => (ApcCli::command(), AstroCli::command()),
    };
    current.build();
    other.build();
    if let Some(word) = other_platform_word(&current, &other, args) {
        let other_platform = match platform {
            Platform::Astro => Platform::Apc,
            Platform::Apc => Platform::Astro,
        };
        return clap::Error::raw(
            ErrorKind::InvalidSubcommand,
            other_platform_message(&word, platform, other_platform, elsewhere),
        )
        .with_cmd(&current);
    }
    if let Some(word) = go_only_word(&current, args) {
        return clap::Error::raw(ErrorKind::InvalidSubcommand, go_only_message(&word))
            .with_cmd(&current);
    }
    let mut error = error;
    if let Some(ContextValue::Strings(suggested)) =
        error.get(ContextKind::SuggestedSubcommand).cloned()
    {
        let (names, aliases) = names_and_aliases(&current);
        let kept: Vec<String> = suggested
            .into_iter()
            .filter(|s| names.contains(s) || !aliases.contains(s))
            .collect();
        if kept.is_empty() {
            error.remove(ContextKind::SuggestedSubcommand);
        } else {
            error.insert(
                ContextKind::SuggestedSubcommand,
                ContextValue::Strings(kept),
            );
        }
    }
    error
}

/// The first word of `args` that is not a subcommand of `current` where `other` has one by
/// that name (or alias).
fn other_platform_word(
    current: &clap::Command,
    other: &clap::Command,
    args: &[std::ffi::OsString],
) -> Option<String> {
    let mut current = current;
    let mut other = Some(other);
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        if word == "--" {
            return None;
        }
        if let Some(flag) = word.strip_prefix('-') {
            if !word.contains('=') && takes_value(current, flag) {
                words.next();
            }
            continue;
        }
        match current.find_subcommand(word) {
            Some(next) => {
                current = next;
                other = other.and_then(|o| o.find_subcommand(word));
            }
            None => {
                return other
                    .and_then(|o| o.find_subcommand(word))
                    .map(|_| word.to_string());
            }
        }
    }
    None
}

/// Whether `-x` / `--xyz` (given without its leading dash) is an option that takes a value.
fn takes_value(command: &clap::Command, flag: &str) -> bool {
    let arg = match flag.strip_prefix('-') {
        Some(long) => command.get_arguments().find(|a| a.get_long() == Some(long)),
        None => {
            let mut chars = flag.chars();
            match (chars.next(), chars.next()) {
                (Some(short), None) => command
                    .get_arguments()
                    .find(|a| a.get_short() == Some(short)),
                _ => None,
            }
        }
    };
    arg.is_some_and(|a| a.get_action().takes_values())
}

fn other_platform_message(
    word: &str,
    platform: Platform,
    other: Platform,
    elsewhere: &Elsewhere,
) -> String {
    let name = |p: Platform| match p {
        Platform::Astro => "Astro",
        Platform::Apc => "Astro Private Cloud",
    };
    let here = if elsewhere.has_context {
        format!("the current context is {}", name(platform))
    } else {
        "there is no current context".to_string()
    };
    let tip = match (&elsewhere.other_context, other) {
        (Some(domain), _) => format!(
            "switch to your {} context first: astro context switch {domain}",
            name(other)
        ),
        (None, Platform::Apc) => {
            "log in to your Astro Private Cloud installation first: astro login <domain>".into()
        }
        (None, Platform::Astro) => "log in to Astro first: astro login".into(),
    };
    format!(
        "'{word}' is an {} command, and {here}\n\n  tip: {tip}\n\nFor more information, try '--help'.\n",
        name(other)
    )
}

/// A missing argument that takes one of a few values (`astro completion` without a shell)
/// gets a tip that lists them; clap names only the placeholder.
fn with_possible_values(
    mut error: clap::Error,
    platform: Platform,
    args: &[std::ffi::OsString],
) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::Strings(missing)) = error.get(ContextKind::InvalidArg).cloned() else {
        return error;
    };
    let mut root = command(platform);
    root.build();
    let mut command = &root;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(word) = word.to_str() else { break };
        if let Some(flag) = word.strip_prefix('-') {
            if !word.contains('=') && takes_value(command, flag) {
                words.next();
            }
            continue;
        }
        match command.find_subcommand(word) {
            Some(next) => command = next,
            None => break,
        }
    }
    let tips: Vec<clap::builder::StyledStr> = command
        .get_positionals()
        .filter_map(|arg| {
            let name = arg.get_value_names()?.first()?.to_string();
            if !missing.iter().any(|m| m == &format!("<{name}>")) {
                return None;
            }
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            (!values.is_empty()).then(|| format!("{name} is one of: {}", values.join(", ")).into())
        })
        .collect();
    if !tips.is_empty() {
        error.insert(ContextKind::Suggested, ContextValue::StyledStrs(tips));
    }
    error
}

/// The top-level commands of Astronomer's Go `astro` CLI (both platforms, and `org`, the alias
/// of `organization`) that this binary does not have (docs/compatibility.md#go-only-commands).
const GO_ONLY_COMMANDS: [&str; 16] = [
    "api",
    "dbt",
    "deploy",
    "deployment",
    "dev",
    "env",
    "flow",
    "ide",
    "org",
    "organization",
    "registry",
    "remote",
    "run",
    "team",
    "telemetry",
    "user",
];

/// The first command word of `args`, when it is one of the Go CLI's that `current` lacks.
fn go_only_word(current: &clap::Command, args: &[std::ffi::OsString]) -> Option<String> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        if word == "--" {
            return None;
        }
        if let Some(flag) = word.strip_prefix('-') {
            if !word.contains('=') && takes_value(current, flag) {
                words.next();
            }
            continue;
        }
        return (current.find_subcommand(word).is_none() && GO_ONLY_COMMANDS.contains(&word))
            .then(|| word.to_string());
    }
    None
}

fn go_only_message(word: &str) -> String {
    format!(
        "'{word}' is a command of Astronomer's Go astro CLI; this astro has only 'workspace' \
         (Astro and Astro Private Cloud), login, logout, auth, context, config, version and \
         completion\n\n  \
         tip: keep the Go CLI beside this one under another name, e.g. astro-go, and run: \
         astro-go {word} … (README: \"Next to the Go CLI\")\n\n\
         For more information, try '--help'.\n"
    )
}

/// Every subcommand name in the tree, and every alias.
fn names_and_aliases(
    command: &clap::Command,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    let mut names = std::collections::BTreeSet::new();
    let mut aliases = std::collections::BTreeSet::new();
    fn walk(
        command: &clap::Command,
        names: &mut std::collections::BTreeSet<String>,
        aliases: &mut std::collections::BTreeSet<String>,
    ) {
        for sub in command.get_subcommands() {
            names.insert(sub.get_name().to_string());
            aliases.extend(sub.get_all_aliases().map(str::to_string));
            walk(sub, names, aliases);
        }
    }
    walk(command, &mut names, &mut aliases);
    (names, aliases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn both_trees_are_well_formed() {
        AstroCli::command().debug_assert();
        ApcCli::command().debug_assert();
    }

    fn parses(platform: Platform, line: &str) -> bool {
        parse(platform, line.split_whitespace().map(Into::into)).is_ok()
    }

    #[test]
    fn aliases_and_flags_of_both_trees_parse() {
        use Platform::*;
        for line in [
            "astro workspace token rotate",
            "astro wo to ro TOKEN",
            "astro workspace token rotate --name ci --force --clean-output",
            "astro workspace token rotate -t ci -f -c",
            "astro workspace token --workspace-id ws rotate",
            "astro workspace token rotate --workspace-id ws",
            "astro --verbosity debug workspace token rotate",
            "astro workspace token rotate --verbosity warn",
        ] {
            assert!(parses(Astro, line), "{line}");
        }
        for line in [
            "astro workspace service-account create --label l",
            "astro wo sa cr -l l -c cat -r workspace_admin -w ws -u user",
            "astro workspace sa get",
            "astro workspace sa get ID -w ws",
            "astro workspace sa list --output json",
            "astro workspace sa ls -o table",
            "astro workspace sa ls --json",
            "astro workspace sa delete",
            "astro workspace sa de ID --workspace-id ws",
        ] {
            assert!(parses(Apc, line), "{line}");
        }
        for line in [
            "astro workspace service-account create",
            "astro workspace sa create --label=",
            "astro workspace sa get --json --output json",
            "astro workspace sa get -o yaml",
            "astro workspace sa delete a b",
        ] {
            assert!(!parses(Apc, line), "{line}");
        }
        // Each platform's tree only.
        assert!(!parses(Astro, "astro workspace sa get"));
        assert!(!parses(Apc, "astro workspace token rotate"));
    }
}

/// Help text is checked against the trees: every `astro …` command it names exists (in the
/// tree the help belongs to), with the flags it shows; inherited flags sit under their own
/// heading; often-typed commands have examples.
#[cfg(test)]
mod help_tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command of a tree with its path (`["workspace", "token", "rotate"]`).
    fn walk(
        command: &clap::Command,
        path: Vec<String>,
        out: &mut Vec<(Vec<String>, clap::Command)>,
    ) {
        out.push((path.clone(), command.clone()));
        for sub in command.get_subcommands() {
            let mut path = path.clone();
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
        }
    }

    type Tree = Vec<(Vec<String>, clap::Command)>;

    fn trees() -> Vec<(Platform, Tree)> {
        [Platform::Astro, Platform::Apc]
            .into_iter()
            .map(|platform| {
                let mut root = match platform {
                    Platform::Astro => AstroCli::command(),
                    Platform::Apc => ApcCli::command(),
                };
                root.build();
                let mut all = Vec::new();
                walk(&root, Vec::new(), &mut all);
                (platform, all)
            })
            .collect()
    }

    fn long_help(command: &clap::Command) -> String {
        command.clone().render_long_help().to_string()
    }

    /// The `astro …` command lines a help text mentions: after a quote, a backtick, `$ `,
    /// `run ` or at the start of an example line.
    fn mentioned(help: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (at, _) in help.match_indices("astro ") {
            let before = help[..at].trim_end_matches(' ');
            let starts_line = before.is_empty() || before.ends_with('\n');
            let quoted = ["'", "`", "\"", "$", "(", "run", ":"]
                .iter()
                .any(|m| before.ends_with(m));
            let prose = ["astro is ", "astro has "]
                .iter()
                .any(|p| help[at..].starts_with(p));
            if !(starts_line || quoted) || prose {
                continue;
            }
            let line = help[at..].lines().next().unwrap_or_default();
            found.push(line.to_string());
        }
        found
    }

    /// Why `line` (`astro workspace token rotate --name ci …`) does not fit `root`, if it does
    /// not.
    fn check_line(root: &clap::Command, line: &str) -> Option<String> {
        let mut command = root;
        let mut words = line
            .split_whitespace()
            .skip(1)
            .map(|w| w.trim_end_matches(['\'', '`', '"', ')', '.', ',']));
        for word in words.by_ref() {
            if let Some(long) = word.strip_prefix("--") {
                let long = long.split('=').next().unwrap_or_default();
                if command.get_arguments().all(|a| a.get_long() != Some(long)) {
                    return Some(format!("no flag --{long} on '{}'", command.get_name()));
                }
                continue;
            }
            if word.starts_with(['-', '<', '[', '$', '|', '>']) {
                continue;
            }
            match command.find_subcommand(word) {
                Some(sub) => command = sub,
                None if command.has_subcommands() && command.get_positionals().next().is_none() => {
                    return Some(format!(
                        "no command '{word}' under '{}'",
                        command.get_name()
                    ));
                }
                None => {}
            }
        }
        None
    }

    #[test]
    fn help_names_only_commands_and_flags_that_exist() {
        let mut problems = Vec::new();
        for (platform, commands) in trees() {
            let root = &commands[0].1;
            // clap's own `help` commands print "astro help [COMMAND]".
            for (path, command) in commands.iter().filter(|(p, _)| !p.contains(&"help".into())) {
                for line in mentioned(&long_help(command)) {
                    if let Some(why) = check_line(root, &line) {
                        problems.push(format!("{platform:?} {}: {line}: {why}", path.join(" ")));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_checker_catches_what_it_should() {
        let mut root = AstroCli::command();
        root.build();
        assert!(check_line(&root, "astro organization switch").is_some());
        assert!(check_line(&root, "astro workspace token rotate --nope").is_some());
        assert!(check_line(&root, "astro workspace token rotate --name ci --force").is_none());
        assert!(check_line(&root, "astro context switch example.com").is_none());
        assert_eq!(
            mentioned("Use 'astro organization switch' to go.\nastro is a CLI"),
            ["astro organization switch' to go."]
        );
    }

    #[test]
    fn inherited_flags_have_their_own_heading() {
        for (platform, commands) in trees() {
            for (path, command) in &commands {
                let help = long_help(command);
                let heading = help.find("Global Flags:");
                for flag in ["--verbosity", "--workspace-id"] {
                    let inherited = command
                        .get_arguments()
                        .any(|a| a.get_long() == Some(&flag[2..]) && a.is_global_set());
                    if !inherited {
                        continue;
                    }
                    let at = help
                        .find(&format!("{flag} "))
                        .or_else(|| help.find(&format!("{flag}=")));
                    assert!(
                        matches!((heading, at), (Some(h), Some(a)) if a > h),
                        "{platform:?} {}: {flag} is not under Global Flags:\n{help}",
                        path.join(" ")
                    );
                }
            }
        }
    }

    #[test]
    fn often_typed_commands_have_examples() {
        let often: &[(Platform, &str)] = &[
            (Platform::Astro, "workspace list"),
            (Platform::Astro, "workspace switch"),
            (Platform::Astro, "workspace create"),
            (Platform::Astro, "workspace token list"),
            (Platform::Astro, "workspace token create"),
            (Platform::Astro, "workspace token rotate"),
            (Platform::Astro, "workspace token delete"),
            (Platform::Astro, "workspace user add"),
            (Platform::Astro, "login"),
            (Platform::Astro, "context switch"),
            (Platform::Astro, "completion"),
            (Platform::Apc, "workspace list"),
            (Platform::Apc, "workspace switch"),
            (Platform::Apc, "workspace service-account create"),
            (Platform::Apc, "workspace service-account get"),
            (Platform::Apc, "workspace service-account delete"),
            (Platform::Apc, "workspace user add"),
        ];
        let trees = trees();
        for (platform, line) in often {
            let commands = &trees.iter().find(|(p, _)| p == platform).unwrap().1;
            let (_, command) = commands
                .iter()
                .find(|(path, _)| path.join(" ") == *line)
                .unwrap_or_else(|| panic!("{line}"));
            let help = long_help(command);
            assert!(
                help.contains("\nExamples:\n  $ "),
                "{platform:?} {line}:\n{help}"
            );
        }
        let (_, rotate) = trees[0]
            .1
            .iter()
            .find(|(path, _)| path.join(" ") == "workspace token rotate")
            .unwrap();
        assert!(
            long_help(rotate).contains(
                "$ TOKEN=$(astro workspace token rotate --name ci --force --clean-output)"
            )
        );
    }
}
#[cfg(test)]
mod punctuation_tests {
    use super::*;
    use clap::CommandFactory;

    /// One style: a summary starts with a capital and has no final period; a long description
    /// is sentences, ending with one; a flag's help starts with a capital and has no final
    /// period.
    fn walk(command: &clap::Command, path: String, out: &mut Vec<String>) {
        let capital = |text: &str| text.starts_with(|c: char| c.is_uppercase());
        if let Some(about) = command.get_about().map(ToString::to_string) {
            // The root's summary is Go's sentence, which starts with the binary's name.
            let root = !path.contains(' ');
            if !root && (about.ends_with('.') || !capital(&about)) {
                out.push(format!("summary of {path}: {about}"));
            }
        }
        // A group's long text is what `astro workspace` and its groups print when run alone;
        // it stays the Go CLI's own sentence, period or not (docs/compatibility.md#exit-status).
        let group = command.get_subcommands().next().is_some();
        if let Some(long) = command.get_long_about().map(ToString::to_string)
            && !group
            && (!long.ends_with('.') || !capital(&long))
        {
            out.push(format!("description of {path}: {long}"));
        }
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(help) = arg.get_help().map(ToString::to_string)
                && (help.ends_with('.') || !capital(&help))
            {
                out.push(format!("{path} {}: {help}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn help_texts_share_one_punctuation_style() {
        let mut out = Vec::new();
        walk(&AstroCli::command(), "astro".into(), &mut out);
        walk(&ApcCli::command(), "astro".into(), &mut out);
        out.sort();
        out.dedup();
        assert!(out.is_empty(), "{}", out.join("\n"));
    }
}
