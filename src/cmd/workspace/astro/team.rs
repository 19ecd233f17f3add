//! `astro workspace team …` on Astro.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::create_date;
use super::roles::{check_role, role_from_flag_or_menu};
use crate::api::astro::AstroRest;
use crate::api::astro::teams::Team;
use crate::cmd::Cx;
use crate::cmd::workspace::args::{
    ForceFlag, IgnoredArgs, WorkspaceIdFlag, WorkspaceIdHelp, astro_role_help, astro_role_values,
};
use crate::error::{Error, Result};
use crate::output;
use crate::output::OutputArgs;

/// What `--workspace-id` says on `astro workspace team`.
// On every team command (Go has it on `team add` only: docs/compatibility.md#workspace-id).
#[derive(Debug)]
pub struct TeamWorkspaceId;

impl WorkspaceIdHelp for TeamWorkspaceId {
    const HELP: &'static str = "The Workspace's unique identifier (default: the current Workspace)";
    const VALUE_NAME: &'static str = "WORKSPACE_NAME_OR_ID";
}

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct TeamNamespace {
    #[command(flatten)]
    pub workspace_id: WorkspaceIdFlag<TeamWorkspaceId>,

    #[command(subcommand)]
    pub command: TeamCommand,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a team to an Astro Workspace with a specific role
    #[command(
        long_about = "Add a team to an Astro Workspace with a specific role.",
        after_help = "Examples:\n  $ astro workspace team add <team-id> --role WORKSPACE_MEMBER"
    )]
    Add(AddArgs),

    /// List all the teams in an Astro Workspace
    #[command(
        visible_alias = "ls",
        long_about = "List all teams and their assigned roles in a Workspace."
    )]
    List(ListArgs),

    /// Update the role of a team in an Astro Workspace
    #[command(
        visible_alias = "up",
        long_about = "Update the role of a team in an Astro Workspace.",
        after_help = "Examples:\n  $ astro workspace team update <team-id> --role WORKSPACE_AUTHOR"
    )]
    Update(UpdateArgs),

    /// Remove a team from an Astro Workspace
    #[command(
        visible_alias = "rm",
        long_about = "Remove a team from an Astro Workspace."
    )]
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// ID of the team to add; without it a menu lists the Organization's teams
    #[arg(value_name = "TEAM_ID")]
    pub team_id: Option<String>,

    #[arg(
        short,
        long,
        default_value = "WORKSPACE_MEMBER",
        help = astro_role_help!("The role for the new team."),
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
    /// ID of the team to update; without it a menu lists the Workspace's teams
    #[arg(value_name = "TEAM_ID")]
    pub team_id: Option<String>,

    #[arg(
        short,
        long,
        help = astro_role_help!("The new role for the team."),
        add = astro_role_values(),
        value_parser = super::roles::role_flag,
    )]
    pub role: Option<String>,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// ID of the team to remove; without it a menu lists the Workspace's teams
    #[arg(value_name = "TEAM_ID")]
    pub team_id: Option<String>,

    #[command(flatten)]
    pub force: ForceFlag,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

pub async fn run(ns: TeamNamespace, cx: &mut Cx) -> Result<()> {
    let workspace_flag = ns.workspace_id.get();
    match ns.command {
        TeamCommand::Add(args) => add(&args, workspace_flag, cx).await,
        TeamCommand::List(args) => list(&args, workspace_flag, cx).await,
        TeamCommand::Update(args) => update(&args, workspace_flag, cx).await,
        TeamCommand::Remove(args) => remove(&args, workspace_flag, cx).await,
    }
}

pub async fn add(args: &AddArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    check_role(&args.role)?;
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let team = find_team(&api, cx, args.team_id.as_deref(), None).await?;
    api.update_team_roles(&team.id, &team.roles_with(&workspace, Some(&args.role))?)
        .await?;
    // The team's ID, as Go prints it, not its name: the name would change the line a working
    // script reads, so Go's line is kept (docs/compatibility.md#kept-success-lines).
    cx.io.print(&format!(
        "The team {} was successfully added to the workspace with the role {}\n",
        output::safe(&team.id),
        args.role
    ))
}

