//! `astro workspace …` on an Astro (hosted) context: reference astro-go-cli.md §8–§9.

pub mod token;

use clap::{Args, Subcommand};

use crate::cmd::Cx;
use crate::error::Result;

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

pub async fn run(ns: AstroWorkspaceNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        AstroWorkspaceCommand::Token(ns) => token::run(ns, cx).await,
    }
}
