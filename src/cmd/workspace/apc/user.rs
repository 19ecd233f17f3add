//! `astro workspace user add | update | remove | list` (Private Cloud).

use clap::builder::NonEmptyStringValueParser;
use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;

use super::{page_size, schema_lacks_it, workspace_role};
use crate::api::houston::Houston;
use crate::api::houston::users::{User, current_role, listed_role};
use crate::cmd::Cx;
use crate::cmd::workspace::args::{
    Boolean, ForceFlag, IgnoredArgs, WorkspaceIdFlag, WorkspaceIdHelp, apc_role_help,
    apc_role_values, entries_per_page,
};
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format, Io};

/// What `--workspace-id` says on `astro workspace user` (Private Cloud).
#[derive(Debug)]
pub struct UserWorkspaceId;

impl WorkspaceIdHelp for UserWorkspaceId {
    const HELP: &'static str = "ID of the workspace, you can leave it empty if you want to use your current context's workspace ID";
    const VALUE_NAME: &'static str = "WORKSPACE_LABEL_OR_ID";
}

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct UserNamespace {
    #[command(flatten)]
    pub workspace_id: WorkspaceIdFlag<UserWorkspaceId>,

    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a User to a Workspace
    #[command(
        after_help = "Examples:\n  $ astro workspace user add --email user@example.com --role WORKSPACE_EDITOR"
    )]
    Add(AddArgs),
    /// Update a User's Role for a Workspace
    #[command(
        visible_alias = "up",
        long_about = "Update a User's Role for a Workspace. Without --role, the user keeps their role.",
        after_help = "Examples:\n  $ astro workspace user update user@example.com --role WORKSPACE_ADMIN"
    )]
    Update(UpdateArgs),
    /// Remove a User from a Workspace
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  $ astro workspace user remove test@astronomer.com"
    )]
    Remove(RemoveArgs),
    /// List users inside an APC Workspace
    #[command(visible_alias = "ls")]
    List(ListArgs),
}

/// The user's email, positionally (as Astronomer's docs show it) or with `--email` (as Go
/// requires): docs/compatibility.md#apc-positional.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("user").required(true).args(["email_arg", "email"])))]
pub struct EmailArg {
    /// Email of the user
    #[arg(value_name = "EMAIL", value_parser = NonEmptyStringValueParser::new())]
    pub email_arg: Option<String>,

    /// Email of the user (the same as the EMAIL argument)
    #[arg(short, long, value_parser = NonEmptyStringValueParser::new())]
    pub email: Option<String>,
}

impl EmailArg {
    fn get(&self) -> &str {
        self.email
            .as_deref()
            .or(self.email_arg.as_deref())
            .unwrap_or_default()
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub email: EmailArg,

    #[arg(
        short,
        long,
        default_value = "WORKSPACE_VIEWER",
        help = apc_role_help!("Role assigned to user"),
        add = apc_role_values(),
        value_parser = super::role_flag,
    )]
    pub role: String,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub email: EmailArg,

    // Go defaults this to WORKSPACE_VIEWER, so leaving it out demoted the user
    // (docs/compatibility.md#apc-roles).
    #[arg(
        short,
        long,
        help = apc_role_help!("Role assigned to user", " (default: the user's current role)"),
        add = apc_role_values(),
        value_parser = super::role_flag,
    )]
    pub role: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub email: EmailArg,

    #[command(flatten)]
    pub force: ForceFlag,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Paginated workspace user list
    #[arg(
        short,
        long,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = Boolean,
        value_name = "BOOL"
    )]
    pub paginated: Option<bool>,

    /// Page size of the workspace user list if paginated is set to true
    #[arg(short = 's', long, allow_negative_numbers = true, value_name = "N", value_parser = entries_per_page)]
    pub page_size: Option<i64>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

