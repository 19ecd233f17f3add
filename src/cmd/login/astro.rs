//! Astro login: a token (`--token-login`) or the browser flow, then who the user is, the
//! organization and the default workspace (Go: cloud/auth.Login and CheckUserSession).
//!
//! Unlike Go, nothing is written until the token has been accepted: a wrong token leaves the
//! config as it was.

use super::browser::{self, Credentials};
use super::{LoginArgs, NO_DEFAULT_WORKSPACE, given_token};
use crate::api::astro::AstroRest;
use crate::api::astro::auth::SelfUserError;
use crate::api::astro::organizations::{Organization, OrganizationLookup};
use crate::api::astro::workspaces::Workspace;
use crate::auth::AstroSession;
use crate::cmd::Cx;
use crate::cmd::workspace::astro::workspaces::{choose_for_switch, switched_table};
use crate::error::{Error, Result};

pub async fn login(domain: &str, args: &LoginArgs, cx: &mut Cx) -> Result<()> {
    let token = given_token(args, cx)?;
    cx.io.note(
        "Welcome to the Astro CLI 🚀\nTo learn more about Astro, go to https://www.astronomer.io/docs\n",
    );
    let given = token.is_some();
    let credentials = match token {
        Some(access_token) => {
            // Go always says "This token will expire in 1 hour"; only the token knows
            // (docs/compatibility.md#login-truth).
            let expires = crate::auth::token_facts(&access_token).and_then(|f| f.expires);
            cx.io.note(&format!(
                "You are logging into Astro via an OAuth token\n{}",
                expiry_note(expires, cx.now_unix)
            ));
            Credentials {
                access_token,
                refresh_token: String::new(),
                expires_in: expires.map(|exp| exp.saturating_sub(cx.now_unix)),
            }
        }
        None => browser::authenticate(domain, args.login_link, cx).await?,
    };

    let http = cx.http()?;
    let mut session = AstroSession {
        domain: domain.to_string(),
        authorization: format!("Bearer {}", credentials.access_token),
        organization: String::new(),
        workspace: String::new(),
    };
    let api = AstroRest::new(
        http.clone(),
        &session.domain,
        &session.authorization,
        &session.organization,
        &cx.env,
    )?;
    let user = api.self_user().await.map_err(|e| match e {
        // Which host refused it, and what to do (docs/compatibility.md#login-truth).
        SelfUserError::Rejected(reason) => {
            let next = if given {
                format!("Get a fresh token and run astro login {domain}")
            } else {
                format!("Run astro login {domain} again")
            };
            Error::Api(format!(
                "the token was refused by {}: {reason}. {next}",
                api_host(domain)
            ))
        }
        SelfUserError::Other(e) => e,
    })?;
    let email = user.username.clone();
    if email.is_empty() {
        return Err(Error::Api("cannot retrieve email".into()));
    }
    cx.io.note(&format!(
        "Logging in as {}\n",
        green(&crate::output::safe(&email), cx.io.err_color)
    ));

    let previous = cx.config.context(domain).unwrap_or_default();
    let organization = resolve_organization(&api, &previous.organization).await?;
    let product = organization
        .product
        .clone()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "HYBRID".into());
    session.organization = organization.id.clone();
    let api = AstroRest::new(
        http,
        &session.domain,
        &session.authorization,
        &session.organization,
        &cx.env,
    )?;
    let workspaces = api.list_workspaces().await?;

    // No expiry the token does not carry: none is stored, so none is claimed later.
    let expires = credentials
        .expires_in
        .map(|lifetime| crate::time::expiry_after(cx.now_unix, lifetime))
        .unwrap_or_default();
    let secret = crate::config::Secret {
        token: session.authorization.clone(),
        refreshtoken: credentials.refresh_token.clone(),
    };
    let mut fields = vec![
        ("expiresin", expires.as_str()),
        ("user_email", email.as_str()),
        ("organization", organization.id.as_str()),
        ("organization_product", product.as_str()),
    ];
    if args.platform.is_some() {
        fields.push(("platform", "astro"));
    }
    super::save_login(cx, domain, &fields, &secret, args)?;

    let workspace = choose_workspace(domain, &previous, workspaces, cx)?;
    cx.io.print("Successfully authenticated to Astronomer\n")?;
    // Ours, so stderr: stdout keeps Go's bytes (docs/compatibility.md#apc-login).
    cx.io.note(&super::logged_in_line(
        domain,
        &email,
        workspace.as_ref().map(|w| (w.name.as_str(), w.id.as_str())),
    ));
    Ok(())
}

