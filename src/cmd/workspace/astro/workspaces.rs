//! `astro workspace list | switch | create | update | delete` on Astro.

use clap::Args;
use serde::Serialize;

use crate::api::astro::workspaces::{Workspace, WorkspaceBody};
use crate::cmd::Cx;
use crate::cmd::workspace::args::{ForceFlag, IgnoredArgs, workspace_values};
use crate::cmd::workspace::lookup;
use crate::config::Platform;
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct SwitchArgs {
    /// Name or ID of the Workspace to switch to; without it a menu lists the Workspaces
    #[arg(value_name = "WORKSPACE_NAME_OR_ID", add = workspace_values())]
    pub workspace: Option<String>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The Workspace's name. If the name contains a space, specify the entire name within quotes ""
    #[arg(short, long)]
    pub name: Option<String>,

    /// Description of the Workspace. If the description contains a space, specify the entire
    /// description in quotes ""
    #[arg(short, long)]
    pub description: Option<String>,

    /// Provide this flag either ON/OFF. ON means deploys to deployments must use an API Key or
    /// Token. This essentially forces Deploys to happen through CI/CD
    #[arg(short, long, value_name = "ON|OFF", default_value = "OFF", value_parser = cicd_flag)]
    pub enforce_cicd: String,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Name or ID of the Workspace to update; without it a menu lists the Workspaces
    #[arg(value_name = "WORKSPACE_NAME_OR_ID", add = workspace_values())]
    pub workspace_id: Option<String>,

    /// The Workspace's new name. If the name contains a space, specify the entire name within
    /// quotes ""
    #[arg(short, long)]
    pub name: Option<String>,

    /// The Workspace's new description. If the description contains a space, specify the entire
    /// description in quotes ""
    #[arg(short, long)]
    pub description: Option<String>,

    /// Provide this flag either ON/OFF. ON means deploys to deployments must use an API Key or
    /// Token. This essentially forces Deploys to happen through CI/CD. Left out, the Workspace
    /// keeps its current setting
    #[arg(short, long, value_name = "ON|OFF", value_parser = cicd_flag)]
    pub enforce_cicd: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Name or ID of the Workspace to delete; without it a menu lists the Workspaces
    #[arg(value_name = "WORKSPACE_NAME_OR_ID", add = workspace_values())]
    pub workspace_id: Option<String>,

    #[command(flatten)]
    pub force: ForceFlag,
}

/// A workspace in JSON (docs/json.md): Go's `workspace list --json` item, field for field.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceJson<'a> {
    pub name: &'a str,
    pub id: &'a str,
    pub is_current: bool,
}

pub async fn list(args: &ListArgs, cx: &mut Cx) -> Result<()> {
    let (api, session) = cx.astro().await?;
    let workspaces = api.list_workspaces().await?;
    remember_workspaces(cx, workspaces.iter().map(|w| (&w.id, &w.name)));
    let current = workspaces.iter().position(|w| w.id == session.workspace);
    let text = match args.output.format() {
        Format::Json => {
            let items: Vec<WorkspaceJson> = workspaces
                .iter()
                .enumerate()
                .map(|(i, w)| WorkspaceJson {
                    name: &w.name,
                    id: &w.id,
                    is_current: current == Some(i),
                })
                .collect();
            output::json_list("workspaces", &items)?
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = workspaces
                .iter()
                .map(|w| vec![w.name.clone(), w.id.clone()])
                .collect();
            // Go colours the current row even in a pipe: only with colour on
            // (docs/compatibility.md#colour); at a terminal it is also marked `*`
            // (docs/compatibility.md#at-a-terminal).
            cx.io.table_with_current(&["NAME", "ID"], &rows, current)
        }
    };
    cx.io.print(&text)
}

