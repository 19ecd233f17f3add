//! `astro workspace token …` (Astro); rotate is the command CI runs:
//! docs/compatibility.md#rotate-requests.

pub mod lookup;
pub mod table;

use clap::{Args, Subcommand};

use self::lookup::{For, Named};
use self::table::{ListArgs, TokenJson};
use super::org_token;
use super::roles::{check_role, role_from_flag_or_menu};
use crate::api::astro::tokens::{ApiToken, NewToken, TokenChanges};
use crate::cmd::Cx;
use crate::cmd::workspace::args::{
    IgnoredArgs, WorkspaceIdFlag, WorkspaceIdHelp, astro_role_help, astro_role_values,
    token_id_values, token_name_values,
};
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format};

/// What `--workspace-id` says on `astro workspace token`.
#[derive(Debug)]
pub struct TokenWorkspaceId;

impl WorkspaceIdHelp for TokenWorkspaceId {
    const HELP: &'static str = "Workspace where you would like to manage tokens";
    const VALUE_NAME: &'static str = "WORKSPACE_NAME_OR_ID";
}

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct TokenNamespace {
    #[command(flatten)]
    pub workspace_id: WorkspaceIdFlag<TokenWorkspaceId>,

    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// List all the API tokens in an Astro Workspace
    #[command(
        visible_alias = "ls",
        long_about = "List all API tokens with a role in a Workspace, including both Workspace-scoped tokens and Organization-scoped tokens that have been granted a Workspace role.",
        after_help = "Examples:\n  $ astro workspace token list\n  $ astro workspace token list --workspace-id <workspace-id> --json"
    )]
    List(ListArgs),

    /// Create an API token in an Astro Workspace
    #[command(
        visible_alias = "cr",
        long_about = "Create an API token in an Astro Workspace. Without --name or --role, you are asked for them.",
        after_help = "Examples:\n  $ astro workspace token create --name ci --role WORKSPACE_OPERATOR\n  $ TOKEN=$(astro workspace token create --name ci --role WORKSPACE_OPERATOR --clean-output)"
    )]
    Create(CreateArgs),

    /// Update a Workspace API token
    // Go's help offers Organization tokens too, which its lookup refuses
    // (docs/compatibility.md#prompt-texts).
    #[command(
        visible_alias = "up",
        long_about = "Update the name, description or Workspace role of a Workspace API token.",
        after_help = "Examples:\n  $ astro workspace token update --name ci --new-name ci-prod\n  $ astro workspace token update <token-id> --role WORKSPACE_AUTHOR"
    )]
    Update(UpdateArgs),

    /// Rotate a Workspace API token
    #[command(
        visible_alias = "ro",
        long_about = "Rotate a Workspace API token. You can only rotate Workspace API tokens. You cannot rotate Organization API tokens with this command.",
        after_help = "Examples:\n  $ astro workspace token rotate --name ci\n  # In CI: no prompt, and nothing but the new token on stdout\n  $ TOKEN=$(astro workspace token rotate --name ci --force --clean-output)"
    )]
    Rotate(RotateArgs),

    /// Delete a Workspace API token or remove an Organization API token from a Workspace
    #[command(
        visible_alias = "de",
        long_about = "Delete a Workspace API token or remove an Organization token's Workspace role. Deleting a Workspace token revokes it permanently. Removing an Organization token only revokes its Workspace role — the token continues to work at other scopes.",
        after_help = "Examples:\n  $ astro workspace token delete --name ci\n  $ astro workspace token delete <token-id> --force"
    )]
    Delete(DeleteArgs),

    /// Add an Organization API token to an Astro Workspace
    #[command(
        long_about = "Add an Organization API token to an Astro Workspace.",
        after_help = "Examples:\n  $ astro workspace token add --org-token-name deployer --role WORKSPACE_OPERATOR"
    )]
    // The same flags as `organization-token add`.
    Add(org_token::AddArgs),

    /// Manage organization tokens in a workspace
    #[command(long_about = "Manage organization tokens in a workspace")]
    OrganizationToken(org_token::OrgTokenNamespace),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The token's name. If the name contains a space, specify the entire name within quotes ""
    #[arg(short, long)]
    pub name: Option<String>,

    /// Print only the token as output. For use of the command in scripts
    #[arg(short, long, conflicts_with_all = ["output", "json"])]
    pub clean_output: bool,

    /// Description of the token. If the description contains a space, specify the entire
    /// description within quotes ""
    #[arg(short, long)]
    pub description: Option<String>,

    #[arg(
        short,
        long,
        help = astro_role_help!("The role for the token."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: Option<String>,

    /// Expiration of the token in days. If the flag isn't used the token won't have an expiration.
    /// Must be between 1 and 3650 days.
    #[arg(short, long, value_name = "DAYS", value_parser = parse_expiration, allow_hyphen_values = true)]
    pub expiration: Option<i64>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// ID of the token to update; without it (and without --name) a menu lists the Workspace's
    /// tokens
    #[arg(value_name = "TOKEN_ID", add = token_id_values())]
    pub token_id: Option<String>,

    /// The current name of the token. If the name contains a space, specify the entire name within
    /// quotes ""
    #[arg(short = 't', long, add = token_name_values())]
    pub name: Option<String>,

    /// The token's new name. If the name contains a space, specify the entire name within quotes ""
    #[arg(short = 'n', long)]
    pub new_name: Option<String>,

    /// Updated description of the token. If the description contains a space, specify the entire
    /// description in quotes ""
    #[arg(short, long)]
    pub description: Option<String>,

    #[arg(
        short,
        long,
        help = astro_role_help!("The new role for the token."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: Option<String>,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// ID of the token to rotate; without it (and without --name) a menu lists the Workspace's
    /// tokens
    #[arg(value_name = "TOKEN_ID", add = token_id_values())]
    pub token_id: Option<String>,

    /// The name of the token to be rotated. If the name contains a space, specify the entire name
    /// within quotes ""
    #[arg(short = 't', long, add = token_name_values())]
    pub name: Option<String>,

    /// Rotate the Workspace API token without showing a warning
    // `--yes` is the same flag, as on every command that asks (docs/compatibility.md#delete-confirms).
    #[arg(short, long, visible_alias = "yes")]
    pub force: bool,

    /// Print only the token as output. For use of the command in scripts
    #[arg(short, long, conflicts_with_all = ["output", "json"])]
    pub clean_output: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// ID of the token to delete; without it (and without --name) a menu lists the Workspace's
    /// tokens
    #[arg(value_name = "TOKEN_ID", add = token_id_values())]
    pub token_id: Option<String>,

    /// The name of the token to be deleted. If the name contains a space, specify the entire name
    /// within quotes ""
    #[arg(short = 't', long, add = token_name_values())]
    pub name: Option<String>,

    /// Delete or remove the API token without showing a warning
    // `--yes` is the same flag, as on every command that asks (docs/compatibility.md#delete-confirms).
    #[arg(short, long, visible_alias = "yes")]
    pub force: bool,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

/// `--expiration`: 1 to 3650 days, checked before anything is sent (Go passed any number on:
/// docs/compatibility.md#token-expiration). 0, Go's "unset", still means no expiration.
fn parse_expiration(value: &str) -> std::result::Result<i64, String> {
    let days: i64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a whole number of days"))?;
    if days == 0 || (1..=3650).contains(&days) {
        Ok(days)
    } else {
        Err("must be between 1 and 3650 days".to_string())
    }
}

pub async fn run(ns: TokenNamespace, cx: &mut Cx) -> Result<()> {
    let workspace_flag = ns.workspace_id.get();
    match ns.command {
        TokenCommand::List(args) => list(&args, workspace_flag, cx).await,
        TokenCommand::Create(args) => create(&args, workspace_flag, cx).await,
        TokenCommand::Update(args) => update(&args, workspace_flag, cx).await,
        TokenCommand::Rotate(args) => rotate(&args, workspace_flag, cx).await,
        TokenCommand::Delete(args) => delete(&args, workspace_flag, cx).await,
        TokenCommand::Add(args) => add(&args, workspace_flag, cx).await,
        TokenCommand::OrganizationToken(ns) => org_token::run(ns, workspace_flag, cx).await,
    }
}

/// A created or rotated token as JSON: the listed fields and its value.
fn token_with_value(token: &ApiToken, workspace: &str, value: &str) -> Result<String> {
    output::json(&TokenJson {
        token: Some(value),
        ..TokenJson::new(token, workspace)
    })
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let tokens = api.list_workspace_tokens(&workspace).await?;
    // Tab after `token rotate|update|delete` offers Workspace tokens only: those are the
    // tokens `rotate` and `update` take (docs/compatibility.md#token-other-kind).
    let entries = tokens
        .iter()
        .filter(|t| t.scope == "WORKSPACE")
        .map(|t| crate::config::cache::Entry {
            id: t.id.clone(),
            name: t.name.clone(),
        })
        .collect();
    cx.remember_for_completion(|config, domain| {
        crate::config::cache::CompletionCache::record_tokens(config, domain, &workspace, entries)
    });
    let tokens = args.keep_expiring(tokens, cx.now_unix);
    let text = args.render(&tokens, &workspace, cx.now_unix, cx.io.out_screen)?;
    cx.io.print(&text)
}

pub async fn create(args: &CreateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let name = match args.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => name.to_string(),
        // At a terminal an empty name is asked for again before the role menu; a piped
        // empty name still gets Go's error after it.
        None => cx.prompt.text_required(
            "Enter a name for the new Workspace API token: ",
            "no token name given and no input to read one from: pass --name",
        )?,
    };
    // Go's heading starts with a lower-case "select" (docs/compatibility.md#prompt-texts).
    let role = role_from_flag_or_menu(
        cx,
        args.role.as_deref(),
        Some("Select a Workspace Role for the new API token:\n"),
    )?;
    if name.is_empty() {
        return Err(Error::msg(
            "no name provided for the workspace token. Retry with a valid name",
        ));
    }
    let created = api
        .create_token(&NewToken {
            description: args.description.as_deref().unwrap_or_default(),
            entity_id: &workspace,
            name: &name,
            role: &role,
            scope: "WORKSPACE",
            token_expiry_period_in_days: args.expiration.filter(|days| *days != 0),
        })
        .await?;
    let changed = Changed {
        verb: "created",
        name: &name,
        id: &created.id,
        workspace: &workspace,
    };
    let Some(value) = created.token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(changed.not_shown("the server's reply had no token value"));
    };
    let text = if args.clean_output {
        format!("{value}\n")
    } else if args.output.format() == Format::Json {
        token_with_value(&created, &workspace, value)?
    } else {
        format!(
            "\nAstro Workspace API token {name} was successfully created\nCopy and paste this API token for your records.\n\n{value}\n\nYou will not be shown this API token value again.\n",
            value = output::safe(value)
        )
    };
    changed.print(cx, &text)
}

