//! Houston workspace, user and team operations, and the version each needs: an older
//! `houston_version` answers them the way an older Houston's schema would, with `Cannot query field
//! …` (HTTP 400).

use super::{GqlError, ROLE_ENUM, optional, required, resolver, workspace_must_exist};
use crate::state::{
    HOUSTON_WORKSPACE_ROLES, HoustonRoleBinding, HoustonWorkspace, State, now_rfc3339,
};
use serde_json::{Map, Value, json};

/// The first Houston version whose schema has `field`, for the fields that came late
/// (docs/compatibility.md#apc-version-gates): teams in 0.28.0, the paginated lists in 0.30.0.
pub(super) fn introduced_in(field: &str) -> Option<(u64, u64, u64)> {
    match field {
        "workspaceAddTeam"
        | "workspaceUpdateTeamRole"
        | "workspaceRemoveTeam"
        | "workspaceTeams"
        | "team" => Some((0, 28, 0)),
        "paginatedWorkspaces" | "paginatedWorkspaceUsers" => Some((0, 30, 0)),
        _ => None,
    }
}

/// Whether `version` (`0.27.0`, `v0.30`, `0.30.0-rc.1`) is at least `min`. A version that does
/// not parse counts as new.
pub(super) fn at_least(version: &str, min: (u64, u64, u64)) -> bool {
    let v = version.trim().trim_start_matches('v');
    let core = v.split(['-', '+']).next().unwrap_or_default();
    let mut parts = core.split('.').map(|p| p.parse::<u64>());
    let mut next = || parts.next().unwrap_or(Ok(0));
    match (next(), next(), next()) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c) >= min,
        _ => true,
    }
}

fn role_variable(vars: &Value, name: &str, default: Option<&str>) -> Result<String, GqlError> {
    let role = match default {
        Some(d) => optional(vars, name, "Role")?.unwrap_or_else(|| d.to_string()),
        None => required(vars, name, "Role")?,
    };
    if !ROLE_ENUM.contains(&role.as_str()) {
        return Err(GqlError::Request {
            message: format!(
                "Variable \"${name}\" got invalid value \"{role}\"; Expected type Role."
            ),
        });
    }
    if !HOUSTON_WORKSPACE_ROLES.contains(&role.as_str()) {
        return Err(resolver(
            format!("Invalid role {role} for a workspace"),
            "BAD_USER_INPUT",
        ));
    }
    Ok(role)
}

fn int_variable(vars: &Value, name: &str) -> Result<Option<i64>, GqlError> {
    match vars.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| GqlError::Request {
            message: format!("Variable \"${name}\" got invalid value {v}; Expected type Int."),
        }),
    }
}

fn workspace_json(state: &State, ws: &HoustonWorkspace) -> Value {
    let mut v = ws.to_json();
    v["users"] = Value::Array(
        state
            .houston_users_in(&ws.id)
            .iter()
            .map(|u| u.to_json(state))
            .collect(),
    );
    v
}

fn existing_workspace(state: &State, id: &str) -> Result<HoustonWorkspace, GqlError> {
    workspace_must_exist(state, id)?;
    Ok(state
        .houston_workspace(id)
        .cloned()
        .unwrap_or_else(|| HoustonWorkspace {
            id: id.into(),
            label: String::new(),
            description: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }))
}

pub(super) fn paginated_workspaces(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let all = state.houston_workspaces.len() as i64;
    let take = int_variable(vars, "pageSize")?.unwrap_or(all).max(0);
    let page = int_variable(vars, "pageNumber")?.unwrap_or(0).max(0);
    Ok(Value::Array(
        state
            .houston_workspaces
            .iter()
            .skip((take * page) as usize)
            .take(take as usize)
            .map(HoustonWorkspace::to_json)
            .collect(),
    ))
}

pub(super) fn create_workspace(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let label = required(vars, "label", "String")?;
    let description = optional(vars, "description", "String")?.unwrap_or_else(|| "N/A".into());
    if label.trim().is_empty() {
        return Err(resolver(
            "Workspace label must not be empty",
            "BAD_USER_INPUT",
        ));
    }
    let now = now_rfc3339();
    let ws = HoustonWorkspace {
        id: state.new_houston_id(),
        label,
        description,
        created_at: now.clone(),
        updated_at: now,
    };
    state.houston_workspaces.push(ws.clone());
    Ok(ws.to_json())
}

