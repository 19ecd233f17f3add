//! Organization users and their roles: `/organizations/{org}/users` (as the Go CLI's
//! `astro workspace user` uses them).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{AstroRest, null_default, to_body};
use crate::error::{Error, Result};
use crate::output;

/// `{"role","workspaceId"}`: a subject's role in one workspace (users and teams).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRole {
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
    #[serde(default, deserialize_with = "null_default")]
    pub workspace_id: String,
}

/// `{"deploymentId","role"}`: a subject's role in one Deployment. Only the fields the roles
/// request documents: anything else the server adds to its answer is not sent back
/// (docs/compatibility.md#role-requests).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRole {
    #[serde(default, deserialize_with = "null_default")]
    pub deployment_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
}

/// `{"dagId"?,"dagTag"?,"deploymentId","role"}`: a subject's role on one DAG or DAG tag of a
/// Deployment, with only the fields the roles request documents.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DagRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dag_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dag_tag: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub deployment_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
}

impl DagRole {
    /// The entry as the request takes it: an empty `dagId` or `dagTag` is left out.
    fn for_request(&self) -> DagRole {
        let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        DagRole {
            dag_id: given(&self.dag_id),
            dag_tag: given(&self.dag_tag),
            ..self.clone()
        }
    }
}

/// The DAG roles as the request takes them (None stays None: left out, as received).
pub(super) fn dag_roles_for_request(roles: &Option<Vec<DagRole>>) -> Option<Vec<DagRole>> {
    roles
        .as_ref()
        .map(|roles| roles.iter().map(DagRole::for_request).collect())
}

/// The error for a subject without an Organization role: the API gives Workspace roles only
/// with one, and answered a bare `bad request` when Go sent the change without it
/// (docs/compatibility.md#no-organization-role).
pub(super) fn no_organization_role(subject: &str, fix: &str) -> Error {
    Error::msg(format!(
        "{subject} has no Organization role, and the API changes Workspace roles only for members of the Organization: {fix}"
    ))
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
    /// Sent back when the roles are rewritten, with the request's fields only.
    #[serde(default)]
    pub deployment_roles: Option<Vec<DeploymentRole>>,
    #[serde(default)]
    pub dag_roles: Option<Vec<DagRole>>,
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
    /// CLI leaves them out and may lose them (docs/compatibility.md#dag-roles). A user without
    /// an Organization role is an error before anything is sent
    /// (docs/compatibility.md#no-organization-role).
    pub fn roles_with(&self, workspace: &str, role: Option<&str>) -> Result<SubjectRoles> {
        let organization_role = self.organization_role();
        if organization_role.is_empty() {
            let email = output::safe(&self.username);
            return Err(no_organization_role(
                &format!("the user {email}"),
                &format!(
                    "give them one first, e.g. with the Go CLI's astro organization user update {email} --role ORGANIZATION_MEMBER"
                ),
            ));
        }
        Ok(SubjectRoles {
            dag_roles: dag_roles_for_request(&self.dag_roles),
            deployment_roles: self.deployment_roles.clone(),
            organization_role: Some(organization_role.to_string()),
            workspace_roles: rewrite_roles(&self.workspace_roles, workspace, role),
        })
    }
}

/// UpdateUserRoles and UpdateTeamRoles: the subject's complete role set, with exactly the
/// fields the request documents (docs/compatibility.md#role-requests).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubjectRoles {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag_roles: Option<Vec<DagRole>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_roles: Option<Vec<DeploymentRole>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_role: Option<String>,
    pub workspace_roles: Vec<WorkspaceRole>,
}

impl AstroRest {
    /// Users of the organization (`workspace` None) or with a role in `workspace` (all pages).
    pub async fn list_users(&self, workspace: Option<&str>) -> Result<Vec<User>> {
        let filter = workspace.map(|ws| ("workspaceId", ws));
        self.list_all(&["users"], filter.as_slice(), "users").await
    }

