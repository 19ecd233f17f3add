//! Workspaces: `/organizations/{org}/workspaces` (as the Go CLI's `astro workspace` uses them).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{AstroRest, null_default, to_body};
use crate::error::Result;

/// Workspaces are listed 1000 at a time, sorted by name, at most 100 pages, as in Go.
const WORKSPACE_PAGE_SIZE: usize = 1000;
const WORKSPACE_MAX_PAGES: usize = 100;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    #[serde(default, deserialize_with = "null_default")]
    pub cicd_enforced_default: bool,
}

/// The body of CreateWorkspace and UpdateWorkspace: all three fields, always, as the Go CLI sends
/// it.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceBody<'a> {
    pub cicd_enforced_default: bool,
    pub description: &'a str,
    pub name: &'a str,
}

impl AstroRest {
    /// Every workspace of the organization, sorted by name (all pages).
    pub async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        self.list_all_paged(
            &["workspaces"],
            &[("sorts", "name:asc")],
            "workspaces",
            WORKSPACE_PAGE_SIZE,
            WORKSPACE_MAX_PAGES,
        )
        .await
    }

    /// The created workspace, as the server returned it.
    pub async fn create_workspace(&self, body: &WorkspaceBody<'_>) -> Result<Workspace> {
        let url = self.url(&["workspaces"], &[]);
        // A reply without the new workspace's ID is still a workspace that was created: the
        // handler reports it as made (docs/reliability.md#changes-reported-as-made).
        self.post(url, Some(to_body(body)?)).await
    }

    pub async fn update_workspace(&self, id: &str, body: &WorkspaceBody<'_>) -> Result<()> {
        let url = self.url(&["workspaces", id], &[]);
        self.send_mutation(Method::POST, url, Some(to_body(body)?))
            .await
    }

    pub async fn delete_workspace(&self, id: &str) -> Result<()> {
        let url = self.url(&["workspaces", id], &[]);
        self.send_mutation(Method::DELETE, url, None).await
    }
}

/// What `check_access` learned from a credential the server did not refuse.
#[derive(Debug, PartialEq)]
pub enum Access {
    Granted,
    /// The credential was accepted (no 401) but the workspace was not found or not allowed
    /// (404 or 403): the server's message.
    NoWorkspace(String),
}

impl AstroRest {
    /// One cheap authenticated read (`astro auth status --check`): the workspace when one is
    /// known, else a one-item page of the organization's workspaces. A 401 is the credential's
    /// fault; a 403 or 404 for the workspace is the workspace's (deleted, or not the caller's).
    pub async fn check_access(&self, workspace: &str) -> Result<Access> {
        if workspace.is_empty() {
            let url = self.url(&["workspaces"], &[("limit", "1"), ("offset", "0")]);
            return self
                .get::<serde_json::Value>(url)
                .await
                .map(|_| Access::Granted);
        }
        let request = crate::api::Request {
            method: Method::GET,
            url: self.url(&["workspaces", workspace], &[]),
            headers: self.headers.clone(),
            json_body: None,
            operation: None,
        };
        let reply = self
            .http
            .send(request, crate::api::Retry::IdempotentRead)
            .await?;
        match reply.status {
            200 | 204 => Ok(Access::Granted),
            401 => Err(crate::error::Error::Unauthorized {
                message: super::api_error(&reply).to_string(),
                next: self.refused.clone(),
            }),
            403 | 404 => Ok(Access::NoWorkspace(super::api_error(&reply).to_string())),
            _ => Err(super::api_error(&reply)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_fields_in_go_order() {
        let body = WorkspaceBody {
            cicd_enforced_default: true,
            description: "",
            name: "n",
        };
        assert_eq!(
            to_body(&body).unwrap(),
            r#"{"cicdEnforcedDefault":true,"description":"","name":"n"}"#
        );
    }

    #[test]
    fn nulls_read_as_empty() {
        let ws: Workspace =
            serde_json::from_str(r#"{"id":"w","name":"n","description":null}"#).unwrap();
        assert_eq!(ws.description, "");
        assert!(!ws.cicd_enforced_default);
    }
}
