//! Workspaces (the operations behind the Go CLI's `astro workspace` commands).

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value, json};

use super::{Houston, Operation};
use crate::api::Retry;
use crate::error::{Error, Result};

const WORKSPACES: Operation = Operation {
    text: include_str!("workspaces.graphql"),
    field: "workspaces",
    retry: Retry::IdempotentRead,
};
const PAGINATED_WORKSPACES: Operation = Operation {
    text: include_str!("paginated_workspaces.graphql"),
    field: "paginatedWorkspaces",
    retry: Retry::IdempotentRead,
};
const CREATE_WORKSPACE: Operation = Operation {
    text: include_str!("create_workspace.graphql"),
    field: "createWorkspace",
    retry: Retry::Never,
};
const DELETE_WORKSPACE: Operation = Operation {
    text: include_str!("delete_workspace.graphql"),
    field: "deleteWorkspace",
    retry: Retry::Never,
};
const WORKSPACE: Operation = Operation {
    text: include_str!("workspace.graphql"),
    field: "workspace",
    retry: Retry::IdempotentRead,
};
const UPDATE_WORKSPACE: Operation = Operation {
    text: include_str!("update_workspace.graphql"),
    field: "updateWorkspace",
    retry: Retry::Never,
};

/// A JSON string that may also be null or missing: both read as "".
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A JSON list that may also be null or missing: both read as empty.
pub(crate) fn null_as_none<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub label: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub description: String,
}

/// What `workspace update` changes; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct WorkspaceChanges<'a> {
    pub label: Option<&'a str>,
    pub description: Option<&'a str>,
}

/// The error for a mutation whose answer is null without an error
/// (docs/compatibility.md#null-replies).
pub(crate) fn no_workspace() -> Error {
    Error::Api("the server returned no workspace".into())
}

/// Private Cloud workspaces.
impl Houston {
    /// Every workspace the user can see (GetWorkspaces).
    pub async fn workspaces(&self) -> Result<Vec<Workspace>> {
        // The Go CLI sends `"variables": null` for operations without variables.
        self.execute_list(&WORKSPACES, Value::Null, "workspaces")
            .await
    }

    /// Page `page_number` (from 0) of `page_size` workspaces (Houston ≥ 0.30.0).
    pub async fn paginated_workspaces(
        &self,
        page_size: u32,
        page_number: u32,
    ) -> Result<Vec<Workspace>> {
        let variables = json!({ "pageSize": page_size, "pageNumber": page_number });
        self.execute_list(&PAGINATED_WORKSPACES, variables, "workspaces")
            .await
    }

    /// `None` when Houston answered without an error but with no workspace: the handler says
    /// it may exist (docs/reliability.md#changes-reported-as-made).
    pub async fn create_workspace(
        &self,
        label: &str,
        description: &str,
    ) -> Result<Option<Workspace>> {
        let variables = json!({ "label": label, "description": description });
        self.execute_as(&CREATE_WORKSPACE, variables).await
    }

    pub async fn delete_workspace(&self, id: &str) -> Result<Workspace> {
        let variables = json!({ "workspaceId": id });
        // The Go CLI ignores the answer; a null one still means the deletion went through.
        self.execute_or_default(&DELETE_WORKSPACE, variables).await
    }

    /// One workspace, or `None` when Houston knows no workspace with this ID.
    pub async fn workspace(&self, id: &str) -> Result<Option<Workspace>> {
        let variables = json!({ "workspaceUuid": id });
        self.execute_as(&WORKSPACE, variables).await
    }

    pub async fn update_workspace(
        &self,
        id: &str,
        changes: &WorkspaceChanges<'_>,
    ) -> Result<Workspace> {
        let mut payload = Map::new();
        if let Some(description) = changes.description {
            payload.insert("description".into(), json!(description));
        }
        if let Some(label) = changes.label {
            payload.insert("label".into(), json!(label));
        }
        let variables = json!({ "workspaceId": id, "payload": payload });
        self.execute_as(&UPDATE_WORKSPACE, variables)
            .await?
            .ok_or_else(no_workspace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_missing_fields_read_as_empty() {
        let ws: Workspace = serde_json::from_value(json!({"id": "ck1", "label": null})).unwrap();
        assert_eq!(
            ws,
            Workspace {
                id: "ck1".into(),
                label: String::new(),
                description: String::new()
            }
        );
    }
}