/// What Tab offers for workspace arguments, refreshed by every listing.
pub fn remember_workspaces<'a>(
    cx: &Cx,
    workspaces: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let entries = workspaces
        .map(|(id, name)| crate::config::cache::Entry {
            id: id.clone(),
            name: name.clone(),
        })
        .collect();
    cx.remember_for_completion(|config, domain| {
        crate::config::cache::CompletionCache::record_workspaces(config, domain, entries)
    });
}

pub async fn switch(args: &SwitchArgs, cx: &mut Cx) -> Result<()> {
    let (api, session) = cx.astro().await?;
    // The choice is stored in the current context. With ASTRO_API_TOKEN and no stored context
    // there is none to store it in (and the token is never written:
    // docs/compatibility.md#api-token).
    let stored = cx
        .config
        .current_domain(cx.env.domain.as_deref())
        .zip(cx.config.current_context(cx.env.domain.as_deref()).ok())
        .filter(|(_, c)| c.platform() == Platform::Astro);
    let (key_domain, context) = stored.ok_or_else(|| {
            Error::msg(
                "no context to switch: ASTRO_API_TOKEN is set and no Astro context is stored. Pass --workspace-id to each command instead, or run astro login to store a context",
            )
        })?;
    let workspaces = api.list_workspaces().await?;
    let chosen = match args.workspace.as_deref().filter(|w| !w.is_empty()) {
        // Go silently took the last of several with the name
        // (docs/compatibility.md#ambiguous-names).
        Some(wanted) => {
            let names = names_of(&workspaces);
            lookup::pick(cx, workspaces, wanted)?.ok_or_else(|| {
                Error::msg(format!(
                    "workspace id/name could not be found: {}",
                    lookup::no_match(wanted, &names)
                ))
            })?
        }
        None => choose_for_switch(
            cx,
            workspaces,
            &session.workspace,
            "no Workspace selected and no input to choose one: pass a Workspace name or ID",
        )?,
    };
    // Written under the key the context was read from.
    cx.config.set_context_fields(
        &key_domain,
        &[
            ("workspace", chosen.id.as_str()),
            ("last_used_workspace", chosen.id.as_str()),
        ],
    )?;
    cx.io.print(&switched_table(&context.domain, &chosen.id))
}

/// Go's table after a switch or login: `CONTROLPLANE` / `WORKSPACE`, 36 columns each.
pub fn switched_table(domain: &str, workspace: &str) -> String {
    output::fixed_table(
        &["CONTROLPLANE", "WORKSPACE"],
        &[36, 36],
        &[vec![
            output::or_na(domain).to_string(),
            workspace.to_string(),
        ]],
    )
}

/// The switch menu (also login's): `#`, NAME, ID, the current Workspace's row in green (with
/// colour on). `no_input` is the error when stdin has no answer.
pub fn choose_for_switch(
    cx: &mut Cx,
    mut workspaces: Vec<Workspace>,
    current: &str,
    no_input: &str,
) -> Result<Workspace> {
    if workspaces.is_empty() {
        return Err(Error::msg("no workspace was found in your organization"));
    }
    let rows: Vec<Vec<String>> = workspaces
        .iter()
        .map(|w| vec![w.name.clone(), w.id.clone()])
        .collect();
    let highlight = workspaces.iter().position(|w| w.id == current);
    let headers = ["NAME", "ID"];
    let menu = cx.io.menu_with_current(&headers, &rows, 0, highlight);
    let choice = cx.prompt.choose_named(
        &menu,
        &crate::prompt::row_names(&headers, &rows),
        "invalid workspace selection",
        no_input,
    )?;
    Ok(workspaces.swap_remove(choice))
}

/// Go's error for a bad `--enforce-cicd`, cut short in Go's source, completed with the values it
/// takes (docs/compatibility.md#errors-say-what-to-do).
const CICD_VALUES: &str = "the input to the `--enforce-cicd` flag must be ON or OFF";

