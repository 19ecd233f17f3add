//! `astro workspace user …` on Astro.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::create_date;
use super::roles::{check_role, role_from_flag_or_text};
use crate::api::astro::AstroRest;
use crate::api::astro::users::User;
use crate::cmd::Cx;
use crate::cmd::workspace::args::{
    ForceFlag, IgnoredArgs, WorkspaceIdFlag, WorkspaceIdHelp, astro_role_help, astro_role_values,
};
use crate::error::{Error, Result};
use crate::output;
use crate::output::OutputArgs;

/// What `--workspace-id` says on `astro workspace user`.
#[derive(Debug)]
pub struct UserWorkspaceId;

impl WorkspaceIdHelp for UserWorkspaceId {
    const HELP: &'static str = "Workspace where you'd like to manage users";
    const VALUE_NAME: &'static str = "WORKSPACE_NAME_OR_ID";
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
    /// Add a user to an Astro Workspace with a specific role
    #[command(
        long_about = "Add a user to an Astro Workspace with a specific role.",
        after_help = "Examples:\n  $ astro workspace user add user@example.com --role WORKSPACE_MEMBER"
    )]
    Add(AddArgs),

    /// List all the users in an Astro Workspace
    #[command(
        visible_alias = "ls",
        long_about = "List all users and their roles in a Workspace.",
        after_help = "Examples:\n  $ astro workspace user list\n  $ astro workspace user list --workspace-id <workspace-id> --json"
    )]
    List(ListArgs),

    /// Update the role of a user in an Astro Workspace
    #[command(
        visible_alias = "up",
        long_about = "Update the role of a user in an Astro Workspace.",
        after_help = "Examples:\n  $ astro workspace user update user@example.com --role WORKSPACE_AUTHOR"
    )]
    Update(UpdateArgs),

    /// Remove a user from an Astro Workspace
    #[command(
        visible_alias = "rm",
        long_about = "Remove a user's role from a Workspace. The user loses access to all Deployments in the Workspace unless they have access through a team. This does not remove them from the Organization."
    )]
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Email of the user to add; without it a menu lists the Organization's users
    #[arg(value_name = "EMAIL")]
    pub email: Option<String>,

    #[arg(
        short,
        long,
        default_value = "WORKSPACE_MEMBER",
        help = astro_role_help!("The role for the new user."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: String,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Email of the user to update; without it a menu lists the Workspace's users
    #[arg(value_name = "EMAIL")]
    pub email: Option<String>,

    #[arg(
        short,
        long,
        help = astro_role_help!("The new role for the user."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: Option<String>,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Email of the user to remove; without it a menu lists the Workspace's users
    #[arg(value_name = "EMAIL")]
    pub email: Option<String>,

    #[command(flatten)]
    pub force: ForceFlag,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

pub async fn run(ns: UserNamespace, cx: &mut Cx) -> Result<()> {
    let workspace_flag = ns.workspace_id.get();
    match ns.command {
        UserCommand::Add(args) => add(&args, workspace_flag, cx).await,
        UserCommand::List(args) => list(&args, workspace_flag, cx).await,
        UserCommand::Update(args) => update(&args, workspace_flag, cx).await,
        UserCommand::Remove(args) => remove(&args, workspace_flag, cx).await,
    }
}

pub async fn add(args: &AddArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    check_role(&args.role)?;
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    // Anyone in the Organization may be added.
    let user = find_user(
        &api,
        cx,
        args.email.as_deref(),
        &workspace,
        RoleColumn::Organization,
    )
    .await?;
    api.update_user_roles(&user.id, &user.roles_with(&workspace, Some(&args.role))?)
        .await?;
    cx.io.print(&format!(
        "The user {} was successfully added to the workspace with the role {}\n",
        output::safe(&user.username),
        args.role
    ))
}

/// A user in JSON (docs/json.md): Go's `workspace user list --json` item, field for field.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserJson<'a> {
    full_name: &'a str,
    email: &'a str,
    id: &'a str,
    created_at: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    workspace_role: &'a str,
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let users = api.list_users(Some(&workspace)).await?;
    // The role is the one in the resolved workspace (Go looked it up with the raw flag, so
    // the column was empty without --workspace-id: docs/compatibility.md#role-columns).
    let text = output::render(
        cx.io.out_screen,
        args.output.format(),
        &users,
        "users",
        &USER_HEADERS_WORKSPACE,
        |u| user_row(u, u.workspace_role(&workspace)),
        |u| UserJson {
            full_name: &u.full_name,
            email: &u.username,
            id: &u.id,
            created_at: crate::time::go_json_time(u.created_at.as_deref()),
            workspace_role: u.workspace_role(&workspace),
        },
    )?;
    cx.io.print(&text)
}

const ROLE_PROMPT: &str = "Enter a user Workspace role(WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR, WORKSPACE_OWNER, and WORKSPACE_ACCESSOR) to update user: ";

pub async fn update(args: &UpdateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = role_from_flag_or_text(cx, args.role.as_deref(), ROLE_PROMPT)?;
    let user = find_user(
        &api,
        cx,
        args.email.as_deref(),
        &workspace,
        RoleColumn::Workspace,
    )
    .await?;
    api.update_user_roles(&user.id, &user.roles_with(&workspace, Some(&role))?)
        .await?;
    cx.io.print(&format!(
        "The workspace user {} role was successfully updated to {role}\n",
        output::safe(&user.username)
    ))
}

pub async fn remove(args: &RemoveArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let user = find_user(
        &api,
        cx,
        args.email.as_deref(),
        &workspace,
        RoleColumn::Workspace,
    )
    .await?;
    // Go removes without asking: the question is ours, asked only at a terminal
    // (docs/compatibility.md#remove-confirms).
    if !args.force.force {
        let question = format!(
            "\nAre you sure you want to remove the user {} from Workspace {}?",
            output::bold(&user.username, cx.io.err_color),
            crate::cmd::workspace::workspace_shown(cx, &workspace)
        );
        if !cx.confirm_beyond_go(&question, "Canceling user removal\n")? {
            return Ok(());
        }
    }
    api.update_user_roles(&user.id, &user.roles_with(&workspace, None)?)
        .await?;
    cx.io.print(&format!(
        "The user {} was successfully removed from the workspace\n",
        output::safe(&user.username)
    ))
}

const USER_HEADERS_WORKSPACE: [&str; 5] =
    ["FULLNAME", "EMAIL", "ID", "WORKSPACE ROLE", "CREATE DATE"];

fn user_row(user: &User, role: &str) -> Vec<String> {
    vec![
        user.full_name.clone(),
        user.username.clone(),
        user.id.clone(),
        role.to_string(),
        create_date(user.created_at.as_deref()),
    ]
}

/// Which role the user menu shows: the Organization role (add) or the role in the workspace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RoleColumn {
    Organization,
    Workspace,
}

