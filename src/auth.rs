//! Who we are on Astro for this process: the stored context, or `ASTRO_API_TOKEN`.
//!
//! Unlike the Go CLI (docs/compatibility.md#api-token) an API token is never written to the
//! config file and costs no request: the organization and workspace come from the token's
//! claims. A stored user token about to expire is refreshed first, as the Go CLI does
//! (docs/compatibility.md#token-refresh): the only request and the only write made here.

use std::io::Write;

use base64::Engine as _;
use serde::Deserialize;

use crate::api::Http;
use crate::api::astro::auth::{fetch_auth_config, refresh_grant};
use crate::config::{Config, Context, Platform, Secret, Store};
use crate::env::Env;
use crate::error::{Error, Result};

/// A stored user token is refreshed when it expires within this many seconds (the Go CLI's
/// margin too).
const REFRESH_MARGIN_SECS: i64 = 5 * 60;

/// What an Astro REST call needs: where, as whom, in which organization; and the default
/// workspace for commands that take `--workspace-id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AstroSession {
    pub domain: String,
    /// The `authorization` header value, sent verbatim (`Bearer …`).
    pub authorization: String,
    pub organization: String,
    pub workspace: String,
}

#[derive(Debug, Deserialize, Default)]
struct Claims {
    #[serde(default)]
    permissions: Option<Vec<String>>,
    #[serde(default)]
    exp: Option<f64>,
}

/// Permissions of an Astro API token: `workspaceId:<id>` / `organizationId:<id>` (last wins).
#[derive(Debug, Default, PartialEq, Eq)]
struct TokenScope {
    organization: Option<String>,
    workspace: Option<String>,
}

/// Resolves the Astro session. With `ASTRO_API_TOKEN` set, says so on stderr first, as the Go CLI
/// does (on stdout there: docs/compatibility.md#stderr).
/// With a stored context, its secrets are read from where it keeps them (`store`), and the
/// second value is its refresh token when the token must be refreshed before use.
pub fn astro_session(
    config: &Config,
    env: &Env,
    store: &Store,
    now_unix: i64,
    stderr: &mut dyn Write,
) -> Result<(AstroSession, Option<String>)> {
    let Some(api_token) = env.api_token.as_deref() else {
        let mut context = config.current_context(env.domain.as_deref())?;
        store.load(&mut context)?;
        if context.token.trim().is_empty() || context.token.trim() == "Bearer" {
            return Err(Error::msg(format!(
                "not logged in to {}: run astro login or set ASTRO_API_TOKEN",
                context.domain
            )));
        }
        let refresh = refresh_due(&context, now_unix);
        let session = AstroSession {
            domain: context.domain,
            authorization: context.token,
            organization: context.organization,
            workspace: context.workspace,
        };
        return Ok((session, refresh));
    };

    let _ = writeln!(stderr, "Using an Astro API Token");
    let authorization = format!("Bearer {api_token}");
    // Checked before anything else so the error names the variable (never its value) rather
    // than failing later as an anonymous header.
    if reqwest::header::HeaderValue::from_str(&authorization).is_err() {
        return Err(Error::msg(
            "ASTRO_API_TOKEN cannot be sent as an HTTP header: it holds a line break or another character a header cannot carry. Set it to the token alone, on one line",
        ));
    }
    let scope = decode_api_token(api_token, now_unix)?;
    // The token stands in for the context's credentials; without a (usable Astro) context the
    // process works on an in-memory one for ASTRO_DOMAIN or astronomer.io.
    let context = config
        .current_context(env.domain.as_deref())
        .ok()
        .filter(|c| c.platform() == Platform::Astro);
    let (domain, organization, workspace) = match context {
        Some(c) => (c.domain, c.organization, c.workspace),
        None => (
            env.domain
                .clone()
                .unwrap_or_else(|| "astronomer.io".to_string()),
            String::new(),
            String::new(),
        ),
    };
    let session = AstroSession {
        domain,
        authorization,
        organization: scope.organization.unwrap_or(organization),
        workspace: scope.workspace.unwrap_or(workspace),
    };
    Ok((session, None))
}

/// The claims of a JWT, read without checking its signature (the server does); `None` when
/// `token` is not a JWT.
fn claims_of(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// What a token says about itself, read locally (`astro auth status`): never its value.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TokenFacts {
    /// `exp`, in seconds since the Unix epoch.
    pub expires: Option<i64>,
    /// The token carries Astro API token permissions (`workspaceId:…`, `organizationId:…`).
    pub api_token: bool,
    pub organization: Option<String>,
    pub workspace: Option<String>,
    /// A `deploymentId:…` permission: a Deployment API token.
    pub deployment: bool,
}

