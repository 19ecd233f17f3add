//! Workspace teams (the operations behind the Go CLI's `astro workspace team`). Houston has them
//! from 0.28.0 on. Rather than ask for the version on every start as the Go CLI does, a team call
//! that Houston's schema rejects asks for the version then, and says plainly when it is too old
//! (docs/compatibility.md#apc-team-version).

use serde::Deserialize;
use serde_json::json;

use super::app_config::at_least;
use super::users::RoleBinding;
use super::workspaces::{Workspace, no_workspace, null_as_empty, null_as_none};
use super::{Houston, Operation};
use crate::api::Retry;
use crate::error::{Error, Result};

const ADD_WORKSPACE_TEAM: Operation = Operation {
    text: include_str!("add_workspace_team.graphql"),
    field: "workspaceAddTeam",
    retry: Retry::Never,
};
const UPDATE_WORKSPACE_TEAM_ROLE: Operation = Operation {
    text: include_str!("update_workspace_team_role.graphql"),
    field: "workspaceUpdateTeamRole",
    retry: Retry::Never,
};
const REMOVE_WORKSPACE_TEAM: Operation = Operation {
    text: include_str!("remove_workspace_team.graphql"),
    field: "workspaceRemoveTeam",
    retry: Retry::Never,
};
const WORKSPACE_TEAMS: Operation = Operation {
    text: include_str!("workspace_teams.graphql"),
    field: "workspaceTeams",
    retry: Retry::IdempotentRead,
};
const TEAM: Operation = Operation {
    text: include_str!("team.graphql"),
    field: "team",
    retry: Retry::IdempotentRead,
};

/// The first Houston version with the team API.
pub const TEAMS_SINCE: (u64, u64, u64) = (0, 28, 0);

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_none")]
    pub role_bindings: Vec<RoleBinding>,
}

impl Houston {
    /// Turns a schema rejection of a team operation on a Houston older than 0.28.0 into an error
    /// that says so. The version is asked for only here, after such a rejection.
    async fn team_call<T>(&self, method: &str, result: Result<T>) -> Result<T> {
        let error = match result {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let text = error.to_string();
        let rejected_by_schema = ["Cannot query field", "Unknown type", "Unknown argument"]
            .iter()
            .any(|phrase| text.contains(phrase));
        if !rejected_by_schema {
            return Err(error);
        }
        match self.houston_version().await {
            Ok(version) if at_least(&version, TEAMS_SINCE) == Some(false) => {
                Err(Error::Api(too_old(method, &version)))
            }
            _ => Err(error),
        }
    }
}

/// The Go CLI's text for a version-gated call, and what to do about it.
fn too_old(method: &str, version: &str) -> String {
    format!(
        "{method} GraphQL API not implemented for the given Houston version: workspace teams need APC 0.28.0 or later, and this platform runs {}",
        crate::output::safe(version)
    )
}

/// Teams of Private Cloud workspaces.
impl Houston {
    pub async fn add_workspace_team(
        &self,
        workspace: &str,
        team: &str,
        role: &str,
    ) -> Result<Workspace> {
        let variables = json!({ "workspaceUuid": workspace, "teamUuid": team, "role": role });
        let result = self.execute_as(&ADD_WORKSPACE_TEAM, variables).await;
        self.team_call("AddWorkspaceTeam", result)
            .await?
            .ok_or_else(no_workspace)
    }

    /// Sets the team's role; returns the role Houston stored.
    pub async fn update_workspace_team_role(
        &self,
        workspace: &str,
        team: &str,
        role: &str,
    ) -> Result<String> {
        let variables = json!({ "workspaceUuid": workspace, "teamUuid": team, "role": role });
        let result = self
            .execute_as(&UPDATE_WORKSPACE_TEAM_ROLE, variables)
            .await;
        self.team_call("UpdateWorkspaceTeamRole", result)
            .await?
            .ok_or_else(|| Error::Api("the server returned no role".into()))
    }

    pub async fn remove_workspace_team(&self, workspace: &str, team: &str) -> Result<Workspace> {
        let variables = json!({ "workspaceUuid": workspace, "teamUuid": team });
        let result = self.execute_as(&REMOVE_WORKSPACE_TEAM, variables).await;
        self.team_call("DeleteWorkspaceTeam", result)
            .await?
            .ok_or_else(no_workspace)
    }

    pub async fn workspace_teams(&self, workspace: &str) -> Result<Vec<Team>> {
        let variables = json!({ "workspaceUuid": workspace });
        let result = self.execute_as(&WORKSPACE_TEAMS, variables).await;
        self.team_call("ListWorkspaceTeamsAndRoles", result)
            .await?
            .ok_or_else(|| super::missing_list(WORKSPACE_TEAMS.field, "workspace teams"))
    }

    /// The team with its role bindings, or `None`.
    pub async fn team(&self, workspace: &str, team: &str) -> Result<Option<Team>> {
        let variables = json!({ "workspaceUuid": workspace, "teamUuid": team });
        let result = self.execute_as(&TEAM, variables).await;
        self.team_call("GetWorkspaceTeamRole", result).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_too_old_error_keeps_the_go_text_and_names_the_versions() {
        assert_eq!(
            too_old("AddWorkspaceTeam", "0.27.0"),
            "AddWorkspaceTeam GraphQL API not implemented for the given Houston version: workspace teams need APC 0.28.0 or later, and this platform runs 0.27.0"
        );
    }
}
