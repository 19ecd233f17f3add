//! Houston GraphQL (`POST /v1`), routed by the operation's root field, as the Go CLI calls it.
//! Selection sets are ignored: every field of an object is returned.
//!
//! To add an operation: write a handler `fn(&Value /* variables */, &mut State) -> Result<Value,
//! GqlError>` and add one arm to [`route`].

mod workspace_ops;

use crate::RecordedRequest;
use crate::http::Response;
use crate::state::{HOUSTON_WORKSPACE_ROLES, State};
use serde_json::{Value, json};

/// The full Houston `Role` enum (values outside it fail variable coercion).
const ROLE_ENUM: [&str; 10] = [
    "SYSTEM_ADMIN",
    "SYSTEM_EDITOR",
    "SYSTEM_VIEWER",
    "WORKSPACE_ADMIN",
    "WORKSPACE_EDITOR",
    "WORKSPACE_VIEWER",
    "DEPLOYMENT_ADMIN",
    "DEPLOYMENT_EDITOR",
    "DEPLOYMENT_VIEWER",
    "USER",
];

/// An error a handler raises.
pub(crate) enum GqlError {
    /// Raised while resolving: HTTP 200, `{"data":null,"errors":[{message,path,extensions}]}`.
    Resolver { message: String, code: &'static str },
    /// Raised before execution (bad or missing variables): HTTP 400, `{"errors":[…]}`.
    Request { message: String },
}

fn resolver(message: impl Into<String>, code: &'static str) -> GqlError {
    GqlError::Resolver {
        message: message.into(),
        code,
    }
}

type Handler = fn(&Value, &mut State) -> Result<Value, GqlError>;

fn route(root_field: &str) -> Option<Handler> {
    let h: Handler = match root_field {
        "appConfig" => app_config,
        "workspaces" => workspaces,
        "workspace" => workspace,
        "createWorkspaceServiceAccount" => create_service_account,
        "workspaceServiceAccounts" => list_service_accounts,
        "deleteWorkspaceServiceAccount" => delete_service_account,
        "paginatedWorkspaces" => workspace_ops::paginated_workspaces,
        "createWorkspace" => workspace_ops::create_workspace,
        "deleteWorkspace" => workspace_ops::delete_workspace,
        "updateWorkspace" => workspace_ops::update_workspace,
        "workspaceAddUser" => workspace_ops::add_user,
        "workspaceRemoveUser" => workspace_ops::remove_user,
        "workspaceUsers" => workspace_ops::workspace_users,
        "paginatedWorkspaceUsers" => workspace_ops::paginated_workspace_users,
        "workspaceUpsertUserRole" => workspace_ops::upsert_user_role,
        "workspaceUser" => workspace_ops::workspace_user,
        "workspaceAddTeam" => workspace_ops::add_team,
        "workspaceUpdateTeamRole" => workspace_ops::update_team_role,
        "workspaceRemoveTeam" => workspace_ops::remove_team,
        "workspaceTeams" => workspace_ops::workspace_teams,
        "team" => workspace_ops::team,
        _ => return None,
    };
    Some(h)
}

/// Handles `POST /v1`. Returns the response and whether an operation matched.
pub(crate) fn handle(req: &RecordedRequest, state: &mut State) -> (Response, bool) {
    let body = req.json();
    let Some(field) = req.graphql_operation.as_deref() else {
        let msg = if body.get("query").and_then(Value::as_str).is_none() {
            "Must provide query string."
        } else {
            "Syntax Error: fake control plane could not find the operation's root field"
        };
        return (
            Response::json(
                400,
                &json!({"errors":[{"message": msg, "extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}),
            ),
            false,
        );
    };
    let vars = body.get("variables").cloned().unwrap_or(Value::Null);
    if let Some(result) = crate::auth::houston_public(field, &vars, state) {
        return (graphql_response(field, result), true);
    }
    let Some(handler) = route(field) else {
        let body = json!({"errors":[{
            "message": format!("Cannot query field \"{field}\" on type \"Query\"."),
            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        }]});
        return (Response::json(400, &body), false);
    };
    // An older Houston's schema lacks some fields: its validation rejects them before anything
    // else, as for any unknown field.
    if let Some(min) = workspace_ops::introduced_in(field)
        && !workspace_ops::at_least(&state.houston_version, min)
    {
        let root = if body
            .get("query")
            .and_then(Value::as_str)
            .is_some_and(|q| q.trim_start().starts_with("mutation"))
        {
            "Mutation"
        } else {
            "Query"
        };
        let body = json!({"errors":[{
            "message": format!("Cannot query field \"{field}\" on type \"{root}\"."),
            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        }]});
        return (Response::json(400, &body), true);
    }
    if req.header("authorization") != Some(state.houston_token.as_str()) {
        let body = json!({"data": null, "errors": [{
            "message": "You do not have the appropriate permissions for that",
            "extensions": {"code": "UNAUTHENTICATED"},
        }]});
        return (Response::json(state.houston_auth_error_status, &body), true);
    }
    let vars = body.get("variables").cloned().unwrap_or(Value::Null);
    let resp = match handler(&vars, state) {
        Ok(v) => Response::json(200, &json!({"data": {field: v}})),
        Err(GqlError::Resolver { message, code }) => Response::json(
            200,
            &json!({"data": null, "errors": [{
                "message": message,
                "path": [field],
                "extensions": {"code": code},
            }]}),
        ),
        Err(GqlError::Request { message }) => Response::json(
            400,
            &json!({"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}),
        ),
    };
    (resp, true)
}

/// The response for a handler's result (as `handle` builds it).
fn graphql_response(field: &str, result: Result<Value, GqlError>) -> Response {
    match result {
        Ok(v) => Response::json(200, &json!({"data": {field: v}})),
        Err(GqlError::Resolver { message, code }) => Response::json(
            200,
            &json!({"data": null, "errors": [{
                "message": message,
                "path": [field],
                "extensions": {"code": code},
            }]}),
        ),
        Err(GqlError::Request { message }) => Response::json(
            400,
            &json!({"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}),
        ),
    }
}

/// A required string variable (`Uuid!`, `String!`, …).
fn required(vars: &Value, name: &str, ty: &str) -> Result<String, GqlError> {
    match vars.get(name) {
        None | Some(Value::Null) => Err(GqlError::Request {
            message: format!("Variable \"${name}\" of required type \"{ty}!\" was not provided."),
        }),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(GqlError::Request {
            message: format!("Variable \"${name}\" got invalid value {other}; Expected type {ty}."),
        }),
    }
}

/// An optional string variable.
fn optional(vars: &Value, name: &str, ty: &str) -> Result<Option<String>, GqlError> {
    match vars.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(GqlError::Request {
            message: format!("Variable \"${name}\" got invalid value {other}; Expected type {ty}."),
        }),
    }
}

fn workspace_must_exist(state: &State, ws: &str) -> Result<(), GqlError> {
    if state.houston_workspace(ws).is_none() {
        return Err(resolver(
            format!("Workspace not found: {ws}"),
            "BAD_USER_INPUT",
        ));
    }
    Ok(())
}

fn app_config(_vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    Ok(json!({
        "version": state.houston_version,
        "baseDomain": "127.0.0.1",
        "smtpConfigured": true,
        "manualReleaseNames": false,
        "configureDagDeployment": false,
        "nfsMountDagDeployment": false,
        "hardDeleteDeployment": false,
        "manualNamespaceNames": false,
        "triggererEnabled": true,
        "featureFlags": {},
    }))
}

fn workspaces(_vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    Ok(Value::Array(
        state
            .houston_workspaces
            .iter()
            .map(|w| {
                let mut v = w.to_json();
                v["roleBindings"] = json!([]);
                v
            })
            .collect(),
    ))
}

fn workspace(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    Ok(state
        .houston_workspace(&ws)
        .map_or(Value::Null, |w| w.to_json()))
}

fn create_service_account(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let label = required(vars, "label", "String")?;
    let category = optional(vars, "category", "String")?.unwrap_or_default();
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let role = required(vars, "role", "Role")?;
    if !ROLE_ENUM.contains(&role.as_str()) {
        return Err(GqlError::Request {
            message: format!(
                "Variable \"$role\" got invalid value \"{role}\"; Expected type Role."
            ),
        });
    }
    // `deploymentUuid: ""` is sent by the CLI though the operation does not declare it; ignored.
    workspace_must_exist(state, &ws)?;
    if !HOUSTON_WORKSPACE_ROLES.contains(&role.as_str()) {
        return Err(resolver(
            format!("Invalid role {role} for a workspace service account"),
            "BAD_USER_INPUT",
        ));
    }
    if label.trim().is_empty() {
        return Err(resolver(
            "Service account label must not be empty",
            "BAD_USER_INPUT",
        ));
    }
    Ok(state
        .add_service_account(&ws, &label, &category, &role)
        .to_json())
}

fn list_service_accounts(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    workspace_must_exist(state, &ws)?;
    Ok(Value::Array(
        state
            .service_accounts_in(&ws)
            .into_iter()
            .map(|s| s.to_json())
            .collect(),
    ))
}

fn delete_service_account(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let id = required(vars, "serviceAccountUuid", "Uuid")?;
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    workspace_must_exist(state, &ws)?;
    let Some(pos) = state
        .service_accounts
        .iter()
        .position(|s| s.id == id && s.workspace_uuid == ws)
    else {
        return Err(resolver(
            format!("Service account not found: {id}"),
            "NOT_FOUND",
        ));
    };
    Ok(state.service_accounts.remove(pos).to_json())
}

// ---------------------------------------------------------------------------------------------
// Root-field extraction: a tiny scanner over the GraphQL document, not a parser.

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Skips whitespace, commas, comments and a BOM ("ignored tokens" in the GraphQL spec).
    fn skip_ignored(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' | b',' => self.i += 1,
                0xEF if self.s[self.i..].starts_with(&[0xEF, 0xBB, 0xBF]) => self.i += 3,
                b'#' => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn name(&mut self) -> Option<String> {
        self.skip_ignored();
        let start = self.i;
        while let Some(c) = self.peek() {
            let ok = c == b'_' || c.is_ascii_alphabetic() || (self.i > start && c.is_ascii_digit());
            if !ok {
                break;
            }
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_ignored();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Skips a string literal starting at the current `"` (plain or block string).
    fn skip_string(&mut self) {
        if self.s[self.i..].starts_with(b"\"\"\"") {
            self.i += 3;
            while self.i < self.s.len() {
                if self.s[self.i..].starts_with(b"\\\"\"\"") {
                    self.i += 4;
                } else if self.s[self.i..].starts_with(b"\"\"\"") {
                    self.i += 3;
                    return;
                } else {
                    self.i += 1;
                }
            }
            return;
        }
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    /// Skips a balanced group starting at the current opening bracket.
    fn skip_group(&mut self) -> Option<()> {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.skip_string();
                    continue;
                }
                b'#' => {
                    self.skip_ignored();
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        self.i += 1;
                        return Some(());
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        None
    }

    /// Skips directives (`@name(args)`) if present.
    fn skip_directives(&mut self) -> Option<()> {
        while self.eat(b'@') {
            self.name()?;
            self.skip_ignored();
            if self.peek() == Some(b'(') {
                self.skip_group()?;
            }
        }
        Some(())
    }

    /// At `{` of a selection set: the first field's name (the alias is skipped).
    fn first_field(&mut self) -> Option<String> {
        if !self.eat(b'{') {
            return None;
        }
        let first = self.name()?;
        if self.eat(b':') {
            return self.name();
        }
        Some(first)
    }
}

/// The root field of the first operation in a GraphQL document, e.g. `appConfig` for
/// `query AppConfig { appConfig { version } }` or `createWorkspaceServiceAccount` for
/// `mutation createWorkspaceServiceAccount($label: String!, …) { createWorkspaceServiceAccount(…) {…} }`.
pub(crate) fn root_field(query: &str) -> Option<String> {
    let mut sc = Scanner {
        s: query.as_bytes(),
        i: 0,
    };
    loop {
        sc.skip_ignored();
        match sc.peek()? {
            b'{' => return sc.first_field(),
            _ => {
                let kw = sc.name()?;
                match kw.as_str() {
                    "query" | "mutation" | "subscription" => {
                        sc.skip_ignored();
                        if sc.peek() != Some(b'{')
                            && sc.peek() != Some(b'(')
                            && sc.peek() != Some(b'@')
                        {
                            sc.name()?; // operation name
                        }
                        sc.skip_ignored();
                        if sc.peek() == Some(b'(') {
                            sc.skip_group()?; // variable definitions
                        }
                        sc.skip_directives()?;
                        sc.skip_ignored();
                        return sc.first_field();
                    }
                    "fragment" => {
                        // fragment Name on Type @dirs { … } — skip it and keep looking.
                        sc.name()?;
                        sc.name()?; // "on"
                        sc.name()?;
                        sc.skip_directives()?;
                        sc.skip_ignored();
                        if sc.peek() != Some(b'{') {
                            return None;
                        }
                        sc.skip_group()?;
                    }
                    _ => return None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::root_field;

    #[test]
    fn finds_root_fields() {
        let cases = [
            ("query AppConfig { appConfig { version } }", "appConfig"),
            ("{ workspaces { id } }", "workspaces"),
            (
                "  # comment\n{ ws: workspace(workspaceUuid: \"x\") { id } }",
                "workspace",
            ),
            (
                "mutation CreateWorkspace($label: String!, $description: String = \"N/A\") { createWorkspace(label: $label, description: $description) { id } }",
                "createWorkspace",
            ),
            (
                "mutation AddWorkspaceTeam($workspaceUuid: Uuid! $teamUuid: Uuid! $role: Role! = WORKSPACE_VIEWER $deploymentRoles: [DeploymentRoles!] = []) { workspaceAddTeam(workspaceUuid: $workspaceUuid) { id } }",
                "workspaceAddTeam",
            ),
            (
                "query q($a: String = \"a ) { weird\") @dir(x: 1) { alias : realField { id } }",
                "realField",
            ),
            ("query { appConfig { version } }", "appConfig"),
            (
                "fragment F on Workspace { id label } query GetWorkspaces { workspaces { ...F } }",
                "workspaces",
            ),
            (
                "query($x: [[Int!]] = [[1]]) { paginatedWorkspaces { id } }",
                "paginatedWorkspaces",
            ),
            (
                "query Q(\n$a: String = \"\"\"x\"\"\"\n) {\n  __typename\n}",
                "__typename",
            ),
        ];
        for (q, want) in cases {
            assert_eq!(root_field(q).as_deref(), Some(want), "query: {q}");
        }
        assert_eq!(root_field(""), None);
        assert_eq!(root_field("query Broken("), None);
        assert_eq!(root_field("nonsense { x }"), None);
    }
}