/// The facts of `token` (with or without `Bearer `), or `None` when it is not a JWT.
pub fn token_facts(token: &str) -> Option<TokenFacts> {
    let token = token.trim();
    let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
    let claims = claims_of(token)?;
    let mut facts = TokenFacts {
        expires: claims.exp.map(|exp| exp as i64),
        ..TokenFacts::default()
    };
    let scope = scope_of(claims.permissions.as_deref().unwrap_or_default());
    facts.deployment = claims
        .permissions
        .unwrap_or_default()
        .iter()
        .any(|p| p.starts_with("deploymentId:"));
    facts.api_token = scope.organization.is_some() || scope.workspace.is_some() || facts.deployment;
    facts.organization = scope.organization;
    facts.workspace = scope.workspace;
    Some(facts)
}

/// Reads the claims of an Astro API token without checking its signature (the server does).
fn decode_api_token(token: &str, now_unix: i64) -> Result<TokenScope> {
    let claims = claims_of(token).ok_or(Error::ApiTokenInvalid)?;
    if let Some(exp) = claims.exp
        && exp < now_unix as f64
    {
        return Err(Error::ApiTokenExpired);
    }
    Ok(scope_of(claims.permissions.as_deref().unwrap_or_default()))
}

fn scope_of(permissions: &[String]) -> TokenScope {
    let mut scope = TokenScope::default();
    for permission in permissions {
        // Entries without ':' are skipped (the Go CLI panics on them).
        let mut fields = permission.split(':');
        let (Some(kind), Some(id)) = (fields.next(), fields.next()) else {
            continue;
        };
        match kind {
            "workspaceId" => scope.workspace = Some(id.to_string()),
            "organizationId" => scope.organization = Some(id.to_string()),
            _ => {}
        }
    }
    scope
}

/// The refresh token of `context` (its secrets read) when its user token must be refreshed
/// before use: a stored expiry within 5 minutes (or past), a refresh token. A token without a
/// (readable) expiry or without a refresh token is used as it is. `ASTRO_API_TOKEN` never
/// gets here.
pub fn refresh_due(context: &Context, now_unix: i64) -> Option<String> {
    let refresh_token = context.refreshtoken.trim();
    if refresh_token.is_empty() {
        return None;
    }
    let expires = crate::time::parse_rfc3339(context.expiresin.trim())?;
    (expires - now_unix <= REFRESH_MARGIN_SECS).then(|| refresh_token.to_string())
}

