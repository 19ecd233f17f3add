//! `/organizations/{org}/teams`: the Astro API's teams and their roles.

use super::Ctx;
use super::fields::{page, paging};
use super::users::{roles_body, subject_roles};
use crate::http::Response;
use crate::state::{State, now_rfc3339};

/// `GET …/teams?limit&offset[&workspaceId]`: with a workspace, only teams with a role in it.
pub(crate) fn list(ctx: &Ctx, state: &mut State) -> Response {
    let (limit, offset) = match paging(ctx, 1000) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let ws = ctx.query("workspaceId");
    let items = state
        .astro_teams
        .iter()
        .filter(|t| ws.is_none_or(|ws| t.workspace_role(ws).is_some()))
        .map(|t| t.to_json(&state.organization_id))
        .collect();
    page(&state.paging, "teams", items, limit, offset)
}

pub(crate) fn get(ctx: &Ctx, state: &mut State) -> Response {
    match state.astro_team(&ctx.segs[1]) {
        Some(t) => Response::json(200, &t.to_json(&state.organization_id)),
        None => ctx.error(404, "team not found"),
    }
}

/// `POST …/teams/{id}/roles`: `organizationRole` is required.
pub(crate) fn update_roles(ctx: &Ctx, state: &mut State) -> Response {
    let roles = match roles_body(ctx) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let Some(organization_role) = roles.organization_role else {
        return ctx.error(400, "organizationRole is required");
    };
    let Some(team) = state.astro_teams.iter_mut().find(|t| t.id == ctx.segs[1]) else {
        return ctx.error(404, "team not found");
    };
    team.organization_role = organization_role;
    team.workspace_roles = roles.workspace_roles;
    team.deployment_roles = roles.deployment_roles;
    team.dag_roles = roles.dag_roles;
    team.updated_at = now_rfc3339();
    subject_roles(
        Some(&team.organization_role),
        &team.workspace_roles,
        &team.deployment_roles,
        &team.dag_roles,
    )
}
