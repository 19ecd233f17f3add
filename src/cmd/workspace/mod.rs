//! `astro workspace …`: the Astro tree (`astro/`) and the Private Cloud tree (`apc/`), and what
//! both share.

pub mod apc;
pub mod args;
pub mod astro;
pub mod lookup;

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
