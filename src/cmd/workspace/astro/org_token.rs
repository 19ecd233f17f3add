//! `astro workspace token organization-token …` (Astro).

use clap::{Args, Subcommand};

use super::roles::role_from_flag_or_text;
use super::token::{
    Flavour, ListArgs, TokenLookup, find_workspace_token, remove_workspace_role, render_tokens,
};
use crate::api::astro::tokens::{ApiToken, TokenApi};
use crate::cmd::Cx;
use crate::error::{Error, Result};
use crate::output;

/// The error when a token menu is needed and stdin has no answer.
const NO_INPUT: &str =
    "no token selected and no input to choose one: pass ORG_TOKEN_ID or --org-token-name";

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct OrgTokenNamespace {
    #[command(subcommand)]
    pub command: OrgTokenCommand,
}

#[derive(Debug, Subcommand)]
pub enum OrgTokenCommand {
    /// Add an Organization API token to a Workspace
    #[command(
        long_about = "Add an Organization API token to a Workspace.",
        after_help = "Examples:\n  $ astro workspace token organization-token add --org-token-name deployer --role WORKSPACE_OPERATOR"
    )]
    Add(AddArgs),

    /// Update an Organization API token's Workspace Role
    #[command(
        long_about = "Update an Organization API token's Workspace Role.",
        after_help = "Examples:\n  $ astro workspace token organization-token update --org-token-name deployer --role WORKSPACE_AUTHOR"
    )]
    Update(UpdateArgs),

    /// Remove an Organization API token's Workspace Role
    #[command(
        long_about = "Remove an Organization API token's Workspace Role.",
        after_help = "Examples:\n  $ astro workspace token organization-token remove --org-token-name deployer"
    )]
    Remove(RemoveArgs),

    /// List all Organization API tokens in a workspace
    #[command(
        long_about = "List all Organization API tokens in a workspace.",
        after_help = "Examples:\n  $ astro workspace token organization-token list"
    )]
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// ID of the Organization API token to add; without it (and without --org-token-name) a menu
    /// lists the Organization's tokens
    #[arg(value_name = "ORG_TOKEN_ID")]
    pub org_token_id: Option<String>,

    /// The name of the Organization API token you want to add to a Workspace. If the name contains
    /// a space, specify the entire name within quotes ""
    #[arg(short = 'n', long)]
    pub org_token_name: Option<String>,

    /// The Workspace role to grant to the Organization API token. Possible values are
    /// WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR
    #[arg(short, long)]
    pub role: Option<String>,

    /// Further arguments, accepted and ignored as in Go (docs/compatibility.md#extra-arguments).
    #[arg(hide = true, value_name = "IGNORED")]
    pub ignored: Vec<String>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// ID of the Organization API token to update; without it (and without --org-token-name) a menu
    /// lists the Workspace's Organization tokens
    #[arg(value_name = "ORG_TOKEN_ID")]
    pub org_token_id: Option<String>,

    /// The name of the Organization API token you want to update in a Workspace. If the name
    /// contains a space, specify the entire name within quotes ""
    #[arg(short = 'n', long)]
    pub org_token_name: Option<String>,

    /// The Workspace role to update the Organization API token. Possible values are
    /// WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR
    #[arg(short, long)]
    pub role: Option<String>,

    /// Further arguments, accepted and ignored as in Go (docs/compatibility.md#extra-arguments).
    #[arg(hide = true, value_name = "IGNORED")]
    pub ignored: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// ID of the Organization API token to remove; without it (and without --org-token-name) a menu
    /// lists the Workspace's Organization tokens
    #[arg(value_name = "ORG_TOKEN_ID")]
    pub org_token_id: Option<String>,

    /// The name of the Organization API token you want to remove from a Workspace. If the name
    /// contains a space, specify the entire name within quotes ""
    #[arg(short = 'n', long)]
    pub org_token_name: Option<String>,

    /// Further arguments, accepted and ignored as in Go (docs/compatibility.md#extra-arguments).
    #[arg(hide = true, value_name = "IGNORED")]
    pub ignored: Vec<String>,
}

