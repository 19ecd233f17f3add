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
    let credentials = match token {
        Some(access_token) => {
            cx.io.note("You are logging into Astro via an OAuth token\nThis token will expire in 1 hour and will not refresh\n");
            Credentials {
                access_token,
                refresh_token: String::new(),
                expires_in: 3600,
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
        SelfUserError::Rejected(reason) => Error::Api(format!(
            "the token was not accepted by {domain}: {reason}. Log in again, or get a new token"
        )),
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

    let expires = crate::time::expiry_after(cx.now_unix, credentials.expires_in);
    let mut fields = vec![
        ("token", session.authorization.as_str()),
        ("refreshtoken", credentials.refresh_token.as_str()),
        ("expiresin", expires.as_str()),
        ("user_email", email.as_str()),
        ("organization", organization.id.as_str()),
        ("organization_product", product.as_str()),
    ];
    if args.platform.is_some() {
        fields.push(("platform", "astro"));
    }
    cx.config.save_login(domain, &fields)?;

    let workspace = choose_workspace(domain, &previous, workspaces, cx)?;
    cx.io.print("Successfully authenticated to Astronomer\n")?;
    cx.io.print(&super::logged_in_line(
        domain,
        &email,
        workspace.as_ref().map(|w| (w.name.as_str(), w.id.as_str())),
    ))
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

fn green(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[32m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
