//! Workspace users (the operations behind the Go CLI's `astro workspace user`).

use serde::Deserialize;
use serde_json::json;

use super::workspaces::{Workspace, no_workspace, null_as_empty, null_as_none};
use super::{Houston, Operation};
use crate::api::Retry;
use crate::error::{Error, Result};

const ADD_WORKSPACE_USER: Operation = Operation {
    text: include_str!("add_workspace_user.graphql"),
    field: "workspaceAddUser",
    retry: Retry::Never,
};
const REMOVE_WORKSPACE_USER: Operation = Operation {
    text: include_str!("remove_workspace_user.graphql"),
    field: "workspaceRemoveUser",
    retry: Retry::Never,
};
const WORKSPACE_USERS: Operation = Operation {
    text: include_str!("workspace_users.graphql"),
    field: "workspaceUsers",
    retry: Retry::IdempotentRead,
};
const PAGINATED_WORKSPACE_USERS: Operation = Operation {
    text: include_str!("paginated_workspace_users.graphql"),
    field: "paginatedWorkspaceUsers",
    retry: Retry::IdempotentRead,
};
const UPSERT_WORKSPACE_USER_ROLE: Operation = Operation {
    text: include_str!("upsert_workspace_user_role.graphql"),
    field: "workspaceUpsertUserRole",
    retry: Retry::Never,
};
const WORKSPACE_USER: Operation = Operation {
    text: include_str!("workspace_user.graphql"),
    field: "workspaceUser",
    retry: Retry::IdempotentRead,
};

/// The roles that count as a workspace-level role in user and team lists (as in the Go CLI).
const LISTED_ROLES: [&str; 4] = [
    "WORKSPACE_ADMIN",
    "WORKSPACE_EDITOR",
    "WORKSPACE_VIEWER",
    "NONE",
];

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct WorkspaceRef {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub id: String,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct RoleBinding {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub role: String,
    #[serde(default)]
    pub workspace: Option<WorkspaceRef>,
}

impl RoleBinding {
    fn in_workspace(&self, workspace: &str) -> bool {
        self.workspace.as_ref().is_some_and(|w| w.id == workspace)
    }
}

/// The role shown in user and team lists: the first binding on `workspace` whose role is a
/// workspace role (or `NONE`); `NONE` without one.
pub fn listed_role(bindings: &[RoleBinding], workspace: &str) -> String {
    bindings
        .iter()
        .find(|b| LISTED_ROLES.contains(&b.role.as_str()) && b.in_workspace(workspace))
        .map_or_else(|| "NONE".to_string(), |b| b.role.clone())
}

/// The role that `update` changes: the first binding on `workspace` whose role contains
/// `WORKSPACE` (the one the Go CLI's `user update` changes).
pub fn current_role<'a>(bindings: &'a [RoleBinding], workspace: &str) -> Option<&'a str> {
    bindings
        .iter()
        .find(|b| b.in_workspace(workspace) && b.role.contains("WORKSPACE"))
        .map(|b| b.role.as_str())
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Email {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub address: String,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub username: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub full_name: String,
    #[serde(default, deserialize_with = "null_as_none")]
    pub emails: Vec<Email>,
    #[serde(default, deserialize_with = "null_as_none")]
    pub role_bindings: Vec<RoleBinding>,
}

/// Users of Private Cloud workspaces.
impl Houston {
    /// Adds (or invites) `email` with `role`; returns the workspace.
    pub async fn add_workspace_user(
        &self,
        workspace: &str,
        email: &str,
        role: &str,
    ) -> Result<Workspace> {
        let variables = json!({ "workspaceId": workspace, "email": email, "role": role });
        self.execute_as(&ADD_WORKSPACE_USER, variables)
            .await?
            .ok_or_else(no_workspace)
    }

    /// Removes the user with ID `user`; returns the workspace.
    pub async fn remove_workspace_user(&self, workspace: &str, user: &str) -> Result<Workspace> {
        let variables = json!({ "workspaceId": workspace, "userId": user });
        self.execute_as(&REMOVE_WORKSPACE_USER, variables)
            .await?
            .ok_or_else(no_workspace)
    }

    pub async fn workspace_users(&self, workspace: &str) -> Result<Vec<User>> {
        let variables = json!({ "workspaceUuid": workspace });
        self.execute_list(&WORKSPACE_USERS, variables, "workspace users")
            .await
    }

    /// `take` users after the user `cursor` (from the start without one). Houston ≥ 0.30.0.
    pub async fn paginated_workspace_users(
        &self,
        workspace: &str,
        cursor: Option<&str>,
        take: u32,
    ) -> Result<Vec<User>> {
        // The first page has no cursor: null, not "" as the Go CLI sends
        // (docs/compatibility.md#apc-user-paging).
        let variables = json!({ "workspaceUuid": workspace, "cursorUuid": cursor, "take": take });
        self.execute_list(&PAGINATED_WORKSPACE_USERS, variables, "workspace users")
            .await
    }

    /// The workspace's user with this email, or `None`.
    pub async fn workspace_user(&self, workspace: &str, email: &str) -> Result<Option<User>> {
        let variables = json!({ "workspaceUuid": workspace, "email": email });
        self.execute_as(&WORKSPACE_USER, variables).await
    }

    /// Sets the user's role; returns the role Houston stored.
    pub async fn upsert_workspace_user_role(
        &self,
        workspace: &str,
        email: &str,
        role: &str,
    ) -> Result<String> {
        let variables = json!({ "workspaceUuid": workspace, "email": email, "role": role });
        self.execute_as(&UPSERT_WORKSPACE_USER_ROLE, variables)
            .await?
            .ok_or_else(|| Error::Api("the server returned no role".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bindings(value: serde_json::Value) -> Vec<RoleBinding> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_listed_role_is_the_first_workspace_role_on_this_workspace() {
        let b = bindings(json!([
            {"role": "SYSTEM_ADMIN", "workspace": null},
            {"role": "WORKSPACE_ADMIN", "workspace": {"id": "other"}},
            {"role": "DEPLOYMENT_EDITOR", "workspace": {"id": "ws"}},
            {"role": "WORKSPACE_EDITOR", "workspace": {"id": "ws"}},
            {"role": "WORKSPACE_VIEWER", "workspace": {"id": "ws"}},
        ]));
        assert_eq!(listed_role(&b, "ws"), "WORKSPACE_EDITOR");
        assert_eq!(listed_role(&b, "nowhere"), "NONE");
        assert_eq!(current_role(&b, "ws"), Some("WORKSPACE_EDITOR"));
        assert_eq!(current_role(&b, "nowhere"), None);
    }

    #[test]
    fn a_user_with_nulls_decodes() {
        let user: User = serde_json::from_value(json!({
            "id": "u1", "username": null, "emails": null, "roleBindings": null
        }))
        .unwrap();
        assert_eq!(user.id, "u1");
        assert!(user.role_bindings.is_empty());
    }
}