pub async fn run(ns: UserNamespace, cx: &mut Cx) -> Result<()> {
    let workspace_flag = ns.workspace_id.get();
    match ns.command {
        UserCommand::Add(args) => add(&args, workspace_flag, cx).await,
        UserCommand::Update(args) => update(&args, workspace_flag, cx).await,
        UserCommand::Remove(args) => remove(&args, workspace_flag, cx).await,
        UserCommand::List(args) => list(&args, workspace_flag, cx).await,
    }
}

pub async fn add(args: &AddArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = workspace_role(&args.role)?;
    let email = args.email.get();
    let ws = api.add_workspace_user(&workspace, email, role).await?;
    // Email and role are what was asked for, as in Go.
    let mut text = output::table(
        &["NAME", "WORKSPACE ID", "EMAIL", "ROLE"],
        &[vec![
            ws.label.clone(),
            ws.id.clone(),
            email.to_string(),
            role.to_string(),
        ]],
    );
    text.push_str(&format!(
        "Successfully added {email} to {}\n",
        output::safe(&ws.label)
    ));
    cx.io.print(&text)
}

/// The email matches no user of the workspace: the text Go uses for `update`, then the email given
/// and where the users are listed (docs/compatibility.md#errors-say-what-to-do).
fn not_in_workspace(verb: &str, email: &str, workspace: &str) -> Error {
    Error::msg(format!(
        "the user you are trying to {verb} is not part of this workspace: \"{}\". Run astro workspace user list to see the users of workspace {}",
        output::safe(email),
        output::safe(workspace)
    ))
}

pub async fn update(args: &UpdateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let wanted = args.role.as_deref().map(workspace_role).transpose()?;
    let email = args.email.get();
    let user = api.workspace_user(&workspace, email).await?;
    let Some(old) = user
        .as_ref()
        .and_then(|u| current_role(&u.role_bindings, &workspace))
    else {
        return Err(not_in_workspace("change", email, &workspace));
    };
    let old = old.to_string();
    let role = wanted.unwrap_or(&old);
    let new = api
        .upsert_workspace_user_role(&workspace, email, role)
        .await?;
    // Go prints this without a final newline (docs/compatibility.md#newlines).
    cx.io.print(&format!(
        "Role has been changed from {} to {} for user {email}\n",
        output::safe(&old),
        output::safe(&new)
    ))
}

pub async fn remove(args: &RemoveArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let email = args.email.get();
    // Go sends an empty user ID when the email is unknown (docs/compatibility.md#apc-user-remove).
    let user_id = match api.workspace_user(&workspace, email).await? {
        Some(User { id, .. }) if !id.is_empty() => id,
        _ => {
            return Err(not_in_workspace("remove", email, &workspace));
        }
    };
    // Go removes without asking: the question is ours, asked only at a terminal
    // (docs/compatibility.md#remove-confirms).
    if !args.force.force {
        let question = format!(
            "\nAre you sure you want to remove the user {} from workspace {}?",
            output::bold(email, cx.io.err_color),
            crate::cmd::workspace::workspace_shown(cx, &workspace)
        );
        if !cx.confirm_beyond_go(&question, "Canceling user removal\n")? {
            return Ok(());
        }
    }
    let ws = api.remove_workspace_user(&workspace, &user_id).await?;
    let mut text = output::fixed_table(
        &["NAME", "WORKSPACE ID", "USER_ID"],
        &[30, 50, 50],
        &[vec![ws.label.clone(), ws.id.clone(), user_id]],
    );
    text.push_str("Successfully removed user from workspace\n");
    cx.io.print(&text)
}

const LIST_HEADERS: [&str; 3] = ["USERNAME", "ID", "ROLE"];

/// A user in JSON (docs/json.md): the keys of an Astro user (`fullName`, `email`, `id`,
/// `workspaceRole`); Houston's username is the email.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserJson {
    full_name: String,
    email: String,
    id: String,
    workspace_role: String,
}