/// The user with this email (matched ignoring case: Go lower-cased the argument but not the
/// usernames: docs/compatibility.md#email-case), or one picked from a menu, among the
/// Organization's users or the workspace's (by `column`); then loaded by ID, for its full role
/// lists.
async fn find_user(
    api: &AstroRest,
    cx: &mut Cx,
    email: Option<&str>,
    workspace: &str,
    column: RoleColumn,
) -> Result<User> {
    let users = match column {
        RoleColumn::Organization => api.list_users(None).await?,
        RoleColumn::Workspace => api.list_users(Some(workspace)).await?,
    };
    let listed = pick_user(cx, users, email, workspace, column)?;
    api.get_user(&listed.id).await
}

/// Go's text, then the email given and where the users are listed
/// (docs/compatibility.md#errors-say-what-to-do).
fn user_not_found(email: &str, workspace: &str, column: RoleColumn) -> Error {
    let given = output::safe(email);
    let next = if !email.contains('@') {
        "That is not an email address: pass a user's email, as astro workspace user list shows them"
            .to_string()
    } else {
        match column {
            RoleColumn::Organization => format!(
                "No user of the Organization has this email: invite them first with the Go CLI's astro organization user invite {given}"
            ),
            RoleColumn::Workspace => format!(
                "Run astro workspace user list to see the users of workspace {}",
                output::safe(workspace)
            ),
        }
    };
    Error::msg(format!(
        "no user was found for the email you provided: \"{given}\". {next}"
    ))
}

fn pick_user(
    cx: &mut Cx,
    mut users: Vec<User>,
    email: Option<&str>,
    workspace: &str,
    column: RoleColumn,
) -> Result<User> {
    if let Some(email) = email.filter(|e| !e.is_empty()) {
        let email = email.to_lowercase();
        // The last match wins, as in Go.
        return users
            .into_iter()
            .rev()
            .find(|u| u.username.to_lowercase() == email)
            .ok_or_else(|| user_not_found(&email, workspace, column));
    }
    if users.is_empty() {
        return Err(Error::msg(match column {
            RoleColumn::Organization => "no users found in your organization",
            RoleColumn::Workspace => "no users found in your workspace",
        }));
    }
    let (role_header, rows): (&str, Vec<Vec<String>>) = match column {
        RoleColumn::Organization => (
            "ORGANIZATION ROLE",
            users
                .iter()
                .map(|u| user_row(u, u.organization_role()))
                .collect(),
        ),
        // Filled in (Go looked the role up for workspace "": docs/compatibility.md#role-columns).
        RoleColumn::Workspace => (
            "WORKSPACE ROLE",
            users
                .iter()
                .map(|u| user_row(u, u.workspace_role(workspace)))
                .collect(),
        ),
    };
    let headers = ["FULLNAME", "EMAIL", "ID", role_header, "CREATE DATE"];
    let menu = cx.io.menu(&headers, &rows);
    cx.io.note("\nPlease select the user:\n");
    let choice = cx.prompt.choose_named(
        &menu,
        &crate::prompt::row_names(&headers, &rows),
        "invalid User selected",
        "no user selected and no input to choose one: pass EMAIL",
    )?;
    Ok(users.swap_remove(choice))
}
