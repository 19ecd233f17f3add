//! Astro Private Cloud login, as the Go CLI's: username and password (Houston `createToken`), or
//! the OAuth token pasted from `https://app.<domain>/token`, or (for scripts) the token from
//! `--token-login` / stdin; then the default workspace.
//!
//! Unlike the Go CLI (docs/compatibility.md#apc-login): `--token-login` works here; a disabled
//! basic auth is an error instead of a login with an empty token; the token is checked (by listing
//! workspaces) before it is saved.

use super::{LoginArgs, NO_DEFAULT_WORKSPACE, given_token};
use crate::api::houston::Houston;
use crate::api::houston::workspaces::Workspace;
use crate::cmd::Cx;
use crate::cmd::workspace::apc::switch::cluster_table;
use crate::cmd::workspace::apc::workspace::{find_workspace, pick_workspace};
use crate::config::{self, Platform};
use crate::error::{Error, Result};

pub async fn login(domain: &str, args: &LoginArgs, cx: &mut Cx) -> Result<()> {
    if let Ok(current) = cx.config.current_context(cx.env.domain.as_deref())
        && current.platform() == Platform::Astro
    {
        cx.io.note("To login to APC follow the instructions below. If you are attempting to login in to Astro cancel the login and run 'astro login'.\n\n");
    }
    let interactive = cx.config.settings()?.interactive;
    let previous = cx.config.context(domain).unwrap_or_default();

    let http = cx.http()?;
    // Who logged in, when a username was typed; a token given says nothing about its owner.
    let (token, username) = match given_token(args, cx)? {
        Some(token) => (token, None),
        None => {
            let anonymous = Houston::new(http.clone(), domain, "")?;
            ask_for_token(domain, args, &anonymous, cx).await?
        }
    };
    let user = match &username {
        Some(name) => name.clone(),
        None if args.token_login.is_some() => "the token given".to_string(),
        None => "the OAuth token given".to_string(),
    };

    // The new token must work before it replaces anything.
    let api = Houston::new(http, domain, &token)?;
    let workspaces = if interactive {
        // Two are enough to tell one workspace from many (Go).
        api.paginated_workspaces(2, 0).await
    } else {
        api.workspaces().await
    }
    .map_err(|e| refused(e, domain, &api))?;

    // The user is stored for `astro auth status` (docs/compatibility.md#auth-status); a token
    // login clears a name that belonged to the token it replaces. The token itself goes where
    // `save_login` keeps secrets (docs/reliability.md#where-secrets-live).
    let mut fields = vec![("user_email", username.as_deref().unwrap_or_default())];
    if args.platform.is_some() || config::platform_of_domain(domain) != Platform::Apc {
        fields.push(("platform", "apc"));
    }
    let secret = config::Secret {
        token: token.clone(),
        refreshtoken: String::new(),
    };
    super::save_login(cx, domain, &fields, &secret, args)?;
    // Go prints this table first, before the username prompt, so a refused token or a Ctrl-C
    // left it on screen as if the login had worked. It comes once the token is accepted and
    // saved; stdout holds the same bytes (docs/compatibility.md#apc-login). Go shows a row of
    // N/A for a domain it has never seen; this says something only when there is a context.
    if !previous.workspace.is_empty() {
        cx.io.print(&cluster_table(domain, &previous.workspace))?;
    }

    let workspace = default_workspace(domain, &previous, &api, workspaces, cx).await?;
    // Ours, so stderr: stdout keeps Go's bytes (docs/compatibility.md#apc-login).
    cx.io.note(&super::logged_in_line(
        domain,
        &user,
        workspace
            .as_ref()
            .map(|w| (w.label.as_str(), w.id.as_str())),
    ));
    Ok(())
}