pub(super) fn delete_workspace(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let id = required(vars, "workspaceId", "Uuid")?;
    let ws = existing_workspace(state, &id)?;
    state.houston_workspaces.retain(|w| w.id != id);
    state.service_accounts.retain(|s| s.workspace_uuid != id);
    for user in &mut state.houston_users {
        user.role_bindings
            .retain(|b| b.workspace_id.as_deref() != Some(id.as_str()));
    }
    for team in &mut state.houston_teams {
        team.role_bindings
            .retain(|b| b.workspace_id.as_deref() != Some(id.as_str()));
    }
    Ok(ws.to_json())
}

pub(super) fn update_workspace(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let id = required(vars, "workspaceId", "Uuid")?;
    let payload = match vars.get("payload") {
        Some(Value::Object(p)) => p.clone(),
        None | Some(Value::Null) => {
            return Err(GqlError::Request {
                message: "Variable \"$payload\" of required type \"JSON!\" was not provided."
                    .into(),
            });
        }
        Some(_) => Map::new(),
    };
    existing_workspace(state, &id)?;
    let now = now_rfc3339();
    let ws = state
        .houston_workspaces
        .iter_mut()
        .find(|w| w.id == id)
        .ok_or_else(|| resolver(format!("Workspace not found: {id}"), "BAD_USER_INPUT"))?;
    if let Some(label) = payload.get("label").and_then(Value::as_str) {
        ws.label = label.into();
    }
    if let Some(description) = payload.get("description").and_then(Value::as_str) {
        ws.description = description.into();
    }
    ws.updated_at = now;
    Ok(ws.to_json())
}

pub(super) fn add_user(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceId", "Uuid")?;
    let email = required(vars, "email", "String")?;
    let role = role_variable(vars, "role", None)?;
    let workspace = existing_workspace(state, &ws)?;
    match state.houston_users.iter_mut().find(|u| u.has_email(&email)) {
        Some(user) if user.workspace_role(&ws).is_some() => {
            return Err(resolver(
                format!("User {email} is already a member of this workspace"),
                "BAD_USER_INPUT",
            ));
        }
        Some(user) => user
            .role_bindings
            .push(HoustonRoleBinding::workspace(&ws, &role)),
        // Houston invites someone it does not know yet.
        None => {
            state.add_houston_user(&email, &[(&ws, &role)]);
        }
    }
    Ok(workspace_json(state, &workspace))
}

pub(super) fn remove_user(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceId", "Uuid")?;
    let user_id = required(vars, "userId", "Uuid")?;
    let workspace = existing_workspace(state, &ws)?;
    let user = state
        .houston_users
        .iter_mut()
        .find(|u| u.id == user_id && u.workspace_role(&ws).is_some())
        .ok_or_else(|| resolver(format!("User not found: {user_id}"), "BAD_USER_INPUT"))?;
    user.role_bindings
        .retain(|b| b.workspace_id.as_deref() != Some(ws.as_str()));
    Ok(workspace_json(state, &workspace))
}

pub(super) fn workspace_users(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    workspace_must_exist(state, &ws)?;
    Ok(Value::Array(
        state
            .houston_users_in(&ws)
            .iter()
            .map(|u| u.to_json(state))
            .collect(),
    ))
}

/// Cursor pagination as Houston (Prisma) does it: `take` users after the cursor user (before
/// it when `take` is negative); from the start without a cursor (`""` counts as none, as the
/// Go CLI sends it).
pub(super) fn paginated_workspace_users(
    vars: &Value,
    state: &mut State,
) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let cursor = optional(vars, "cursorUuid", "Uuid")?.filter(|c| !c.is_empty());
    workspace_must_exist(state, &ws)?;
    let users = state.houston_users_in(&ws);
    let take = int_variable(vars, "take")?.unwrap_or(users.len() as i64);
    let (start, end) = match cursor {
        None if take >= 0 => (0, (take as usize).min(users.len())),
        None => (
            users.len().saturating_sub(take.unsigned_abs() as usize),
            users.len(),
        ),
        Some(cursor) => {
            let Some(at) = users.iter().position(|u| u.id == cursor) else {
                return Ok(json!([]));
            };
            if take >= 0 {
                (at + 1, (at + 1 + take as usize).min(users.len()))
            } else {
                (at.saturating_sub(take.unsigned_abs() as usize), at)
            }
        }
    };
    let start = start.min(end);
    Ok(Value::Array(
        users[start..end].iter().map(|u| u.to_json(state)).collect(),
    ))
}

