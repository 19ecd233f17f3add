//! What `astro login` asks Astro: the domain's auth configuration and the OAuth token exchange
//! (on the auth domain it names) and who the token belongs to (`GET /users/self`) (Go:
//! cloud/auth, pkg/astroauth). The organization's workspaces come from `workspaces.rs`.

use reqwest::Method;
use serde::Deserialize;

use super::{AstroRest, api_error, decode, null_default, unexpected};
use crate::api::{Http, Request, Retry};
use crate::error::{Error, Result};

/// `GET …/private/v1alpha1/cli/auth-config`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfig {
    #[serde(default, deserialize_with = "null_default")]
    pub client_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub audience: String,
    /// The OAuth server, ending in `/` (e.g. `https://auth.astronomer.io/`).
    #[serde(default, deserialize_with = "null_default")]
    pub domain_url: String,
}

/// The answer of `POST <auth>/oauth/token`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenGrant {
    #[serde(default, deserialize_with = "null_default")]
    pub access_token: String,
    #[serde(default, deserialize_with = "null_default")]
    pub refresh_token: String,
    #[serde(default)]
    pub expires_in: Option<i64>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub error_description: String,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SelfUser {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    /// Astro usernames are the users' email addresses.
    #[serde(default, deserialize_with = "null_default")]
    pub username: String,
    #[serde(default, deserialize_with = "null_default")]
    pub full_name: String,
    #[serde(default)]
    pub organization_id: Option<String>,
}

/// Why `GET /users/self` failed: the token was refused (401/403), or something else.
#[derive(Debug)]
pub enum SelfUserError {
    Rejected(String),
    Other(Error),
}

impl AstroRest {
    /// `GET /users/self?createIfNotExist=true`: as Go, the user is created on first login.
    pub async fn self_user(&self) -> Result<SelfUser, SelfUserError> {
        let url = self.root_url(&["users", "self"], &[("createIfNotExist", "true")]);
        let reply = self.get_reply(url).await.map_err(SelfUserError::Other)?;
        match reply.status {
            200 => decode(&reply).map_err(SelfUserError::Other),
            401 | 403 => Err(SelfUserError::Rejected(api_error(&reply).to_string())),
            _ => Err(SelfUserError::Other(api_error(&reply))),
        }
    }
}

/// Where a domain publishes its auth configuration: beside the API (`api.<domain>`), or on the
/// loopback server itself.
pub fn auth_config_url(domain: &str) -> String {
    let base = crate::config::astro_base_url(domain);
    let root = base.strip_suffix("/v1").unwrap_or(&base);
    format!("{root}/private/v1alpha1/cli/auth-config")
}

/// Fetches the domain's auth configuration (no credentials needed).
pub async fn fetch_auth_config(http: &Http, domain: &str) -> Result<AuthConfig> {
    let text = auth_config_url(domain);
    let url = reqwest::Url::parse(&text)
        .map_err(|e| Error::msg(format!("invalid address {text}: {e}")))?;
    let request = Request {
        method: Method::GET,
        url,
        headers: vec![("x-astro-client-identifier", "cli".to_string())],
        json_body: None,
        operation: None,
    };
    let reply = http.send(request, Retry::IdempotentRead).await?;
    if reply.status != 200 {
        return Err(Error::Api(format!(
            "{text} answered with status {}",
            reply.status
        )));
    }
    let config: AuthConfig =
        serde_json::from_slice(&reply.body).map_err(|e| unexpected("auth configuration", &e))?;
    if config.domain_url.is_empty() || config.client_id.is_empty() {
        return Err(Error::Api(format!(
            "{text} did not give an auth server (domainUrl) and client (clientId)"
        )));
    }
    Ok(config)
}

/// `POST <auth>/oauth/token`: the PKCE authorization code exchange of the browser login.
pub async fn exchange_code(
    http: &Http,
    config: &AuthConfig,
    verifier: &str,
    code: &str,
    redirect_uri: &str,
) -> Result<TokenGrant> {
    token_request(
        http,
        config,
        &[
            ("client_id", config.client_id.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", redirect_uri),
        ],
    )
    .await
}

/// `POST <auth>/oauth/token` with `grant_type=refresh_token`: a new user token for the one
/// about to expire (docs/compatibility.md#token-refresh).
pub async fn refresh_grant(
    http: &Http,
    config: &AuthConfig,
    refresh_token: &str,
) -> Result<TokenGrant> {
    token_request(
        http,
        config,
        &[
            ("client_id", config.client_id.as_str()),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

/// `POST <auth>/oauth/token` with a form body. Never sent twice: a code is single use, and
/// the auth server may rotate a refresh token when it is used.
async fn token_request(
    http: &Http,
    config: &AuthConfig,
    form_fields: &[(&str, &str)],
) -> Result<TokenGrant> {
    let text = format!("{}oauth/token", with_slash(&config.domain_url));
    let url = reqwest::Url::parse(&text).map_err(|e| {
        // The address came from the server's auth configuration.
        Error::msg(format!(
            "invalid address {}: {e}",
            crate::output::safe(&text)
        ))
    })?;
    let mut form =
        reqwest::Url::parse("http://form.invalid/").map_err(|e| Error::msg(e.to_string()))?;
    form.query_pairs_mut().extend_pairs(form_fields);
    let request = Request {
        method: Method::POST,
        url,
        headers: vec![(
            "content-type",
            "application/x-www-form-urlencoded".to_string(),
        )],
        json_body: Some(form.query().unwrap_or_default().to_string()),
        operation: None,
    };
    let reply = http.send(request, Retry::Never).await?;
    let grant: TokenGrant = serde_json::from_slice(&reply.body).map_err(|_| {
        Error::Api(format!(
            "the token exchange failed, status {}",
            reply.status
        ))
    })?;
    if grant.error.is_some() || grant.access_token.is_empty() {
        let reason = if grant.error_description.is_empty() {
            grant
                .error
                .clone()
                .unwrap_or_else(|| "no access token".into())
        } else {
            grant.error_description.clone()
        };
        return Err(Error::Api(format!(
            "the token exchange failed: {}",
            crate::output::safe(&reason)
        )));
    }
    Ok(grant)
}

/// The auth server's URL with exactly one trailing `/`.
pub fn with_slash(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}
