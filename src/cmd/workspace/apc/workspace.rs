//! `astro workspace list | create | delete | update` (Private Cloud).

use clap::Args;
use clap::builder::NonEmptyStringValueParser;
use serde::Serialize;

use crate::api::houston::Houston;
use crate::api::houston::workspaces::{Workspace, WorkspaceChanges};
use crate::cmd::Cx;
use crate::cmd::workspace::args::{ForceFlag, IgnoredArgs, workspace_values};
use crate::cmd::workspace::lookup;
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format, Io};

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Label for your new workspace
    #[arg(short, long, required = true)]
    pub label: String,

    /// Description for your new workspace
    #[arg(short, long, default_value = "")]
    pub description: String,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The workspace to delete, by label or ID; without it, a menu lists your workspaces
    #[arg(value_name = "WORKSPACE_LABEL_OR_ID", value_parser = NonEmptyStringValueParser::new(), add = workspace_values())]
    pub workspace_id: Option<String>,

    #[command(flatten)]
    pub force: ForceFlag,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The workspace to update, by label or ID; without it, a menu lists your workspaces
    #[arg(value_name = "WORKSPACE_LABEL_OR_ID", value_parser = NonEmptyStringValueParser::new(), add = workspace_values())]
    pub workspace_id: Option<String>,

    /// The new label you want to give to your workspace
    #[arg(short, long)]
    pub label: Option<String>,

    /// The new description you want to give to your workspace
    #[arg(short, long)]
    pub description: Option<String>,
}

const HEADERS: [&str; 2] = ["NAME", "ID"];

fn row(ws: &Workspace) -> Vec<String> {
    vec![ws.label.clone(), ws.id.clone()]
}

/// A workspace in JSON (docs/json.md): the keys of an Astro workspace (Go's
/// `workspace list --json`), the label being the name.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorkspaceJson<'a> {
    name: &'a str,
    id: &'a str,
    is_current: bool,
}

pub async fn list(args: &ListArgs, cx: &mut Cx) -> Result<()> {
    let (api, context) = cx.houston()?;
    let workspaces = api.workspaces().await?;
    crate::cmd::workspace::astro::workspaces::remember_workspaces(
        cx,
        workspaces.iter().map(|ws| (&ws.id, &ws.label)),
    );
    let text = match args.output.format() {
        Format::Json => {
            let items: Vec<WorkspaceJson> = workspaces
                .iter()
                .map(|ws| WorkspaceJson {
                    name: &ws.label,
                    id: &ws.id,
                    is_current: ws.id == context.workspace,
                })
                .collect();
            output::json_list("workspaces", &items)?
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = workspaces.iter().map(row).collect();
            let current = workspaces.iter().position(|ws| ws.id == context.workspace);
            // Green only when stdout shows colour (Go colours pipes too:
            // docs/compatibility.md#colour); marked `*` at a terminal
            // (docs/compatibility.md#at-a-terminal).
            cx.io.table_with_current(&HEADERS, &rows, current)
        }
    };
    cx.io.print(&text)
}

pub async fn create(args: &CreateArgs, cx: &mut Cx) -> Result<()> {
    if args.label.trim().is_empty() {
        // Go's text, then the flag (docs/compatibility.md#errors-say-what-to-do).
        return Err(Error::msg(
            "must specify a label for your workspace: pass -l/--label, e.g. astro workspace create --label \"My Workspace\"",
        ));
    }
    // Go stores "N/A" for a missing description (docs/compatibility.md#apc-description). It is
    // kept: the operation's own default is "N/A" too, and the request is what Houston has always
    // received.
    let description = if args.description.is_empty() {
        "N/A"
    } else {
        &args.description
    };
    let (api, _context) = cx.houston()?;
    // The mutation went through: a reply that lacks the workspace, or its ID, is never a plain
    // failure that invites a second create (docs/reliability.md#changes-reported-as-made).
    let label = output::safe(&args.label);
    let Some(created) = api.create_workspace(&args.label, description).await? else {
        return Err(Error::MadeButNotShown(format!(
            "the server accepted the workspace {label}, but its reply named no workspace: run astro workspace list to see it before creating it again"
        )));
    };
    if created.id.is_empty() {
        cx.io.note(&format!(
            "Warning: the server's reply had no ID for the new workspace {label}: astro workspace list shows it\n"
        ));
    }
    if args.output.format() == Format::Json {
        return cx.io.print(&output::json(&WorkspaceJson {
            name: &created.label,
            id: &created.id,
            is_current: false,
        })?);
    }
    let mut text = output::table(&HEADERS, &[row(&created)]);
    text.push_str("\n Successfully created workspace\n");
    cx.io.print(&text)
}