/// A token that was just created or rotated, for the errors when its new value does not reach
/// the user: what happened on the server, and the command that gets a value that works
/// (docs/reliability.md#secrets-reach-you).
struct Changed<'a> {
    /// "created" or "rotated".
    verb: &'a str,
    name: &'a str,
    /// Empty when the reply to a create named no ID.
    id: &'a str,
    workspace: &'a str,
}

impl Changed<'_> {
    /// Writes the new value; a stream that fails (closed, its reader gone, a full disk) is a
    /// loud error, never a quiet one.
    fn print(&self, cx: &mut Cx, text: &str) -> Result<()> {
        cx.io
            .print_secret(text)
            .map_err(|e| self.not_shown(&format!("it could not be written to stdout: {e}")))
    }

    fn not_shown(&self, why: &str) -> Error {
        let name = output::safe(self.name);
        let workspace = output::safe(self.workspace);
        let (token, again) = if self.id.is_empty() {
            (
                format!("the token {name}"),
                format!(
                    "astro workspace token rotate --name {} --workspace-id {workspace}",
                    shell_word(&name)
                ),
            )
        } else {
            let id = output::safe(self.id);
            (
                format!("the token {name} ({id})"),
                format!("astro workspace token rotate {id} --workspace-id {workspace}"),
            )
        };
        let recover = if self.verb == "rotated" {
            "the old value no longer works, rotate again"
        } else {
            "its value cannot be shown again, rotate it to get a new one"
        };
        Error::MadeButNotShown(format!(
            "{token} was {}, but {why}; {recover}: {again}",
            self.verb
        ))
    }
}

