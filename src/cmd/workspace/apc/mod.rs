//! `astro workspace …` on an Astro Private Cloud context: reference apc-go-cli.md §3.

pub mod service_account;

use clap::{Args, Subcommand};

use crate::cmd::Cx;
use crate::error::Result;

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

pub async fn run(ns: ApcWorkspaceNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        ApcWorkspaceCommand::ServiceAccount(ns) => service_account::run(ns, cx).await,
    }
}