pub async fn run(ns: OrgTokenNamespace, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    match ns.command {
        OrgTokenCommand::Add(args) => add(&args, workspace_flag, cx).await,
        OrgTokenCommand::Update(args) => update(&args, workspace_flag, cx).await,
        OrgTokenCommand::Remove(args) => remove(&args, workspace_flag, cx).await,
        OrgTokenCommand::List(args) => list(&args, workspace_flag, cx).await,
    }
}

/// Gives `token` the role `role` in `workspace`, unless it has that role there already.
async fn grant(api: &impl TokenApi, token: &ApiToken, workspace: &str, role: &str) -> Result<()> {
    if token.workspace_role(workspace) == role {
        return Err(Error::msg(
            "this Organization API token has already been added to the Workspace with that role",
        ));
    }
    api.update_token_roles(&token.id, &token.roles_with(workspace, Some(role)))
        .await
}

/// `token add` and `organization-token add`: the Organization token named by `args` (or picked
/// from the Organization's tokens) gets `role` in `workspace`.
pub async fn add_to_workspace(
    api: &impl TokenApi,
    cx: &mut Cx,
    args: &AddArgs,
    workspace: &str,
    role: &str,
) -> Result<ApiToken> {
    let lookup = TokenLookup {
        workspace,
        id: args.org_token_id.as_deref(),
        name: args.org_token_name.as_deref(),
        flavour: Flavour::Organization,
        no_input: NO_INPUT,
        reload: true,
        ..TokenLookup::default()
    };
    let token = find_workspace_token(api, cx, &lookup).await?;
    grant(api, &token, workspace, role).await?;
    Ok(token)
}

// Go does not check the typed role on the client (docs/compatibility.md#org-token-role); it is
// checked here.
const ADD_ROLE_PROMPT: &str = "Enter a role for the API token. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR: ";
// Go's prompt calls it a "new Workspace API token" (docs/compatibility.md#prompt-texts).
const UPDATE_ROLE_PROMPT: &str = "Enter a new Workspace role for the Organization API token. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR: ";

pub async fn add(args: &AddArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = role_from_flag_or_text(cx, args.role.as_deref(), ADD_ROLE_PROMPT)?;
    let token = add_to_workspace(&api, cx, args, &workspace, &role).await?;
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully added/updated to the Workspace\n",
        output::safe(&token.name)
    ))
}

pub async fn update(args: &UpdateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = role_from_flag_or_text(cx, args.role.as_deref(), UPDATE_ROLE_PROMPT)?;
    let token = find_workspace_token(
        &api,
        cx,
        &TokenLookup {
            workspace: &workspace,
            id: args.org_token_id.as_deref(),
            name: args.org_token_name.as_deref(),
            scopes: Some(&["ORGANIZATION"]),
            verb: "update",
            no_input: NO_INPUT,
            reload: true,
            ..TokenLookup::default()
        },
    )
    .await?;
    grant(&api, &token, &workspace, &role).await?;
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully added/updated to the Workspace\n",
        output::safe(&token.name)
    ))
}

pub async fn remove(args: &RemoveArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let token = find_workspace_token(
        &api,
        cx,
        &TokenLookup {
            workspace: &workspace,
            id: args.org_token_id.as_deref(),
            name: args.org_token_name.as_deref(),
            scopes: Some(&["ORGANIZATION"]),
            verb: "remove",
            no_input: NO_INPUT,
            reload: true,
            ..TokenLookup::default()
        },
    )
    .await?;
    // No confirmation, as in Go (docs/compatibility.md#remove-without-confirmation): asking now
    // would stop every script
    // that runs this without a terminal.
    remove_workspace_role(&api, &token, &workspace).await?;
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully removed from the Workspace\n",
        output::safe(&token.name)
    ))
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    // --workspace-id is honoured (Go always used the context's:
    // docs/compatibility.md#workspace-id).
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let mut tokens = api.list_workspace_tokens(&workspace).await?;
    tokens.retain(|t| t.scope == "ORGANIZATION");
    let tokens = args.keep_expiring(tokens, cx.now_unix);
    let text = render_tokens(
        &tokens,
        &workspace,
        args.output.format(),
        cx.now_unix,
        cx.io.out_screen,
    )?;
    cx.io.print(&text)
}
