//! `astro workspace team add | update | remove | list` (Private Cloud, Houston ≥ 0.28.0):
//! docs/compatibility.md#apc-team-version. The team API calls themselves report an older Houston
//! (`api::houston::teams`); no version is asked for at start-up.

use clap::builder::NonEmptyStringValueParser;
use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;

use super::workspace_role;
use crate::api::houston::teams::Team;
use crate::api::houston::users::{current_role, listed_role};
use crate::cmd::Cx;
use crate::cmd::workspace::args::{
    ForceFlag, IgnoredArgs, WorkspaceIdFlag, WorkspaceIdHelp, apc_role_help, apc_role_values,
    workspace_values,
};
use crate::cmd::workspace::lookup;
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format};

/// What `--workspace-id` says on `astro workspace team` (Private Cloud).
// Go has no `-w` here, unlike `user` and `service-account`
// (docs/compatibility.md#workspace-id).
#[derive(Debug)]
pub struct TeamWorkspaceId;

impl WorkspaceIdHelp for TeamWorkspaceId {
    const HELP: &'static str = "Workspace to associate team to";
    const VALUE_NAME: &'static str = "WORKSPACE_LABEL_OR_ID";
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
    /// Add a Team to a Workspace
    #[command(
        after_help = "Examples:\n  $ astro workspace team add <team-id> --workspace-id=<workspace-id> --role=WORKSPACE_EDITOR"
    )]
    Add(AddArgs),
    /// Update a Team inside a workspace
    #[command(
        visible_alias = "up",
        long_about = "Update a Team's role inside a workspace. Without --role, the team keeps its role.",
        after_help = "Examples:\n  $ astro workspace team update <team-id> --workspace-id <workspace-id> --role WORKSPACE_EDITOR"
    )]
    Update(UpdateArgs),
    /// Remove a Team from a Workspace
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  $ astro workspace team remove <team-id> --workspace-id=<workspace-id>"
    )]
    Remove(RemoveArgs),
    /// List Teams inside an APC Workspace
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  $ astro workspace team list --workspace-id <workspace-id>"
    )]
    List(ListArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("team").required(true).args(["team_arg", "team_id"])))]
pub struct AddArgs {
    /// The team to add (as the docs show it; the same as --team-id)
    #[arg(value_name = "TEAM_ID", value_parser = NonEmptyStringValueParser::new())]
    pub team_arg: Option<String>,

    /// Team ID to be assigned to workspace
    #[arg(long, value_parser = NonEmptyStringValueParser::new())]
    pub team_id: Option<String>,

    #[arg(
        short,
        long,
        default_value = "WORKSPACE_VIEWER",
        help = apc_role_help!("Workspace role assigned to team"),
        add = apc_role_values(),
        value_parser = super::role_flag,
    )]
    pub role: String,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The team whose role changes
    #[arg(value_name = "TEAM_ID", value_parser = NonEmptyStringValueParser::new())]
    pub team_id: String,

    // Go defaults this to WORKSPACE_VIEWER, so leaving it out demoted the team
    // (docs/compatibility.md#apc-roles).
    #[arg(
        short,
        long,
        help = apc_role_help!("Workspace role assigned to team", " (default: the team's current role)"),
        add = apc_role_values(),
        value_parser = super::role_flag,
    )]
    pub role: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The team to remove
    #[arg(value_name = "TEAM_ID", value_parser = NonEmptyStringValueParser::new())]
    pub team_id: String,

    #[command(flatten)]
    pub force: ForceFlag,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The workspace whose teams to list (as the docs show it; the same as --workspace-id)
    #[arg(value_name = "WORKSPACE_LABEL_OR_ID", value_parser = NonEmptyStringValueParser::new(), add = workspace_values())]
    pub workspace: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

pub async fn run(ns: TeamNamespace, cx: &mut Cx) -> Result<()> {
    let workspace_flag = ns.workspace_id.get();
    match ns.command {
        TeamCommand::Add(args) => add(&args, workspace_flag, cx).await,
        TeamCommand::Update(args) => update(&args, workspace_flag, cx).await,
        TeamCommand::Remove(args) => remove(&args, workspace_flag, cx).await,
        TeamCommand::List(args) => list(&args, workspace_flag, cx).await,
    }
}

