//! Teams and their roles: `/organizations/{org}/teams` (as the Go CLI's `astro workspace team` uses
//! them).

use reqwest::Method;
use serde::Deserialize;

use super::users::{
    DagRole, DeploymentRole, SubjectRoles, WorkspaceRole, dag_roles_for_request,
    no_organization_role, rewrite_roles, role_in,
};
use super::{AstroRest, null_default, to_body};
use crate::error::{Error, Result};
use crate::output;

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
    /// Sent back when the roles are rewritten, with the request's fields only.
    #[serde(default)]
    pub deployment_roles: Option<Vec<DeploymentRole>>,
    #[serde(default)]
    pub dag_roles: Option<Vec<DagRole>>,
}

impl Team {
    pub fn workspace_role(&self, workspace: &str) -> &str {
        role_in(&self.workspace_roles, workspace)
    }

    /// The UpdateTeamRoles body that gives this team `role` in `workspace` (None: removes it).
    /// DAG roles are sent back when the server gave them (docs/compatibility.md#dag-roles). The
    /// request requires `organizationRole`: a team without one is an error before anything is
    /// sent, where Go sent `""` and got a bare `bad request`
    /// (docs/compatibility.md#no-organization-role).
    pub fn roles_with(&self, workspace: &str, role: Option<&str>) -> Result<SubjectRoles> {
        if self.organization_role.is_empty() {
            return Err(no_organization_role(
                &format!(
                    "the team {} ({})",
                    output::safe(&self.name),
                    output::safe(&self.id)
                ),
                "give it one first in the Astro UI (Organization Settings, Access Management, Teams)",
            ));
        }
        Ok(SubjectRoles {
            dag_roles: dag_roles_for_request(&self.dag_roles),
            deployment_roles: self.deployment_roles.clone(),
            organization_role: Some(self.organization_role.clone()),
            workspace_roles: rewrite_roles(&self.workspace_roles, workspace, role),
        })
    }
}

impl AstroRest {
    /// Teams of the organization (`workspace` None) or with a role in `workspace` (all pages).
    pub async fn list_teams(&self, workspace: Option<&str>) -> Result<Vec<Team>> {
        let filter = workspace.map(|ws| ("workspaceId", ws));
        self.list_all(&["teams"], filter.as_slice(), "teams").await
    }

    pub async fn get_team(&self, id: &str) -> Result<Team> {
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

    /// Never retried (a POST).
    pub async fn update_team_roles(&self, id: &str, roles: &SubjectRoles) -> Result<()> {
        let url = self.url(&["teams", id, "roles"], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(roles)?))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_role_is_sent_and_a_team_without_one_is_refused() {
        let team: Team = serde_json::from_value(serde_json::json!({
            "id": "t",
            "name": "platform",
            "organizationRole": "ORGANIZATION_MEMBER",
            "workspaceRoles": [{"role": "WORKSPACE_OWNER", "workspaceId": "ws"}]
        }))
        .unwrap();
        assert_eq!(
            to_body(&team.roles_with("ws", Some("WORKSPACE_MEMBER")).unwrap()).unwrap(),
            r#"{"organizationRole":"ORGANIZATION_MEMBER","workspaceRoles":[{"role":"WORKSPACE_MEMBER","workspaceId":"ws"}]}"#
        );
        let without = Team {
            organization_role: String::new(),
            ..team
        };
        assert!(
            without
                .roles_with("ws", None)
                .unwrap_err()
                .to_string()
                .starts_with("the team platform (t) has no Organization role")
        );
    }
}