    pub async fn get_user(&self, id: &str) -> Result<User> {
        self.get(self.url(&["users", id], &[])).await
    }

    /// Never retried (a POST).
    pub async fn update_user_roles(&self, id: &str, roles: &SubjectRoles) -> Result<()> {
        let url = self.url(&["users", id, "roles"], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(roles)?))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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
            to_body(&u.roles_with("ws", Some("WORKSPACE_AUTHOR")).unwrap()).unwrap(),
            concat!(
                r#"{"deploymentRoles":[{"deploymentId":"d","role":"DEPLOYMENT_ADMIN"}],"#,
                r#""organizationRole":"ORGANIZATION_MEMBER","#,
                r#""workspaceRoles":[{"role":"WORKSPACE_MEMBER","workspaceId":"other"},"#,
                r#"{"role":"WORKSPACE_AUTHOR","workspaceId":"ws"}]}"#
            )
        );
    }

    #[test]
    fn removal_sends_an_empty_list_and_keeps_dag_roles() {
        let u = user(serde_json::json!({
            "id": "u",
            "organizationRole": "ORGANIZATION_MEMBER",
            "workspaceRoles": [{"role": "WORKSPACE_OWNER", "workspaceId": "ws"}],
            "dagRoles": [{"deploymentId": "d", "role": "DAG_VIEWER", "dagId": "x"}]
        }));
        assert_eq!(
            to_body(&u.roles_with("ws", None).unwrap()).unwrap(),
            concat!(
                r#"{"dagRoles":[{"dagId":"x","deploymentId":"d","role":"DAG_VIEWER"}],"#,
                r#""organizationRole":"ORGANIZATION_MEMBER","workspaceRoles":[]}"#
            )
        );
    }

    #[test]
    fn only_the_documented_request_fields_are_sent_back() {
        // Whatever else the server puts in its role entries (names, IDs of other shapes) is
        // answer-only: a strict server refuses it in the request.
        let u = user(serde_json::json!({
            "id": "u",
            "organizationRole": "ORGANIZATION_OWNER",
            "workspaceRoles": [
                {"role": "WORKSPACE_OWNER", "workspaceId": "ws", "workspaceName": "w"}
            ],
            "deploymentRoles": [
                {"deploymentId": "d", "role": "DEPLOYMENT_ADMIN", "deploymentName": "prod", "workspaceId": "ws"}
            ],
            "dagRoles": [
                {"deploymentId": "d", "role": "DAG_AUTHOR", "dagTag": "etl", "dagId": "", "id": "r1", "deploymentName": "prod"},
                {"deploymentId": "d", "role": "DAG_VIEWER", "dagId": null}
            ]
        }));
        assert_eq!(
            to_body(&u.roles_with("other", Some("WORKSPACE_ACCESSOR")).unwrap()).unwrap(),
            concat!(
                r#"{"dagRoles":[{"dagTag":"etl","deploymentId":"d","role":"DAG_AUTHOR"},"#,
                r#"{"deploymentId":"d","role":"DAG_VIEWER"}],"#,
                r#""deploymentRoles":[{"deploymentId":"d","role":"DEPLOYMENT_ADMIN"}],"#,
                r#""organizationRole":"ORGANIZATION_OWNER","#,
                r#""workspaceRoles":[{"role":"WORKSPACE_OWNER","workspaceId":"ws"},"#,
                r#"{"role":"WORKSPACE_ACCESSOR","workspaceId":"other"}]}"#
            )
        );
    }

    #[test]
    fn a_user_without_an_organization_role_is_refused_before_sending() {
        for org_role in [serde_json::json!(null), serde_json::json!("")] {
            let u = user(serde_json::json!({
                "id": "u",
                "username": "ada@example.com",
                "organizationRole": org_role,
            }));
            let err = u.roles_with("ws", Some("WORKSPACE_MEMBER")).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("the user ada@example.com has no Organization role"),
                "{err}"
            );
            assert!(u.roles_with("ws", None).is_err());
        }
    }
}
