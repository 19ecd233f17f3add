//! Astro public API v1 (REST) under `/v1/organizations/{org}/…`, the part the Go CLI uses.
//!
//! To add endpoints: write a handler `fn(&Ctx, &mut State) -> Response` (in a new submodule for
//! a new resource) and add one arm to [`route`].

use crate::RecordedRequest;
use crate::http::Response;
use crate::state::{
    ASTRO_ORGANIZATION_ROLES, ASTRO_WORKSPACE_ROLES, ApiToken, ApiTokenRole, State, now_rfc3339,
};
use serde_json::{Value, json};

/// What a handler gets besides the state.
pub(crate) struct Ctx<'a> {
    pub req: &'a RecordedRequest,
    /// Decoded path segments after `/v1/organizations/{org}/`, e.g. `["tokens", "<id>", "rotate"]`.
    pub segs: Vec<String>,
    pub request_id: String,
    /// The `{org}` of the path: the state's own organization, or (for the workspace list only)
    /// one of `state.auth.extra_organizations`.
    pub org: String,
}

impl Ctx<'_> {
    /// Astro error body `{"message","requestId","statusCode"}`.
    pub fn error(&self, status: u16, message: &str) -> Response {
        error(status, message, &self.request_id)
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.req
            .query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as a JSON object, or a 400 response.
    pub fn body_object(&self) -> Result<serde_json::Map<String, Value>, Response> {
        match serde_json::from_str::<Value>(&self.req.body) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(self.error(400, "invalid request body: expected a JSON object")),
        }
    }
}

type Handler = fn(&Ctx, &mut State) -> Response;

mod fields;
mod teams;
mod users;
mod workspaces;

pub(crate) fn error(status: u16, message: &str, request_id: &str) -> Response {
    Response::json(
        status,
        &json!({"message": message, "requestId": request_id, "statusCode": status}),
    )
}

/// Maps (method, segments after `/v1/organizations/{org}/`) to a handler.
fn route(method: &str, segs: &[&str]) -> Option<Handler> {
    let h: Handler = match (method, segs) {
        ("GET", ["tokens"]) => tokens::list,
        ("POST", ["tokens"]) => tokens::create,
        ("GET", ["tokens", _]) => tokens::get,
        ("POST", ["tokens", _]) => tokens::update,
        ("DELETE", ["tokens", _]) => tokens::delete,
        ("POST", ["tokens", _, "roles"]) => tokens::update_roles,
        ("POST", ["tokens", _, "rotate"]) => tokens::rotate,
        ("GET", ["workspaces"]) => workspaces::list,
        ("POST", ["workspaces"]) => workspaces::create,
        ("GET", ["workspaces", _]) => workspaces::get,
        ("POST", ["workspaces", _]) => workspaces::update,
        ("DELETE", ["workspaces", _]) => workspaces::delete,
        ("GET", ["users"]) => users::list,
        ("GET", ["users", _]) => users::get,
        ("POST", ["users", _, "roles"]) => users::update_roles,
        ("GET", ["teams"]) => teams::list,
        ("GET", ["teams", _]) => teams::get,
        ("POST", ["teams", _, "roles"]) => teams::update_roles,
        _ => return None,
    };
    Some(h)
}

/// Handles one REST request. Returns the response and whether a route matched.
pub(crate) fn handle(
    req: &RecordedRequest,
    request_id: &str,
    state: &mut State,
) -> (Response, bool) {
    if let Some(resp) = crate::auth::rest(req, request_id, state) {
        return (resp, true);
    }
    let segs: Vec<String> = req
        .path
        .split('/')
        .skip(1)
        .map(crate::http::percent_decode)
        .collect();
    let routed = match segs.as_slice() {
        [v1, orgs, org, rest @ ..] if v1 == "v1" && orgs == "organizations" => {
            let rest_refs: Vec<&str> = rest.iter().map(String::as_str).collect();
            route(&req.method, &rest_refs).map(|h| (h, org.clone(), rest.to_vec()))
        }
        _ => None,
    };
    let Some((handler, org, rest)) = routed else {
        let body = json!({
            "message": format!("fake control plane: no route for {} {}", req.method, req.path),
            "requestId": request_id,
            "statusCode": 404,
        });
        return (Response::json(404, &body), false);
    };
    if req.header("authorization") != Some(state.astro_token.as_str()) {
        return (error(401, "Unauthorized", request_id), true);
    }
    if org != state.organization_id && !extra_organization_route(state, &org, &req.method, &rest) {
        return (error(404, "organization not found", request_id), true);
    }
    let ctx = Ctx {
        req,
        segs: rest,
        request_id: request_id.to_string(),
        org,
    };
    (handler(&ctx, state), true)
}

