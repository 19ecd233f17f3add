//! Authentication endpoints for `astro login`:
//!
//! * Astro: the domain's auth configuration (`GET /private/v1alpha1/cli/auth-config`), an OAuth
//!   server under `/auth/` that approves every authorization request at once (`GET
//!   /auth/authorize` redirects straight to the `redirect_uri` with a code; no browser needed)
//!   and checks the PKCE code exchange and the refresh grant (`POST /auth/oauth/token`),
//!   `GET /auth/userinfo`, `GET /v1/users/self`, `GET /v1/organizations` and
//!   `GET /v1/organizations/{org}`. The workspaces of the other organizations are served by
//!   `rest/workspaces.rs`.
//! * Houston: `authConfig` and `createToken` (no token needed).

use serde_json::{Value, json};
use sha2::Digest as _;

use crate::RecordedRequest;
use crate::houston::GqlError;
use crate::http::Response;
use crate::state::{State, Workspace, days_ago};

/// The fake's OAuth client ID.
pub const FAKE_CLIENT_ID: &str = "fake-cli-client";
/// Email of the user behind the default Astro token.
pub const DEFAULT_USER_EMAIL: &str = "demo.user@example.com";
/// Username and password Houston's `createToken` accepts by default.
pub const DEFAULT_HOUSTON_USERNAME: &str = "admin@example.com";
pub const DEFAULT_HOUSTON_PASSWORD: &str = "correct horse battery staple";

/// An organization besides the state's own (`State::organization_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraOrganization {
    pub id: String,
    pub name: String,
    pub product: String,
    pub workspaces: Vec<Workspace>,
}

/// What the authentication endpoints know.
#[derive(Debug, Clone)]
pub struct AuthState {
    /// `GET /v1/users/self`.
    pub user_email: String,
    /// `product` of the state's own organization (`None`: the field is left out).
    pub organization_product: Option<String>,
    /// Listed after the state's own organization.
    pub extra_organizations: Vec<ExtraOrganization>,
    /// Serve the auth configuration (false: 404, as a domain without browser login).
    pub auth_config_enabled: bool,
    /// Codes handed out by `/auth/authorize`: (code, challenge, redirect_uri), single use.
    pub pending_codes: Vec<(String, String, String)>,
    /// Refresh token handed out with the access token; the only one the refresh grant takes,
    /// replaced by a new one each time it is used.
    pub refresh_token: String,
    pub houston_local_enabled: bool,
    /// OAuth providers `authConfig` lists (names).
    pub houston_providers: Vec<String>,
    /// (username, password) pairs `createToken` accepts.
    pub houston_users: Vec<(String, String)>,
}

impl Default for AuthState {
    fn default() -> AuthState {
        AuthState {
            user_email: DEFAULT_USER_EMAIL.into(),
            organization_product: Some("HOSTED".into()),
            extra_organizations: Vec::new(),
            auth_config_enabled: true,
            pending_codes: Vec::new(),
            refresh_token: "fake-refresh-token".into(),
            houston_local_enabled: true,
            houston_providers: vec!["google".into()],
            houston_users: vec![(
                DEFAULT_HOUSTON_USERNAME.into(),
                DEFAULT_HOUSTON_PASSWORD.into(),
            )],
        }
    }
}

fn rest_error(status: u16, message: &str, request_id: &str) -> Response {
    crate::rest::error(status, message, request_id)
}

