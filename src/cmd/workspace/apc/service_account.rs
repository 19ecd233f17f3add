//! `astro workspace service-account …` (Private Cloud), as the docs describe it:
//! docs/compatibility.md#sa-get.

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::api::houston::Houston;
use crate::api::houston::service_accounts::{NewServiceAccount, ServiceAccount};
use crate::cmd::Cx;
use crate::cmd::workspace::apc::workspace_role;
use crate::cmd::workspace::args::{
    ForceFlag, IgnoredArgs, LocalWorkspaceIdFlag, apc_role_help, apc_role_values,
    service_account_values,
};
use crate::error::{Error, Result};
use crate::output::{self, Format};

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct ServiceAccountNamespace {
    #[command(subcommand)]
    pub command: ServiceAccountCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServiceAccountCommand {
    /// Create a service account in the APC platform
    #[command(
        visible_alias = "cr",
        after_help = "Examples:\n  $ astro workspace service-account create --label deployer --role WORKSPACE_EDITOR\n  $ astro workspace service-account create --workspace-id=<workspace-id> --label=my_label --role=WORKSPACE_VIEWER"
    )]
    Create(CreateArgs),
    /// Show the service accounts of a workspace, or one of them
    #[command(
        visible_aliases = ["list", "ls"],
        after_help = "Examples:\n  $ astro workspace service-account get\n  $ astro workspace service-account get <service-account-id> -o json\n  $ astro workspace service-account get --workspace-id=<workspace-id>"
    )]
    Get(GetArgs),
    /// Delete a service account in the APC platform
    #[command(
        visible_alias = "de",
        after_help = "Examples:\n  $ astro workspace service-account delete\n  $ astro workspace sa delete cl0wh207g0496759fx0qof80q"
    )]
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub workspace: LocalWorkspaceIdFlag,

    /// Accepted for compatibility with older scripts; it has no effect
    #[arg(short = 'u', long, value_name = "USER_ID")]
    pub user_id: Option<String>,

    /// Category of the new service account
    #[arg(short, long, default_value = "default")]
    pub category: String,

    /// Label of the new service account
    #[arg(short, long, required = true, value_parser = NonEmptyStringValueParser::new())]
    pub label: String,

    #[arg(
        short,
        long,
        default_value = "WORKSPACE_VIEWER",
        help = apc_role_help!("Role (permissions) attached to the created service account"),
        add = apc_role_values(),
        value_parser = super::role_flag,
    )]
    pub role: String,

    #[command(flatten)]
    pub output: crate::output::OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Show only this service account
    #[arg(value_name = "SERVICE_ACCOUNT_ID", add = service_account_values())]
    pub service_account_id: Option<String>,

    #[command(flatten)]
    pub workspace: LocalWorkspaceIdFlag,

    #[command(flatten)]
    pub output: crate::output::OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The service account to delete; without it, a menu lists the workspace's service accounts
    #[arg(value_name = "SERVICE_ACCOUNT_ID", add = service_account_values())]
    pub service_account_id: Option<String>,

    #[command(flatten)]
    pub workspace: LocalWorkspaceIdFlag,

    #[command(flatten)]
    pub force: ForceFlag,
}

pub async fn run(ns: ServiceAccountNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        ServiceAccountCommand::Create(args) => create(&args, cx).await,
        ServiceAccountCommand::Get(args) => get(&args, cx).await,
        ServiceAccountCommand::Delete(args) => delete(&args, cx).await,
    }
}

const HEADERS: [&str; 4] = ["NAME", "CATEGORY", "ID", "APIKEY"];

fn row(sa: &ServiceAccount) -> Vec<String> {
    vec![
        sa.label().to_string(),
        sa.category().to_string(),
        sa.id().to_string(),
        sa.api_key().to_string(),
    ]
}

/// A service account in JSON (docs/json.md): the table's fields; the label is the name.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceAccountJson<'a> {
    name: &'a str,
    category: &'a str,
    id: &'a str,
    api_key: &'a str,
}