/// `--enforce-cicd`: ON or OFF, in any case ("" is OFF, as in Go; Go's values were
/// case-sensitive: docs/compatibility.md#cicd-enforcement).
fn enforce_cicd(value: &str) -> Result<bool> {
    if value.is_empty() || value.eq_ignore_ascii_case("OFF") {
        Ok(false)
    } else if value.eq_ignore_ascii_case("ON") {
        Ok(true)
    } else {
        Err(Error::Usage(format!("{CICD_VALUES}, not {value:?}")))
    }
}

/// The flag's value parser: another value is a usage error in clap's format, exit 2, which
/// keeps Go's words and names the value given (docs/compatibility.md#errors-say-what-to-do).
fn cicd_flag(value: &str) -> std::result::Result<String, String> {
    enforce_cicd(value)
        .map(|_| value.to_string())
        .map_err(|_| CICD_VALUES.to_string())
}

pub async fn create(args: &CreateArgs, cx: &mut Cx) -> Result<()> {
    let name = args.name.as_deref().unwrap_or_default();
    if name.is_empty() {
        // Go's text, then the flag that gives the name (docs/compatibility.md#errors-say-what-to-do).
        return Err(Error::msg(
            "no name provided for the workspace. Retry with a valid name: pass -n/--name, e.g. astro workspace create --name \"My Workspace\"",
        ));
    }
    let (api, _session) = cx.astro().await?;
    let body = WorkspaceBody {
        cicd_enforced_default: enforce_cicd(&args.enforce_cicd)?,
        description: args.description.as_deref().unwrap_or_default(),
        name,
    };
    let created = api.create_workspace(&body).await?;
    // The workspace exists: a reply without its ID is reported as made, with a warning, since a
    // failure would invite a second create (docs/reliability.md#changes-reported-as-made).
    if created.id.is_empty() {
        cx.io.note(&format!(
            "Warning: the server's reply had no ID for the new Workspace {}: astro workspace list shows it\n",
            output::safe(name)
        ));
    }
    if args.output.format() == Format::Json {
        // The new workspace is not the context's: switching is a separate command.
        return cx.io.print(&output::json(&WorkspaceJson {
            name: if created.name.is_empty() {
                name
            } else {
                &created.name
            },
            id: &created.id,
            is_current: false,
        })?);
    }
    cx.io.print(&format!(
        "Astro Workspace {name} was successfully created\n"
    ))
}

pub async fn update(args: &UpdateArgs, cx: &mut Cx) -> Result<()> {
    let (api, _session) = cx.astro().await?;
    // Unset keeps the Workspace's setting; Go's default of OFF turned enforcement off on
    // every update (docs/compatibility.md#cicd-enforcement).
    let cicd = match args.enforce_cicd.as_deref() {
        None | Some("") => None,
        Some(value) => Some(enforce_cicd(value)?),
    };
    let workspaces = api.list_workspaces().await?;
    let workspace = pick_workspace(cx, workspaces, args.workspace_id.as_deref(), "update")?;
    let given = |flag: &Option<String>| flag.clone().filter(|v| !v.is_empty());
    let name = given(&args.name).unwrap_or_else(|| workspace.name.clone());
    let description = given(&args.description).unwrap_or_else(|| workspace.description.clone());
    let body = WorkspaceBody {
        cicd_enforced_default: cicd.unwrap_or(workspace.cicd_enforced_default),
        description: &description,
        name: &name,
    };
    api.update_workspace(&workspace.id, &body).await?;
    // The name from before the update, as Go prints it: printing the new name would change the
    // line a working script reads, so Go's line is kept (docs/compatibility.md#kept-success-lines).
    cx.io.print(&format!(
        "Astro Workspace {} was successfully updated\n",
        output::safe(&workspace.name)
    ))
}

