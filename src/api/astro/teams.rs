//! Teams and their roles: `/organizations/{org}/teams` (as the Go CLI's `astro workspace team` uses
//! them).

use reqwest::Method;
use serde::Deserialize;
use serde_json::Value;

use super::users::{SubjectRoles, WorkspaceRole, rewrite_roles, role_in};
use super::{AstroRest, null_default, to_body};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    #[serde(default, deserialize_with = "null_default")]
    pub organization_role: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub workspace_roles: Vec<WorkspaceRole>,
    /// Copied back unchanged when the roles are rewritten, so kept as the server sent them.
    #[serde(default)]
    pub deployment_roles: Option<Vec<Value>>,
    #[serde(default)]
    pub dag_roles: Option<Vec<Value>>,
}

impl Team {
    pub fn workspace_role(&self, workspace: &str) -> &str {
        role_in(&self.workspace_roles, workspace)
    }

    /// The UpdateTeamRoles body that gives this team `role` in `workspace` (None: removes it).
    /// DAG roles are sent back when the server gave them (docs/compatibility.md#dag-roles).
    pub fn roles_with(&self, workspace: &str, role: Option<&str>) -> SubjectRoles {
        SubjectRoles {
            dag_roles: self.dag_roles.clone(),
            deployment_roles: self.deployment_roles.clone(),
            // Always sent, even empty, as the Go CLI sends it.
            organization_role: Some(self.organization_role.clone()),
            workspace_roles: rewrite_roles(&self.workspace_roles, workspace, role),
        }
    }
}

#[allow(async_fn_in_trait)] // one binary, static dispatch
pub trait TeamApi {
    /// Teams of the organization (`workspace` None) or with a role in `workspace` (all pages).
    async fn list_teams(&self, workspace: Option<&str>) -> Result<Vec<Team>>;
    async fn get_team(&self, id: &str) -> Result<Team>;
    /// Never retried (a POST).
    async fn update_team_roles(&self, id: &str, roles: &SubjectRoles) -> Result<()>;
}

impl TeamApi for AstroRest {
    async fn list_teams(&self, workspace: Option<&str>) -> Result<Vec<Team>> {
        let filter = workspace.map(|ws| ("workspaceId", ws));
        self.list_all(&["teams"], filter.as_slice(), "teams").await
    }

    async fn get_team(&self, id: &str) -> Result<Team> {
        self.get(self.url(&["teams", id], &[]))
            .await
            .map_err(|e| match e {
                // The server's word, then which team and where to find the right ID.
                Error::Api(text) if text.eq_ignore_ascii_case("team not found") => {
                    Error::Api(format!(
                        "{text}: no team with ID {id:?} in the Organization (astro workspace team list shows a Workspace's teams)"
                    ))
                }
                other => other,
            })
    }

    async fn update_team_roles(&self, id: &str, roles: &SubjectRoles) -> Result<()> {
        let url = self.url(&["teams", id, "roles"], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(roles)?))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_role_is_always_sent() {
        let team: Team = serde_json::from_value(serde_json::json!({
            "id": "t",
            "workspaceRoles": [{"role": "WORKSPACE_OWNER", "workspaceId": "ws"}]
        }))
        .unwrap();
        assert_eq!(
            to_body(&team.roles_with("ws", Some("WORKSPACE_MEMBER"))).unwrap(),
            r#"{"organizationRole":"","workspaceRoles":[{"role":"WORKSPACE_MEMBER","workspaceId":"ws"}]}"#
        );
    }
}
