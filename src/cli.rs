//! The command-line grammar. Which `workspace` tree exists depends on the current context's
//! platform, as in the Go CLI (spec §0): `main` picks `AstroCli` or `ApcCli` before parsing, and
//! both share the leaf argument structs of `cmd::*`.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd::workspace::apc::ApcWorkspaceNamespace;
use crate::cmd::workspace::astro::AstroWorkspaceNamespace;
use crate::config::Platform;
use crate::output::Format;

const ABOUT: &str = "astro is a command line interface for working with the Astro Platform.";

/// Flags every command accepts, before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Log level (debug, info, warn, error, fatal, panic)
    #[arg(long, global = true, value_enum, default_value_t = Verbosity::Warning, value_name = "LEVEL")]
    pub verbosity: Verbosity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Verbosity {
    Debug,
    Info,
    #[value(alias = "warn")]
    Warning,
    Error,
    Fatal,
    Panic,
}

/// `-o/--output` and `--json`, on every list and get command (spec §3).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: table or json (the Go CLI's "template" format is not supported)
    #[arg(short = 'o', long, value_name = "FORMAT", value_parser = parse_format)]
    pub output: Option<Format>,

    /// Output as JSON
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
}

impl OutputArgs {
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.output.unwrap_or_default()
        }
    }
}

fn parse_format(value: &str) -> Result<Format, String> {
    match value {
        "" | "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        // Go's text (reference §7.7), less the template format we do not have.
        other => Err(format!(
            "invalid format \"{other}\" (must be table or json)"
        )),
    }
}

/// The tree shown on an Astro (hosted) context, or with no context at all.
#[derive(Debug, Parser)]
#[command(name = "astro", version, about = ABOUT, after_help = "Current Context: Astro")]
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
    #[command(visible_alias = "wo")]
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
        long_about = "Authenticate to Astro or APC. This is an alias for 'astro auth login'."
    )]
    Login(crate::cmd::login::LoginArgs),
    /// Log out of Astronomer
    #[command(long_about = "Log out of Astronomer. This is an alias for 'astro auth logout'.")]
    Logout(crate::cmd::logout::LogoutArgs),
    /// Manage authentication to Astronomer
    #[command(long_about = "Commands for authenticating to Astro or APC")]
    Auth(crate::cmd::auth::AuthNamespace),
    /// Manage Astro & APC contexts
    #[command(
        visible_alias = "c",
        long_about = "Context represent a connection to Astro or APC in the form of a Domain URL. If your context is set to astronomer.io, for example, you are connected to Astro"
    )]
    Context(crate::cmd::context::ContextNamespace),
    /// Manage the CLI's settings
    #[command(
        long_about = "Manage the settings stored in .astro/config.toml in your home folder (or $ASTRO_HOME): houston.dial_timeout, houston.skip_verify_tls, http.timeout_seconds, interactive and page_size. astro config import brings in the contexts and settings of the Go astro CLI (.astro/config.yaml)."
    )]
    Config(crate::cmd::config::ConfigNamespace),
    /// Generate the autocompletion script for the specified shell
    Completion(crate::cmd::completion::CompletionArgs),
}

/// The tree shown on an Astro Private Cloud context.
#[derive(Debug, Parser)]
#[command(name = "astro", version, about = ABOUT, after_help = "Current Context: APC")]
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
    fn aliases_and_flags_of_the_spec_parse() {
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
            "astro workspace sa get a b",
        ] {
            assert!(!parses(Apc, line), "{line}");
        }
        // Each platform's tree only.
        assert!(!parses(Astro, "astro workspace sa get"));
        assert!(!parses(Apc, "astro workspace token rotate"));
    }
}
