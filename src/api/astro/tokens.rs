//! API tokens: `/organizations/{org}/tokens` (reference astro-go-cli.md §6 ApiToken, §9.8).

use serde::{Deserialize, Serialize};

use super::{AstroRest, null_default};
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
    #[serde(default, deserialize_with = "null_default")]
    pub roles: Vec<ApiTokenRole>,
    /// Only in the answers to create and rotate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub created_by: Option<SubjectProfile>,
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

    /// "CREATED BY": the creator's full name, else the creating token's name (reference §7.6).
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

/// API tokens (`/organizations/{org}/tokens`). Handlers take `&impl TokenApi`.
#[allow(async_fn_in_trait)] // one binary, static dispatch: no `Send` bound needed
pub trait TokenApi {
    /// Every token with a role in `workspace` (all pages).
    async fn list_workspace_tokens(&self, workspace: &str) -> Result<Vec<ApiToken>>;
    async fn get_token(&self, id: &str) -> Result<ApiToken>;
    /// Never retried: a lost answer must not rotate twice.
    async fn rotate_token(&self, id: &str) -> Result<ApiToken>;
}

impl TokenApi for AstroRest {
    async fn list_workspace_tokens(&self, workspace: &str) -> Result<Vec<ApiToken>> {
        self.list_all(&["tokens"], &[("workspaceId", workspace)], "tokens")
            .await
    }

    async fn get_token(&self, id: &str) -> Result<ApiToken> {
        self.get(self.url(&["tokens", id], &[])).await
    }

    async fn rotate_token(&self, id: &str) -> Result<ApiToken> {
        let url = self.url(&["tokens", id, "rotate"], &[]);
        self.post(url, None).await
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
}
