//! Organization users and their roles: `/organizations/{org}/users` (as the Go CLI's
//! `astro workspace user` uses them).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{AstroRest, null_default, to_body};
use crate::error::Result;

/// `{"role","workspaceId"}`: a subject's role in one workspace (users and teams).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRole {
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
    #[serde(default, deserialize_with = "null_default")]
    pub workspace_id: String,
}

/// The role held in `workspace` (first entry for it), or "".
pub fn role_in<'a>(roles: &'a [WorkspaceRole], workspace: &str) -> &'a str {
    roles
        .iter()
        .find(|r| r.workspace_id == workspace)
        .map(|r| r.role.as_str())
        .unwrap_or_default()
}

/// `roles` without the entry for `workspace`, then `{role, workspace}` appended when `role` is
/// given (add/update) or nothing (remove), as the Go CLI rewrites them.
pub fn rewrite_roles(
    roles: &[WorkspaceRole],
    workspace: &str,
    role: Option<&str>,
) -> Vec<WorkspaceRole> {
    roles
        .iter()
        .filter(|r| r.workspace_id != workspace)
        .cloned()
        .chain(role.map(|role| WorkspaceRole {
            role: role.to_string(),
            workspace_id: workspace.to_string(),
        }))
        .collect()
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    /// The user's email.
    #[serde(default, deserialize_with = "null_default")]
    pub username: String,
    #[serde(default, deserialize_with = "null_default")]
    pub full_name: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub organization_role: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub workspace_roles: Vec<WorkspaceRole>,
    /// Copied back unchanged when the roles are rewritten, so kept as the server sent them.
    #[serde(default)]
    pub deployment_roles: Option<Vec<Value>>,
    #[serde(default)]
    pub dag_roles: Option<Vec<Value>>,
}

impl User {
    pub fn workspace_role(&self, workspace: &str) -> &str {
        role_in(&self.workspace_roles, workspace)
    }

    pub fn organization_role(&self) -> &str {
        self.organization_role.as_deref().unwrap_or_default()
    }

    /// The UpdateUserRoles body that gives this user `role` in `workspace` (None: removes it),
    /// keeping every other role. DAG roles are sent back too when the server gave them: the Go
    /// CLI leaves them out and may lose them (docs/compatibility.md#dag-roles).
    pub fn roles_with(&self, workspace: &str, role: Option<&str>) -> SubjectRoles {
        SubjectRoles {
            dag_roles: self.dag_roles.clone(),
            deployment_roles: self.deployment_roles.clone(),
            organization_role: self.organization_role.clone().filter(|r| !r.is_empty()),
            workspace_roles: rewrite_roles(&self.workspace_roles, workspace, role),
        }
    }
}

/// UpdateUserRoles and UpdateTeamRoles: the subject's complete role set. A
/// user's `organizationRole` is left out when it has none; a team's is always sent.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubjectRoles {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag_roles: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_roles: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_role: Option<String>,
    pub workspace_roles: Vec<WorkspaceRole>,
}

#[allow(async_fn_in_trait)] // one binary, static dispatch
pub trait UserApi {
    /// Users of the organization (`workspace` None) or with a role in `workspace` (all pages).
    async fn list_users(&self, workspace: Option<&str>) -> Result<Vec<User>>;
    async fn get_user(&self, id: &str) -> Result<User>;
    /// Never retried (a POST).
    async fn update_user_roles(&self, id: &str, roles: &SubjectRoles) -> Result<()>;
}

impl UserApi for AstroRest {
    async fn list_users(&self, workspace: Option<&str>) -> Result<Vec<User>> {
        let filter = workspace.map(|ws| ("workspaceId", ws));
        self.list_all(&["users"], filter.as_slice(), "users").await
    }

    async fn get_user(&self, id: &str) -> Result<User> {
        self.get(self.url(&["users", id], &[])).await
    }

    async fn update_user_roles(&self, id: &str, roles: &SubjectRoles) -> Result<()> {
        let url = self.url(&["users", id, "roles"], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(roles)?))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(json: Value) -> User {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn role_rewrite_replaces_the_workspace_entry_at_the_end() {
        let u = user(serde_json::json!({
            "id": "u",
            "organizationRole": "ORGANIZATION_MEMBER",
            "workspaceRoles": [
                {"role": "WORKSPACE_OWNER", "workspaceId": "ws"},
                {"role": "WORKSPACE_MEMBER", "workspaceId": "other"}
            ],
            "deploymentRoles": [{"deploymentId": "d", "role": "DEPLOYMENT_ADMIN"}]
        }));
        assert_eq!(u.workspace_role("ws"), "WORKSPACE_OWNER");
        assert_eq!(
            to_body(&u.roles_with("ws", Some("WORKSPACE_AUTHOR"))).unwrap(),
            concat!(
                r#"{"deploymentRoles":[{"deploymentId":"d","role":"DEPLOYMENT_ADMIN"}],"#,
                r#""organizationRole":"ORGANIZATION_MEMBER","#,
                r#""workspaceRoles":[{"role":"WORKSPACE_MEMBER","workspaceId":"other"},"#,
                r#"{"role":"WORKSPACE_AUTHOR","workspaceId":"ws"}]}"#
            )
        );
    }

    #[test]
    fn removal_without_roles_sends_an_empty_list_and_keeps_dag_roles() {
        let u = user(serde_json::json!({
            "id": "u",
            "workspaceRoles": [{"role": "WORKSPACE_OWNER", "workspaceId": "ws"}],
            "dagRoles": [{"deploymentId": "d", "role": "DAG_VIEWER", "dagId": "x"}]
        }));
        assert_eq!(
            to_body(&u.roles_with("ws", None)).unwrap(),
            r#"{"dagRoles":[{"dagId":"x","deploymentId":"d","role":"DAG_VIEWER"}],"workspaceRoles":[]}"#
        );
    }
}