/// The users with a role in `workspace`, with that role.
fn user_rows(users: &[User], workspace: &str) -> Vec<UserJson> {
    users
        .iter()
        .map(|u| UserJson {
            full_name: u.full_name.clone(),
            email: u.username.clone(),
            id: u.id.clone(),
            workspace_role: listed_role(&u.role_bindings, workspace),
        })
        .filter(|u| u.workspace_role != "NONE")
        .collect()
}

fn user_table(users: &[User], workspace: &str, io: &Io) -> String {
    let rows: Vec<Vec<String>> = user_rows(users, workspace)
        .into_iter()
        .map(|u| vec![u.email, u.id, u.workspace_role])
        .collect();
    io.table(&LIST_HEADERS, &rows)
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let format = args.output.format();
    let settings = cx.config.settings()?;
    // JSON is one document of every user: pages and their prompts are for people.
    let paginate = format == Format::Table && args.paginated.unwrap_or(settings.interactive);
    if paginate {
        let size = page_size(args.page_size, settings.page_size, cx);
        return list_pages(&api, cx, &workspace, size).await;
    }
    let users = api.workspace_users(&workspace).await?;
    let text = match format {
        Format::Json => output::json_list("users", &user_rows(&users, &workspace))?,
        Format::Table => user_table(&users, &workspace, &cx.io),
    };
    cx.io.print(&text)
}

/// The paged listing: a table a page, then `f`/`p`/`n`/`q`. Pages are found by cursor (the last
/// user of the page before), remembered so that going back needs no negative `take`
/// (docs/compatibility.md#apc-user-paging).
async fn list_pages(api: &Houston, cx: &mut Cx, workspace: &str, size: u32) -> Result<()> {
    let no_input =
        "no page chosen and no input to choose one: pass --paginated=false to list every user";
    let mut cursors: Vec<Option<String>> = vec![None];
    let mut page = 0usize;
    let mut users = match api.paginated_workspace_users(workspace, None, size).await {
        Ok(users) => users,
        // Houston < 0.30.0 has no paginatedWorkspaceUsers: the Go CLI lists everything there.
        Err(e) if schema_lacks_it(&e) => {
            let users = api.workspace_users(workspace).await?;
            return cx.io.print(&user_table(&users, workspace, &cx.io));
        }
        Err(e) => return Err(e),
    };
    // Houston gives no total: a full page may be the last, found out when `n` comes back empty.
    let mut last_page: Option<usize> = None;
    let mut show = true;
    loop {
        if show {
            cx.io.print(&user_table(&users, workspace, &cx.io))?;
        }
        show = true;
        // Whether more pages exist depends on what Houston returned, before filtering.
        let has_next = users.len() == size as usize && last_page != Some(page);
        if page == 0 && !has_next {
            return Ok(());
        }
        // Only the keys that work are offered (Go offers `n` on a short first page:
        // docs/compatibility.md#apc-user-paging).
        let options = match (page > 0, has_next) {
            (false, _) => "n. next q. quit\n> ",
            (true, false) => "f. first p. previous q. quit\n> ",
            (true, true) => "f. first p. previous n. next q. quit\n> ",
        };
        let prompt = format!("\n\nPlease select one of the following options\n{options}");
        let answer = cx.prompt.text(&prompt, no_input)?;
        let target = match answer.trim() {
            "q" => return Ok(()),
            "f" if page > 0 => 0,
            "p" if page > 0 => page - 1,
            "n" if has_next => page + 1,
            _ => {
                cx.io.note("\nInvalid option");
                show = false;
                continue;
            }
        };
        if target > page {
            let cursor = users.last().map(|u| u.id.clone());
            let next = api
                .paginated_workspace_users(workspace, cursor.as_deref(), size)
                .await?;
            if next.is_empty() {
                last_page = Some(page);
                cx.io.note("\nThere are no more users");
                show = false;
                continue;
            }
            cursors.truncate(target);
            cursors.push(cursor);
            users = next;
        } else {
            users = api
                .paginated_workspace_users(workspace, cursors[target].as_deref(), size)
                .await?;
        }
        page = target;
    }
}
