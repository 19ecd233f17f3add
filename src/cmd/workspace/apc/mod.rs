//! `astro workspace …` on an Astro Private Cloud context.

pub mod service_account;
pub mod switch;
pub mod team;
pub mod user;
pub mod workspace;

use clap::{Args, Subcommand};

use crate::api::houston::Houston;
use crate::cmd::Cx;
use crate::cmd::workspace::lookup;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct ApcWorkspaceNamespace {
    #[command(subcommand)]
    pub command: ApcWorkspaceCommand,
}

#[derive(Debug, Subcommand)]
pub enum ApcWorkspaceCommand {
    /// List APC Workspaces
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  $ astro workspace list\n  $ astro workspace list --json"
    )]
    List(workspace::ListArgs),
    /// Create an APC Workspace
    #[command(
        visible_alias = "cr",
        after_help = "Examples:\n  $ astro workspace create --label my-workspace --description \"My new workspace\""
    )]
    Create(workspace::CreateArgs),
    /// Delete an APC Workspace
    #[command(
        visible_alias = "de",
        long_about = "Delete an APC Workspace. Without a workspace ID, you are asked to pick one from a list. At a terminal, the deletion is confirmed first unless --force (or --yes) is given; in a script, it deletes without asking.",
        after_help = "Examples:\n  $ astro workspace delete <workspace-id>"
    )]
    Delete(workspace::DeleteArgs),
    /// Switch to a different APC Workspace
    #[command(
        visible_alias = "sw",
        // The Go text promises "the previously used workspace" without an ID, but a picker is
        // shown (docs/compatibility.md#prompt-texts).
        long_about = "Switch to a different APC Workspace. If you do not provide the workspace ID, you are asked to pick one from a list.",
        after_help = "Examples:\n  $ astro workspace switch\n  $ astro workspace switch <workspace-id>"
    )]
    Switch(switch::SwitchArgs),
    /// Update an APC Workspace
    #[command(
        visible_alias = "up",
        // The Go text mentions users and roles, which this command cannot change
        // (docs/compatibility.md#prompt-texts).
        long_about = "Update a Workspace's label or description. Without a workspace ID, you are asked to pick one from a list.",
        after_help = "Examples:\n  $ astro workspace update cl0wftysg00137a93je05hngx --label=my-new-label --description=\"my new description\""
    )]
    Update(workspace::UpdateArgs),
    /// Manage Workspace User resources
    #[command(
        visible_aliases = ["us", "users"],
        long_about = "Users can be added or removed from Workspaces"
    )]
    User(user::UserNamespace),
    /// Manage APC workspace service accounts
    #[command(
        visible_alias = "sa",
        long_about = "Service accounts represent revocable tokens with access to the APC platform"
    )]
    ServiceAccount(service_account::ServiceAccountNamespace),
    /// Manage Workspace Team resources
    #[command(
        visible_aliases = ["te", "teams"],
        // The Go text says "deployment" (docs/compatibility.md#prompt-texts).
        long_about = "A Team is a group of users imported from your Identity Provider, teams can be added to and removed from a workspace to manage group user access"
    )]
    Team(team::TeamNamespace),
}

pub async fn run(ns: ApcWorkspaceNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        ApcWorkspaceCommand::List(args) => workspace::list(&args, cx).await,
        ApcWorkspaceCommand::Create(args) => workspace::create(&args, cx).await,
        ApcWorkspaceCommand::Delete(args) => workspace::delete(&args, cx).await,
        ApcWorkspaceCommand::Switch(args) => switch::switch(args, cx).await,
        ApcWorkspaceCommand::Update(args) => workspace::update(&args, cx).await,
        ApcWorkspaceCommand::User(ns) => user::run(ns, cx).await,
        ApcWorkspaceCommand::ServiceAccount(ns) => service_account::run(ns, cx).await,
        ApcWorkspaceCommand::Team(ns) => team::run(ns, cx).await,
    }
}

const ROLES: [&str; 3] = ["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER"];

/// Go's error for a role it does not take (docs/compatibility.md#apc-roles).
const GO_ROLE_ERROR: &str = "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER";

/// A Private Cloud workspace role, matched case-insensitively, by its full or short name
/// (`admin`), and returned in canonical form (the Go CLI matches the full names
/// case-sensitively: docs/compatibility.md#apc-roles, docs/compatibility.md#role-names).
pub fn workspace_role(role: &str) -> Result<&'static str> {
    let role = role.trim();
    ROLES
        .iter()
        .find(|r| {
            r.eq_ignore_ascii_case(role)
                || r.strip_prefix("WORKSPACE_")
                    .is_some_and(|short| short.eq_ignore_ascii_case(role))
        })
        .copied()
        .ok_or_else(|| Error::msg(GO_ROLE_ERROR))
}

/// The `--role` flags' value parser: a role Go does not take is a usage error, exit 2, in
/// clap's format, which names the value given, then Go's text and the short names
/// (docs/compatibility.md#errors-say-what-to-do).
pub fn role_flag(value: &str) -> std::result::Result<String, String> {
    workspace_role(value).map(str::to_string).map_err(|_| {
        format!("{GO_ROLE_ERROR} (any case, or the short name: admin, editor, viewer)")
    })
}