/// Go's choice of the context's Workspace after a login: the only one, the last used one, or
/// the menu; returns the one the context now has, if any.
async fn default_workspace(
    domain: &str,
    previous: &config::Context,
    api: &Houston,
    workspaces: Vec<Workspace>,
    cx: &mut Cx,
) -> Result<Option<Workspace>> {
    match workspaces.as_slice() {
        [] => Ok(None),
        [only] => {
            cx.config.set_context_fields(
                domain,
                &[("workspace", &only.id), ("last_used_workspace", &only.id)],
            )?;
            cx.io.print(&format!(
                "\n\"{}\" Workspace found. This is your default Workspace.\n",
                crate::output::safe(&only.label)
            ))?;
            Ok(Some(only.clone()))
        }
        _ => {
            let last = &previous.last_used_workspace;
            if !last.is_empty()
                && let Ok(Some(w)) = api.workspace(last).await
                && w.id == *last
            {
                cx.config
                    .set_context_fields(domain, &[("workspace", last)])?;
                return Ok(Some(w));
            }
            cx.io.note("\nPlease choose a workspace:\n");
            match pick_and_check(api, &previous.workspace, cx).await {
                Ok(chosen) => {
                    cx.config.set_context_fields(
                        domain,
                        &[
                            ("workspace", &chosen.id),
                            ("last_used_workspace", &chosen.id),
                        ],
                    )?;
                    cx.io.print(&cluster_table(domain, &chosen.id))?;
                    Ok(Some(chosen))
                }
                Err(e) => {
                    cx.io.note(&format!("Warning: {e}\n{NO_DEFAULT_WORKSPACE}"));
                    Ok(None)
                }
            }
        }
    }
}

/// Username and password, or the pasted OAuth token, as the auth configuration allows; with
/// the username when one was typed (a pasted token does not say whose it is).
async fn ask_for_token(
    domain: &str,
    args: &LoginArgs,
    anonymous: &Houston,
    cx: &mut Cx,
) -> Result<(String, Option<String>)> {
    let auth = anonymous.auth_config().await?;
    let username = if !args.oauth && auth.local_enabled() {
        cx.prompt.text(
            "Username (leave blank for oAuth): ",
            "login needs a username but there is no input: pass --token-login - and give the token on stdin, or --oauth",
        )?
    } else {
        String::new()
    };
    let username = username.trim();
    if username.is_empty() {
        if !auth.has_providers() {
            return Err(Error::msg("cannot authenticate, oauth is disabled"));
        }
        cx.io.note(&format!(
            "\nPlease visit the following URL, authenticate and paste token in next prompt\n\n{}/token\n\n",
            app_url(domain)
        ));
        let token = cx.prompt.secret(
            "oAuth Token: ",
            "login needs the OAuth token but there is no input: pass --token-login - and give the token on stdin",
        )?;
        let token = token.trim();
        if token.is_empty() {
            return Err(Error::msg("no oAuth token given"));
        }
        return Ok((token.to_string(), None));
    }
    if !auth.local_enabled() {
        return Err(Error::msg(
            "Basic authentication is disabled, conact administrator or defer back to oAuth",
        ));
    }
    let password = cx.prompt.secret(
        "Password: ",
        "login needs a password but there is no input: pass --token-login - and give the token on stdin",
    )?;
    let token = anonymous
        .create_token(username, &password)
        .await
        .map_err(|e| Error::msg(format!("local auth login failed: {e}")))?;
    Ok((token, Some(username.to_string())))
}

/// Go's switch picker without pagination (the one `astro workspace switch` shows), the choice
/// checked with `GetWorkspace` as Go does.
async fn pick_and_check(api: &Houston, current: &str, cx: &mut Cx) -> Result<Workspace> {
    let no_input = "no workspace selected and no input to choose one: run astro workspace switch";
    let chosen = pick_workspace(api, cx, current, None, no_input).await?;
    find_workspace(api, &chosen.id).await?;
    Ok(chosen)
}

/// A token Houston would not take, said as such: which host refused it, its reason, and how to
/// get one it takes (docs/compatibility.md#login-truth). Other failures are left as they are.
fn refused(e: Error, domain: &str, api: &Houston) -> Error {
    let Error::Api(text) = &e else {
        return e;
    };
    // The client's own advice (run astro login) is replaced by the fuller one below.
    let reason = text
        .strip_suffix(&format!(": run astro login {domain}"))
        .unwrap_or(text);
    if !crate::api::houston::is_refusal(reason) {
        return e;
    }
    Error::Api(format!(
        "the token was refused by {}: {reason}. Get a fresh token from {}/token and run astro login {domain}",
        api.host(),
        app_url(domain)
    ))
}

/// Where the APC UI hands out tokens: `https://app.<domain>`, or the loopback server itself.
fn app_url(domain: &str) -> String {
    if config::is_loopback(domain) {
        format!("http://{domain}")
    } else {
        format!("https://app.{domain}")
    }
}
