//! `astro workspace token …` (Astro): reference astro-go-cli.md §9.8, spec §5.

use clap::{Args, Subcommand};

use crate::api::astro::tokens::{ApiToken, TokenApi};
use crate::cmd::Cx;
use crate::cmd::workspace::resolve_workspace;
use crate::error::{Error, Result};
use crate::output;

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct TokenNamespace {
    /// workspace where you would like to manage tokens
    #[arg(long, global = true, value_name = "WORKSPACE_ID")]
    pub workspace_id: Option<String>,

    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Rotate a Workspace API token
    #[command(
        visible_alias = "ro",
        long_about = "Rotate a Workspace API token. You can only rotate Workspace API tokens. You cannot rotate Organization API tokens with this command"
    )]
    Rotate(RotateArgs),
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// ID of the token to rotate; without it (and without --name) a menu lists the Workspace's tokens
    #[arg(value_name = "TOKEN_ID")]
    pub token_id: Option<String>,

    /// The name of the token to be rotated. If the name contains a space, specify the entire name within quotes ""
    #[arg(short = 't', long)]
    pub name: Option<String>,

    /// Rotate the Workspace API token without showing a warning
    #[arg(short, long)]
    pub force: bool,

    /// Print only the token as output. For use of the command in scripts
    #[arg(short, long)]
    pub clean_output: bool,
}

pub async fn run(ns: TokenNamespace, cx: &mut Cx) -> Result<()> {
    let workspace_flag = ns.workspace_id.as_deref();
    match ns.command {
        TokenCommand::Rotate(args) => rotate(&args, workspace_flag, cx).await,
    }
}

pub async fn rotate(args: &RotateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, session) = cx.astro()?;
    let workspace = resolve_workspace(workspace_flag, &session.workspace)?;
    let token = find_workspace_token(
        &api,
        cx,
        &TokenLookup {
            workspace: &workspace,
            id: args.token_id.as_deref(),
            name: args.name.as_deref(),
            scopes: Some(&["WORKSPACE"]),
            verb: "rotate",
            no_input: "no token selected and no input to choose one: pass TOKEN_ID or --name",
        },
    )
    .await?;

    if !args.force {
        cx.io.note(
            "WARNING: API Token rotation will invalidate the current token and cannot be undone.\n",
        );
        let question = format!(
            "\nAre you sure you want to rotate the {} API token?",
            output::bold(&token.name, cx.io.err_color)
        );
        let confirmed = cx.prompt.confirm(
            &question,
            "rotation needs confirmation but there is no input: pass --force",
        )?;
        if !confirmed {
            cx.io.note("Canceling token rotation\n");
            return Ok(());
        }
    }

    let rotated = api.rotate_token(&token.id).await?;
    let value = rotated
        .token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::Api("the server returned no token value".into()))?;
    if args.clean_output {
        cx.io.print(&format!("{value}\n"))
    } else {
        // The Go CLI names the `--name` flag here, so a token chosen by ID or from the menu
        // printed an empty name (defect §12 #1); this names the token actually rotated.
        cx.io.print(&format!(
            "\nAstro Workspace API token {} was successfully rotated\nCopy and paste this API token for your records.\n\n{value}\n\nYou will not be shown this API token value again.\n",
            token.name
        ))
    }
}

/// How a command identifies the Workspace token it acts on (reference §9.8.0).
pub struct TokenLookup<'a> {
    pub workspace: &'a str,
    /// Positional TOKEN_ID: wins over the name.
    pub id: Option<&'a str>,
    pub name: Option<&'a str>,
    /// Scopes the command accepts; `None` for any.
    pub scopes: Option<&'a [&'a str]>,
    /// What the command does to the token, for the menu heading ("rotate", "delete", …).
    pub verb: &'a str,
    /// The error when a menu is needed and stdin has no answer.
    pub no_input: &'a str,
}

/// Finds the token by ID (one GET), by exact name, or from a menu of the Workspace's tokens.
/// A token found in the list is returned as listed, without a second request (spec §5): the
/// list entry holds its ID, name, scope and roles.
pub async fn find_workspace_token(
    api: &impl TokenApi,
    cx: &mut Cx,
    lookup: &TokenLookup<'_>,
) -> Result<ApiToken> {
    let allowed = |token: &ApiToken| {
        lookup
            .scopes
            .is_none_or(|scopes| scopes.contains(&token.scope.as_str()))
    };

    if let Some(id) = lookup.id.filter(|id| !id.is_empty()) {
        // Token IDs are lower-cased, as the Go CLI does.
        let token = api.get_token(&id.to_lowercase()).await?;
        if !allowed(&token) {
            return Err(not_that_kind());
        }
        return Ok(token);
    }

    let mut candidates: Vec<ApiToken> = api
        .list_workspace_tokens(lookup.workspace)
        .await?
        .into_iter()
        .filter(|t| allowed(t))
        .collect();

    let heading = match lookup.name.filter(|n| !n.is_empty()) {
        Some(name) => {
            candidates.retain(|t| t.name == name);
            match candidates.len() {
                0 => {
                    return Err(Error::msg(
                        "no Workspace API token was found for the API token name you provided",
                    ));
                }
                1 => return Ok(candidates.remove(0)),
                _ => format!(
                    "\nThere are more than one API tokens with name {name}. Please select an API token:\n"
                ),
            }
        }
        None if candidates.is_empty() => {
            return Err(Error::msg(format!(
                "no Workspace API tokens in workspace {}",
                lookup.workspace
            )));
        }
        // The Go heading always says "…you would like to add to the Deployment:" (defect §12 #3).
        None => format!(
            "\nPlease select the Workspace API token you would like to {}:\n",
            lookup.verb
        ),
    };

    let rows: Vec<Vec<String>> = candidates
        .iter()
        .map(|t| token_row(t, lookup.workspace, cx.now_unix))
        .collect();
    let menu = output::menu(
        &[
            "ID",
            "NAME",
            "DESCRIPTION",
            "SCOPE",
            "WORKSPACE ROLE",
            "CREATED",
            "CREATED BY",
        ],
        &rows,
    );
    cx.io.note(&heading);
    let choice = cx.prompt.choose(
        &menu,
        candidates.len(),
        "invalid Workspace API token selection",
        lookup.no_input,
    )?;
    Ok(candidates.swap_remove(choice))
}

/// ID, NAME, DESCRIPTION, SCOPE, WORKSPACE ROLE, CREATED, CREATED BY.
pub fn token_row(token: &ApiToken, workspace: &str, now_unix: i64) -> Vec<String> {
    vec![
        token.id.clone(),
        token.name.clone(),
        token.description.clone(),
        token.scope.clone(),
        token.workspace_role(workspace).to_string(),
        output::time_ago(token.created_at.as_deref(), now_unix),
        token.created_by_name().to_string(),
    ]
}

fn not_that_kind() -> Error {
    Error::msg("the token selected is not of the type you are trying to modify")
}
