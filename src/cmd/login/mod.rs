//! `astro login [DOMAIN]` (also `astro auth login`): Astro (`astro.rs`: a pasted token, or the
//! browser flow in `browser.rs`) or Astro Private Cloud (`apc.rs`: username and password, or a
//! pasted OAuth token), then the default workspace (Go: cmd/auth.go, cloud/auth, apc/auth).

mod apc;
mod astro;
mod browser;

use clap::{Args, ValueEnum};

use super::Cx;
use crate::config::{self, Platform};
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The domain to log in to (default: the current context's, else astronomer.io)
    #[arg(value_name = "BASEDOMAIN")]
    pub domain: Option<String>,

    /// Get login link to login on a separate device for cloud CLI login
    #[arg(short = 'l', long)]
    pub login_link: bool,

    /// Login with a token for browserless login; "-" reads the token from stdin
    #[arg(short = 't', long, value_name = "TOKEN", allow_hyphen_values = true)]
    pub token_login: Option<String>,

    /// Do not prompt for local auth for APC login
    #[arg(short = 'o', long)]
    pub oauth: bool,

    /// The platform of the domain, for a domain whose name does not tell (localhost, 127.0.0.1)
    #[arg(long, value_enum, value_name = "PLATFORM")]
    pub platform: Option<PlatformArg>,

    /// Keep the token in the config file (0600, plain text) instead of the system's credential store
    #[arg(long)]
    pub insecure_storage: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    /// Astro (hosted)
    Astro,
    /// Astro Private Cloud (Houston)
    Apc,
}

impl From<PlatformArg> for Platform {
    fn from(p: PlatformArg) -> Platform {
        match p {
            PlatformArg::Astro => Platform::Astro,
            PlatformArg::Apc => Platform::Apc,
        }
    }
}

pub async fn run(args: LoginArgs, cx: &mut Cx) -> Result<()> {
    let (domain, platform) = target(&args, cx)?;
    match platform {
        Platform::Astro => astro::login(&config::format_astro_domain(&domain), &args, cx).await,
        Platform::Apc => apc::login(&domain, &args, cx).await,
    }
}

/// Which domain, and which platform it is: `--platform`, else the stored context's platform, else
/// the name (Astro for the Go CLI's cloud domains and loopback ones, else Private Cloud). Without a
/// domain: the current context, else astronomer.io.
fn target(args: &LoginArgs, cx: &Cx) -> Result<(String, Platform)> {
    let explicit = args.platform.map(Platform::from);
    let named = args
        .domain
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    let domain = match named {
        Some(domain) => domain,
        None => match cx.config.current_context(cx.env.domain.as_deref()) {
            Ok(context) if !context.domain.is_empty() => context.domain,
            _ => "astronomer.io".to_string(),
        },
    };
    let platform = explicit.unwrap_or_else(|| {
        cx.config
            .context(&domain)
            .map(|c| c.platform())
            .unwrap_or_else(|| config::platform_of_domain(&domain))
    });
    if domain.chars().any(char::is_whitespace) {
        return Err(Error::msg(format!("invalid domain {domain:?}")));
    }
    Ok((domain, platform))
}

/// The token given with `--token-login`: the value, or one line of stdin for `-`.
fn given_token(args: &LoginArgs, cx: &mut Cx) -> Result<Option<String>> {
    let Some(given) = args.token_login.as_deref() else {
        return Ok(None);
    };
    let token = if given == "-" {
        cx.prompt.text(
            "",
            "--token-login - reads the token from stdin, but there is no input",
        )?
    } else {
        given.to_string()
    };
    let token = token.trim();
    let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
    if token.is_empty() {
        return Err(Error::msg("the token given with --token-login is empty"));
    }
    Ok(Some(token.to_string()))
}

/// Saves what a login learnt and keeps its secrets (docs/reliability.md#where-secrets-live): in
/// the credential store, or in the config file when asked to or when no store answers, which is
/// then said once on stderr.
fn save_login(
    cx: &mut Cx,
    domain: &str,
    fields: &[(&str, &str)],
    secret: &config::Secret,
    args: &LoginArgs,
) -> Result<()> {
    let store = cx.store();
    let kept = cx
        .config
        .save_login(domain, fields, secret, &store, args.insecure_storage)?;
    let path = cx.config.path().display().to_string();
    match kept {
        config::Kept::Keyring => cx.debug_note(&format!(
            "credentials for {domain}: kept in {}",
            store.name()
        )),
        config::Kept::FileAsAsked => cx.debug_note(&format!(
            "credentials for {domain}: kept in the config file {path} (--insecure-storage)"
        )),
        config::Kept::FileFallback(why) => cx.io.note(&store.fallback_note(&why)),
    }
    Ok(())
}

/// Shown when no default workspace could be chosen (Go's text, on stderr).
const NO_DEFAULT_WORKSPACE: &str = "\nNo default workspace detected, you can list workspaces with \n\tastro workspace list\nand set your default workspace with \n\tastro workspace switch [WORKSPACEID]\n\n";

/// The last line of every login: where, as whom, and in which Workspace, so a person can tell
/// at a glance that it worked and what the next command will act on. It is ours, not Go's, so
/// it goes to stderr and stdout keeps Go's bytes (docs/compatibility.md#apc-login).
fn logged_in_line(domain: &str, user: &str, workspace: Option<(&str, &str)>) -> String {
    // The user and the workspace come from the server (docs/reliability.md#server-text).
    let user = crate::output::safe(user);
    let workspace =
        workspace.map(|(name, id)| (crate::output::safe(name), crate::output::safe(id)));
    let workspace = match workspace {
        Some((name, id)) if !name.is_empty() => format!("Workspace {name} ({id})"),
        Some((_, id)) => format!("Workspace {id}"),
        None => "no Workspace selected: run astro workspace switch".to_string(),
    };
    format!("Logged in to {domain} as {user}, {workspace}\n")
}
