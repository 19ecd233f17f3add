//! Naming a workspace. Every workspace argument on both platforms (`switch`, `update`,
//! `delete`, every `-w/--workspace-id`) takes a workspace's ID or its name (its label on
//! Private Cloud), resolved here by one rule:
//!
//! - A value shaped like an ID (`looks_like_id`) where the command has no list at hand is used
//!   as it is: an ID costs no request it did not cost before.
//! - Otherwise the value is looked for in the workspace list (the one the command fetches
//!   anyway, or one fetch): an exact ID first, then an exact name.
//! - Several workspaces with that name are never resolved silently (the Go CLI takes the last
//!   one): a menu of them, and with no input to answer it, an error that lists their IDs.
//! - A value that matches nothing is passed on as an ID, so that the server's own error (the
//!   Go CLI's text) is what the user sees.

use std::future::Future;

use crate::api::astro::workspaces::Workspace as AstroWorkspace;
use crate::api::houston::workspaces::Workspace as HoustonWorkspace;
use crate::cmd::Cx;
use crate::error::Result;
use crate::output;

use super::resolve_workspace;

/// A workspace on either platform, as far as naming it goes.
pub trait Named {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
}

impl Named for AstroWorkspace {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for HoustonWorkspace {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.label
    }
}

/// Whether `value` has the shape of an Astronomer ID (a cuid: `c` and then at least 19 lower-case
/// letters and digits, with some digits among them). Such a value is taken as an ID without
/// looking it up; a workspace whose name has this shape is still found by name where the command
/// lists the workspaces anyway (`switch`, `update`, `delete`).
pub fn looks_like_id(value: &str) -> bool {
    value.len() >= 20
        && value.len() <= 40
        && value.starts_with('c')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && value.bytes().filter(u8::is_ascii_digit).count() >= 2
}

/// The workspace `wanted` names in `workspaces`: the one with that ID, else the one with that
/// name, else (several with that name) the one picked from a menu of them. `None` when nothing
/// matches.
pub fn pick<T: Named>(cx: &mut Cx, workspaces: Vec<T>, wanted: &str) -> Result<Option<T>> {
    let mut workspaces = workspaces;
    if let Some(i) = workspaces.iter().position(|w| w.id() == wanted) {
        return Ok(Some(workspaces.swap_remove(i)));
    }
    let mut named: Vec<T> = workspaces
        .into_iter()
        .filter(|w| w.name() == wanted)
        .collect();
    match named.len() {
        0 => Ok(None),
        1 => Ok(named.pop()),
        _ => {
            cx.io.note(&format!(
                "\nThere are more than one Workspaces with name {wanted}. Please select a Workspace:\n"
            ));
            let rows: Vec<Vec<String>> = named
                .iter()
                .map(|w| vec![w.name().to_string(), w.id().to_string()])
                .collect();
            let ids: Vec<&str> = named.iter().map(Named::id).collect();
            let no_input = format!(
                "{} Workspaces are named {wanted:?} and there is no input to choose one: pass one of their IDs instead: {}",
                named.len(),
                output::safe(&ids.join(", "))
            );
            let choice = cx.prompt.choose(
                &output::menu(&["NAME", "ID"], &rows),
                named.len(),
                "invalid workspace selection",
                &no_input,
            )?;
            Ok(Some(named.swap_remove(choice)))
        }
    }
}

/// `value` looked up by name, for a command that can go on with an ID and has no list at hand:
/// `None` (no request) when it looks like an ID, else the workspace it names in `list` (fetched
/// once), else `None` again, and the caller goes on with `value` as an ID.
pub async fn by_name<T: Named>(
    cx: &mut Cx,
    value: &str,
    list: impl Future<Output = Result<Vec<T>>>,
) -> Result<Option<T>> {
    if looks_like_id(value) {
        return Ok(None);
    }
    let workspaces = list.await?;
    pick(cx, workspaces, value)
}

/// The workspace ID a command acts on: `-w/--workspace-id` (an ID or a name) if given, else the
/// context's workspace (always stored as an ID: no lookup), else the "no Workspace given" error
/// before any request. `list` is awaited only for a flag that does not look like an ID.
pub async fn workspace_id<T: Named>(
    cx: &mut Cx,
    flag: Option<&str>,
    context_workspace: &str,
    list: impl Future<Output = Result<Vec<T>>>,
) -> Result<String> {
    let id = resolve_workspace(flag, context_workspace)?;
    let from_flag = flag.is_some_and(|f| !f.trim().is_empty());
    if !from_flag {
        return Ok(id);
    }
    Ok(match by_name(cx, &id, list).await? {
        Some(workspace) => workspace.id().to_string(),
        None => id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_cuids_and_names_do_not() {
        for id in [
            "clws0000000000000000000000",
            "ckws0000000000000000000001",
            "cl9ebqhxk00003b600tymydho",
            "clm8t5u4q000008jq4qoc3036",
        ] {
            assert!(looks_like_id(id), "{id}");
        }
        for name in [
            "prod",
            "Default Workspace",
            "data-platform-production-1",
            "Clws0000000000000000000000",
            "clickstreamanalyticsprod",
            "clws000000000000000",
            "",
        ] {
            assert!(!looks_like_id(name), "{name}");
        }
    }
}