pub async fn delete(args: &DeleteArgs, cx: &mut Cx) -> Result<()> {
    let (api, _session) = cx.astro().await?;
    let workspaces = api.list_workspaces().await?;
    let workspace = pick_workspace(cx, workspaces, args.workspace_id.as_deref(), "delete")?;
    let current = crate::cmd::workspace::current_workspace(cx);
    // Go deletes without asking: the question is ours, and asked only at a terminal
    // (docs/compatibility.md#delete-confirms).
    if !args.force.force {
        let mut question = String::new();
        if current == workspace.id {
            question.push_str(CURRENT_NOTE);
        }
        question.push_str(&format!(
            "\nAre you sure you want to delete the {} Workspace?",
            output::bold(&workspace.name, cx.io.err_color)
        ));
        if !cx.confirm_beyond_go(&question, "Canceling Workspace deletion\n")? {
            return Ok(());
        }
    }
    api.delete_workspace(&workspace.id).await?;
    // Never fails: a config that cannot be written is a warning after a deletion that was made.
    crate::cmd::workspace::forget_deleted_workspace(cx, &workspace.id);
    cx.io.print(&format!(
        "Astro Workspace {} was successfully deleted\n",
        output::safe(&workspace.name)
    ))
}

/// The Workspace `id` names (its ID or its name), or (none given) the only one, or one picked from
/// a menu, as in Go.
fn pick_workspace(
    cx: &mut Cx,
    mut workspaces: Vec<Workspace>,
    id: Option<&str>,
    verb: &str,
) -> Result<Workspace> {
    if let Some(id) = id.filter(|id| !id.is_empty()) {
        let names = names_of(&workspaces);
        return lookup::pick(cx, workspaces, id)?.ok_or_else(|| {
            Error::msg(format!(
                "no workspace was found for the ID you provided: {}",
                lookup::no_match(id, &names)
            ))
        });
    }
    match workspaces.len() {
        0 => Err(Error::msg("no workspace was found in your organization")),
        1 => {
            let only = workspaces.remove(0);
            cx.io.note(&format!(
                "Only one Workspace was found. Using the following Workspace by default: \n\n Workspace Name: {}\n Workspace ID: {}\n\n",
                output::bold(&only.name, cx.io.err_color),
                output::bold(&only.id, cx.io.err_color),
            ));
            Ok(only)
        }
        _ => {
            // Go's heading says "update" for delete too (docs/compatibility.md#prompt-texts).
            cx.io.note(&format!(
                "\nPlease select the workspace you would like to {verb}:\n"
            ));
            let rows: Vec<Vec<String>> = workspaces
                .iter()
                .map(|w| {
                    vec![
                        w.name.clone(),
                        w.id.clone(),
                        w.cicd_enforced_default.to_string(),
                    ]
                })
                .collect();
            let headers = ["WORKSPACENAME", "ID", "CICD ENFORCEMENT"];
            let menu = cx.io.menu(&headers, &rows);
            // A bad answer is `invalid workspace selection` (Go said no workspace was found:
            // docs/compatibility.md#menu-answers).
            let choice = cx.prompt.choose_named(
                &menu,
                &crate::prompt::row_names(&headers, &rows),
                "invalid workspace selection",
                "no Workspace selected and no input to choose one: pass WORKSPACE_ID",
            )?;
            Ok(workspaces.swap_remove(choice))
        }
    }
}

/// Said before the question when the Workspace to delete is the context's current one.
const CURRENT_NOTE: &str = "\nThis is your current Workspace: after it is deleted, run astro workspace switch to choose another.";

fn names_of(workspaces: &[Workspace]) -> Vec<String> {
    workspaces.iter().map(|w| w.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforce_cicd_values() {
        assert!(!enforce_cicd("").unwrap());
        assert!(!enforce_cicd("OFF").unwrap());
        assert!(!enforce_cicd("off").unwrap());
        assert!(enforce_cicd("ON").unwrap());
        assert!(enforce_cicd("On").unwrap());
        assert_eq!(
            enforce_cicd("yes").unwrap_err().to_string(),
            "the input to the `--enforce-cicd` flag must be ON or OFF, not \"yes\""
        );
        assert_eq!(
            cicd_flag("maybe").unwrap_err(),
            "the input to the `--enforce-cicd` flag must be ON or OFF"
        );
        assert_eq!(cicd_flag("on").unwrap(), "on");
    }
}
