//! `astro auth login|logout|token`, as in the Go CLI. `astro login` and `astro logout` are the
//! top-level aliases of the first two.

use clap::{Args, Subcommand};

use super::Cx;
use super::login::LoginArgs;
use super::logout::LogoutArgs;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct AuthNamespace {
    #[command(subcommand)]
    pub command: AuthCommand,
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Log in to Astronomer
    #[command(long_about = "Authenticate to Astro or APC.")]
    Login(LoginArgs),
    /// Log out of Astronomer
    Logout(LogoutArgs),
    /// Print the authentication token
    #[command(
        long_about = "Print the current authentication token to standard output. This is useful for using the token in scripts or CI/CD pipelines."
    )]
    Token(TokenArgs),
    /// Show the current context and credential
    #[command(
        long_about = "Show where astro is pointed and as whom: the domain, platform, Organization and Workspace of the current context, where the credential comes from (the context or ASTRO_API_TOKEN), its kind and when it expires. Everything is read locally and the token is never printed; --check also makes one request to prove the credential works. Exits 1 with the reason when there is no context, the credential is missing or expired, or the check fails."
    )]
    Status(super::auth_status::StatusArgs),
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Print the token for a specific context domain instead of the current context
    #[arg(short, long, value_name = "DOMAIN")]
    pub domain: Option<String>,
}

pub async fn run(ns: AuthNamespace, cx: &mut Cx) -> Result<()> {
    match ns.command {
        AuthCommand::Login(args) => super::login::run(args, cx).await,
        AuthCommand::Logout(args) => super::logout::run(args, cx),
        AuthCommand::Token(args) => token(args, cx),
        AuthCommand::Status(args) => super::auth_status::status(&args, cx).await,
    }
}

/// The stored token without its `Bearer ` prefix, and nothing else, on stdout.
fn token(args: TokenArgs, cx: &mut Cx) -> Result<()> {
    let context = match args.domain.as_deref().map(str::trim) {
        Some(domain) if !domain.is_empty() => {
            cx.config.context(domain).ok_or(Error::NotConnected)?
        }
        _ => cx.config.current_context(cx.env.domain.as_deref())?,
    };
    let context = cx.context_with_secrets(context)?;
    let token = context.token.trim();
    let raw = token.strip_prefix("Bearer ").unwrap_or(token).trim();
    if raw.is_empty() || raw == "Bearer" {
        return Err(Error::msg(
            "no token found. Please run 'astro login' to authenticate",
        ));
    }
    cx.io.print(&format!("{raw}\n"))
}
