//! `astro workspace …` on an Astro (hosted) context.

pub mod org_token;
pub mod roles;
pub mod team;
pub mod token;
pub mod user;
pub mod workspaces;

use clap::{Args, Subcommand};

use crate::api::astro::AstroRest;
use crate::cmd::Cx;
use crate::cmd::workspace::lookup;
use crate::error::Result;

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct AstroWorkspaceNamespace {
    #[command(subcommand)]
    pub command: AstroWorkspaceCommand,
}

#[derive(Debug, Subcommand)]
pub enum AstroWorkspaceCommand {
    /// List all Astro Workspaces in your organization
    #[command(
        visible_alias = "ls",
        long_about = "List all Astro Workspaces you have access to in your current Organization. The Organization is the one you logged in to: run astro login again to use another.",
        after_help = "Examples:\n  $ astro workspace list\n  $ astro workspace list --json"
    )]
    List(workspaces::ListArgs),

    /// Switch to a different Astro Workspace
    #[command(
        visible_alias = "sw",
        long_about = "Switch your active Astro Workspace. Subsequent workspace user, team and token commands run against the selected Workspace unless overridden with --workspace-id.",
        after_help = "Examples:\n  $ astro workspace switch\n  $ astro workspace switch <workspace-id>"
    )]
    Switch(workspaces::SwitchArgs),

    /// Create an Astro Workspace
    #[command(
        visible_alias = "cr",
        long_about = "Create a new Workspace in your current Organization. Workspaces group Deployments and control user access independently. Enable --enforce-cicd to require that all deploys to Deployments in this Workspace use an API token, blocking manual deploys from the CLI or UI.",
        after_help = "Examples:\n  $ astro workspace create --name my-workspace --description \"Data team\"\n  $ astro workspace create --name ci-only --enforce-cicd ON"
    )]
    Create(workspaces::CreateArgs),

    /// Update an Astro Workspace
    #[command(
        visible_alias = "up",
        long_about = "Update a Workspace's name, description, or CI/CD enforcement policy. Changing --enforce-cicd affects all Deployments in the Workspace: when enabled, only API token-authenticated deploys are allowed. If no Workspace ID is provided, you will be prompted to select one.",
        after_help = "Examples:\n  $ astro workspace update <workspace-id> --name new-name"
    )]
    Update(workspaces::UpdateArgs),

    /// Delete an Astro Workspace
    #[command(
        visible_alias = "de",
        long_about = "Permanently delete a Workspace. The Workspace must have zero Deployments — delete or transfer all Deployments first. Deletion also removes all Workspace-scoped API tokens and revokes Workspace-level roles from Organization tokens that had access. This action cannot be undone. At a terminal, you are asked to confirm unless --force (or --yes) is given; in a script, it deletes without asking.",
        after_help = "Examples:\n  $ astro workspace delete <workspace-id>\n  $ astro workspace delete <workspace-id> --force"
    )]
    Delete(workspaces::DeleteArgs),

    /// Manage users in your Astro Workspace
    #[command(
        visible_aliases = ["us", "users"],
        long_about = "Manage users in your Astro Workspace."
    )]
    User(user::UserNamespace),

    /// Manage teams in your Astro Workspace
    #[command(
        visible_aliases = ["te", "teams"],
        long_about = "Manage teams in your Astro Workspace."
    )]
    Team(team::TeamNamespace),

    /// Manage tokens in your Astro Workspace
    #[command(
        visible_alias = "to",
        long_about = "Manage tokens in your Astro Workspace."
    )]
    Token(token::TokenNamespace),
}

pub async fn run(ns: AstroWorkspaceNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        AstroWorkspaceCommand::List(args) => workspaces::list(&args, cx).await,
        AstroWorkspaceCommand::Switch(args) => workspaces::switch(&args, cx).await,
        AstroWorkspaceCommand::Create(args) => workspaces::create(&args, cx).await,
        AstroWorkspaceCommand::Update(args) => workspaces::update(&args, cx).await,
        AstroWorkspaceCommand::Delete(args) => workspaces::delete(&args, cx).await,
        AstroWorkspaceCommand::User(ns) => user::run(ns, cx).await,
        AstroWorkspaceCommand::Team(ns) => team::run(ns, cx).await,
        AstroWorkspaceCommand::Token(ns) => token::run(ns, cx).await,
    }
}

