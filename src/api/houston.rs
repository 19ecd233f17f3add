//! Astro Private Cloud: the Houston GraphQL API (`POST <houston>/v1`), `HoustonApi` and its
//! HTTP implementation `Houston` (reference apc-go-cli.md §2.4 and §4).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Http, Reply, Request, Retry};
use crate::error::{Error, Result};

/// One GraphQL operation: its text, the root field whose value we read, and whether it may be
/// sent again after a failure (queries yes, mutations never).
struct Operation {
    text: &'static str,
    field: &'static str,
    retry: Retry,
}

const CREATE_WORKSPACE_SERVICE_ACCOUNT: Operation = Operation {
    text: include_str!("houston/create_workspace_service_account.graphql"),
    field: "createWorkspaceServiceAccount",
    retry: Retry::Never,
};
const WORKSPACE_SERVICE_ACCOUNTS: Operation = Operation {
    text: include_str!("houston/workspace_service_accounts.graphql"),
    field: "workspaceServiceAccounts",
    retry: Retry::IdempotentRead,
};
const DELETE_WORKSPACE_SERVICE_ACCOUNT: Operation = Operation {
    text: include_str!("houston/delete_workspace_service_account.graphql"),
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

/// The Houston operations the commands use. Handlers take `&impl HoustonApi`.
#[allow(async_fn_in_trait)] // one binary, static dispatch: no `Send` bound needed
pub trait HoustonApi {
    async fn create_workspace_service_account(
        &self,
        new: &NewServiceAccount<'_>,
    ) -> Result<ServiceAccount>;
    async fn workspace_service_accounts(&self, workspace: &str) -> Result<Vec<ServiceAccount>>;
    async fn delete_workspace_service_account(
        &self,
        workspace: &str,
        service_account: &str,
    ) -> Result<ServiceAccount>;
}

pub struct Houston {
    http: Http,
    url: reqwest::Url,
    token: String,
}

impl Houston {
    pub fn new(http: Http, domain: &str, token: &str) -> Result<Houston> {
        let text = crate::config::houston_url(domain);
        let url = reqwest::Url::parse(&text)
            .map_err(|e| Error::msg(format!("invalid Houston address {text}: {e}")))?;
        Ok(Houston {
            http,
            url,
            token: token.to_string(),
        })
    }

    /// Runs `operation` and returns `data.<field>`, which may be null.
    async fn execute(&self, operation: &Operation, variables: Value) -> Result<Value> {
        let mut headers = vec![("accept", "application/json".to_string())];
        // Houston tokens are sent verbatim, and only when there is one (reference §2.4).
        if !self.token.is_empty() {
            headers.push(("authorization", self.token.clone()));
        }
        let body = json!({ "query": operation.text, "variables": variables }).to_string();
        let request = Request {
            method: Method::POST,
            url: self.url.clone(),
            headers,
            json_body: Some(body),
        };
        let reply = self
            .http
            .send(request, operation.retry)
            .await
            .map_err(|e| match e {
                Error::Transport(text) => Error::Transport(format!("HTTP DO Failed: {text}")),
                other => other,
            })?;
        read_data(&reply, operation.field)
    }

    async fn execute_as<T: DeserializeOwned>(
        &self,
        operation: &Operation,
        variables: Value,
    ) -> Result<Option<T>> {
        let data = self.execute(operation, variables).await?;
        if data.is_null() {
            return Ok(None);
        }
        serde_json::from_value(data).map(Some).map_err(|e| {
            Error::Api(format!(
                "failed to decode Houston response: {}: {e}",
                operation.field
            ))
        })
    }
}

impl HoustonApi for Houston {
    async fn create_workspace_service_account(
        &self,
        new: &NewServiceAccount<'_>,
    ) -> Result<ServiceAccount> {
        // `deploymentUuid` is not declared by the operation; the Go CLI sends it anyway and
        // Houston accepts it, so the wire stays the same.
        let variables = json!({
            "workspaceUuid": new.workspace,
            "deploymentUuid": "",
            "label": new.label,
            "category": new.category,
            "role": new.role,
        });
        self.execute_as(&CREATE_WORKSPACE_SERVICE_ACCOUNT, variables)
            .await?
            .ok_or_else(|| Error::Api("the server returned no service account".into()))
    }

    async fn workspace_service_accounts(&self, workspace: &str) -> Result<Vec<ServiceAccount>> {
        let variables = json!({ "workspaceUuid": workspace });
        Ok(self
            .execute_as(&WORKSPACE_SERVICE_ACCOUNTS, variables)
            .await?
            .unwrap_or_default())
    }

    async fn delete_workspace_service_account(
        &self,
        workspace: &str,
        service_account: &str,
    ) -> Result<ServiceAccount> {
        let variables = json!({
            "workspaceUuid": workspace,
            "deploymentUuid": "",
            "serviceAccountUuid": service_account,
        });
        self.execute_as(&DELETE_WORKSPACE_SERVICE_ACCOUNT, variables)
            .await?
            .ok_or_else(|| Error::Api("the server returned no service account".into()))
    }
}

/// Turns a Houston reply into `data.<field>` or the error it carries (spec §1): GraphQL
/// `errors[0].message` first (also inside a 4xx, unlike Go: defect §6 #19), then the status.
fn read_data(reply: &Reply, field: &str) -> Result<Value> {
    let ok_status = (200..300).contains(&reply.status);
    let body: Value = match serde_json::from_slice(&reply.body) {
        Ok(body) => body,
        Err(e) if ok_status => {
            return Err(Error::Api(format!(
                "failed to decode Houston response: {e}"
            )));
        }
        Err(_) => return Err(status_error(reply)),
    };
    if let Some(message) = body
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.first())
        .map(|first| {
            first
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
        })
    {
        return Err(Error::Api(graphql_error_text(message)));
    }
    if !ok_status {
        return Err(status_error(reply));
    }
    Ok(body
        .get("data")
        .and_then(|data| data.get(field))
        .cloned()
        .unwrap_or(Value::Null))
}

