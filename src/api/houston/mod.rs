//! Astro Private Cloud: the Houston GraphQL API (`POST <houston>/v1`). `Houston` is the client
//! shared by every resource module; each module (`service_accounts`, …) holds an `impl Houston`
//! block with its operations, one `.graphql` file per operation (operation texts and headers as
//! the Go CLI sends them).

pub mod app_config;
pub mod auth;
pub mod service_accounts;
pub mod teams;
pub mod users;
pub mod workspaces;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{Http, Reply, Request, Retry};
use crate::error::{Error, Result};
use crate::output::safe;

/// One GraphQL operation: its text, the root field whose value we read, and whether it may be
/// sent again after a failure (queries yes, mutations never).
pub(crate) struct Operation {
    pub text: &'static str,
    pub field: &'static str,
    pub retry: Retry,
}

pub struct Houston {
    http: Http,
    url: reqwest::Url,
    token: String,
    /// The context's domain, for the command that logs in again.
    domain: String,
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
            domain: domain.to_string(),
        })
    }

    /// The host (and port, when it is not the scheme's) that answers for this domain, to name it
    /// in an error.
    pub fn host(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    /// Runs `operation` and returns `data.<field>`, which may be null.
    async fn execute(&self, operation: &Operation, variables: Value) -> Result<Value> {
        let mut headers = vec![("accept", "application/json".to_string())];
        // Houston tokens are sent verbatim, and only when there is one, as the Go CLI does.
        if !self.token.is_empty() {
            headers.push(("authorization", self.token.clone()));
        }
        let body = json!({ "query": operation.text, "variables": variables }).to_string();
        let request = Request {
            method: Method::POST,
            url: self.url.clone(),
            headers,
            json_body: Some(body),
            operation: Some(operation.field),
        };
        let reply = self
            .http
            .send(request, operation.retry)
            .await
            .map_err(|e| match e {
                Error::Transport(text) => Error::Transport(format!("HTTP DO Failed: {text}")),
                other => other,
            })?;
        read_data(&reply, operation.field).map_err(|e| match e {
            // A refused or expired credential: say how to get a new one.
            // A permission error keeps its own text: it does not mean the token is bad.
            Error::Api(text) if text == EXPIRED || text.starts_with("API error (401)") => {
                Error::Api(format!("{text}: run astro login {}", self.domain))
            }
            other => other,
        })
    }

    pub(crate) async fn execute_as<T: DeserializeOwned>(
        &self,
        operation: &Operation,
        variables: Value,
    ) -> Result<Option<T>> {
        let data = self.execute(operation, variables).await?;
        if data.is_null() {
            return Ok(None);
        }
        serde_json::from_value(data).map(Some).map_err(|e| {
            // serde quotes the value it could not read: server text.
            Error::Api(format!(
                "failed to decode Houston response: {}: {}",
                operation.field,
                safe(&e.to_string())
            ))
        })
    }
}

/// Turns a Houston reply into `data.<field>` or the error it carries
/// (docs/compatibility.md#graphql-errors): GraphQL `errors[0].message` first (also inside a 4xx,
/// unlike Go), then the status.
pub(in crate::api) fn read_data(reply: &Reply, field: &str) -> Result<Value> {
    let ok_status = (200..300).contains(&reply.status);
    let body: Value = match serde_json::from_slice(&reply.body) {
        Ok(body) => body,
        Err(e) if ok_status => {
            return Err(Error::Api(format!(
                "failed to decode Houston response: {}",
                safe(&e.to_string())
            )));
        }
        Err(_) => return Err(status_error(reply)),
    };
    if let Some(message) = body
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.first())
        .map(error_message)
    {
        // Server text, made safe to show (docs/reliability.md#server-text).
        return Err(Error::Api(safe(&graphql_error_text(&message)).into_owned()));
    }
    if !ok_status {
        return Err(status_error(reply));
    }
    // `{"data": null}` without errors answers nothing: never read as an empty success.
    match body.get("data") {
        Some(data) if !data.is_null() => Ok(data.get(field).cloned().unwrap_or(Value::Null)),
        _ => Err(Error::Api(format!(
            "the server returned no data for {field} and no error"
        ))),
    }
}