/// The context's organization when it is still ours, else the first one listed (Go).
async fn resolve_organization(api: &AstroRest, stored: &str) -> Result<Organization> {
    if !stored.is_empty()
        && let OrganizationLookup::Found(org) = api.organization(stored).await?
        && !org.id.is_empty()
    {
        return Ok(org);
    }
    api.organizations().await?.into_iter().next().ok_or_else(|| {
        Error::Api(
            "no organization found. Please contact your Astro Organization Owner to be invited to the organization"
                .into(),
        )
    })
}

/// One workspace: it. Several: the last used one if it is among them, else the switch menu.
/// None: nothing. A menu that gets no (valid) answer leaves the login done, with Go's hint.
/// Returns the Workspace the context now has, if any.
fn choose_workspace(
    domain: &str,
    previous: &crate::config::Context,
    workspaces: Vec<Workspace>,
    cx: &mut Cx,
) -> Result<Option<Workspace>> {
    let found = |w: &Workspace| {
        format!(
            "\"{}\" Workspace found. This is your default Workspace.\n",
            crate::output::safe(&w.name)
        )
    };
    let last_used = workspaces
        .iter()
        .find(|w| !previous.last_used_workspace.is_empty() && w.id == previous.last_used_workspace);
    match (workspaces.as_slice(), last_used) {
        ([], _) => Ok(None),
        ([only], _) => {
            cx.config.set_context_fields(
                domain,
                &[("workspace", &only.id), ("last_used_workspace", &only.id)],
            )?;
            cx.io.print(&found(only))?;
            Ok(Some(only.clone()))
        }
        (_, Some(last)) => {
            cx.config
                .set_context_fields(domain, &[("workspace", &last.id)])?;
            cx.io.print(&found(last))?;
            Ok(Some(last.clone()))
        }
        (_, None) => {
            cx.io.note("\nPlease choose a workspace:\n");
            let no_input =
                "no workspace selected and no input to choose one: run astro workspace switch";
            match choose_for_switch(cx, workspaces, &previous.workspace, no_input) {
                Ok(w) => {
                    cx.config.set_context_fields(
                        domain,
                        &[("workspace", &w.id), ("last_used_workspace", &w.id)],
                    )?;
                    cx.io.print(&switched_table(domain, &w.id))?;
                    Ok(Some(w))
                }
                Err(e) => {
                    cx.io.note(&format!("Warning: {e}\n{NO_DEFAULT_WORKSPACE}"));
                    Ok(None)
                }
            }
        }
    }
}

/// What a given token says about its own expiry, from its `exp` when it has one; nothing about
/// expiry when it has none. It never refreshes: there is no refresh token.
fn expiry_note(expires: Option<i64>, now_unix: i64) -> String {
    match expires {
        Some(exp) if exp > now_unix => format!(
            "This token will expire in {} and will not refresh\n",
            in_words(exp - now_unix)
        ),
        Some(exp) => format!(
            "This token expired {} and will not refresh\n",
            crate::output::time_ago(Some(&crate::time::format_rfc3339_utc(exp)), now_unix)
                .to_lowercase()
        ),
        None => "This token will not refresh\n".to_string(),
    }
}

/// `1 hour`, `59 minutes`, `3 days`: the largest whole unit, as Go's "1 hour".
fn in_words(seconds: i64) -> String {
    crate::time::whole_units(seconds).unwrap_or_else(|| "less than a minute".to_string())
}

/// The host that answers the Astro API for `domain` (`api.astronomer.io`), to name it.
fn api_host(domain: &str) -> String {
    let base = crate::config::astro_base_url(domain);
    reqwest::Url::parse(&base)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_string();
            Some(match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or(base)
}

fn green(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[32m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_token_claims_only_the_expiry_it_carries() {
        let now = 1_800_000_000;
        assert_eq!(
            expiry_note(Some(now + 3_600), now),
            "This token will expire in 1 hour and will not refresh\n"
        );
        assert_eq!(
            expiry_note(Some(now + 3 * 86_400 + 5), now),
            "This token will expire in 3 days and will not refresh\n"
        );
        assert_eq!(
            expiry_note(Some(now + 59 * 60 + 59), now),
            "This token will expire in 59 minutes and will not refresh\n"
        );
        assert_eq!(
            expiry_note(Some(now - 2 * 3_600), now),
            "This token expired 2 hours ago and will not refresh\n"
        );
        assert_eq!(expiry_note(None, now), "This token will not refresh\n");
        assert_eq!(in_words(30), "less than a minute");
    }

    #[test]
    fn the_refusing_host_is_the_api_host() {
        assert_eq!(api_host("astronomer.io"), "api.astronomer.io");
        assert_eq!(api_host("127.0.0.1:8080"), "127.0.0.1:8080");
    }
}