fn graphql_error_text(message: &str) -> String {
    if message == "AUTH_TOKEN_REFRESH_FAILED" {
        // A permission error keeps its own text: it does not mean the token expired (defect §6 #18).
        "your token has expired. Please log in again".to_string()
    } else if message.contains("Cannot query field") {
        format!(
            "Some fields requested by the CLI are not available in the server schema.: {message}"
        )
    } else {
        message.to_string()
    }
}

fn status_error(reply: &Reply) -> Error {
    Error::Api(format!(
        "API error ({}): {}",
        reply.status,
        String::from_utf8_lossy(&reply.body).trim_end()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "application/json".into(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn data_field_is_returned() {
        let data = read_data(&reply(200, r#"{"data":{"x":[1]}}"#), "x").unwrap();
        assert_eq!(data, json!([1]));
        let null = read_data(&reply(200, r#"{"data":{"x":null}}"#), "x").unwrap();
        assert!(null.is_null());
    }

    #[test]
    fn graphql_errors_win_even_inside_a_4xx() {
        let err = read_data(
            &reply(
                400,
                r#"{"errors":[{"message":"Cannot query field \"y\" on type \"Query\"."}]}"#,
            ),
            "y",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Some fields requested by the CLI are not available in the server schema.: Cannot query field \"y\" on type \"Query\"."
        );
        let expired = read_data(
            &reply(
                200,
                r#"{"errors":[{"message":"AUTH_TOKEN_REFRESH_FAILED"}]}"#,
            ),
            "x",
        );
        assert_eq!(
            expired.unwrap_err().to_string(),
            "your token has expired. Please log in again"
        );
        let denied = read_data(
            &reply(
                401,
                r#"{"errors":[{"message":"You do not have the appropriate permissions for that"}]}"#,
            ),
            "x",
        );
        assert_eq!(
            denied.unwrap_err().to_string(),
            "You do not have the appropriate permissions for that"
        );
    }

    #[test]
    fn empty_errors_is_not_an_error_and_bad_bodies_are() {
        let ok = read_data(&reply(200, r#"{"errors":[],"data":{"x":"v"}}"#), "x").unwrap();
        assert_eq!(ok, json!("v"));
        let garbage = read_data(&reply(200, "<html>oops</html>"), "x").unwrap_err();
        assert!(
            garbage
                .to_string()
                .starts_with("failed to decode Houston response: ")
        );
        let status = read_data(&reply(502, "bad gateway"), "x").unwrap_err();
        assert_eq!(status.to_string(), "API error (502): bad gateway");
    }
}