pub async fn delete(args: &DeleteArgs, cx: &mut Cx) -> Result<()> {
    let (api, context) = cx.houston()?;
    let no_input = "no workspace selected and no input to choose one: pass WORKSPACE_ID";
    // A label is looked up in the list; the workspace found there is not queried again.
    let named = match args.workspace_id.as_deref() {
        Some(value) => lookup::by_name(cx, value, api.workspaces(), None).await?,
        None => None,
    };
    // The Go CLI deletes without asking: the question is ours, and asked only at a terminal
    // (docs/compatibility.md#delete-confirms). Without it, an ID goes out as Go sends it, with
    // no request before the deletion.
    let ask = !args.force.force && cx.prompt.interactive();
    let target = match (named, args.workspace_id.as_deref()) {
        (Some(found), _) => found,
        (None, Some(id)) if ask => match api.workspace(id).await {
            Ok(Some(found)) => found,
            Ok(None) => {
                return Err(Error::msg(format!(
                    "workspace id is not valid: no workspaces with id ({id}) found"
                )));
            }
            // Only the question's label is missing: ask with the ID alone.
            Err(_) => Workspace {
                id: id.to_string(),
                ..Workspace::default()
            },
        },
        (None, Some(id)) => Workspace {
            id: id.to_string(),
            ..Workspace::default()
        },
        (None, None) => {
            let heading = "\nPlease select the workspace you would like to delete:\n";
            pick_workspace(&api, cx, &context.workspace, Some(heading), no_input).await?
        }
    };
    if ask {
        if context.workspace == target.id {
            cx.io.note(
                "\nThis is your current workspace: after it is deleted, run astro workspace switch to choose another.",
            );
        }
        let question = format!(
            "\nAre you sure you want to delete the {} workspace ({})?",
            output::bold(&target.label, cx.io.err_color),
            output::safe(&target.id)
        );
        if !cx.confirm_beyond_go(&question, "Canceling workspace deletion\n")? {
            return Ok(());
        }
    }
    api.delete_workspace(&target.id).await?;
    // Never fails: a config that cannot be written is a warning after a deletion that was made.
    crate::cmd::workspace::forget_deleted_workspace(cx, &target.id);
    cx.io.print("\n Successfully deleted workspace\n")
}

pub async fn update(args: &UpdateArgs, cx: &mut Cx) -> Result<()> {
    // An empty value means "not given", as in Go. Letting `-d ""` clear the description would
    // change what a script passing an empty variable gets, so Go's rule stays
    // (docs/compatibility.md#apc-description).
    let changes = WorkspaceChanges {
        label: args.label.as_deref().filter(|l| !l.is_empty()),
        description: args.description.as_deref().filter(|d| !d.is_empty()),
    };
    if changes.label.is_none() && changes.description.is_none() {
        return Err(Error::msg(
            "must specify at least one attribute to update (--label or --description)",
        ));
    }
    let (api, context) = cx.houston()?;
    let id = match args.workspace_id.as_deref() {
        Some(value) => match lookup::by_name(cx, value, api.workspaces(), None).await? {
            Some(found) => found.id,
            None => value.to_string(),
        },
        None => {
            let heading = "\nPlease select the workspace you would like to update:\n";
            let no_input = "no workspace selected and no input to choose one: pass WORKSPACE_ID";
            pick_workspace(&api, cx, &context.workspace, Some(heading), no_input)
                .await?
                .id
        }
    };
    let updated = api.update_workspace(&id, &changes).await?;
    let mut text = output::table(&HEADERS, &[row(&updated)]);
    text.push_str("\n Successfully updated workspace\n");
    cx.io.print(&text)
}

/// The workspace with this ID, or the Go CLI's "not valid" error.
pub async fn find_workspace(api: &Houston, id: &str) -> Result<Workspace> {
    match api.workspace(id).await {
        Ok(Some(ws)) => Ok(ws),
        Ok(None) => Err(Error::msg(format!(
            "workspace id is not valid: no workspaces with id ({id}) found"
        ))),
        Err(e) => Err(Error::msg(format!("workspace id is not valid: {e}"))),
    }
}

/// The numbered workspace menu (`#`, NAME, ID; the current workspace green when stderr shows
/// colour) and the choice read from it. Bad numbers are errors, never a crash
/// (docs/compatibility.md#menu-answers).
pub async fn pick_workspace(
    api: &Houston,
    cx: &mut Cx,
    current: &str,
    heading: Option<&str>,
    no_input: &str,
) -> Result<Workspace> {
    let mut workspaces = api.workspaces().await?;
    if workspaces.is_empty() {
        return Err(Error::msg(
            "no workspaces found: create one with astro workspace create",
        ));
    }
    let menu = menu(&workspaces, 0, current, &cx.io);
    if let Some(heading) = heading {
        cx.io.note(heading);
    }
    let count = workspaces.len();
    // The full names: at a terminal the menu may show them shortened.
    let rows: Vec<Vec<String>> = workspaces.iter().map(row).collect();
    let names = crate::prompt::row_names(&HEADERS, &rows);
    let choice = cx
        .prompt
        .choose_among(&menu, count, Some(&names), no_input, &mut |answer| {
            menu_choice(answer.trim(), count)
        })?;
    Ok(workspaces.swap_remove(choice))
}

/// The 0-based row of a menu answer. Something that is not a number keeps the first sentence
/// of the Go CLI's error, which scripts may look for, without Go's parser internals, and says
/// what is valid; a number outside the menu, which crashes Go, is an invalid selection
/// (docs/compatibility.md#menu-answers).
fn menu_choice(answer: &str, rows: usize) -> Result<usize> {
    let number = answer.parse::<i64>().map_err(|_| {
        Error::msg(format!(
            "cannot parse {answer} to int: choose a number from 1 to {rows}"
        ))
    })?;
    usize::try_from(number)
        .ok()
        .filter(|n| (1..=rows).contains(n))
        .map(|n| n - 1)
        .ok_or_else(|| Error::msg("invalid workspace selection"))
}

/// A workspace menu whose rows are numbered from `first_number + 1`, the current one marked.
pub fn menu(workspaces: &[Workspace], first_number: usize, current: &str, io: &Io) -> String {
    let rows: Vec<Vec<String>> = workspaces.iter().map(row).collect();
    let highlight = workspaces.iter().position(|ws| ws.id == current);
    io.menu_with_current(&HEADERS, &rows, first_number, highlight)
}