fn oauth_error(status: u16, error: &str, description: &str) -> Response {
    Response::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// Answers what `astro login` asks outside `/v1/organizations/{org}/…`. `None`: not an auth
/// route, let the REST router have it.
pub(crate) fn rest(req: &RecordedRequest, request_id: &str, state: &mut State) -> Option<Response> {
    let segs: Vec<String> = req
        .path
        .split('/')
        .skip(1)
        .map(crate::http::percent_decode)
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let authorized = req.header("authorization") == Some(state.astro_token.as_str());
    let response = match (req.method.as_str(), segs.as_slice()) {
        ("GET", ["private", "v1alpha1", "cli", "auth-config"]) => auth_config(req, state),
        ("GET", ["auth", "authorize"]) => authorize(req, state),
        ("POST", ["auth", "oauth", "token"]) => token(req, state),
        ("GET", ["auth", "userinfo"]) => {
            if authorized {
                Response::json(
                    200,
                    &json!({"email": state.auth.user_email, "name": state.current_user.full_name}),
                )
            } else {
                Response::json(401, &json!({"error": "invalid_token"}))
            }
        }
        ("GET", ["v1", "users", "self"]) if !authorized => {
            rest_error(401, "Unauthorized", request_id)
        }
        ("GET", ["v1", "users", "self"]) => Response::json(
            200,
            &json!({
                "id": state.current_user.id,
                "username": state.auth.user_email,
                "fullName": state.current_user.full_name,
                "avatarUrl": "",
                "status": "ACTIVE",
                "organizationId": state.organization_id,
                "createdAt": days_ago(400),
                "updatedAt": days_ago(400),
            }),
        ),
        ("GET", ["v1", "organizations"]) if !authorized => {
            rest_error(401, "Unauthorized", request_id)
        }
        ("GET", ["v1", "organizations"]) => {
            let orgs = organizations(state);
            Response::json(
                200,
                &json!({"organizations": orgs, "totalCount": orgs.len(), "limit": 100, "offset": 0}),
            )
        }
        ("GET", ["v1", "organizations", org]) if !authorized => {
            let _ = org;
            rest_error(401, "Unauthorized", request_id)
        }
        ("GET", ["v1", "organizations", org]) => {
            match organizations(state).into_iter().find(|o| o["id"] == *org) {
                Some(o) => Response::json(200, &o),
                None => rest_error(404, "organization not found", request_id),
            }
        }
        _ => return None,
    };
    Some(response)
}

fn organizations(state: &State) -> Vec<Value> {
    let mut own = json!({
        "id": state.organization_id,
        "name": state.organization_name,
        "createdAt": days_ago(400),
        "updatedAt": days_ago(400),
    });
    if let Some(product) = &state.auth.organization_product {
        own["product"] = json!(product);
    }
    std::iter::once(own)
        .chain(state.auth.extra_organizations.iter().map(|o| {
            json!({
                "id": o.id,
                "name": o.name,
                "product": o.product,
                "createdAt": days_ago(100),
                "updatedAt": days_ago(100),
            })
        }))
        .collect()
}

fn auth_config(req: &RecordedRequest, state: &State) -> Response {
    if !state.auth.auth_config_enabled {
        return Response::with_content_type(404, "text/plain", "404 page not found");
    }
    let host = req.header("host").unwrap_or("127.0.0.1");
    Response::json(
        200,
        &json!({
            "clientId": FAKE_CLIENT_ID,
            "audience": "astronomer-ee",
            "domainUrl": format!("http://{host}/auth/"),
        }),
    )
}

/// Approves at once: 302 to `redirect_uri?code=…` (or `?error=…` for a wrong client or a
/// missing PKCE challenge).
fn authorize(req: &RecordedRequest, state: &mut State) -> Response {
    let redirect = req
        .query_value("redirect_uri")
        .unwrap_or_default()
        .to_string();
    if redirect.is_empty() {
        return oauth_error(400, "invalid_request", "missing redirect_uri");
    }
    let location = if req.query_value("client_id") != Some(FAKE_CLIENT_ID) {
        format!("{redirect}?error=unauthorized_client&error_description=Unknown%20client")
    } else if req.query_value("code_challenge_method") != Some("S256")
        || req
            .query_value("code_challenge")
            .unwrap_or_default()
            .is_empty()
    {
        format!("{redirect}?error=invalid_request&error_description=PKCE%20S256%20required")
    } else {
        let code = format!("fake-code-{}", state.new_astro_id());
        let challenge = req.query_value("code_challenge").unwrap_or_default();
        state
            .auth
            .pending_codes
            .push((code.clone(), challenge.to_string(), redirect.clone()));
        format!("{redirect}?code={code}")
    };
    Response {
        status: 302,
        headers: vec![("location".into(), location)],
        body: Vec::new(),
    }
}

/// The PKCE code exchange: the code must be pending, the verifier must hash to its challenge,
/// and the redirect URI must match.
fn token(req: &RecordedRequest, state: &mut State) -> Response {
    let form = crate::http::parse_query(&req.body);
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    if !req
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
    {
        return oauth_error(400, "invalid_request", "expected a form body");
    }
    if field("client_id") == FAKE_CLIENT_ID && field("grant_type") == "refresh_token" {
        return refresh(field("refresh_token"), state);
    }
    if field("grant_type") != "authorization_code" || field("client_id") != FAKE_CLIENT_ID {
        return oauth_error(400, "unauthorized_client", "Unknown client or grant type");
    }
    let Some(pos) = state
        .auth
        .pending_codes
        .iter()
        .position(|(code, _, _)| code == field("code"))
    else {
        return oauth_error(403, "invalid_grant", "Invalid authorization code");
    };
    let (_, challenge, redirect) = state.auth.pending_codes.remove(pos);
    if s256(field("code_verifier")) != challenge {
        return oauth_error(403, "invalid_grant", "Failed to verify code verifier");
    }
    if field("redirect_uri") != redirect {
        return oauth_error(403, "invalid_grant", "Invalid redirect_uri");
    }
    grant(state)
}

/// The refresh grant: the refresh token must be the current one; it is rotated (as Auth0 does
/// with rotation on), so each one works once.
fn refresh(refresh_token: &str, state: &mut State) -> Response {
    if refresh_token.is_empty() || refresh_token != state.auth.refresh_token {
        return oauth_error(403, "invalid_grant", "Unknown or invalid refresh token.");
    }
    state.auth.refresh_token = format!("fake-refresh-token-{}", state.new_astro_id());
    grant(state)
}

/// Tokens for the user: the state's Astro token (without `Bearer `) and the refresh token.
fn grant(state: &State) -> Response {
    let access = state
        .astro_token
        .strip_prefix("Bearer ")
        .unwrap_or(&state.astro_token)
        .to_string();
    Response::json(
        200,
        &json!({
            "access_token": access,
            "refresh_token": state.auth.refresh_token,
            "id_token": "fake-id-token",
            "scope": "openid profile email offline_access",
            "expires_in": 86400,
            "token_type": "Bearer",
        }),
    )
}

/// base64url(sha256(verifier)) without padding.
pub fn s256(verifier: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let digest = sha2::Sha256::digest(verifier.as_bytes());
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | *b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Houston operations that need no token. `None`: not one of them.
pub(crate) fn houston_public(
    field: &str,
    vars: &Value,
    state: &mut State,
) -> Option<Result<Value, GqlError>> {
    match field {
        "authConfig" => Some(Ok(json!({
            "localEnabled": state.auth.houston_local_enabled,
            "publicSignup": false,
            "initialSignup": false,
            "providers": state.auth.houston_providers.iter().map(|name| json!({
                "name": name,
                "displayName": name,
                "url": format!("https://oauth.example.com/{name}"),
            })).collect::<Vec<_>>(),
        }))),
        "createToken" => Some(create_token(vars, state)),
        _ => None,
    }
}

fn create_token(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let password = match vars.get("password") {
        Some(Value::String(p)) => p.clone(),
        _ => {
            return Err(GqlError::Request {
                message: "Variable \"$password\" of required type \"String!\" was not provided."
                    .into(),
            });
        }
    };
    let identity = vars
        .get("identity")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !state.auth.houston_local_enabled {
        return Err(GqlError::Resolver {
            message: "Local authentication is disabled".into(),
            code: "UNAUTHENTICATED",
        });
    }
    match state
        .auth
        .houston_users
        .iter()
        .find(|(user, _)| user == identity)
    {
        None => Err(GqlError::Resolver {
            message: "No password credentials found".into(),
            code: "UNAUTHENTICATED",
        }),
        Some((_, expected)) if *expected != password => Err(GqlError::Resolver {
            message: "Invalid password and username combination".into(),
            code: "UNAUTHENTICATED",
        }),
        Some(_) => Ok(json!({
            "user": {
                "id": "ckuser00000000000000000001",
                "fullName": "Admin User",
                "username": identity,
                "status": "active",
                "createdAt": days_ago(400),
                "updatedAt": days_ago(400),
            },
            "token": { "value": state.houston_token },
        })),
    }
}
