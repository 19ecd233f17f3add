//! `astro auth status [-o json] [--check]`: who and where am I. Everything shown is read
//! locally (the config, the completion cache, the token's own claims); the token itself is
//! never printed. Only `--check` sends a request: one cheap authenticated read.

use clap::Args;
use serde::Serialize;

use super::Cx;
use crate::api::astro::AstroRest;
use crate::api::astro::workspaces::Access;
use crate::api::houston::Houston;
use crate::auth::{AstroSession, token_facts};
use crate::config::cache::CompletionCache;
use crate::config::{IN_KEYRING, Platform};
use crate::error::{Error, Result};
use crate::output::OutputArgs;
use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    /// Also make one authenticated request to prove the credential works
    #[arg(long)]
    pub check: bool,
}

/// The status document (`-o json`): camelCase keys, empty values left out (docs/json.md).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    domain: String,
    /// `astro` or `apc`.
    platform: &'static str,
    /// Who logged in (the email or username the login stored); left out when the context does
    /// not record it, and for API tokens, which belong to no user.
    #[serde(skip_serializing_if = "String::is_empty")]
    user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    organization: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    workspace: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    workspace_name: String,
    /// `context` (the config file) or `ASTRO_API_TOKEN`.
    credential_source: &'static str,
    /// Where the credential is kept: `keyring`, `config file` or `environment`
    /// (docs/reliability.md#where-secrets-live).
    credential_store: &'static str,
    /// `userSession`, `workspaceApiToken`, `organizationApiToken`, `deploymentApiToken`,
    /// `houstonToken`, or `none` when the context holds no token.
    credential_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    expired: bool,
    /// An expired user session that the next command renews with its refresh token.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    renewable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<Check>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Check {
    ok: bool,
    /// The server answered with an error (rather than not answering at all).
    #[serde(skip)]
    refused: bool,
    /// The server's answer when it refused.
    #[serde(skip_serializing_if = "String::is_empty")]
    message: String,
    /// The credential was accepted, but the context's workspace was not found (or is not the
    /// caller's): deleted since, for example.
    #[serde(skip)]
    no_workspace: bool,
}

/// What `--check` talks to, decided without a request.
enum Target {
    Astro(AstroSession),
    Houston { domain: String, token: String },
}

pub async fn status(args: &StatusArgs, cx: &mut Cx) -> Result<()> {
    let (mut status, target, problem) = gather(cx)?;
    // Nothing to check with no usable credential: the reason is the problem already found.
    if args.check && problem.is_none() {
        let answer = match &target {
            Target::Astro(session) => check_astro(cx, session).await,
            Target::Houston { domain, token } => check_houston(cx, domain, token, &status).await,
        };
        status.check = Some(Check {
            ok: matches!(answer, Ok(None)),
            refused: matches!(answer, Err(Error::Api(_) | Error::Unauthorized { .. })),
            message: match &answer {
                // The server's word alone: what to do follows in the error below.
                Err(Error::Unauthorized { message, .. }) => message.clone(),
                Err(e) => e.to_string(),
                Ok(Some(message)) => message.clone(),
                Ok(None) => String::new(),
            },
            no_workspace: matches!(answer, Ok(Some(_))),
        });
    }
    let text = match args.output.format() {
        Format::Json => output::json(&status)?,
        Format::Table => render(&status, cx.now_unix),
    };
    cx.io.print(&text)?;
    if let Some(problem) = problem {
        return Err(problem);
    }
    if let Some(Check {
        ok: false,
        no_workspace: true,
        message,
        ..
    }) = &status.check
    {
        return Err(Error::msg(format!(
            "the server accepted the credential, but not the context's Workspace {}: {message}. It may have been deleted: run astro workspace switch to choose another",
            output::safe(&status.workspace),
            message = output::safe(message)
        )));
    }
    if let Some(Check {
        ok: false,
        refused,
        message,
        ..
    }) = &status.check
    {
        let next = match target {
            Target::Astro(_) if status.credential_source == "ASTRO_API_TOKEN" => {
                "set ASTRO_API_TOKEN to a valid token".to_string()
            }
            _ => format!("run astro login {}", status.domain),
        };
        if !refused {
            return Err(Error::msg(format!(
                "the check failed: {}",
                output::safe(message)
            )));
        }
        // The server's words (docs/reliability.md#server-text).
        return Err(Error::msg(format!(
            "the server refused the credential: {}. To fix it, {next}",
            output::safe(message)
        )));
    }
    Ok(())
}

