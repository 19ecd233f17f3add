//! `astro workspace …`: the Astro tree (`astro/`) and the Private Cloud tree (`apc/`), and what
//! both share.

pub mod apc;
pub mod args;
pub mod astro;
pub mod lookup;

use crate::cmd::Cx;
use crate::error::{Error, Result};

/// The workspace a command acts on: `--workspace-id` if given, else the context's, else an error
/// before any request (docs/compatibility.md#workspace-id; the Go CLI sends an empty ID or, on
/// Private Cloud, ignores the flag when the context has no workspace).
pub fn resolve_workspace(flag: Option<&str>, context_workspace: &str) -> Result<String> {
    match flag.map(str::trim).filter(|w| !w.is_empty()) {
        Some(flag) => Ok(flag.to_string()),
        None if !context_workspace.is_empty() => Ok(context_workspace.to_string()),
        None => Err(Error::msg(
            "no Workspace given: pass --workspace-id or run astro workspace switch",
        )),
    }
}

/// The workspace the stored current context names ("" when there is none).
pub fn current_workspace(cx: &Cx) -> String {
    cx.config
        .current_context(cx.env.domain.as_deref())
        .map(|context| context.workspace)
        .unwrap_or_default()
}

/// How a confirmation names a workspace: its name as the last list saw it (the completion
/// cache), else its ID; made safe to show. No request, so that asking costs nothing.
pub fn workspace_shown(cx: &Cx, id: &str) -> String {
    use crate::config::cache::CompletionCache;
    let cache = CompletionCache::load(&CompletionCache::path_beside(cx.config.path()));
    let name = cx
        .config
        .current_context(cx.env.domain.as_deref())
        .ok()
        .and_then(|context| cache.contexts.get(&context.domain).cloned())
        .and_then(|c| c.workspaces.into_iter().find(|w| w.id == id))
        .map(|w| w.name)
        .filter(|name| !name.is_empty());
    match name {
        Some(name) => name,
        None => crate::output::safe(id).into_owned(),
    }
}

/// After a delete: a context that names the deleted workspace (as its current or its last used
/// one) names none any more, so later commands say to run `astro workspace switch` instead of
/// acting on a workspace that is gone (docs/compatibility.md#delete-current). The deletion was
/// made and already reported: a config file that cannot be written is a warning, not a
/// failure.
pub fn forget_deleted_workspace(cx: &mut Cx, deleted: &str) {
    let Some(domain) = cx.config.current_domain(cx.env.domain.as_deref()) else {
        return;
    };
    let Ok(context) = cx.config.current_context(Some(&domain)) else {
        return;
    };
    let mut fields: Vec<(&str, &str)> = Vec::new();
    if context.workspace == deleted {
        fields.push(("workspace", ""));
    }
    if context.last_used_workspace == deleted {
        fields.push(("last_used_workspace", ""));
    }
    if fields.is_empty() {
        return;
    }
    if let Err(e) = cx.config.set_context_fields(&domain, &fields) {
        cx.io.note(&format!(
            "WARNING: the Workspace was deleted, but the context still names it: {e}. Run astro workspace switch to choose another\n"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_then_context_then_error() {
        assert_eq!(resolve_workspace(Some("f"), "c").unwrap(), "f");
        assert_eq!(resolve_workspace(Some(""), "c").unwrap(), "c");
        assert_eq!(resolve_workspace(None, "c").unwrap(), "c");
        assert_eq!(resolve_workspace(Some("f"), "").unwrap(), "f");
        assert_eq!(
            resolve_workspace(None, "").unwrap_err().to_string(),
            "no Workspace given: pass --workspace-id or run astro workspace switch"
        );
    }
}
