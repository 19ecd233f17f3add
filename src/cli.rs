//! The command-line grammar. Which `workspace` tree exists depends on the current context's
//! platform, as in the Go CLI (docs/compatibility.md#other-platform): `main` picks `AstroCli` or
//! `ApcCli` before parsing, and both share the leaf argument structs of `cmd::*`.

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

/// `-o/--output` and `--json`, on every list, get and create command (docs/json.md).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: table or json (the Go CLI's "template" format is not supported)
    #[arg(short = 'o', long, value_name = "FORMAT", value_parser = parse_format)]
    pub output: Option<Format>,

    /// Output as JSON
    #[arg(long, conflicts_with = "output")]
    pub json: bool,

    /// The Go CLI's template string: refused with a usage error that names -o json. No Rust
    /// crate reproduces Go's text/template over Go's structs (`.CreatedAt` prints through
    /// Go's time.Time String method), so a template would print something else than in Go.
    #[arg(long, hide = true, value_name = "TEMPLATE", value_parser = refuse_template)]
    pub template: Option<String>,
}

const NO_TEMPLATES: &str = "Go templates are not supported: use -o json and a JSON tool (jq '.workspaces[].name'); docs/json.md lists every document";

fn refuse_template(_: &str) -> Result<String, String> {
    Err(NO_TEMPLATES.to_string())
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
        "template" => Err(NO_TEMPLATES.to_string()),
        // Go's text, less the template format we do not have.
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
            "astro workspace sa get a b",
        ] {
            assert!(!parses(Apc, line), "{line}");
        }
        // Each platform's tree only.
        assert!(!parses(Astro, "astro workspace sa get"));
        assert!(!parses(Apc, "astro workspace token rotate"));
    }
}
