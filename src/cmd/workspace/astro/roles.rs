//! Workspace roles as the Astro commands take them (docs/compatibility.md#astro-roles).

use crate::cmd::Cx;
use crate::error::{Error, Result};
use crate::output;

/// The workspace roles the Astro API documents, in menu order. Go's four come first, in Go's
/// order, and WORKSPACE_ACCESSOR (which Go refused) last: a script that answers the role menu
/// with `4` still gets WORKSPACE_OWNER (docs/compatibility.md#astro-roles).
pub const WORKSPACE_ROLES: [&str; 5] = [
    "WORKSPACE_MEMBER",
    "WORKSPACE_AUTHOR",
    "WORKSPACE_OPERATOR",
    "WORKSPACE_OWNER",
    "WORKSPACE_ACCESSOR",
];

/// Checks a role: exact (case-sensitive) match, as in Go. The error is Go's text word for word,
/// trailing space included, although it does not name WORKSPACE_ACCESSOR: scripts match it
/// (docs/compatibility.md#astro-roles).
pub fn check_role(role: &str) -> Result<()> {
    if WORKSPACE_ROLES.contains(&role) {
        Ok(())
    } else {
        Err(Error::msg(
            "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ",
        ))
    }
}

/// The role menu (`#`, `ROLE`), after `heading` when there is one. Unlike Go, a bad answer does
/// not print the usage block (docs/compatibility.md#usage-errors).
pub fn choose_role(cx: &mut Cx, heading: Option<&str>) -> Result<String> {
    let rows: Vec<Vec<String>> = WORKSPACE_ROLES
        .iter()
        .map(|r| vec![r.to_string()])
        .collect();
    let menu = output::menu(&["ROLE"], &rows);
    if let Some(heading) = heading {
        cx.io.note(heading);
    }
    // A person may type the role's name as well as its number.
    let choice = cx.prompt.choose_named(
        &menu,
        &WORKSPACE_ROLES,
        "invalid workspace role selection",
        "no role selected and no input to choose one: pass --role",
    )?;
    Ok(WORKSPACE_ROLES[choice].to_string())
}

/// The role given by `--role`, or typed at `prompt` when the flag is missing or empty; checked
/// either way.
pub fn role_from_flag_or_text(cx: &mut Cx, flag: Option<&str>, prompt: &str) -> Result<String> {
    let role = match flag.filter(|r| !r.is_empty()) {
        Some(role) => role.to_string(),
        None => cx
            .prompt
            .text(
                prompt,
                "no role given and no input to read one from: pass --role",
            )?
            .trim()
            .to_string(),
    };
    check_role(&role)?;
    Ok(role)
}

/// The role given by `--role`, or chosen from the role menu; checked either way.
pub fn role_from_flag_or_menu(
    cx: &mut Cx,
    flag: Option<&str>,
    heading: Option<&str>,
) -> Result<String> {
    let role = match flag.filter(|r| !r.is_empty()) {
        Some(role) => role.to_string(),
        None => choose_role(cx, heading)?,
    };
    check_role(&role)?;
    Ok(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_menu_numbers_keep_their_roles() {
        // A script written for Go answers the role menu by number: 1-4 must not move.
        assert_eq!(
            WORKSPACE_ROLES[..4],
            [
                "WORKSPACE_MEMBER",
                "WORKSPACE_AUTHOR",
                "WORKSPACE_OPERATOR",
                "WORKSPACE_OWNER"
            ]
        );
        assert_eq!(WORKSPACE_ROLES[4], "WORKSPACE_ACCESSOR");
        check_role("WORKSPACE_ACCESSOR").unwrap();
    }

    #[test]
    fn roles_are_checked_exactly() {
        for role in WORKSPACE_ROLES {
            check_role(role).unwrap();
        }
        for role in ["workspace_member", "workspace_accessor", "ACCESSOR", ""] {
            assert!(
                check_role(role)
                    .unwrap_err()
                    .to_string()
                    .ends_with("WORKSPACE_OWNER ")
            );
        }
    }
}
