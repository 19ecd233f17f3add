//! Workspace roles as the Astro commands take them (docs/compatibility.md#astro-roles).

use crate::cmd::Cx;
use crate::error::{Error, Result};
use crate::prompt::row_number;

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

/// Go's error for a role it does not take, word for word, trailing space included, although it
/// does not name WORKSPACE_ACCESSOR: scripts match it (docs/compatibility.md#astro-roles).
const GO_ROLE_ERROR: &str = "requested role is invalid. Possible values are WORKSPACE_MEMBER, WORKSPACE_AUTHOR, WORKSPACE_OPERATOR and WORKSPACE_OWNER ";

/// What else is taken, after Go's text (docs/compatibility.md#role-names).
const ALSO_TAKEN: &str = "(or WORKSPACE_ACCESSOR; any case, or the short name: member, author, operator, owner, accessor)";

/// Checks a role: exact (case-sensitive) match, as in Go; callers pass it through
/// `canonical_role` first, so any case and the short names are taken.
pub fn check_role(role: &str) -> Result<()> {
    if WORKSPACE_ROLES.contains(&role) {
        Ok(())
    } else {
        Err(Error::msg(GO_ROLE_ERROR))
    }
}

/// A role as a person writes it: `WORKSPACE_AUTHOR`, `workspace_author` or `author`, any case,
/// as its canonical name (docs/compatibility.md#role-names). Go took the exact names only.
pub fn canonical_role(text: &str) -> Option<&'static str> {
    let text = text.trim();
    WORKSPACE_ROLES.iter().copied().find(|role| {
        role.eq_ignore_ascii_case(text)
            || role
                .strip_prefix("WORKSPACE_")
                .is_some_and(|short| short.eq_ignore_ascii_case(text))
    })
}

/// The `--role` flags' value parser: the canonical role, or "" (which keeps Go's meaning: a
/// prompt, or Go's error). Another value is a usage error, exit 2, in clap's format, which
/// names the value given; Go's text follows, then what else is taken
/// (docs/compatibility.md#errors-say-what-to-do).
pub fn role_flag(value: &str) -> std::result::Result<String, String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    canonical_role(value)
        .map(str::to_string)
        .ok_or_else(|| format!("{GO_ROLE_ERROR}{ALSO_TAKEN}"))
}

/// The role menu (`#`, `ROLE`), after `heading` when there is one. Unlike Go, a bad answer does
/// not print the usage block (docs/compatibility.md#usage-errors). A row number, or the role's
/// name as `canonical_role` reads it, in a pipe too (docs/compatibility.md#role-names).
pub fn choose_role(cx: &mut Cx, heading: Option<&str>) -> Result<String> {
    let rows: Vec<Vec<String>> = WORKSPACE_ROLES
        .iter()
        .map(|r| vec![r.to_string()])
        .collect();
    // ROLE is never shortened (docs/compatibility.md#at-a-terminal): the menu shows every
    // name whole.
    let menu = cx.io.menu(&["ROLE"], &rows);
    if let Some(heading) = heading {
        cx.io.note(heading);
    }
    let count = WORKSPACE_ROLES.len();
    let choice = cx.prompt.choose_checked(
        &menu,
        count,
        "no role selected and no input to choose one: pass --role",
        &mut |answer| {
            row_number(answer, count)
                .or_else(|| {
                    canonical_role(answer)
                        .and_then(|role| WORKSPACE_ROLES.iter().position(|r| *r == role))
                })
                .ok_or_else(|| Error::msg("invalid workspace role selection"))
        },
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
    let role = canonical_role(&role).map_or(role, str::to_string);
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
            assert!(check_role(role).is_err());
        }
        for role in ["", "WORKSPACE_", "admin", "workspace", "owner2"] {
            assert!(canonical_role(role).is_none(), "{role:?}");
        }
    }

    #[test]
    fn roles_are_read_in_any_case_and_by_their_short_names() {
        for (typed, role) in [
            ("author", "WORKSPACE_AUTHOR"),
            (" Owner ", "WORKSPACE_OWNER"),
            ("ACCESSOR", "WORKSPACE_ACCESSOR"),
            ("workspace_member", "WORKSPACE_MEMBER"),
            ("WORKSPACE_OPERATOR", "WORKSPACE_OPERATOR"),
        ] {
            assert_eq!(canonical_role(typed), Some(role), "{typed:?}");
            assert_eq!(role_flag(typed).unwrap(), role);
        }
        assert_eq!(role_flag("").unwrap(), "");
        let error = role_flag("admin").unwrap_err();
        assert!(error.starts_with(GO_ROLE_ERROR), "{error}");
    }
}