/// Page sizes above this are reduced to it, as in Go.
const MAX_PAGE_SIZE: i64 = 100;

/// The page size of a paginated listing: `--page-size` when above 0, else the `page_size`
/// setting, at most 100. The Go CLI also warns for sizes of 0 or less
/// (docs/compatibility.md#apc-switch-paging); here
/// those fall back to the setting, and only a reduction is reported.
pub fn page_size(flag: Option<i64>, setting: u32, cx: &mut Cx) -> u32 {
    let size = flag.filter(|n| *n > 0).unwrap_or(i64::from(setting));
    if size > MAX_PAGE_SIZE {
        cx.io
            .note("Page size cannot be more than 100, reducing the page size to 100\n");
        return MAX_PAGE_SIZE as u32;
    }
    size.max(1) as u32
}

/// Whether an error says the server's schema lacks an operation (an older Houston).
pub fn schema_lacks_it(error: &Error) -> bool {
    error.to_string().contains("Cannot query field")
}

/// The client and the workspace a command acts on: `--workspace-id` when given (a label or an
/// ID, through the one lookup of `workspace::lookup`), else the context's workspace. The list of
/// workspaces is fetched only when the flag is a label.
async fn client_and_workspace(
    cx: &mut Cx,
    workspace_flag: Option<&str>,
) -> Result<(Houston, String)> {
    let (api, context) = cx.houston()?;
    let workspace =
        lookup::workspace_id(cx, workspace_flag, &context.workspace, api.workspaces()).await?;
    Ok((api, workspace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_match_case_insensitively_and_come_out_canonical() {
        assert_eq!(
            workspace_role("workspace_admin").unwrap(),
            "WORKSPACE_ADMIN"
        );
        assert_eq!(
            workspace_role("WORKSPACE_VIEWER").unwrap(),
            "WORKSPACE_VIEWER"
        );
        assert_eq!(workspace_role("editor").unwrap(), "WORKSPACE_EDITOR");
        assert!(role_flag("ADMIN").is_ok());
        assert!(role_flag("owner").unwrap_err().starts_with(GO_ROLE_ERROR));
        assert_eq!(
            workspace_role("WORKSPACE_OWNER").unwrap_err().to_string(),
            "failed to find a valid role: please use one of: WORKSPACE_ADMIN, WORKSPACE_EDITOR, WORKSPACE_VIEWER"
        );
    }

    fn parses(line: &str) -> bool {
        crate::cli::parse(
            crate::config::Platform::Apc,
            line.split_whitespace().map(Into::into),
        )
        .is_ok()
    }

    #[test]
    fn every_command_alias_and_flag_parses() {
        for line in [
            "astro workspace list",
            "astro wo ls -o json",
            "astro workspace ls --json",
            "astro workspace create --label l --description d",
            "astro wo cr -l l -d d",
            "astro workspace delete",
            "astro wo de ID --force",
            "astro wo de ID -f",
            "astro wo de ID --yes",
            "astro workspace switch",
            "astro wo sw ID",
            "astro workspace switch -p -s 10",
            "astro workspace switch --paginated --page-size 10",
            "astro workspace switch --paginated=false",
            "astro workspace switch --paginated TRUE",
            "astro workspace switch --page-size=-1",
            "astro workspace update ID --label l",
            "astro wo up -l l -d d",
            "astro workspace user add --email e@x.io --role WORKSPACE_ADMIN",
            "astro wo us add e@x.io -r workspace_editor -w ws",
            "astro wo users -w ws add -e e@x.io",
            "astro workspace user update e@x.io --role WORKSPACE_ADMIN",
            "astro wo us up --email e@x.io -r WORKSPACE_ADMIN --workspace-id ws",
            "astro workspace user update e@x.io",
            "astro workspace user remove e@x.io",
            "astro wo us rm -e e@x.io",
            "astro workspace user list",
            "astro wo us ls -p -s 5 -o json -w ws",
            "astro workspace user list --paginated=true --page-size 5",
            "astro workspace team add TEAM",
            "astro workspace team add --team-id TEAM --role WORKSPACE_EDITOR --workspace-id ws",
            "astro wo te add TEAM -r workspace_admin -w ws",
            "astro wo teams --workspace-id ws add TEAM",
            "astro workspace team update TEAM --role WORKSPACE_ADMIN",
            "astro wo te up TEAM",
            "astro workspace team remove TEAM",
            "astro wo te rm TEAM -w ws",
            "astro workspace team list",
            "astro workspace team list WS --json",
            "astro wo te ls -w ws -o table",
            // Extra arguments are ignored where Go ignores them.
            "astro workspace list extra",
            "astro workspace user list extra",
            "astro workspace team list a b",
        ] {
            assert!(parses(line), "{line}");
        }
        for line in [
            "astro workspace create",
            "astro workspace switch a b",
            "astro workspace switch -s abc",
            "astro workspace delete a b",
            "astro workspace update a b -l x",
            "astro workspace user add",
            "astro workspace user add a@x.io --email b@x.io",
            "astro workspace user update",
            "astro workspace user remove",
            "astro workspace team add",
            "astro workspace team update",
            "astro workspace team remove",
            "astro workspace user list -o yaml",
        ] {
            assert!(!parses(line), "{line}");
        }
    }
}
