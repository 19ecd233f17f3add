//! `astro workspace token organization-token …` (Astro).

use clap::{Args, Subcommand};

use super::roles::role_from_flag_or_text;
// `organization-token list` is `token list` kept to Organization tokens: the same flags and
// table.
use super::token::lookup::{self, ArgNames, ByName, Menu, Named, Takes, Wants};
use super::token::table::ListArgs;
use crate::api::astro::AstroRest;
use crate::api::astro::tokens::ApiToken;
use crate::cmd::Cx;
use crate::cmd::workspace::args::{
    ForceFlag, IgnoredArgs, astro_role_help, astro_role_values, org_token_id_values,
    org_token_name_values,
};
use crate::error::{Error, Result};
use crate::output::{self, Io};

/// The names of these commands' arguments, for the errors that say what to pass.
const ARGS: ArgNames = ArgNames {
    id: "ORG_TOKEN_ID",
    name: "--org-token-name",
};

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

    #[arg(
        short,
        long,
        help = astro_role_help!("The Workspace role to grant to the Organization API token."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: Option<String>,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// ID of the Organization API token to update; without it (and without --org-token-name) a menu
    /// lists the Workspace's Organization tokens
    #[arg(value_name = "ORG_TOKEN_ID", add = org_token_id_values())]
    pub org_token_id: Option<String>,

    /// The name of the Organization API token you want to update in a Workspace. If the name
    /// contains a space, specify the entire name within quotes ""
    #[arg(short = 'n', long, add = org_token_name_values())]
    pub org_token_name: Option<String>,

    #[arg(
        short,
        long,
        help = astro_role_help!("The Workspace role to update the Organization API token."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: Option<String>,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// ID of the Organization API token to remove; without it (and without --org-token-name) a menu
    /// lists the Workspace's Organization tokens
    #[arg(value_name = "ORG_TOKEN_ID", add = org_token_id_values())]
    pub org_token_id: Option<String>,

    /// The name of the Organization API token you want to remove from a Workspace. If the name
    /// contains a space, specify the entire name within quotes ""
    #[arg(short = 'n', long, add = org_token_name_values())]
    pub org_token_name: Option<String>,

    #[command(flatten)]
    pub force: ForceFlag,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

pub async fn run(ns: OrgTokenNamespace, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    match ns.command {
        OrgTokenCommand::Add(args) => add(&args, workspace_flag, cx).await,
        OrgTokenCommand::Update(args) => update(&args, workspace_flag, cx).await,
        OrgTokenCommand::Remove(args) => remove(&args, workspace_flag, cx).await,
        OrgTokenCommand::List(args) => list(&args, workspace_flag, cx).await,
    }
}

/// Where an `organization-token` command looks for a token named by its name or picked from a
/// menu.
#[derive(Debug, Clone, Copy)]
enum Among {
    /// The Organization's tokens (`add`, and `token add`).
    Organization,
    /// The Organization tokens with a role in the workspace (`update`, `remove`), for the
    /// command with this verb.
    Workspace(&'static str),
}

/// The Organization token an `organization-token` command acts on: by ID (one GET), else by
/// name or from a menu of its list, then loaded again by ID, since the full role list that
/// these commands rewrite must come from the token itself. An ID and a name that disagree are
/// not checked, as in Go: the ID wins.
async fn find(
    api: &AstroRest,
    cx: &mut Cx,
    workspace: &str,
    named: Named<'_>,
    among: Among,
) -> Result<ApiToken> {
    let takes = Takes::Organization;
    if let Some(id) = named.id() {
        let token = lookup::by_id(api, id, workspace).await?;
        takes.check(&token)?;
        return Ok(token);
    }
    let picked = match among {
        Among::Organization => in_organization_list(api, cx, named.name()).await?,
        Among::Workspace(verb) => {
            let wants = Wants {
                takes,
                verb,
                args: ARGS,
            };
            lookup::in_workspace_list(api, cx, workspace, named.name(), wants).await?
        }
    };
    lookup::reload(api, &picked, takes).await
}

/// The Organization token picked from the Organization's list: the one with the exact name,
/// else from a menu (of the namesakes, or of every Organization token).
async fn in_organization_list(
    api: &AstroRest,
    cx: &mut Cx,
    name: Option<&str>,
) -> Result<ApiToken> {
    let (tokens, others) = Takes::Organization.split(api.list_organization_tokens().await?);
    match name {
        Some(name) => match lookup::by_name(tokens, name) {
            ByName::One(token) => Ok(*token),
            ByName::Several(tokens) => {
                let menu = organization_menu(&cx.io, &tokens);
                lookup::among_namesakes(cx, tokens, name, &menu, ARGS.id)
            }
            // `add` has no verb for the hint about a token of another kind; the list asks the
            // server for Organization tokens only, so another kind is the server's surprise.
            ByName::NoToken => Err(lookup::not_found(
                "organization token specified was not found",
                &others,
                name,
                "",
                "Run the Go CLI's astro organization token list to see the Organization's tokens",
            )),
        },
        None if tokens.is_empty() => Err(Error::msg(
            "no Organization API tokens in your organization",
        )),
        None => {
            let menu = organization_menu(&cx.io, &tokens);
            // "update" although the commands that get here add the token.
            let heading = "\nPlease select the Organization API token you would like to update:\n";
            lookup::from_menu(cx, tokens, heading, &menu, &ARGS.no_input())
        }
    }
}

/// The Organization's tokens as a menu: NAME, DESCRIPTION, ROLE (in the Organization), EXPIRES
/// (days).
fn organization_menu(io: &Io, tokens: &[ApiToken]) -> Menu {
    let rows: Vec<Vec<String>> = tokens
        .iter()
        .map(|token| {
            vec![
                token.name.clone(),
                token.description.clone(),
                token.organization_role().to_string(),
                token
                    .expiry_period_in_days
                    .map(|days| days.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Menu::new(
        io,
        &["NAME", "DESCRIPTION", "ROLE", "EXPIRES"],
        &rows,
        "invalid Organization API token selection",
    )
}

/// Gives `token` the role `role` in `workspace`, unless it has that role there already.
async fn grant(api: &AstroRest, token: &ApiToken, workspace: &str, role: &str) -> Result<()> {
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
    api: &AstroRest,
    cx: &mut Cx,
    args: &AddArgs,
    workspace: &str,
    role: &str,
) -> Result<ApiToken> {
    let named = Named::new(args.org_token_id.as_deref(), args.org_token_name.as_deref());
    let token = find(api, cx, workspace, named, Among::Organization).await?;
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
    let named = Named::new(args.org_token_id.as_deref(), args.org_token_name.as_deref());
    let token = find(&api, cx, &workspace, named, Among::Workspace("update")).await?;
    grant(&api, &token, &workspace, &role).await?;
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully added/updated to the Workspace\n",
        output::safe(&token.name)
    ))
}

pub async fn remove(args: &RemoveArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let named = Named::new(args.org_token_id.as_deref(), args.org_token_name.as_deref());
    let token = find(&api, cx, &workspace, named, Among::Workspace("remove")).await?;
    // Go removes without asking: the question is ours, asked only at a terminal
    // (docs/compatibility.md#remove-confirms).
    if !args.force.force {
        let question = format!(
            "\nAre you sure you want to remove the Organization API token {} from Workspace {}?",
            output::bold(&token.name, cx.io.err_color),
            crate::cmd::workspace::workspace_shown(cx, &workspace)
        );
        if !cx.confirm_beyond_go(&question, "Canceling API Token removal\n")? {
            return Ok(());
        }
    }
    remove_workspace_role(&api, &token, &workspace).await?;
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully removed from the Workspace\n",
        output::safe(&token.name)
    ))
}

/// Takes `token`'s role in `workspace` away. A token without one there has nothing to
/// remove: Go POSTed the unchanged role list anyway; that request is not sent, but the command
/// still succeeds as in Go, since failing would change what a working script sees
/// (docs/compatibility.md#org-token-remove).
pub async fn remove_workspace_role(
    api: &AstroRest,
    token: &ApiToken,
    workspace: &str,
) -> Result<()> {
    if token.workspace_role(workspace).is_empty() {
        return Ok(());
    }
    api.update_token_roles(&token.id, &token.roles_with(workspace, None))
        .await
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    // --workspace-id is honoured (Go always used the context's:
    // docs/compatibility.md#workspace-id).
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let mut tokens = api.list_workspace_tokens(&workspace).await?;
    tokens.retain(|t| t.scope == "ORGANIZATION");
    // What Tab offers after `organization-token update|remove`.
    let entries = tokens
        .iter()
        .map(|t| crate::config::cache::Entry {
            id: t.id.clone(),
            name: t.name.clone(),
        })
        .collect();
    cx.remember_for_completion(|config, domain| {
        crate::config::cache::CompletionCache::record_org_tokens(
            config, domain, &workspace, entries,
        )
    });
    let tokens = args.keep_expiring(tokens, cx.now_unix);
    let text = args.render(&tokens, &workspace, cx.now_unix, cx.io.out_screen)?;
    cx.io.print(&text)
}