pub(super) fn upsert_user_role(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let email = required(vars, "email", "String")?;
    let role = role_variable(vars, "role", None)?;
    workspace_must_exist(state, &ws)?;
    let user = state
        .houston_users
        .iter_mut()
        .find(|u| u.has_email(&email))
        .ok_or_else(|| resolver(format!("User not found: {email}"), "BAD_USER_INPUT"))?;
    match user
        .role_bindings
        .iter_mut()
        .find(|b| b.workspace_id.as_deref() == Some(ws.as_str()) && b.deployment_id.is_none())
    {
        Some(binding) => binding.role = role.clone(),
        None => user
            .role_bindings
            .push(HoustonRoleBinding::workspace(&ws, &role)),
    }
    Ok(json!(role))
}

pub(super) fn workspace_user(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let email = required(vars, "email", "String")?;
    workspace_must_exist(state, &ws)?;
    Ok(state
        .houston_users_in(&ws)
        .into_iter()
        .find(|u| u.has_email(&email))
        .map_or(Value::Null, |u| u.to_json(state)))
}

fn team_index(state: &State, id: &str) -> Result<usize, GqlError> {
    state
        .houston_teams
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| resolver(format!("Team not found: {id}"), "BAD_USER_INPUT"))
}

pub(super) fn add_team(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let team = required(vars, "teamUuid", "Uuid")?;
    let role = role_variable(vars, "role", Some("WORKSPACE_VIEWER"))?;
    let workspace = existing_workspace(state, &ws)?;
    let i = team_index(state, &team)?;
    let t = &mut state.houston_teams[i];
    if t.workspace_role(&ws).is_some() {
        return Err(resolver(
            format!("Team {team} is already part of this workspace"),
            "BAD_USER_INPUT",
        ));
    }
    t.role_bindings
        .push(HoustonRoleBinding::workspace(&ws, &role));
    Ok(workspace.to_json())
}

pub(super) fn update_team_role(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let team = required(vars, "teamUuid", "Uuid")?;
    let role = role_variable(vars, "role", None)?;
    workspace_must_exist(state, &ws)?;
    let i = team_index(state, &team)?;
    let binding = state.houston_teams[i]
        .role_bindings
        .iter_mut()
        .find(|b| b.workspace_id.as_deref() == Some(ws.as_str()) && b.deployment_id.is_none())
        .ok_or_else(|| {
            resolver(
                format!("Team {team} is not part of this workspace"),
                "BAD_USER_INPUT",
            )
        })?;
    binding.role = role.clone();
    Ok(json!(role))
}

pub(super) fn remove_team(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    let team = required(vars, "teamUuid", "Uuid")?;
    let workspace = existing_workspace(state, &ws)?;
    let i = team_index(state, &team)?;
    let t = &mut state.houston_teams[i];
    if t.workspace_role(&ws).is_none() {
        return Err(resolver(
            format!("Team {team} is not part of this workspace"),
            "BAD_USER_INPUT",
        ));
    }
    t.role_bindings
        .retain(|b| b.workspace_id.as_deref() != Some(ws.as_str()));
    Ok(json!({"id": workspace.id, "label": workspace.label}))
}

pub(super) fn workspace_teams(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let ws = required(vars, "workspaceUuid", "Uuid")?;
    workspace_must_exist(state, &ws)?;
    Ok(Value::Array(
        state
            .houston_teams_in(&ws)
            .iter()
            .map(|t| t.to_json(state))
            .collect(),
    ))
}

pub(super) fn team(vars: &Value, state: &mut State) -> Result<Value, GqlError> {
    let team = required(vars, "teamUuid", "Uuid")?;
    // `workspaceUuid` narrows nothing here: the CLI picks the binding itself.
    optional(vars, "workspaceUuid", "Uuid")?;
    Ok(state
        .houston_team(&team)
        .map_or(Value::Null, |t| t.to_json(state)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_like_houston_releases() {
        assert!(!at_least("0.27.0", (0, 28, 0)));
        assert!(at_least("0.28.0", (0, 28, 0)));
        assert!(at_least("v0.30", (0, 30, 0)));
        assert!(!at_least("0.30.0-rc.1", (0, 30, 1)));
        assert!(at_least("", (0, 30, 0)));
        assert!(at_least("unknown", (0, 30, 0)));
    }
}
