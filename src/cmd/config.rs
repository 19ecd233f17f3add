//! `astro config get|set|import`: the settings of README "Configuration", by name, and the import
//! of the Go CLI's `.astro/config.yaml` (its contexts and settings) into config.toml.

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;

use super::Cx;
use super::completion::candidates;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct ConfigNamespace {
    /// Accepted for compatibility with the Go CLI: astro has one (global) config file
    #[arg(short = 'g', long, global = true, help_heading = crate::global_flags::HEADING)]
    pub global: bool,
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Get a setting's value
    #[command(
        long_about = "Print the value of a setting (its default when it is not set): houston.dial_timeout, houston.skip_verify_tls, http.timeout_seconds, interactive or page_size. Without a setting, print every one.",
        after_help = "Examples:\n  $ astro config get page_size\n  $ astro config get"
    )]
    Get(GetArgs),
    /// Set a setting's value
    #[command(
        long_about = "Change a setting in config.toml: houston.dial_timeout (seconds), houston.skip_verify_tls (true|false), http.timeout_seconds (seconds), interactive (true|false) or page_size (a number).",
        after_help = "Examples:\n  $ astro config set http.timeout_seconds 120"
    )]
    Set(SetArgs),
    /// Import the contexts and settings of the Go astro CLI
    #[command(
        long_about = "Read the Go astro CLI's .astro/config.yaml and add its contexts and settings to config.toml. Contexts and settings that config.toml already has are kept unless --force is given. config.yaml is never changed."
    )]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// The setting, e.g. page_size; without one, every setting
    #[arg(value_name = "KEY", add = ArgValueCandidates::new(candidates::config_keys))]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The setting, e.g. http.timeout_seconds
    #[arg(value_name = "KEY", add = ArgValueCandidates::new(candidates::config_keys))]
    pub key: String,
    /// The new value
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Replace contexts and settings that config.toml already has
    #[arg(short, long)]
    pub force: bool,
}

pub fn run(ns: ConfigNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        ConfigCommand::Get(args) => get(args, cx),
        ConfigCommand::Set(args) => set(args, cx),
        ConfigCommand::Import(args) => import(args, cx),
    }
}

/// `<key>: <value>`, as the Go CLI prints it; without a key, that line for every setting (Go
/// refused to run without one: docs/compatibility.md#config-get-all).
fn get(args: GetArgs, cx: &mut Cx) -> Result<()> {
    let keys: Vec<&str> = match args.key.as_deref() {
        Some(key) => vec![key],
        None => crate::config::setting_names().collect(),
    };
    let mut out = String::new();
    for key in keys {
        let value = cx.config.setting_text(key)?;
        out.push_str(&format!("{key}: {value}\n"));
    }
    cx.io.print(&out)
}

/// `Setting <key> to <value> successfully` and a blank line, as the Go CLI prints it.
fn set(args: SetArgs, cx: &mut Cx) -> Result<()> {
    cx.config.set_setting(&args.key, &args.value)?;
    let stored = cx.config.setting_text(&args.key)?;
    cx.io.print(&format!(
        "Setting {} to {stored} successfully\n\n",
        args.key
    ))
}

fn import(args: ImportArgs, cx: &mut Cx) -> Result<()> {
    // The Go CLI's keychain entries are read here only, never by the first-run import
    // (docs/reliability.md#where-secrets-live).
    let store = cx.store();
    let (go, report) = cx.config.import_go_config(args.force, &store)?;
    let yaml = crate::config::go_config_path(cx.config.path());
    for warning in &go.warnings {
        cx.io
            .note(&format!("Warning: {}: {warning}\n", yaml.display()));
    }
    for note in &report.notes {
        cx.io.note(note);
    }
    for domain in &report.kept {
        cx.io.note(&format!(
            "Kept context {domain}: config.toml has it already (pass --force to replace it)\n"
        ));
    }
    let mut out = String::new();
    for domain in &report.imported {
        out.push_str(&format!("Imported context {domain}\n"));
    }
    for domain in &report.tokens {
        out.push_str(&format!(
            "Imported the token of context {domain} from the Go CLI's keychain entry\n"
        ));
    }
    for key in &report.settings {
        out.push_str(&format!("Imported setting {key}\n"));
    }
    if let Some(current) = &report.current {
        out.push_str(&format!("Current context: {current}\n"));
    }
    if report.is_empty() && report.kept.is_empty() && report.tokens.is_empty() {
        return Err(Error::msg(format!(
            "{} has no contexts or settings to import",
            yaml.display()
        )));
    }
    cx.io.print(&out)
}