/// The status, what `--check` would talk to, and the reason to exit 1 (no credential, or an
/// expired one) if there is one. No context at all is an error straight away.
fn gather(cx: &mut Cx) -> Result<(Status, Target, Option<Error>)> {
    let context = cx.config.current_context(cx.env.domain.as_deref());
    // ASTRO_API_TOKEN stands in for an Astro context's credential, or for a missing context
    // (docs/compatibility.md#api-token); a Private Cloud context is used as it is.
    let on_apc = matches!(&context, Ok(c) if c.platform() == Platform::Apc);
    if let (Some(api_token), false) = (cx.env.api_token.clone(), on_apc) {
        let facts = token_facts(&api_token).ok_or(Error::ApiTokenInvalid)?;
        // The oldest possible "now": an expired token is still described, then reported.
        let store = cx.store();
        let (session, _) =
            crate::auth::astro_session(&cx.config, &cx.env, &store, i64::MIN, &mut cx.io.err)?;
        let expired = facts.expires.is_some_and(|exp| exp < cx.now_unix);
        let mut status = Status {
            domain: session.domain.clone(),
            platform: "astro",
            organization: session.organization.clone(),
            workspace: session.workspace.clone(),
            credential_source: "ASTRO_API_TOKEN",
            credential_store: "environment",
            credential_kind: api_token_kind(&facts),
            expires_at: facts.expires.map(crate::time::format_rfc3339_utc),
            expired,
            ..Status::default()
        };
        status.workspace_name = cached_workspace_name(cx, &status.domain, &status.workspace);
        let problem = expired.then_some(Error::ApiTokenExpired);
        return Ok((status, Target::Astro(session), problem));
    }

    let context = context?;
    let credential_store = if context.token_store == IN_KEYRING {
        "keyring"
    } else {
        "config file"
    };
    // A store that cannot give the secret is the problem to report, after the status.
    let (context, unreadable) = match cx.context_with_secrets(context.clone()) {
        Ok(context) => (context, None),
        Err(e) => (context, Some(e)),
    };
    let platform = context.platform();
    let token = context.token.trim().to_string();
    let missing = token.is_empty() || token == "Bearer";
    let facts = token_facts(&token).unwrap_or_default();
    // A JWT's own `exp` first; a browser login also stores when its session ends.
    let expires = facts
        .expires
        .or_else(|| crate::time::parse_rfc3339(context.expiresin.trim()));
    let expired = !missing && expires.is_some_and(|exp| exp < cx.now_unix);
    let kind = match (missing, platform) {
        (true, _) => "none",
        (false, Platform::Apc) => "houstonToken",
        (false, Platform::Astro) if facts.api_token => api_token_kind(&facts),
        (false, Platform::Astro) => "userSession",
    };
    // An Astro user session past its expiry is renewed by the next command (and saved).
    let renewable = expired && kind == "userSession" && !context.refreshtoken.trim().is_empty();
    let mut status = Status {
        domain: context.domain.clone(),
        platform: match platform {
            Platform::Astro => "astro",
            Platform::Apc => "apc",
        },
        user: context.user_email.trim().to_string(),
        organization: context.organization.clone(),
        workspace: context.workspace.clone(),
        credential_source: "context",
        credential_store,
        credential_kind: kind,
        expires_at: expires.map(crate::time::format_rfc3339_utc),
        expired,
        renewable,
        ..Status::default()
    };
    status.workspace_name = cached_workspace_name(cx, &status.domain, &status.workspace);
    let problem = if let Some(e) = unreadable {
        Some(e)
    } else if missing {
        Some(Error::msg(format!(
            "not logged in to {}: run astro login {}",
            context.domain, context.domain
        )))
    } else if expired && !renewable {
        Some(Error::msg(format!(
            "your token has expired. Please log in again: run astro login {}",
            context.domain
        )))
    } else {
        None
    };
    let target = match platform {
        Platform::Astro => Target::Astro(AstroSession {
            domain: context.domain.clone(),
            authorization: context.token.clone(),
            organization: context.organization.clone(),
            workspace: context.workspace.clone(),
        }),
        Platform::Apc => Target::Houston {
            domain: context.domain.clone(),
            token: context.token.clone(),
        },
    };
    Ok((status, target, problem))
}

