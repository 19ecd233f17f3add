//! Workspace service accounts (the operations behind the Go CLI's
//! `astro workspace service-account`).

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Houston, Operation};
use crate::api::Retry;
use crate::error::{Error, Result};

const CREATE_WORKSPACE_SERVICE_ACCOUNT: Operation = Operation {
    text: include_str!("create_workspace_service_account.graphql"),
    field: "createWorkspaceServiceAccount",
    retry: Retry::Never,
};
const WORKSPACE_SERVICE_ACCOUNTS: Operation = Operation {
    text: include_str!("workspace_service_accounts.graphql"),
    field: "workspaceServiceAccounts",
    retry: Retry::IdempotentRead,
};
const DELETE_WORKSPACE_SERVICE_ACCOUNT: Operation = Operation {
    text: include_str!("delete_workspace_service_account.graphql"),
    field: "deleteWorkspaceServiceAccount",
    retry: Retry::Never,
};

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccount {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub api_key: Option<String>,
}

impl ServiceAccount {
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or_default()
    }
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or_default()
    }
    pub fn category(&self) -> &str {
        self.category.as_deref().unwrap_or_default()
    }
    pub fn api_key(&self) -> &str {
        self.api_key.as_deref().unwrap_or_default()
    }
}

pub struct NewServiceAccount<'a> {
    pub workspace: &'a str,
    pub label: &'a str,
    pub category: &'a str,
    pub role: &'a str,
}

/// Workspace service accounts.
impl Houston {
    /// `None` when Houston answered without an error but with no account: the handler says the
    /// account may exist (docs/reliability.md#changes-reported-as-made).
    pub async fn create_workspace_service_account(
        &self,
        new: &NewServiceAccount<'_>,
    ) -> Result<Option<ServiceAccount>> {
        // `deploymentUuid` is not declared by the operation; the Go CLI sends it anyway and
        // Houston accepts it, so the wire stays the same.
        let variables = json!({
            "workspaceUuid": new.workspace,
            "deploymentUuid": "",
            "label": new.label,
            "category": new.category,
            "role": new.role,
        });
        // A mutation that went through: a reply lacking a part is the handler's to explain,
        // never a plain failure that invites a second, duplicate create.
        self.execute_as::<ServiceAccount>(&CREATE_WORKSPACE_SERVICE_ACCOUNT, variables)
            .await
    }

    pub async fn workspace_service_accounts(&self, workspace: &str) -> Result<Vec<ServiceAccount>> {
        let variables = json!({ "workspaceUuid": workspace });
        self.execute_list(&WORKSPACE_SERVICE_ACCOUNTS, variables, "service accounts")
            .await
    }

    pub async fn delete_workspace_service_account(
        &self,
        workspace: &str,
        service_account: &str,
    ) -> Result<ServiceAccount> {
        let variables = json!({
            "workspaceUuid": workspace,
            "deploymentUuid": "",
            "serviceAccountUuid": service_account,
        });
        self.execute_as::<ServiceAccount>(&DELETE_WORKSPACE_SERVICE_ACCOUNT, variables)
            .await?
            .filter(|sa| sa.id.is_some())
            .ok_or_else(|| Error::Api("the server returned no service account".into()))
    }
}