/// A team in JSON (docs/json.md): Go's `workspace team list --json` item, field for field.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TeamJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    created_at: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    workspace_role: &'a str,
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let teams = api.list_teams(Some(&workspace)).await?;
    // ROLE is the team's role in this workspace (always empty in Go:
    // docs/compatibility.md#role-columns).
    let text = output::render(
        cx.io.out_screen,
        args.output.format(),
        &teams,
        "teams",
        &["ID", "ROLE", "NAME", "DESCRIPTION", "CREATE DATE"],
        |t| {
            vec![
                t.id.clone(),
                t.workspace_role(&workspace).to_string(),
                t.name.clone(),
                t.description.clone(),
                create_date(t.created_at.as_deref()),
            ]
        },
        |t| TeamJson {
            id: &t.id,
            name: &t.name,
            description: &t.description,
            created_at: crate::time::go_json_time(t.created_at.as_deref()),
            workspace_role: t.workspace_role(&workspace),
        },
    )?;
    cx.io.print(&text)
}

pub async fn update(args: &UpdateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = role_from_flag_or_menu(cx, args.role.as_deref(), None)?;
    let team = find_team(&api, cx, args.team_id.as_deref(), Some(&workspace)).await?;
    api.update_team_roles(&team.id, &team.roles_with(&workspace, Some(&role))?)
        .await?;
    // The team's ID, as in Go (see `add`).
    cx.io.print(&format!(
        "The workspace team {} role was successfully updated to {role}\n",
        output::safe(&team.id)
    ))
}

pub async fn remove(args: &RemoveArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let team = find_team(&api, cx, args.team_id.as_deref(), Some(&workspace)).await?;
    // Go removes without asking: the question is ours, asked only at a terminal
    // (docs/compatibility.md#remove-confirms).
    if !args.force.force {
        let question = format!(
            "\nAre you sure you want to remove the team {} ({}) from Workspace {}?",
            output::bold(&team.name, cx.io.err_color),
            output::safe(&team.id),
            crate::cmd::workspace::workspace_shown(cx, &workspace)
        );
        if !cx.confirm_beyond_go(&question, "Canceling team removal\n")? {
            return Ok(());
        }
    }
    api.update_team_roles(&team.id, &team.roles_with(&workspace, None)?)
        .await?;
    cx.io.print(&format!(
        "Astro Team {} was successfully removed from workspace {}\n",
        output::safe(&team.name),
        output::safe(&workspace)
    ))
}

/// The team with this ID (one GET; not checked against the workspace, as in Go), or one
/// picked from the teams of `workspace` (None: of the Organization).
async fn find_team(
    api: &AstroRest,
    cx: &mut Cx,
    id: Option<&str>,
    workspace: Option<&str>,
) -> Result<Team> {
    if let Some(id) = id.filter(|id| !id.is_empty()) {
        let team = api.get_team(id).await?;
        if team.id.is_empty() {
            return Err(Error::msg("no team was found for the ID you provided"));
        }
        return Ok(team);
    }
    let mut teams = api.list_teams(workspace).await?;
    if teams.is_empty() {
        return Err(Error::msg(match workspace {
            None => "no teams found in your organization",
            Some(_) => "no teams found in your workspace",
        }));
    }
    let rows: Vec<Vec<String>> = teams
        .iter()
        .map(|t| vec![t.name.clone(), t.id.clone()])
        .collect();
    let headers = ["TEAMNAME", "ID"];
    let menu = cx.io.menu(&headers, &rows);
    cx.io.note("\nPlease select a team:\n");
    let choice = cx.prompt.choose_named(
        &menu,
        &crate::prompt::row_names(&headers, &rows),
        "invalid team selection",
        "no team selected and no input to choose one: pass TEAM_ID",
    )?;
    Ok(teams.swap_remove(choice))
}
