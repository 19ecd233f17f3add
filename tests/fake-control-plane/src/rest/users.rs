//! `/organizations/{org}/users`: the Astro API's users, and the roles body
//! users and teams share.

use super::Ctx;
use super::fields::{opt_array, opt_str, page, paging};
use crate::http::Response;
use crate::people::WorkspaceRole;
use crate::state::{ASTRO_ORGANIZATION_ROLES, ASTRO_WORKSPACE_ROLES, State, now_rfc3339};
use serde_json::{Value, json};

/// The parts of an UpdateUserRoles / UpdateTeamRoles body.
pub(crate) struct Roles {
    pub organization_role: Option<String>,
    /// Whether `workspaceRoles` or `deploymentRoles` was sent: the API documents both as
    /// requiring an `organizationRole` in the same request.
    pub has_workspace_or_deployment_roles: bool,
    pub workspace_roles: Vec<WorkspaceRole>,
    pub deployment_roles: Vec<Value>,
    pub dag_roles: Vec<Value>,
}

/// The fields an UpdateUserRoles / UpdateTeamRoles body may have, as the API documents them.
const ROLES_FIELDS: [&str; 4] = [
    "dagRoles",
    "deploymentRoles",
    "organizationRole",
    "workspaceRoles",
];

/// Checks that `object` has only `allowed` keys, each of `required` as a non-empty string and
/// each other one, if present, a string: a strict server refuses anything else (a response-only
/// field sent back, a misspelt name).
fn check_entry(
    ctx: &Ctx,
    list: &str,
    entry: &Value,
    required: &[&str],
    optional: &[&str],
) -> Result<(), Response> {
    let Value::Object(m) = entry else {
        return Err(ctx.error(
            400,
            &format!("invalid request body: each entry of {list} must be an object"),
        ));
    };
    if let Some(unknown) = m
        .keys()
        .find(|k| !required.contains(&k.as_str()) && !optional.contains(&k.as_str()))
    {
        return Err(ctx.error(
            400,
            &format!("invalid request body: unknown field {list}[].{unknown}"),
        ));
    }
    for name in required {
        match m.get(*name) {
            Some(Value::String(v)) if !v.is_empty() => {}
            _ => {
                return Err(ctx.error(
                    400,
                    &format!("invalid request body: {list}[].{name} is required"),
                ));
            }
        }
    }
    for name in optional {
        if !matches!(m.get(*name), None | Some(Value::String(_))) {
            return Err(ctx.error(
                400,
                &format!("invalid request body: {list}[].{name} must be a string"),
            ));
        }
    }
    Ok(())
}

/// Parses and checks a roles body: only the documented fields, each entry with only its
/// documented fields, roles from the API's enums. Lists left out are emptied (full
/// replacement: a client that leaves out `dagRoles` loses them, the worst the real API might
/// do: docs/compatibility.md#dag-roles).
pub(crate) fn roles_body(ctx: &Ctx) -> Result<Roles, Response> {
    let body = ctx.body_object()?;
    if let Some(unknown) = body.keys().find(|k| !ROLES_FIELDS.contains(&k.as_str())) {
        return Err(ctx.error(
            400,
            &format!("invalid request body: unknown field {unknown}"),
        ));
    }
    let organization_role = opt_str(ctx, &body, "organizationRole")?;
    if let Some(r) = organization_role.as_deref()
        && !ASTRO_ORGANIZATION_ROLES.contains(&r)
    {
        return Err(ctx.error(400, &format!("invalid organization role {r:?}")));
    }
    let mut workspace_roles = Vec::new();
    for raw in opt_array(ctx, &body, "workspaceRoles")?.unwrap_or_default() {
        check_entry(ctx, "workspaceRoles", &raw, &["role", "workspaceId"], &[])?;
        let Some(role) = WorkspaceRole::from_json(&raw) else {
            return Err(ctx.error(
                400,
                "invalid request body: each workspace role needs role and workspaceId",
            ));
        };
        if !ASTRO_WORKSPACE_ROLES.contains(&role.role.as_str()) {
            return Err(ctx.error(400, &format!("invalid workspace role {:?}", role.role)));
        }
        workspace_roles.push(role);
    }
    let deployment_roles = opt_array(ctx, &body, "deploymentRoles")?;
    for raw in deployment_roles.iter().flatten() {
        check_entry(ctx, "deploymentRoles", raw, &["deploymentId", "role"], &[])?;
    }
    let dag_roles = opt_array(ctx, &body, "dagRoles")?.unwrap_or_default();
    for raw in &dag_roles {
        check_entry(
            ctx,
            "dagRoles",
            raw,
            &["deploymentId", "role"],
            &["dagId", "dagTag"],
        )?;
    }
    Ok(Roles {
        organization_role,
        has_workspace_or_deployment_roles: body.get("workspaceRoles").is_some_and(|v| !v.is_null())
            || deployment_roles.is_some(),
        workspace_roles,
        deployment_roles: deployment_roles.unwrap_or_default(),
        dag_roles,
    })
}

/// SubjectRoles, the answer of the roles POSTs.
pub(crate) fn subject_roles(
    organization_role: Option<&str>,
    workspace_roles: &[WorkspaceRole],
    deployment_roles: &[Value],
    dag_roles: &[Value],
) -> Response {
    let mut out = json!({
        "workspaceRoles": workspace_roles.iter().map(WorkspaceRole::to_json).collect::<Vec<_>>(),
        "deploymentRoles": deployment_roles,
        "dagRoles": dag_roles,
    });
    if let Some(r) = organization_role {
        out["organizationRole"] = json!(r);
    }
    Response::json(200, &out)
}

/// `GET …/users?limit&offset[&workspaceId]`: with a workspace, only users with a role in it.
pub(crate) fn list(ctx: &Ctx, state: &mut State) -> Response {
    let (limit, offset) = match paging(ctx, 1000) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let ws = ctx.query("workspaceId");
    let items = state
        .astro_users
        .iter()
        .filter(|u| ws.is_none_or(|ws| u.workspace_role(ws).is_some()))
        .map(|u| u.to_json())
        .collect();
    page(&state.paging, "users", items, limit, offset)
}

pub(crate) fn get(ctx: &Ctx, state: &mut State) -> Response {
    match state.astro_user(&ctx.segs[1]) {
        Some(u) => Response::json(200, &u.to_json()),
        None => ctx.error(404, "user not found"),
    }
}

/// `POST …/users/{id}/roles`.
pub(crate) fn update_roles(ctx: &Ctx, state: &mut State) -> Response {
    let roles = match roles_body(ctx) {
        Ok(r) => r,
        Err(r) => return r,
    };
    // Workspace and Deployment roles require an Organization role in the same request; the
    // API's answer is a bare "bad request" (docs/compatibility.md#no-organization-role).
    if roles.has_workspace_or_deployment_roles && roles.organization_role.is_none() {
        return ctx.error(400, "bad request");
    }
    let Some(user) = state.astro_users.iter_mut().find(|u| u.id == ctx.segs[1]) else {
        return ctx.error(404, "user not found");
    };
    if roles.organization_role.is_some() {
        user.organization_role = roles.organization_role;
    }
    user.workspace_roles = roles.workspace_roles;
    user.deployment_roles = roles.deployment_roles;
    user.dag_roles = roles.dag_roles;
    user.updated_at = now_rfc3339();
    subject_roles(
        user.organization_role.as_deref(),
        &user.workspace_roles,
        &user.deployment_roles,
        &user.dag_roles,
    )
}