impl<'a> From<&'a ServiceAccount> for ServiceAccountJson<'a> {
    fn from(sa: &'a ServiceAccount) -> Self {
        ServiceAccountJson {
            name: sa.label(),
            category: sa.category(),
            id: sa.id(),
            api_key: sa.api_key(),
        }
    }
}

pub async fn create(args: &CreateArgs, cx: &mut Cx) -> Result<()> {
    let (api, workspace) =
        super::client_and_workspace(cx, args.workspace.workspace_id.as_deref()).await?;
    let role = workspace_role(&args.role)?;
    if args.user_id.is_some() {
        cx.io
            .note("Warning: --user-id has no effect: a service account is not linked to a user\n");
    }
    let created = api
        .create_workspace_service_account(&NewServiceAccount {
            workspace: &workspace,
            label: &args.label,
            category: &args.category,
            role,
        })
        .await?;
    // The account exists from here on: whatever goes wrong says so and how to see its API key,
    // since creating it again would make a second one (docs/reliability.md#secrets-reach-you).
    let label = output::safe(&args.label);
    let ws = output::safe(&workspace);
    // Missing is absent or null; an empty string is an answer, printed as it is
    // (docs/compatibility.md#null-replies).
    let Some(created) = created.filter(|sa| sa.id.is_some()) else {
        return Err(Error::MadeButNotShown(format!(
            "the server accepted the service account {label}, but its reply named no ID for it: run astro workspace service-account get --workspace-id {ws} to see it and its API key before creating it again"
        )));
    };
    let id = output::safe(created.id());
    let get = format!("astro workspace service-account get {id} --workspace-id {ws}");
    if created.api_key.is_none() {
        return Err(Error::MadeButNotShown(format!(
            "the service account {label} ({id}) was created, but the server's reply had no API key: {get} shows it"
        )));
    }
    let text = if args.output.format() == Format::Json {
        output::json(&ServiceAccountJson::from(&created))?
    } else {
        let mut text = output::table(&HEADERS, &[row(&created)]);
        text.push_str("\n Service account successfully created.\n");
        text
    };
    cx.io.print_secret(&text).map_err(|e| {
        Error::MadeButNotShown(format!(
            "the service account {label} ({id}) was created, but it could not be written to stdout: {e}; {get} shows its API key"
        ))
    })
}

pub async fn get(args: &GetArgs, cx: &mut Cx) -> Result<()> {
    let (api, workspace) =
        super::client_and_workspace(cx, args.workspace.workspace_id.as_deref()).await?;
    let mut accounts = api.workspace_service_accounts(&workspace).await?;
    // What Tab offers after `service-account get|delete`.
    let entries = accounts
        .iter()
        .map(|sa| crate::config::cache::Entry {
            id: sa.id().to_string(),
            name: sa.label().to_string(),
        })
        .collect();
    cx.remember_for_completion(|config, domain| {
        crate::config::cache::CompletionCache::record_service_accounts(
            config, domain, &workspace, entries,
        )
    });
    let format = args.output.format();
    if let Some(id) = args.service_account_id.as_deref() {
        accounts.retain(|sa| sa.id() == id);
        let Some(account) = accounts.first() else {
            return Err(no_such_account(id, &workspace));
        };
        if format == Format::Json {
            return cx
                .io
                .print(&output::json(&ServiceAccountJson::from(account))?);
        }
    }
    let text = output::render(
        cx.io.out_screen,
        format,
        &accounts,
        "serviceAccounts",
        &HEADERS,
        row,
        ServiceAccountJson::from,
    )?;
    cx.io.print(&text)
}

