//! API tokens: `/organizations/{org}/tokens` (as the Go CLI's `astro workspace token` uses them).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{AstroRest, null_default, to_body};
use crate::error::Result;

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    #[serde(default, deserialize_with = "null_default")]
    pub scope: String,
    /// `STANDARD` or `DIRECT_ACCESS`; empty when the API leaves it out.
    #[serde(default, deserialize_with = "null_default")]
    pub kind: String,
    #[serde(default, deserialize_with = "null_default")]
    pub roles: Vec<ApiTokenRole>,
    /// Only in the answers to create and rotate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub created_by: Option<SubjectProfile>,
    /// When the token expires (none for a token without an expiry).
    #[serde(default)]
    pub end_at: Option<String>,
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// Sent only for a token that was rotated.
    #[serde(default)]
    pub last_rotated_at: Option<String>,
    #[serde(default)]
    pub expiry_period_in_days: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ApiTokenRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub entity_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub entity_type: String,
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubjectProfile {
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub api_token_name: Option<String>,
}

impl ApiToken {
    /// The role this token holds in `workspace`: the first WORKSPACE entry for it.
    pub fn workspace_role(&self, workspace: &str) -> &str {
        self.roles
            .iter()
            .find(|r| r.entity_type == "WORKSPACE" && r.entity_id == workspace)
            .map(|r| r.role.as_str())
            .unwrap_or_default()
    }

    /// "CREATED BY": the creator's full name, else the creating token's name, as in Go.
    pub fn created_by_name(&self) -> &str {
        let Some(by) = &self.created_by else {
            return "";
        };
        by.full_name
            .as_deref()
            .filter(|n| !n.is_empty())
            .or(by.api_token_name.as_deref())
            .unwrap_or_default()
    }
}

impl ApiToken {
    /// Whether the token expires before `deadline_unix` (or already has). A token without an
    /// expiry, or with one that cannot be read, never does.
    pub fn expires_before(&self, deadline_unix: i64) -> bool {
        self.end_at
            .as_deref()
            .and_then(crate::time::parse_rfc3339)
            .is_some_and(|end| end <= deadline_unix)
    }

    /// The role this token holds in the organization: the first ORGANIZATION entry.
    pub fn organization_role(&self) -> &str {
        self.roles
            .iter()
            .find(|r| r.entity_type == "ORGANIZATION")
            .map(|r| r.role.as_str())
            .unwrap_or_default()
    }

    /// The complete role list with this token's entry for `workspace` replaced by `role`
    /// (appended at the end), or removed when `role` is None; other entries keep their order
    /// and `deploymentId`, as the Go CLI rewrites them.
    pub fn roles_with(&self, workspace: &str, role: Option<&str>) -> Vec<ApiTokenRole> {
        self.roles
            .iter()
            .filter(|r| !(r.entity_type == "WORKSPACE" && r.entity_id == workspace))
            .cloned()
            .chain(role.map(|role| ApiTokenRole {
                deployment_id: None,
                entity_id: workspace.to_string(),
                entity_type: "WORKSPACE".to_string(),
                role: role.to_string(),
            }))
            .collect()
    }
}

/// CreateApiToken for a Workspace token, as the Go CLI sends it: `kind` is never sent, the expiry
/// only when given.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewToken<'a> {
    pub description: &'a str,
    pub entity_id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub scope: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_expiry_period_in_days: Option<i64>,
}

/// UpdateApiToken: both fields, always.
#[derive(Debug, Serialize, PartialEq)]
pub struct TokenChanges<'a> {
    pub description: &'a str,
    pub name: &'a str,
}

/// API tokens (`/organizations/{org}/tokens`).
impl AstroRest {
    /// Every token with a role in `workspace` (all pages).
    pub async fn list_workspace_tokens(&self, workspace: &str) -> Result<Vec<ApiToken>> {
        self.list_all(&["tokens"], &[("workspaceId", workspace)], "tokens")
            .await
    }

    pub async fn get_token(&self, id: &str) -> Result<ApiToken> {
        self.get(self.url(&["tokens", id], &[])).await
    }

    /// Never retried: a lost answer must not rotate twice.
    pub async fn rotate_token(&self, id: &str) -> Result<ApiToken> {
        let url = self.url(&["tokens", id, "rotate"], &[]);
        self.post(url, None).await
    }