fn api_token_kind(facts: &crate::auth::TokenFacts) -> &'static str {
    if facts.deployment {
        "deploymentApiToken"
    } else if facts.workspace.is_some() {
        "workspaceApiToken"
    } else {
        "organizationApiToken"
    }
}

/// The workspace's name as the last `workspace list` (or switch) saw it; "" when unknown.
fn cached_workspace_name(cx: &Cx, domain: &str, workspace: &str) -> String {
    if workspace.is_empty() {
        return String::new();
    }
    // Exact, for JSON; the table makes it safe to show.
    let cache = CompletionCache::load_exact(&CompletionCache::path_beside(cx.config.path()));
    cache
        .contexts
        .get(domain)
        .and_then(|c| c.workspaces.iter().find(|w| w.id == workspace))
        .map(|w| w.name.clone())
        .unwrap_or_default()
}

/// One authenticated read: the context's workspace, or the first page of one workspace. The
/// stored token is used as it is (a refresh would be a second request and a write). `Some`
/// (the server's message) when the credential works but the workspace does not.
async fn check_astro(cx: &Cx, session: &AstroSession) -> Result<Option<String>> {
    if session.organization.is_empty() {
        return Err(Error::msg(
            "no Organization in the context to check against",
        ));
    }
    let api = AstroRest::new(
        cx.http()?,
        &session.domain,
        &session.authorization,
        &session.organization,
        &cx.env,
    )?;
    Ok(match api.check_access(&session.workspace).await? {
        Access::Granted => None,
        Access::NoWorkspace(message) => Some(message),
    })
}

async fn check_houston(
    cx: &Cx,
    domain: &str,
    token: &str,
    status: &Status,
) -> Result<Option<String>> {
    let api = Houston::new(cx.http()?, domain, token)?;
    if status.workspace.is_empty() {
        return api.workspaces().await.map(|_| None);
    }
    Ok(match api.workspace(&status.workspace).await? {
        Some(_) => None,
        None => Some(format!(
            "no workspaces with id ({}) found",
            output::safe(&status.workspace)
        )),
    })
}

/// Who is logged in where, in one line: the user (or the kind of API token) and the domain.
fn lead(status: &Status) -> String {
    let domain = output::safe(&status.domain);
    let user = output::safe(&status.user);
    // The kind of API token, with its article.
    let token = match status.credential_kind {
        "workspaceApiToken" => Some(("a", "Workspace API token")),
        "organizationApiToken" => Some(("an", "Organization API token")),
        "deploymentApiToken" => Some(("a", "Deployment API token")),
        _ => None,
    };
    let expired = status.expired && !status.renewable;
    match (status.credential_kind, token, user.is_empty()) {
        ("none", _, _) => format!("Not logged in to {domain}"),
        (_, Some((_, token)), _) if expired => format!("The {token} for {domain} has expired"),
        (_, Some((a, token)), _) => format!("Logged in to {domain} with {a} {token}"),
        (_, None, false) if expired => format!("The login to {domain} as {user} has expired"),
        (_, None, true) if expired => format!("The login to {domain} has expired"),
        (_, None, false) => format!("Logged in to {domain} as {user}"),
        (_, None, true) => format!(
            "Logged in to {domain} (the user is not recorded: astro login {domain} records it)"
        ),
    }
}