/// `word` as one shell word: as it is when plain, else in single quotes.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@/:+=,".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

pub async fn update(args: &UpdateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let named = Named::new(args.token_id.as_deref(), args.name.as_deref());
    let token = lookup::find(&api, cx, &workspace, named, For::Update).await?;
    // Everything is checked before anything is sent: Go renamed first and then failed on a
    // bad or unchanged role (docs/compatibility.md#token-update-atomic).
    let new_role = match args.role.as_deref().filter(|r| !r.is_empty()) {
        Some(role) => {
            check_role(role)?;
            if role == token.workspace_role(&workspace) {
                // Go's text, "Deployment" and all: Go's error texts are kept word for word
                // (docs/compatibility.md#error-texts).
                return Err(Error::msg(
                    "this Workspace API token has already been added to the Deployment with that role",
                ));
            }
            Some(role)
        }
        None => None,
    };
    let name = given(args.new_name.as_deref()).unwrap_or(&token.name);
    let description = given(args.description.as_deref()).unwrap_or(&token.description);
    api.update_token(&token.id, &TokenChanges { description, name })
        .await?;
    // The role list is rewritten only for a new role (Go re-sent it every time:
    // docs/compatibility.md#token-update-atomic).
    if let Some(role) = new_role {
        api.update_token_roles(&token.id, &token.roles_with(&workspace, Some(role)))
            .await?;
    }
    // The name from before the update, as Go prints it: the new name would change the line a
    // working script reads, so Go's line is kept (docs/compatibility.md#kept-success-lines).
    cx.io.print(&format!(
        "Astro Workspace API token {} was successfully updated\n",
        output::safe(&token.name)
    ))
}