/// "CREATE DATE": the creation time in RFC 3339 to the second (`2024-01-02T03:04:05Z`), as
/// Go formats it; empty when the server sent none.
pub(crate) fn create_date(timestamp: Option<&str>) -> String {
    let Some(text) = timestamp else {
        return String::new();
    };
    if crate::time::parse_rfc3339(text).is_none() {
        return text.to_string();
    }
    let (seconds, rest) = text.split_at(19);
    let zone = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    format!("{seconds}{zone}")
}

/// The client and the workspace a command acts on: `--workspace-id` when given (a name or an
/// ID, through the one lookup of `workspace::lookup`), else the context's workspace. The list of
/// workspaces is fetched only when the flag is a name.
async fn client_and_workspace(
    cx: &mut Cx,
    workspace_flag: Option<&str>,
) -> Result<(AstroRest, String)> {
    let (api, session) = cx.astro().await?;
    let workspace = lookup::workspace_id(
        cx,
        workspace_flag,
        &session.workspace,
        api.list_workspaces(),
    )
    .await?;
    Ok((api, workspace))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Platform;

    fn parses(line: &str) -> bool {
        crate::cli::parse(Platform::Astro, line.split_whitespace().map(Into::into)).is_ok()
    }

    #[test]
    fn every_alias_and_flag_of_the_go_cli_parses() {
        for line in [
            "astro workspace list --json",
            "astro wo ls -o json",
            "astro wo ls --output table",
            "astro workspace switch",
            "astro wo sw ws-name",
            "astro workspace create --name n --description d --enforce-cicd ON",
            "astro wo cr -n n -d d -e OFF",
            "astro workspace update ID --name n --description d --enforce-cicd on",
            "astro wo up -n n -d d -e off",
            "astro workspace delete ID --force",
            "astro wo de -f",
            "astro workspace delete ID --yes",
            "astro workspace user add a@b.c --role WORKSPACE_OWNER --workspace-id ws",
            "astro wo us add -r WORKSPACE_MEMBER",
            "astro wo users ls --json --workspace-id ws",
            "astro wo us --workspace-id ws up a@b.c -r WORKSPACE_AUTHOR",
            "astro wo us rm a@b.c",
            "astro workspace team add ID -w ws -r WORKSPACE_MEMBER",
            "astro wo te ls -w ws -o json",
            "astro wo teams up ID --role WORKSPACE_OWNER --workspace-id ws",
            "astro wo te -w ws rm ID",
            "astro workspace token list --workspace-id ws --json",
            "astro wo to ls",
            "astro wo to cr -n n -c -d d -r WORKSPACE_MEMBER -e 30",
            "astro wo to create --expiration 0 --name n",
            "astro wo to up ID -t old -n new -d d -r WORKSPACE_OWNER",
            "astro wo to ro ID -t n -f -c",
            "astro wo to de ID -t n -f",
            "astro wo to add ID -n org -r WORKSPACE_MEMBER",
            "astro wo to organization-token add ID -n org -r WORKSPACE_MEMBER",
            "astro wo to --workspace-id ws organization-token update -n org -r WORKSPACE_MEMBER",
            "astro wo to organization-token remove ID --org-token-name org",
            "astro wo to organization-token list --workspace-id ws --json",
        ] {
            assert!(parses(line), "{line}");
        }
        for line in [
            "astro workspace switch a b",
            "astro workspace update a b",
            "astro workspace delete a b",
            "astro workspace list --json -o json",
            "astro workspace list -o template",
            "astro workspace token create --expiration 3651",
            "astro workspace token create --expiration abc",
            "astro workspace token create --expiration -1",
            "astro workspace token list --template x",
        ] {
            assert!(!parses(line), "{line}");
        }
    }

    #[test]
    fn create_date_drops_fractions_and_keeps_the_zone() {
        assert_eq!(
            create_date(Some("2024-03-04T05:06:07.123Z")),
            "2024-03-04T05:06:07Z"
        );
        assert_eq!(
            create_date(Some("2024-03-04T05:06:07Z")),
            "2024-03-04T05:06:07Z"
        );
        assert_eq!(
            create_date(Some("2024-03-04T05:06:07.5+02:00")),
            "2024-03-04T05:06:07+02:00"
        );
        assert_eq!(create_date(None), "");
    }
}