/// The lead line, then `Key: value` lines, aligned.
fn render(status: &Status, now_unix: i64) -> String {
    let mut lines: Vec<(&str, String)> = vec![(
        "Platform",
        match status.platform {
            "apc" => "Astro Private Cloud".to_string(),
            _ => "Astro".to_string(),
        },
    )];
    if !status.organization.is_empty() {
        lines.push(("Organization", status.organization.clone()));
    }
    let workspace = match (status.workspace.as_str(), status.workspace_name.as_str()) {
        ("", _) => "none (pass --workspace-id or run astro workspace switch)".to_string(),
        (id, "") => id.to_string(),
        (id, name) => format!("{name} ({id})"),
    };
    lines.push(("Workspace", workspace));
    lines.push((
        "Credential",
        match status.credential_source {
            "ASTRO_API_TOKEN" => "ASTRO_API_TOKEN (environment)".to_string(),
            _ => format!(
                "stored in the context, kept in the {}",
                status.credential_store
            ),
        },
    ));
    lines.push((
        "Kind",
        match status.credential_kind {
            "userSession" => "user session",
            "workspaceApiToken" => "Workspace API token",
            "organizationApiToken" => "Organization API token",
            "deploymentApiToken" => "Deployment API token",
            "houstonToken" => "Houston token",
            _ => "none",
        }
        .to_string(),
    ));
    if status.credential_kind != "none" {
        let expires = match &status.expires_at {
            None => "unknown (the token carries no expiry)".to_string(),
            Some(at) if status.renewable => {
                format!("{at} (expired; renewed by the next command)")
            }
            Some(at) if status.expired => format!("{at} (expired)"),
            Some(at) => format!("{at} ({})", time_left(at, now_unix)),
        };
        lines.push(("Expires", expires));
    }
    if let Some(check) = &status.check {
        // What failed, in a word: the reason, and what to do, are the error that follows on
        // stderr, said once (the JSON keeps the server's message in `check.message`).
        lines.push((
            "Check",
            if check.ok {
                "ok: the server accepted the credential"
            } else if check.no_workspace {
                "failed: the credential works, but not the Workspace"
            } else if check.refused {
                "failed: the server refused the credential"
            } else {
                "failed: no answer from the server"
            }
            .to_string(),
        ));
    }
    // One width whatever lines are shown, so the values line up from run to run.
    const WIDTH: usize = 15;
    let mut text = format!("{}\n", lead(status));
    for (key, value) in &lines {
        // Names and messages come from servers and the cache (docs/reliability.md#server-text).
        text.push_str(&format!(
            "{:<WIDTH$}{}\n",
            format!("{key}:"),
            output::safe(value)
        ));
    }
    text
}

/// `in 3 days`, `in 5 hours`, `in 12 minutes`, `in less than a minute`.
fn time_left(at: &str, now_unix: i64) -> String {
    let Some(then) = crate::time::parse_rfc3339(at) else {
        return String::new();
    };
    let span = crate::time::whole_units(then - now_unix);
    format!("in {}", span.as_deref().unwrap_or("less than a minute"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_in_the_largest_unit() {
        let now = 1_735_689_600; // 2025-01-01T00:00:00Z
        assert_eq!(time_left("2025-01-04T01:00:00Z", now), "in 3 days");
        assert_eq!(time_left("2025-01-01T01:00:00Z", now), "in 1 hour");
        assert_eq!(time_left("2025-01-01T00:12:30Z", now), "in 12 minutes");
        assert_eq!(
            time_left("2025-01-01T00:00:30Z", now),
            "in less than a minute"
        );
    }
}