pub async fn delete(args: &DeleteArgs, cx: &mut Cx) -> Result<()> {
    let (api, workspace) =
        super::client_and_workspace(cx, args.workspace.workspace_id.as_deref()).await?;
    // Go deletes without asking: the question is ours, asked only at a terminal
    // (docs/compatibility.md#remove-confirms). Without it, an ID goes out as Go sends it, with
    // no request before the deletion.
    let ask = !args.force.force && cx.prompt.interactive();
    let (id, label) = match args
        .service_account_id
        .as_deref()
        .filter(|id| !id.is_empty())
    {
        Some(id) if ask => (id.to_string(), label_of(&api, &workspace, id).await?),
        Some(id) => (id.to_string(), String::new()),
        None => choose_service_account(&api, cx, &workspace).await?,
    };
    if ask {
        let named = if label.is_empty() {
            output::safe(&id).into_owned()
        } else {
            format!(
                "{} ({})",
                output::bold(&label, cx.io.err_color),
                output::safe(&id)
            )
        };
        let question = format!(
            "\nAre you sure you want to delete the service account {named} from workspace {}?",
            crate::cmd::workspace::workspace_shown(cx, &workspace)
        );
        if !cx.confirm_beyond_go(&question, "Canceling service account deletion\n")? {
            return Ok(());
        }
    }
    let deleted = match api.delete_workspace_service_account(&workspace, &id).await {
        Ok(deleted) => deleted,
        // Houston's own not-found text differs from `get`'s: when the list (one read, only
        // after a failure) shows no such account, say it as `get` does
        // (docs/compatibility.md#errors-say-what-to-do); any other failure keeps its text.
        Err(Error::Api(text)) => {
            return Err(match api.workspace_service_accounts(&workspace).await {
                Ok(accounts) if !accounts.iter().any(|sa| sa.id() == id) => {
                    no_such_account(&id, &workspace)
                }
                _ => Error::Api(text),
            });
        }
        Err(e) => return Err(e),
    };
    cx.io.print(&format!(
        "Service Account {} ({}) successfully deleted\n",
        output::safe(deleted.label()),
        output::safe(deleted.id())
    ))
}

/// One wording for an unknown ID, in `get` and `delete`: what is missing, where, and the command
/// that lists the IDs (docs/compatibility.md#errors-say-what-to-do).
fn no_such_account(id: &str, workspace: &str) -> Error {
    Error::msg(format!(
        "no service account with ID {} in workspace {ws}. Run astro workspace service-account get --workspace-id {ws} to list them",
        output::safe(id),
        ws = output::safe(workspace)
    ))
}

/// The label of the account the question names, from the workspace's list (one read, at a
/// terminal only). An ID the list lacks is the error `get` gives; a list that cannot be read
/// leaves the label out, and the question names the ID alone.
async fn label_of(api: &Houston, workspace: &str, id: &str) -> Result<String> {
    match api.workspace_service_accounts(workspace).await {
        Ok(accounts) => accounts
            .iter()
            .find(|sa| sa.id() == id)
            .map(|sa| sa.label().to_string())
            .ok_or_else(|| no_such_account(id, workspace)),
        Err(_) => Ok(String::new()),
    }
}

/// The menu of docs/compatibility.md#sa-delete-menu: `#`, NAME, CATEGORY, ID (never the API key).
async fn choose_service_account(
    api: &Houston,
    cx: &mut Cx,
    workspace: &str,
) -> Result<(String, String)> {
    let mut accounts = api.workspace_service_accounts(workspace).await?;
    if accounts.is_empty() {
        return Err(Error::msg(format!(
            "no service accounts in workspace {}",
            output::safe(workspace)
        )));
    }
    let rows: Vec<Vec<String>> = accounts
        .iter()
        .map(|sa| {
            vec![
                sa.label().to_string(),
                sa.category().to_string(),
                sa.id().to_string(),
            ]
        })
        .collect();
    let headers = ["NAME", "CATEGORY", "ID"];
    let menu = cx.io.menu(&headers, &rows);
    cx.io
        .note("\nPlease select the service account you would like to delete:\n");
    let choice = cx.prompt.choose_named(
        &menu,
        &crate::prompt::row_names(&headers, &rows),
        "invalid service account selection",
        "no service account selected and no input to choose one: pass SERVICE_ACCOUNT_ID",
    )?;
    let chosen = accounts.swap_remove(choice);
    Ok((chosen.id().to_string(), chosen.label().to_string()))
}