/// Trades the refresh token for a new user token at the domain's auth server (as the browser login
/// finds it) and saves the token, the new refresh token if one came, and the expiry under
/// `key_domain`: the secrets where the context keeps them (the store or the file), in one write.
/// Nothing else changes: the Go CLI also overwrites `workspace` with `last_used_workspace` here
/// (docs/compatibility.md#token-refresh). The config lock is held from before the request until
/// the write, and the context read again under it: a process that waited while another
/// refreshed uses the token that one saved, so two at once leave one valid token
/// (docs/reliability.md#where-secrets-live). Any failure means logging in again, which is left to
/// the user: a workspace command never starts an interactive login. Returns the new
/// `authorization` value.
pub async fn refresh_stored_token(
    http: &Http,
    config: &mut Config,
    store: &Store,
    key_domain: &str,
    domain: &str,
    refresh_token: &str,
    now_unix: i64,
) -> Result<String> {
    // The reason stays out of the message (the requests show in --verbosity debug); no token
    // value is ever part of it.
    let expired = |_| {
        Error::msg(format!(
            "your token has expired. Please log in again: run astro login {domain}"
        ))
    };
    // A config that cannot take the new token is said before the server issues one: the
    // refresh token may be replaced by the answer, and losing it would end the session
    // (docs/reliability.md#read-only-config).
    config.ensure_writable()?;
    let mut locked = config.lock()?;
    let mut refresh_token = refresh_token.to_string();
    if let Some(mut now_stored) = locked.context(key_domain) {
        store.load(&mut now_stored)?;
        match refresh_due(&now_stored, now_unix) {
            // Refreshed by another process while this one waited for the lock.
            None if !now_stored.token.trim().is_empty() => return Ok(now_stored.token),
            Some(latest) => refresh_token = latest,
            None => {}
        }
    }
    let auth = fetch_auth_config(http, domain).await.map_err(expired)?;
    let grant = refresh_grant(http, &auth, &refresh_token)
        .await
        .map_err(expired)?;
    let authorization = format!("Bearer {}", grant.access_token);
    let lifetime = grant.expires_in.filter(|s| *s > 0).unwrap_or(3600);
    let expires = crate::time::expiry_after(now_unix, lifetime);
    let secret = Secret {
        token: authorization.clone(),
        refreshtoken: if grant.refresh_token.is_empty() {
            refresh_token
        } else {
            grant.refresh_token
        },
    };
    Config::save_refreshed(
        &mut locked,
        key_domain,
        &secret,
        &[("expiresin", expires.as_str())],
        store,
    )?;
    locked.save()?;
    Ok(authorization)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An unsigned JWT with the given payload, as tests need.
    pub fn jwt(payload: &serde_json::Value) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            engine.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
            engine.encode(payload.to_string())
        )
    }

    #[test]
    fn permissions_give_workspace_and_organization() {
        let token = jwt(&serde_json::json!({
            "permissions": ["organizationId:org1", "bogus", "workspaceId:ws1", "workspaceId:ws2"],
            "exp": 4_000_000_000u64
        }));
        let scope = decode_api_token(&token, 1_700_000_000).unwrap();
        assert_eq!(scope.organization.as_deref(), Some("org1"));
        assert_eq!(scope.workspace.as_deref(), Some("ws2"));
    }

    #[test]
    fn expired_and_malformed_tokens() {
        let expired = jwt(&serde_json::json!({"permissions": [], "exp": 1000}));
        assert!(matches!(
            decode_api_token(&expired, 2000),
            Err(Error::ApiTokenExpired)
        ));
        for bad in ["", "abc", "a.b", "a.!!!.c", "a.b.c.d"] {
            assert!(
                matches!(decode_api_token(bad, 0), Err(Error::ApiTokenInvalid)),
                "{bad}"
            );
        }
    }

    #[test]
    fn api_token_without_context_uses_astronomer_io_and_says_so() {
        let config = Config::from_str("c.toml".into(), "").unwrap();
        let token = jwt(&serde_json::json!({"permissions": ["organizationId:o", "workspaceId:w"]}));
        let env = Env {
            api_token: Some(token.clone()),
            ..Env::default()
        };
        let mut err = Vec::new();
        let store = Store::new(Some("none"), std::path::Path::new("c.toml"), false);
        let (session, refresh) = astro_session(&config, &env, &store, 0, &mut err).unwrap();
        assert_eq!(refresh, None);
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "Using an Astro API Token\n"
        );
        assert_eq!(session.domain, "astronomer.io");
        assert_eq!(session.authorization, format!("Bearer {token}"));
        assert_eq!(
            (session.organization.as_str(), session.workspace.as_str()),
            ("o", "w")
        );
    }

    #[test]
    fn stored_context_without_token_asks_for_login() {
        let config = Config::from_str(
            "c.toml".into(),
            "context = \"astronomer.io\"\n[contexts.astronomer_io]\ndomain = \"astronomer.io\"\n",
        )
        .unwrap();
        let store = Store::new(Some("none"), std::path::Path::new("c.toml"), false);
        let err = astro_session(&config, &Env::default(), &store, 0, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("astro login"), "{err}");
    }

    #[test]
    fn refresh_is_due_within_five_minutes_of_expiry_with_a_refresh_token() {
        let config = |refresh: &str, expires: &str| {
            Config::from_str(
                "c.toml".into(),
                &format!(
                    "context = \"astronomer.io\"\n[contexts.astronomer_io]\ndomain = \"astronomer.io\"\ntoken = \"Bearer t\"\nrefreshtoken = \"{refresh}\"\nexpiresin = \"{expires}\"\n"
                ),
            )
            .unwrap()
        };
        // 2025-01-01T00:00:00Z
        let now = 1_735_689_600;
        let due = |c: &Config| refresh_due(&c.current_context(None).unwrap(), now);
        assert_eq!(
            due(&config("r", "2025-01-01T00:05:00Z")).as_deref(),
            Some("r")
        );
        assert_eq!(
            due(&config("r", "2024-12-31T00:00:00Z")).as_deref(),
            Some("r")
        );
        assert_eq!(due(&config("r", "2025-01-01T00:05:01Z")), None);
        assert_eq!(
            due(&config("r", "2025-01-01T01:04:00+01:00")).as_deref(),
            Some("r")
        );
        assert_eq!(due(&config("", "2024-12-31T00:00:00Z")), None);
        assert_eq!(due(&config("r", "")), None);
        assert_eq!(due(&config("r", "soon")), None);
    }
}
