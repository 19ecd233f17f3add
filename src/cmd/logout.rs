//! `astro logout [DOMAIN]` (Go: cmd/auth.go, cloud/auth.Logout, apc/auth.Logout).

use clap::Args;
use clap_complete::engine::ArgValueCandidates;

use super::Cx;
use super::completion::candidates;
use crate::config::Platform;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// The domain to log out of (default: the current context)
    #[arg(value_name = "DOMAIN", add = ArgValueCandidates::new(candidates::contexts))]
    pub domain: Option<String>,
}

/// Forgets the context's credentials and, when it was the current one, clears the current
/// context. Unlike Go, logging out of another domain leaves the current context alone, the
/// refresh token is forgotten too, and an unknown domain is an error rather than a new, empty
/// context.
pub fn run(args: LogoutArgs, cx: &mut Cx) -> Result<()> {
    let context = match args.domain.as_deref().map(str::trim) {
        Some(domain) if !domain.is_empty() => cx.config.context(domain).ok_or_else(|| {
            Error::msg(format!(
                "not logged in to {domain}: there is no context for it (astro context list shows the contexts)"
            ))
        })?,
        _ => cx.config.current_context(cx.env.domain.as_deref())?,
    };
    let mut fields = vec![("token", ""), ("refreshtoken", ""), ("expiresin", "")];
    if context.platform() == Platform::Astro {
        fields.push(("user_email", ""));
    }
    // The store's entry goes first, under the config lock; a store that cannot remove it stops
    // the logout with nothing changed (docs/reliability.md#where-secrets-live).
    let store = cx.store();
    cx.config.forget_secrets(&context.domain, &fields, &store)?;
    let was_current = cx.config.stored_current_domain() == context.domain;
    if was_current {
        cx.config.reset_current_context()?;
    }
    if context.platform() == Platform::Astro {
        // Go's line (Go prints nothing for Private Cloud).
        cx.io.print("Successfully logged out of Astronomer\n")?;
    }
    // What was forgotten, and what stays: the context itself, for the next login. Ours, so
    // stderr: stdout keeps Go's bytes (docs/compatibility.md#apc-login).
    let user = if context.user_email.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::output::safe(&context.user_email))
    };
    let current = if was_current {
        "; no context is current now"
    } else {
        ""
    };
    cx.io.note(&format!(
        "Forgot the credentials for {domain}{user}{current}. Log in again with astro login {domain}\n",
        domain = context.domain,
    ));
    Ok(())
}