/// The error for a list that came back null.
pub(crate) fn missing_list(field: &str, what: &str) -> Error {
    Error::Api(format!(
        "the server returned no {what} ({field} was null): nothing is shown; try again"
    ))
}

/// Houston's AUTH_TOKEN_REFRESH_FAILED, in the Go CLI's words.
const EXPIRED: &str = "your token has expired. Please log in again";

/// Houston's answer to a request whose token it does not take.
const NOT_PERMITTED: &str = "You do not have the appropriate permissions for that";

/// Whether an error's text says the token itself was not taken: Houston's permission error,
/// an expired token, or a 401/403 without a GraphQL error. A request that only a valid token
/// can make (listing one's own workspaces) fails with these only when the token is bad.
pub fn is_refusal(text: &str) -> bool {
    text == NOT_PERMITTED
        || text == EXPIRED
        || text.starts_with("API error (401)")
        || text.starts_with("API error (403)")
}

/// The text of one GraphQL error object: its `message`; without one its `extensions.code`; else
/// a sentence, never an empty `Error: `.
fn error_message(error: &Value) -> String {
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    text(error.get("message"))
        .or_else(|| text(error.get("extensions").and_then(|e| e.get("code"))))
        // A bare string in `errors` is read as its message.
        .or_else(|| text(Some(error)))
        .unwrap_or_else(|| "the server returned an error without a message".to_string())
}

fn graphql_error_text(message: &str) -> String {
    if message == "AUTH_TOKEN_REFRESH_FAILED" {
        // A permission error keeps its own text: it does not mean the token expired
        // (docs/compatibility.md#graphql-errors).
        EXPIRED.to_string()
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
        safe(String::from_utf8_lossy(&reply.body).trim_end())
    ))
}

impl Houston {
    /// A list operation: a null list is an error naming `what` was not returned (an empty list
    /// is `[]`, so null means the server failed to answer).
    pub(crate) async fn execute_list<T: DeserializeOwned>(
        &self,
        operation: &Operation,
        variables: Value,
        what: &str,
    ) -> Result<Vec<T>> {
        self.execute_as(operation, variables)
            .await?
            .ok_or_else(|| missing_list(operation.field, what))
    }

    /// `execute_as` where a null answer means the default: an answer that is not needed.
    pub(crate) async fn execute_or_default<T: DeserializeOwned + Default>(
        &self,
        operation: &Operation,
        variables: Value,
    ) -> Result<T> {
        Ok(self
            .execute_as(operation, variables)
            .await?
            .unwrap_or_default())
    }
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
    fn server_text_in_errors_is_made_safe_to_show() {
        let text = |status: u16, body: &str| {
            read_data(&reply(status, body), "x")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            text(200, r#"{"errors":[{"message":"denied\u001b[2J\r\u202e"}]}"#),
            "denied^[[2J^M\\u{202e}"
        );
        assert_eq!(
            text(500, "<h1>\x1b]8;;http://e\x1b\\oops</h1>\n<p>down</p>\n"),
            "API error (500): <h1>^[]8;;http://e^[\\oops</h1>^J<p>down</p>"
        );
    }

    #[test]
    fn null_data_without_errors_is_an_error() {
        for body in [r#"{"data":null}"#, "{}", r#"{"errors":[],"data":null}"#] {
            assert_eq!(
                read_data(&reply(200, body), "workspaces")
                    .unwrap_err()
                    .to_string(),
                "the server returned no data for workspaces and no error",
                "{body}"
            );
        }
    }

    #[test]
    fn an_error_without_a_message_still_reads() {
        let text = |body: &str| read_data(&reply(200, body), "x").unwrap_err().to_string();
        assert_eq!(
            text(r#"{"errors":[{"extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#),
            "INTERNAL_SERVER_ERROR"
        );
        assert_eq!(
            text(
                r#"{"errors":[{"message":"","extensions":{"code":"AUTH_TOKEN_REFRESH_FAILED"}}]}"#
            ),
            "your token has expired. Please log in again"
        );
        for body in [
            r#"{"errors":[{}]}"#,
            r#"{"errors":[null]}"#,
            r#"{"errors":[{"message":null,"extensions":{"code":7}}]}"#,
        ] {
            assert_eq!(
                text(body),
                "the server returned an error without a message",
                "{body}"
            );
        }
        assert_eq!(text(r#"{"errors":["boom"]}"#), "boom");
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