    /// Every ORGANIZATION-scoped token (all pages).
    pub async fn list_organization_tokens(&self) -> Result<Vec<ApiToken>> {
        self.list_all(
            &["tokens"],
            &[("includeOnlyOrganizationTokens", "true")],
            "tokens",
        )
        .await
    }

    /// The answer holds the new token's value.
    pub async fn create_token(&self, token: &NewToken<'_>) -> Result<ApiToken> {
        let url = self.url(&["tokens"], &[]);
        self.post(url, Some(to_body(token)?)).await
    }

    pub async fn update_token(&self, id: &str, changes: &TokenChanges<'_>) -> Result<()> {
        let url = self.url(&["tokens", id], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(changes)?))
            .await
    }

    /// Replaces the token's whole role list.
    pub async fn update_token_roles(&self, id: &str, roles: &[ApiTokenRole]) -> Result<()> {
        #[derive(Serialize)]
        struct Roles<'a> {
            roles: &'a [ApiTokenRole],
        }
        let url = self.url(&["tokens", id, "roles"], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(&Roles { roles })?))
            .await
    }

    pub async fn delete_token(&self, id: &str) -> Result<()> {
        let url = self.url(&["tokens", id], &[]);
        self.send_mutation(Method::DELETE, url, None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_read_as_empty() {
        let token: ApiToken =
            serde_json::from_str(r#"{"id":"t","name":null,"roles":null,"createdBy":null}"#)
                .unwrap();
        assert_eq!(token.name, "");
        assert!(token.roles.is_empty());
        assert_eq!(token.created_by_name(), "");
    }

    #[test]
    fn workspace_role_and_creator() {
        let token: ApiToken = serde_json::from_value(serde_json::json!({
            "id": "t",
            "roles": [
                {"entityType": "ORGANIZATION", "entityId": "o", "role": "ORGANIZATION_MEMBER"},
                {"entityType": "WORKSPACE", "entityId": "other", "role": "WORKSPACE_OWNER"},
                {"entityType": "WORKSPACE", "entityId": "ws", "role": "WORKSPACE_AUTHOR"}
            ],
            "createdBy": {"apiTokenName": "bootstrap"}
        }))
        .unwrap();
        assert_eq!(token.workspace_role("ws"), "WORKSPACE_AUTHOR");
        assert_eq!(token.workspace_role("nope"), "");
        assert_eq!(token.created_by_name(), "bootstrap");
    }

    #[test]
    fn role_rewrite_keeps_other_entries_in_order() {
        let token: ApiToken = serde_json::from_value(serde_json::json!({
            "id": "t",
            "roles": [
                {"entityType": "WORKSPACE", "entityId": "ws", "role": "WORKSPACE_OWNER"},
                {"entityType": "DAG", "entityId": "dag", "role": "DAG_VIEWER", "deploymentId": "d"},
                {"entityType": "ORGANIZATION", "entityId": "o", "role": "ORGANIZATION_MEMBER"}
            ]
        }))
        .unwrap();
        assert_eq!(token.organization_role(), "ORGANIZATION_MEMBER");
        let roles = token.roles_with("ws", Some("WORKSPACE_MEMBER"));
        assert_eq!(
            serde_json::to_value(&roles).unwrap(),
            serde_json::json!([
                {"entityType": "DAG", "entityId": "dag", "role": "DAG_VIEWER", "deploymentId": "d"},
                {"entityType": "ORGANIZATION", "entityId": "o", "role": "ORGANIZATION_MEMBER"},
                {"entityType": "WORKSPACE", "entityId": "ws", "role": "WORKSPACE_MEMBER"}
            ])
        );
        assert_eq!(token.roles_with("ws", None).len(), 2);
    }

    #[test]
    fn create_body_leaves_out_an_unset_expiry() {
        let mut body = NewToken {
            description: "",
            entity_id: "ws",
            name: "n",
            role: "WORKSPACE_MEMBER",
            scope: "WORKSPACE",
            token_expiry_period_in_days: None,
        };
        assert_eq!(
            to_body(&body).unwrap(),
            r#"{"description":"","entityId":"ws","name":"n","role":"WORKSPACE_MEMBER","scope":"WORKSPACE"}"#
        );
        body.token_expiry_period_in_days = Some(30);
        assert!(
            to_body(&body)
                .unwrap()
                .ends_with(r#","tokenExpiryPeriodInDays":30}"#)
        );
    }
}