/// Login's other organizations (`state.auth.extra_organizations`) have their own workspaces
/// and nothing else.
fn extra_organization_route(state: &State, org: &str, method: &str, rest: &[String]) -> bool {
    method == "GET"
        && rest == ["workspaces"]
        && state.auth.extra_organizations.iter().any(|o| o.id == org)
}

mod tokens {
    use super::*;
    use crate::state::rfc3339;
    use std::time::{Duration, SystemTime};

    fn not_found(ctx: &Ctx) -> Response {
        ctx.error(404, "api token not found")
    }

    fn parse_num(ctx: &Ctx, name: &str, default: i64) -> Result<i64, Response> {
        match ctx.query(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| ctx.error(400, &format!("invalid {name}: {v:?}"))),
        }
    }

    /// `GET …/tokens?limit&offset[&workspaceId][&includeOnlyOrganizationTokens]`.
    pub(super) fn list(ctx: &Ctx, state: &mut State) -> Response {
        let limit = match parse_num(ctx, "limit", 20) {
            Ok(n) => n.min(1000) as usize,
            Err(r) => return r,
        };
        let offset = match parse_num(ctx, "offset", 0) {
            Ok(n) => n as usize,
            Err(r) => return r,
        };
        let ws = ctx.query("workspaceId");
        let org_only = ctx.query("includeOnlyOrganizationTokens") == Some("true");
        let matching: Vec<&ApiToken> = state
            .api_tokens
            .iter()
            .filter(|t| ws.is_none_or(|ws| t.workspace_role(ws).is_some()))
            .filter(|t| !org_only || t.scope == "ORGANIZATION")
            .collect();
        fields::page_of(
            &state.paging,
            "tokens",
            &matching,
            |t| t.to_json(false),
            limit,
            offset,
        )
    }

    pub(super) fn get(ctx: &Ctx, state: &mut State) -> Response {
        match state.token(&ctx.segs[1]) {
            Some(t) => Response::json(200, &t.to_json(false)),
            None => not_found(ctx),
        }
    }

    fn str_field(
        ctx: &Ctx,
        body: &serde_json::Map<String, Value>,
        name: &str,
    ) -> Result<Option<String>, Response> {
        match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ctx.error(
                400,
                &format!("invalid request body: {name} must be a string"),
            )),
        }
    }

    /// `POST …/tokens` {description, entityId, name, role, scope, tokenExpiryPeriodInDays?}.
    pub(super) fn create(ctx: &Ctx, state: &mut State) -> Response {
        let body = match ctx.body_object() {
            Ok(b) => b,
            Err(r) => return r,
        };
        let fields = (|| -> Result<_, Response> {
            Ok((
                str_field(ctx, &body, "name")?.unwrap_or_default(),
                str_field(ctx, &body, "description")?.unwrap_or_default(),
                str_field(ctx, &body, "scope")?.unwrap_or_default(),
                str_field(ctx, &body, "role")?.unwrap_or_default(),
                str_field(ctx, &body, "entityId")?.unwrap_or_default(),
            ))
        })();
        let (name, description, scope, role, entity_id) = match fields {
            Ok(f) => f,
            Err(r) => return r,
        };
        if name.trim().is_empty() {
            return ctx.error(400, "name is required");
        }
        let valid_role = match scope.as_str() {
            "WORKSPACE" => ASTRO_WORKSPACE_ROLES.contains(&role.as_str()),
            "ORGANIZATION" => ASTRO_ORGANIZATION_ROLES.contains(&role.as_str()),
            "DEPLOYMENT" => role.starts_with("DEPLOYMENT_"),
            _ => return ctx.error(400, &format!("invalid scope: {scope:?}")),
        };
        if !valid_role {
            return ctx.error(400, &format!("invalid role {role:?} for scope {scope}"));
        }
        let entity_id = if scope == "ORGANIZATION" {
            state.organization_id.clone()
        } else if entity_id.is_empty() {
            return ctx.error(400, "entityId is required");
        } else {
            entity_id
        };
        let expiry = match body.get("tokenExpiryPeriodInDays") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(n) if (1..=3650).contains(&n) => Some(n),
                _ => {
                    return ctx.error(
                        400,
                        "tokenExpiryPeriodInDays must be between 1 and 3650 days",
                    );
                }
            },
        };
        let id = state.new_astro_id();
        let value = state.new_token_value();
        let created = SystemTime::now();
        let now = rfc3339(created);
        // As the Astro API does: a token made with an expiry period ends that many days after it
        // starts, and says so in `endAt`.
        let end_at =
            expiry.map(|days| rfc3339(created + Duration::from_secs(days as u64 * 86_400)));
        let mut token = ApiToken {
            id,
            name,
            description,
            scope: scope.clone(),
            kind: "STANDARD".into(),
            roles: vec![ApiTokenRole::new(&scope, &entity_id, &role)],
            token: String::new(),
            short_token: String::new(),
            created_at: now.clone(),
            updated_at: now.clone(),
            start_at: now,
            last_rotated_at: None,
            end_at,
            last_used_at: None,
            expiry_period_in_days: expiry,
            created_by: Some(state.current_user.clone()),
        };
        token.set_secret(value);
        let resp = Response::json(200, &token.to_json(true));
        state.api_tokens.push(token);
        resp
    }

    /// `POST …/tokens/{id}` {name, description}.
    pub(super) fn update(ctx: &Ctx, state: &mut State) -> Response {
        let body = match ctx.body_object() {
            Ok(b) => b,
            Err(r) => return r,
        };
        let (name, description) = match (
            str_field(ctx, &body, "name"),
            str_field(ctx, &body, "description"),
        ) {
            (Ok(n), Ok(d)) => (n, d),
            (Err(r), _) | (_, Err(r)) => return r,
        };
        if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return ctx.error(400, "name must not be empty");
        }
        let Some(t) = state.token_mut(&ctx.segs[1]) else {
            return not_found(ctx);
        };
        if let Some(n) = name {
            t.name = n;
        }
        if let Some(d) = description {
            t.description = d;
        }
        t.updated_at = now_rfc3339();
        Response::json(200, &t.to_json(false))
    }

    /// `POST …/tokens/{id}/roles` {roles: [...]}: full replacement; answers SubjectRoles.
    pub(super) fn update_roles(ctx: &Ctx, state: &mut State) -> Response {
        let body = match ctx.body_object() {
            Ok(b) => b,
            Err(r) => return r,
        };
        let Some(Value::Array(raw)) = body.get("roles") else {
            return ctx.error(400, "invalid request body: roles must be an array");
        };
        let mut roles = Vec::with_capacity(raw.len());
        for r in raw {
            match ApiTokenRole::from_json(r) {
                Some(role) => roles.push(role),
                None => {
                    return ctx.error(
                        400,
                        "invalid request body: each role needs entityType, entityId and role",
                    );
                }
            }
        }
        let Some(t) = state.token_mut(&ctx.segs[1]) else {
            return not_found(ctx);
        };
        t.roles = roles;
        t.updated_at = now_rfc3339();
        let org_role = t
            .roles
            .iter()
            .find(|r| r.entity_type == "ORGANIZATION")
            .map(|r| r.role.clone());
        let ws_roles: Vec<Value> = t
            .roles
            .iter()
            .filter(|r| r.entity_type == "WORKSPACE")
            .map(|r| json!({"workspaceId": r.entity_id, "role": r.role}))
            .collect();
        let dep_roles: Vec<Value> = t
            .roles
            .iter()
            .filter(|r| r.entity_type == "DEPLOYMENT")
            .map(|r| json!({"deploymentId": r.entity_id, "role": r.role}))
            .collect();
        let mut out = json!({
            "roles": t.roles.iter().map(ApiTokenRole::to_json).collect::<Vec<_>>(),
            "workspaceRoles": ws_roles,
            "deploymentRoles": dep_roles,
        });
        if let Some(r) = org_role {
            out["organizationRole"] = json!(r);
        }
        Response::json(200, &out)
    }

    /// `POST …/tokens/{id}/rotate`: a new secret every time.
    pub(super) fn rotate(ctx: &Ctx, state: &mut State) -> Response {
        if state.token(&ctx.segs[1]).is_none() {
            return not_found(ctx);
        }
        let value = state.new_token_value();
        let now = now_rfc3339();
        let Some(t) = state.token_mut(&ctx.segs[1]) else {
            return not_found(ctx);
        };
        t.set_secret(value);
        // `endAt` stays: the API reference documents no change of expiry on rotation, and the
        // Go CLI reads none from the answer.
        t.last_rotated_at = Some(now.clone());
        t.updated_at = now;
        Response::json(200, &t.to_json(true))
    }

    /// `DELETE …/tokens/{id}` → 204.
    pub(super) fn delete(ctx: &Ctx, state: &mut State) -> Response {
        let before = state.api_tokens.len();
        state.api_tokens.retain(|t| t.id != ctx.segs[1]);
        if state.api_tokens.len() == before {
            return not_found(ctx);
        }
        Response::empty(204)
    }
}
