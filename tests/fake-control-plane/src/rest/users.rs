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
    pub workspace_roles: Vec<WorkspaceRole>,
    pub deployment_roles: Vec<Value>,
    pub dag_roles: Vec<Value>,
}

/// Parses and checks a roles body. Lists left out are emptied (full replacement: a client
/// that leaves out `dagRoles` loses them, the worst the real API might do:
/// docs/compatibility.md#dag-roles).
pub(crate) fn roles_body(ctx: &Ctx) -> Result<Roles, Response> {
    let body = ctx.body_object()?;
    let organization_role = opt_str(ctx, &body, "organizationRole")?;
    if let Some(r) = organization_role.as_deref()
        && !ASTRO_ORGANIZATION_ROLES.contains(&r)
    {
        return Err(ctx.error(400, &format!("invalid organization role {r:?}")));
    }
    let mut workspace_roles = Vec::new();
    for raw in opt_array(ctx, &body, "workspaceRoles")?.unwrap_or_default() {
        let Some(role) = WorkspaceRole::from_json(&raw) else {
            return Err(ctx.error(
                400,
                "invalid request body: each workspace role needs role and workspaceId",
            ));
        };
        if !ASTRO_WORKSPACE_ROLES.contains(&role.role.as_str()) {
            return Err(ctx.error(400, &format!("invalid workspace role {:?}", role.role)));
        }
        if role.workspace_id.is_empty() {
            return Err(ctx.error(400, "workspaceId must not be empty"));
        }
        workspace_roles.push(role);
    }
    Ok(Roles {
        organization_role,
        workspace_roles,
        deployment_roles: opt_array(ctx, &body, "deploymentRoles")?.unwrap_or_default(),
        dag_roles: opt_array(ctx, &body, "dagRoles")?.unwrap_or_default(),
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