pub async fn delete(args: &DeleteArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let named = Named::new(args.token_id.as_deref(), args.name.as_deref());
    let token = lookup::find(&api, cx, &workspace, named, For::Delete).await?;
    let bold_name = output::bold(&token.name, cx.io.err_color);

    if token.scope == "WORKSPACE" {
        if !args.force {
            cx.io
                .note("WARNING: API token deletion cannot be undone.\n");
            if !cx.confirm_or_cancel(
                &format!("\nAre you sure you want to delete the {bold_name} API token?"),
                "deletion needs confirmation but there is no input: pass --force",
                "Canceling API Token deletion\n",
            )? {
                return Ok(());
            }
        }
        api.delete_token(&token.id).await?;
        return cx.io.print(&format!(
            "Astro Workspace API token {} was successfully deleted\n",
            output::safe(&token.name)
        ));
    }

    // An Organization (or Deployment) token: only its role in this workspace goes.
    if !args.force
        && !cx.confirm_or_cancel(
            &format!(
                "\nAre you sure you want to remove the {bold_name} API token from the Workspace?"
            ),
            "removal needs confirmation but there is no input: pass --force",
            "Canceling API Token removal\n",
        )?
    {
        return Ok(());
    }
    org_token::remove_workspace_role(&api, &token, &workspace).await?;
    // "Organization" for a Deployment token too, as in Go: another word would change the line a
    // working script reads (docs/compatibility.md#kept-success-lines).
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully removed from the Workspace\n",
        output::safe(&token.name)
    ))
}

/// A flag's value unless it is missing or empty.
fn given(flag: Option<&str>) -> Option<&str> {
    flag.filter(|v| !v.is_empty())
}

pub async fn add(
    args: &org_token::AddArgs,
    workspace_flag: Option<&str>,
    cx: &mut Cx,
) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = role_from_flag_or_menu(
        cx,
        args.role.as_deref(),
        Some("select a Workspace Role for the Organization Token:\n"),
    )?;
    let token = org_token::add_to_workspace(&api, cx, args, &workspace, &role).await?;
    cx.io.print(&format!(
        "Astro Organization API token {} was successfully added to the Workspace\n",
        output::safe(&token.name)
    ))
}

pub async fn rotate(args: &RotateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let named = Named::new(args.token_id.as_deref(), args.name.as_deref());
    let token = lookup::find(&api, cx, &workspace, named, For::Rotate).await?;
    if !args.force {
        cx.io.note(
            "WARNING: API Token rotation will invalidate the current token and cannot be undone.\n",
        );
        let question = format!(
            "\nAre you sure you want to rotate the {} API token?",
            output::bold(&token.name, cx.io.err_color)
        );
        if !cx.confirm_or_cancel(
            &question,
            "rotation needs confirmation but there is no input: pass --force",
            "Canceling token rotation\n",
        )? {
            return Ok(());
        }
    }

    let rotated = api.rotate_token(&token.id).await?;
    let changed = Changed {
        verb: "rotated",
        name: &token.name,
        id: &token.id,
        workspace: &workspace,
    };
    let Some(value) = rotated.token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(changed.not_shown("the server's reply had no token value"));
    };
    let text = if args.clean_output {
        format!("{value}\n")
    } else if args.output.format() == Format::Json {
        // The rotate answer is the token itself; an answer without its ID falls back to what
        // the lookup found, so the document still says which token changed.
        let described = if rotated.id.is_empty() {
            &token
        } else {
            &rotated
        };
        token_with_value(described, &workspace, value)?
    } else {
        // The Go CLI names the `--name` flag here, so a token chosen by ID or from the menu
        // printed an empty name; this names the token actually rotated
        // (docs/compatibility.md#rotate-names-token).
        format!(
            "\nAstro Workspace API token {} was successfully rotated\nCopy and paste this API token for your records.\n\n{value}\n\nYou will not be shown this API token value again.\n",
            output::safe(&token.name),
            value = output::safe(value)
        )
    };
    changed.print(cx, &text)
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn a_token_name_is_quoted_for_the_shell_only_when_it_needs_it() {
        assert_eq!(shell_word("ci-runner_1.0"), "ci-runner_1.0");
        assert_eq!(shell_word("deploy bot"), "'deploy bot'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("$(rm -rf ~)"), "'$(rm -rf ~)'");
        assert_eq!(shell_word(""), "''");
    }
}
