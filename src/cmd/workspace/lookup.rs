//! Naming a workspace. Every workspace argument on both platforms (`switch`, `update`,
//! `delete`, every `-w/--workspace-id`) takes a workspace's ID or its name (its label on
//! Private Cloud), resolved here by one rule (docs/compatibility.md#names-or-ids):
//!
//! - A value shaped like an ID (`looks_like_id`) where the command has no list at hand is used
//!   as it is: an ID costs no request it did not cost before.
//! - Otherwise the value is looked for in the workspace list (the one the command fetches
//!   anyway, or one fetch): an exact ID first, then an exact name.
//! - If that fetch fails, for any reason (a token that may not list workspaces, a server error,
//!   a dropped connection), the value goes on as an ID, exactly as the Go CLI, which never
//!   lists, would send it: the lookup adds no failure Go does not have.
//! - Several workspaces with that name are never resolved silently (the Go CLI takes the last
//!   one): a menu of them, and with no input to answer it, an error that lists their IDs.
//! - A list that answered and matches nothing stops the command before anything else is sent,
//!   naming the value and the closest names (a typo would otherwise pass silently: an empty
//!   list with exit 0 on Astro).

use std::future::Future;

use crate::api::astro::workspaces::Workspace as AstroWorkspace;
use crate::api::houston::workspaces::Workspace as HoustonWorkspace;
use crate::cmd::Cx;
use crate::error::{Error, Result};
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
            let headers = ["NAME", "ID"];
            let choice = cx.prompt.choose_named(
                &cx.io.menu(&headers, &rows),
                &crate::prompt::row_names(&headers, &rows),
                "invalid workspace selection",
                &no_input,
            )?;
            Ok(Some(named.swap_remove(choice)))
        }
    }
}

/// `value` looked up by name, for a command that can go on with an ID and has no list at hand:
/// `None` (no request) when it looks like an ID, or when the list cannot be fetched (the value
/// goes on as an ID, as in Go); the workspace it names in `list`; and when the list matches
/// nothing, the no-match error, after `go_text` (the Go CLI's own error for an unknown
/// workspace, where it has one, naming the value) or else naming the value itself.
pub async fn by_name<T: Named>(
    cx: &mut Cx,
    value: &str,
    list: impl Future<Output = Result<Vec<T>>>,
    go_text: Option<&str>,
) -> Result<Option<T>> {
    if looks_like_id(value) {
        return Ok(None);
    }
    let workspaces = match list.await {
        Ok(workspaces) => workspaces,
        Err(e) => {
            cx.debug_note(&format!(
                "the Workspace list could not be fetched to look {value:?} up ({e}): using it as an ID"
            ));
            return Ok(None);
        }
    };
    let names: Vec<String> = workspaces.iter().map(|w| w.name().to_string()).collect();
    match pick(cx, workspaces, value)? {
        Some(found) => Ok(Some(found)),
        None => Err(Error::msg(match go_text {
            Some(go_text) => format!("{go_text}{}", hint(value, &names)),
            None => no_match(value, &names),
        })),
    }
}

/// The error for a value that names no workspace in `names` (the list just fetched):
/// `no workspace named or with ID "sandbx": did you mean "sandbox"? Run astro workspace list to
/// see them`.
pub fn no_match(value: &str, names: &[String]) -> String {
    format!(
        "no workspace named or with ID {}{}",
        quoted(value),
        hint(value, names)
    )
}

/// What follows an error that already names the value: the closest names, if any are close,
/// and where to see them all.
pub fn hint(value: &str, names: &[String]) -> String {
    let close = closest(value, names);
    if close.is_empty() {
        return ". Run astro workspace list to see them".to_string();
    }
    let mut quoted_names: Vec<String> = close.iter().map(|n| quoted(n)).collect();
    let last = quoted_names.pop().unwrap_or_default();
    let choices = if quoted_names.is_empty() {
        last
    } else {
        format!("{} or {last}", quoted_names.join(", "))
    };
    format!(": did you mean {choices}? Run astro workspace list to see them")
}

/// A value shown inside an error: quoted, and made safe to print (it may have come from the
/// server's list).
fn quoted(value: &str) -> String {
    format!("{:?}", output::safe(value))
}

/// Up to three names close to `value`: the same in another case, a few letters apart (edits
/// in at most a third of it), or starting with it; nearest first.
fn closest(value: &str, names: &[String]) -> Vec<String> {
    let wanted = value.to_lowercase();
    if wanted.trim().is_empty() {
        return Vec::new();
    }
    let limit = (wanted.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let distance = edit_distance(&wanted, &lower);
            if distance <= limit {
                Some((distance, name))
            } else if wanted.chars().count() >= 3 && lower.starts_with(&wanted) {
                Some((limit + 1, name))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    let mut close: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !close.contains(name) && close.len() < 3 {
            close.push(name.clone());
        }
    }
    close
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The workspace ID a command acts on: `-w/--workspace-id` (an ID or a name) if given, else the
/// context's workspace (always stored as an ID: no lookup), else the "no Workspace given" error
/// before any request. `list` is awaited only for a flag that does not look like an ID. An
/// empty flag keeps Go's meaning, the context's workspace, and says so on stderr
/// (docs/compatibility.md#workspace-id).
pub async fn workspace_id<T: Named>(
    cx: &mut Cx,
    flag: Option<&str>,
    context_workspace: &str,
    list: impl Future<Output = Result<Vec<T>>>,
) -> Result<String> {
    let id = resolve_workspace(flag, context_workspace)?;
    let from_flag = flag.is_some_and(|f| !f.trim().is_empty());
    if !from_flag {
        if flag.is_some() {
            cx.io.note(&format!(
                "--workspace-id is empty: using the current Workspace {}\n",
                output::safe(&id)
            ));
        }
        return Ok(id);
    }
    Ok(match by_name(cx, &id, list, None).await? {
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

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn no_match_names_the_value_and_the_closest_names() {
        let list = names(&["analytics", "sandbox", "Sandbox-2", "production"]);
        assert_eq!(
            no_match("sandbx", &list),
            "no workspace named or with ID \"sandbx\": did you mean \"sandbox\"? Run astro workspace list to see them"
        );
        assert_eq!(
            no_match("prod", &list),
            "no workspace named or with ID \"prod\": did you mean \"production\"? Run astro workspace list to see them"
        );
        assert_eq!(
            hint("SANDBOX", &list),
            ": did you mean \"sandbox\" or \"Sandbox-2\"? Run astro workspace list to see them"
        );
        assert_eq!(
            no_match("zzz", &list),
            "no workspace named or with ID \"zzz\". Run astro workspace list to see them"
        );
        assert_eq!(
            no_match("x", &[]),
            "no workspace named or with ID \"x\". Run astro workspace list to see them"
        );
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("sandbx", "sandbox"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
