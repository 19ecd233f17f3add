//! `astro workspace …`: the Astro tree and the Private Cloud tree.

pub mod service_account;
pub mod token;

use clap::{Args, Subcommand};

use super::Cx;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct AstroWorkspaceNamespace {
    #[command(subcommand)]
    pub command: AstroWorkspaceCommand,
}

#[derive(Debug, Subcommand)]
pub enum AstroWorkspaceCommand {
    /// Manage tokens in your Astro Workspace
    #[command(
        visible_alias = "to",
        long_about = "Manage tokens in your Astro Workspace."
    )]
    Token(token::TokenNamespace),
}

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct ApcWorkspaceNamespace {
    #[command(subcommand)]
    pub command: ApcWorkspaceCommand,
}

#[derive(Debug, Subcommand)]
pub enum ApcWorkspaceCommand {
    /// Manage APC workspace service accounts
    #[command(
        visible_alias = "sa",
        long_about = "Service accounts represent revocable tokens with access to the APC platform"
    )]
    ServiceAccount(service_account::ServiceAccountNamespace),
}

pub async fn run_astro(ns: AstroWorkspaceNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        AstroWorkspaceCommand::Token(ns) => token::run(ns, cx).await,
    }
}

pub async fn run_apc(ns: ApcWorkspaceNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        ApcWorkspaceCommand::ServiceAccount(ns) => service_account::run(ns, cx).await,
    }
}

/// The workspace a command acts on: `--workspace-id` if given, else the context's, else an
/// error before any request (spec §4 and §7; the Go CLI sends an empty ID or, on Private Cloud,
/// ignores the flag when the context has no workspace).
pub fn resolve_workspace(flag: Option<&str>, context_workspace: &str) -> Result<String> {
    match flag.map(str::trim).filter(|w| !w.is_empty()) {
        Some(flag) => Ok(flag.to_string()),
        None if !context_workspace.is_empty() => Ok(context_workspace.to_string()),
        None => Err(Error::msg(
            "no Workspace given: pass --workspace-id or run astro workspace switch",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_then_context_then_error() {
        assert_eq!(resolve_workspace(Some("f"), "c").unwrap(), "f");
        assert_eq!(resolve_workspace(Some(""), "c").unwrap(), "c");
        assert_eq!(resolve_workspace(None, "c").unwrap(), "c");
        assert_eq!(resolve_workspace(Some("f"), "").unwrap(), "f");
        assert_eq!(
            resolve_workspace(None, "").unwrap_err().to_string(),
            "no Workspace given: pass --workspace-id or run astro workspace switch"
        );
    }
}