pub async fn add(args: &AddArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let role = workspace_role(&args.role)?;
    // Go ignores a positional ID and does not enforce --team-id
    // (docs/compatibility.md#apc-positional).
    let team = args
        .team_id
        .as_deref()
        .or(args.team_arg.as_deref())
        .unwrap_or_default();
    let ws = api.add_workspace_team(&workspace, team, role).await?;
    let mut text = output::table(
        &["NAME", "WORKSPACE ID", "TEAM ID", "ROLE"],
        &[vec![
            ws.label.clone(),
            ws.id.clone(),
            team.to_string(),
            role.to_string(),
        ]],
    );
    text.push_str(&format!(
        "Successfully added {team} to {}\n",
        output::safe(&ws.label)
    ));
    cx.io.print(&text)
}

pub async fn update(args: &UpdateArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let wanted = args.role.as_deref().map(workspace_role).transpose()?;
    let team = args.team_id.as_str();
    // A failed lookup keeps its own error; Go called every failure "not part of this
    // workspace" (docs/compatibility.md#apc-team-update-errors).
    let found = api.team(&workspace, team).await?;
    let Some(old) = found
        .as_ref()
        .and_then(|t| current_role(&t.role_bindings, &workspace))
    else {
        return Err(Error::msg(
            "the team you are trying to change is not part of this workspace",
        ));
    };
    let old = old.to_string();
    let role = wanted.unwrap_or(&old);
    let new = api
        .update_workspace_team_role(&workspace, team, role)
        .await?;
    cx.io.print(&format!(
        "Role has been changed from {} to {} for team {team}\n",
        output::safe(&old),
        output::safe(&new)
    ))
}

pub async fn remove(args: &RemoveArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, workspace) = super::client_and_workspace(cx, workspace_flag).await?;
    let team = args.team_id.as_str();
    // Go removes without asking: the question is ours, asked only at a terminal
    // (docs/compatibility.md#remove-confirms). Without it, only the removal is sent, as in Go;
    // at a terminal one read names the team (its ID alone if that read fails).
    if !args.force.force && cx.prompt.interactive() {
        let name = match api.team(&workspace, team).await {
            Ok(Some(found)) if !found.name.is_empty() => format!(
                "{} ({})",
                output::bold(&found.name, cx.io.err_color),
                output::safe(team)
            ),
            _ => output::safe(team).into_owned(),
        };
        let question = format!(
            "\nAre you sure you want to remove the team {name} from workspace {}?",
            crate::cmd::workspace::workspace_shown(cx, &workspace)
        );
        if !cx.confirm_beyond_go(&question, "Canceling team removal\n")? {
            return Ok(());
        }
    }
    let ws = api.remove_workspace_team(&workspace, team).await?;
    let mut text = output::fixed_table(
        &["NAME", "WORKSPACE ID", "TEAM ID"],
        &[30, 50, 50],
        &[vec![ws.label.clone(), ws.id.clone(), team.to_string()]],
    );
    text.push_str("Successfully removed team from workspace\n");
    cx.io.print(&text)
}

/// A team in JSON (docs/json.md): the keys of an Astro team (`id`, `name`, `workspaceRole`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TeamJson {
    id: String,
    name: String,
    workspace_role: String,
}

fn team_rows(teams: &[Team], workspace: &str) -> Vec<TeamJson> {
    teams
        .iter()
        .map(|t| TeamJson {
            id: t.id.clone(),
            name: t.name.clone(),
            workspace_role: listed_role(&t.role_bindings, workspace),
        })
        .filter(|t| t.workspace_role != "NONE")
        .collect()
}

pub async fn list(args: &ListArgs, workspace_flag: Option<&str>, cx: &mut Cx) -> Result<()> {
    let (api, context) = cx.houston()?;
    // The docs pass the workspace positionally; Go ignored it
    // (docs/compatibility.md#apc-positional).
    let flag = match (args.workspace.as_deref(), workspace_flag) {
        (Some(arg), Some(flag)) if arg != flag => {
            return Err(Error::msg(
                "two different workspaces given: pass WORKSPACE_ID or --workspace-id, not both",
            ));
        }
        (arg, flag) => arg.or(flag),
    };
    let workspace = lookup::workspace_id(cx, flag, &context.workspace, api.workspaces()).await?;
    let teams = api.workspace_teams(&workspace).await?;
    let rows = team_rows(&teams, &workspace);
    let text = match args.output.format() {
        Format::Json => output::json_list("teams", &rows)?,
        Format::Table => {
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|t| vec![workspace.clone(), t.id, t.name, t.workspace_role])
                .collect();
            cx.io
                .table(&["WORKSPACE ID", "TEAM ID", "TEAM NAME", "ROLE"], &rows)
        }
    };
    cx.io.print(&text)
}
