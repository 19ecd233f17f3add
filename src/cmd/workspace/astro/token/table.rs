//! What `token list` and `organization-token list` share, and the token menus of `lookup` show:
//! the flags of the two lists (`ListArgs`), the token table and the token in JSON. A leaf:
//! `token` and `org_token` both import it, and it imports neither.

use clap::Args;
use serde::Serialize;

use crate::api::astro::tokens::ApiToken;
use crate::cmd::workspace::args::{IgnoredArgs, days_from_now};
use crate::error::Result;
use crate::output::{self, Format, OutputArgs};

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    /// Only tokens that expire within DAYS days, or already have (tokens without an expiry are left out)
    #[arg(long, value_name = "DAYS", value_parser = days_from_now, allow_negative_numbers = true)]
    pub expiring_within: Option<u32>,

    #[command(flatten)]
    pub ignored: IgnoredArgs,
}

impl ListArgs {
    /// The list in the chosen format. With `--expiring-within` the table gains a last column,
    /// EXPIRES (`in 3 days`, `2 days ago`); without it, it is Go's table
    /// (docs/compatibility.md#expiring-within). JSON is the same either way.
    pub fn render(
        &self,
        tokens: &[ApiToken],
        workspace: &str,
        now_unix: i64,
        screen: Option<output::Screen>,
    ) -> Result<String> {
        let format = self.output.format();
        if self.expiring_within.is_none() || format != Format::Table {
            return render_tokens(tokens, workspace, format, now_unix, screen);
        }
        let mut headers = TOKEN_HEADERS.to_vec();
        headers.push("EXPIRES");
        let rows: Vec<Vec<String>> = tokens
            .iter()
            .map(|t| {
                let mut row = token_row(t, workspace, now_unix);
                row.push(expires(t.end_at.as_deref(), now_unix));
                row
            })
            .collect();
        Ok(output::table_look(
            &headers,
            &rows,
            output::Look {
                screen,
                ..output::Look::default()
            },
        ))
    }

    /// With `--expiring-within DAYS`, only the tokens that expire within DAYS days from now or
    /// already have, in the order listed; without it, every token.
    pub fn keep_expiring(&self, mut tokens: Vec<ApiToken>, now_unix: i64) -> Vec<ApiToken> {
        if let Some(days) = self.expiring_within {
            let deadline = now_unix.saturating_add(i64::from(days) * 86_400);
            tokens.retain(|t| t.expires_before(deadline));
        }
        tokens
    }
}

/// A token in JSON (docs/json.md): in `token list` and `organization-token list` under
/// `tokens`, and alone from `token create` and `token rotate`, where it also carries `token`.
/// Times are RFC 3339 as Go encodes them; a field the API left out is left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub scope: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub kind: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub workspace_role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub created_by: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_rotated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<&'a str>,
}

impl<'a> TokenJson<'a> {
    /// `token` as listed, its role being the one in `workspace`; no token value.
    pub fn new(token: &'a ApiToken, workspace: &str) -> TokenJson<'a> {
        let time = |t: &Option<String>| {
            t.as_deref()
                .filter(|t| !t.is_empty())
                .map(|t| crate::time::go_json_time(Some(t)))
        };
        TokenJson {
            id: &token.id,
            name: &token.name,
            description: &token.description,
            scope: &token.scope,
            kind: &token.kind,
            workspace_role: token.workspace_role(workspace),
            created_at: time(&token.created_at),
            created_by: token.created_by_name(),
            expires_at: time(&token.end_at),
            last_used_at: time(&token.last_used_at),
            last_rotated_at: time(&token.last_rotated_at),
            token: None,
        }
    }
}

/// The token table (ID, NAME, DESCRIPTION, SCOPE, WORKSPACE ROLE, CREATED, CREATED BY) or
/// `{"tokens":[…]}`.
fn render_tokens(
    tokens: &[ApiToken],
    workspace: &str,
    format: Format,
    now_unix: i64,
    screen: Option<output::Screen>,
) -> Result<String> {
    output::render(
        screen,
        format,
        tokens,
        "tokens",
        &TOKEN_HEADERS,
        |t| token_row(t, workspace, now_unix),
        |t| TokenJson::new(t, workspace),
    )
}

/// The columns of the token table, which the token menus of `lookup` show too.
pub const TOKEN_HEADERS: [&str; 7] = [
    "ID",
    "NAME",
    "DESCRIPTION",
    "SCOPE",
    "WORKSPACE ROLE",
    "CREATED",
    "CREATED BY",
];

/// ID, NAME, DESCRIPTION, SCOPE, WORKSPACE ROLE, CREATED, CREATED BY.
pub fn token_row(token: &ApiToken, workspace: &str, now_unix: i64) -> Vec<String> {
    vec![
        token.id.clone(),
        token.name.clone(),
        token.description.clone(),
        token.scope.clone(),
        token.workspace_role(workspace).to_string(),
        output::time_ago(token.created_at.as_deref(), now_unix),
        token.created_by_name().to_string(),
    ]
}

/// When a token expires, relative to now: `in 3 days`, `in 1 hour`, `2 days ago`, `never`
/// without an expiry, and the API's text as sent when it cannot be read. Rounded to the nearest
/// unit, so a token made with `-e 10` a moment ago expires `in 10 days`.
fn expires(end_at: Option<&str>, now_unix: i64) -> String {
    let Some(text) = end_at.filter(|t| !t.is_empty()) else {
        return "never".to_string();
    };
    let Some(end) = crate::time::parse_rfc3339(text) else {
        return text.to_string();
    };
    let seconds = end.saturating_sub(now_unix);
    let distance = seconds.unsigned_abs();
    if distance < 60 {
        return if seconds > 0 {
            "in under a minute"
        } else {
            "Just now"
        }
        .to_string();
    }
    let (minutes, hours, days) = (
        (distance + 30) / 60,
        (distance + 1_800) / 3_600,
        (distance + 43_200) / 86_400,
    );
    let (n, unit) = if minutes < 60 {
        (minutes, "minute")
    } else if hours < 24 {
        (hours, "hour")
    } else {
        (days, "day")
    };
    let amount = if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    };
    if seconds > 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::expires;

    #[test]
    fn expiry_is_told_relative_to_now() {
        let now = 1_700_000_000;
        let at = |offset: i64| crate::time::format_rfc3339_utc(now + offset);
        assert_eq!(expires(None, now), "never");
        assert_eq!(expires(Some(""), now), "never");
        assert_eq!(expires(Some(&at(3 * 86_400 + 3_600)), now), "in 3 days");
        assert_eq!(expires(Some(&at(86_400)), now), "in 1 day");
        assert_eq!(expires(Some(&at(5 * 3_600)), now), "in 5 hours");
        assert_eq!(expires(Some(&at(60)), now), "in 1 minute");
        assert_eq!(expires(Some(&at(59)), now), "in under a minute");
        assert_eq!(expires(Some(&at(0)), now), "Just now");
        assert_eq!(expires(Some(&at(-2 * 86_400 - 10)), now), "2 days ago");
        assert_eq!(expires(Some(&at(10 * 86_400 - 5)), now), "in 10 days");
        assert_eq!(expires(Some(&at(23 * 3_600 + 40 * 60)), now), "in 1 day");
        assert_eq!(expires(Some(&at(-90 * 60)), now), "2 hours ago");
        assert_eq!(expires(Some("soon"), now), "soon");
    }
}
