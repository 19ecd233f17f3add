//! `/organizations/{org}/workspaces`: the Astro API's workspaces.

use super::Ctx;
use super::fields::{opt_str, page, paging};
use crate::http::Response;
use crate::state::{State, Workspace, now_rfc3339};
use serde_json::Value;

fn not_found(ctx: &Ctx) -> Response {
    ctx.error(404, "workspace not found")
}

/// `GET …/workspaces?limit&offset[&sorts=name:asc|name:desc]` (limit at most 1000), of the
/// state's own organization or of one of login's other organizations.
pub(crate) fn list(ctx: &Ctx, state: &mut State) -> Response {
    let (limit, offset) = match paging(ctx, 1000) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (org_id, org_name, all) = match state
        .auth
        .extra_organizations
        .iter()
        .find(|o| o.id == ctx.org)
    {
        Some(o) => (&o.id, &o.name, &o.workspaces),
        None => (
            &state.organization_id,
            &state.organization_name,
            &state.astro_workspaces,
        ),
    };
    let mut workspaces: Vec<&Workspace> = all.iter().collect();
    match ctx.query("sorts") {
        None => {}
        Some("name:asc") => workspaces.sort_by(|a, b| a.name.cmp(&b.name)),
        Some("name:desc") => workspaces.sort_by(|a, b| b.name.cmp(&a.name)),
        Some(other) => return ctx.error(400, &format!("invalid sorts: {other:?}")),
    }
    let items = workspaces
        .iter()
        .map(|w| w.to_json(org_id, org_name))
        .collect();
    page(&state.paging, "workspaces", items, limit, offset)
}

pub(crate) fn get(ctx: &Ctx, state: &mut State) -> Response {
    match state.astro_workspace(&ctx.segs[1]) {
        Some(w) => Response::json(
            200,
            &w.to_json(&state.organization_id, &state.organization_name),
        ),
        None => not_found(ctx),
    }
}

/// `{cicdEnforcedDefault, description, name}` of create and update; `None` = left out.
struct Fields {
    name: Option<String>,
    description: Option<String>,
    cicd: Option<bool>,
}

fn fields(ctx: &Ctx) -> Result<Fields, Response> {
    let body = ctx.body_object()?;
    let name = opt_str(ctx, &body, "name")?;
    let description = opt_str(ctx, &body, "description")?;
    let cicd = match body.get("cicdEnforcedDefault") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(ctx.error(
                400,
                "invalid request body: cicdEnforcedDefault must be a boolean",
            ));
        }
    };
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(ctx.error(400, "name must not be empty"));
    }
    Ok(Fields {
        name,
        description,
        cicd,
    })
}

/// `POST …/workspaces`: answers the new Workspace.
pub(crate) fn create(ctx: &Ctx, state: &mut State) -> Response {
    let Fields {
        name,
        description,
        cicd,
    } = match fields(ctx) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(name) = name else {
        return ctx.error(400, "name is required");
    };
    let id = state.new_astro_id();
    let now = now_rfc3339();
    let ws = Workspace {
        id,
        name,
        description: description.unwrap_or_default(),
        cicd_enforced_default: cicd.unwrap_or(false),
        created_at: now.clone(),
        updated_at: now,
    };
    let resp = Response::json(
        200,
        &ws.to_json(&state.organization_id, &state.organization_name),
    );
    state.astro_workspaces.push(ws);
    resp
}

/// `POST …/workspaces/{id}`: fields left out keep their value.
pub(crate) fn update(ctx: &Ctx, state: &mut State) -> Response {
    let Fields {
        name,
        description,
        cicd,
    } = match fields(ctx) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (org_id, org_name) = (
        state.organization_id.clone(),
        state.organization_name.clone(),
    );
    let Some(ws) = state
        .astro_workspaces
        .iter_mut()
        .find(|w| w.id == ctx.segs[1])
    else {
        return not_found(ctx);
    };
    if let Some(n) = name {
        ws.name = n;
    }
    if let Some(d) = description {
        ws.description = d;
    }
    if let Some(c) = cicd {
        ws.cicd_enforced_default = c;
    }
    ws.updated_at = now_rfc3339();
    Response::json(200, &ws.to_json(&org_id, &org_name))
}

/// `DELETE …/workspaces/{id}` → 204; its Workspace tokens and every role in it go too.
pub(crate) fn delete(ctx: &Ctx, state: &mut State) -> Response {
    if state.remove_astro_workspace(&ctx.segs[1]) {
        Response::empty(204)
    } else {
        not_found(ctx)
    }
}
