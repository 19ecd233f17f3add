//! Astro public API v1 (REST): `AstroRest`, the client shared by every resource module; each
//! module (`tokens`, …) holds an `impl AstroRest` block with its operations (paths, headers and
//! bodies as the Go CLI sends them).

pub mod auth;
pub mod organizations;
pub mod teams;
pub mod tokens;
pub mod users;
pub mod workspaces;

use futures_util::StreamExt as _;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::{Http, Reply, Request, Retry};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::output::safe;

/// Users, teams and tokens are listed 100 at a time, as the Go CLI lists them.
const PAGE_SIZE: usize = 100;
/// Pages after the first are fetched this many at a time (docs/compatibility.md#complete-lists).
const CONCURRENT_PAGES: usize = 4;
/// A guard against a server whose `totalCount` never ends.
const MAX_PAGES: usize = 1000;

/// A JSON `null` reads as the type's default, as Go's decoder does.
pub(crate) fn null_default<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// One page of a list: the items under their resource's key, and the total across pages.
/// Read straight into `T`, without an intermediate `serde_json::Value` (memory is an aim).
/// `items` is None when the key is missing or null, which is an error unless the total is 0.
#[derive(Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
pub(in crate::api) struct Page<T> {
    #[serde(
        alias = "tokens",
        alias = "workspaces",
        alias = "users",
        alias = "teams",
        alias = "organizations",
        default
    )]
    items: Option<Vec<T>>,
    /// Kept as the server sent it and checked before it is used
    /// (docs/reliability.md#server-numbers): a count that is negative, fractional, a string or
    /// absurdly large gets an error that names it, not a decoder's message or an allocation.
    #[serde(rename = "totalCount", default)]
    total_count: Option<serde_json::Value>,
}

pub struct AstroRest {
    http: Http,
    base: reqwest::Url,
    organization: String,
    headers: Vec<(&'static str, String)>,
    /// What to do when the server refuses the credential (401).
    refused: String,
}

impl AstroRest {
    /// A client for `domain`'s API, sending `authorization` (the header value, `Bearer …`) for
    /// `organization`.
    pub fn new(
        http: Http,
        domain: &str,
        authorization: &str,
        organization: &str,
        env: &Env,
    ) -> Result<AstroRest> {
        let base_text = crate::config::astro_base_url(domain);
        let base = reqwest::Url::parse(&base_text)
            .map_err(|e| Error::msg(format!("invalid API address {base_text}: {e}")))?;
        let (identifier, version) = env.client_identity();
        let refused = if env.api_token.is_some() {
            "the API token in ASTRO_API_TOKEN was refused: check that it has not expired or been deleted, or unset ASTRO_API_TOKEN to use your login".to_string()
        } else {
            format!("log in again: run astro login {domain}")
        };
        Ok(AstroRest {
            http,
            base,
            refused,
            organization: organization.to_string(),
            headers: vec![
                ("authorization", authorization.to_string()),
                ("x-astro-client-identifier", identifier.to_string()),
                ("x-astro-client-version", version),
                ("x-client-os-identifier", os_identifier()),
            ],
        })
    }

    /// `<base>/organizations/<org>/<segments…>?<query sorted by key>`; segments are escaped.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> reqwest::Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .push("organizations")
                .push(&self.organization)
                .extend(segments);
        }
        if !query.is_empty() {
            let mut sorted = query.to_vec();
            sorted.sort_by_key(|(k, _)| *k);
            url.query_pairs_mut().extend_pairs(sorted);
        }
        url
    }

    async fn send(
        &self,
        method: Method,
        url: reqwest::Url,
        body: Option<String>,
        retry: Retry,
    ) -> Result<Reply> {
        let request = Request {
            method,
            url,
            headers: self.headers.clone(),
            json_body: body,
            operation: None,
        };
        let reply = self.http.send(request, retry).await?;
        if reply.status == 200 || reply.status == 204 {
            Ok(reply)
        } else if reply.status == 401 {
            // The server's own word first (Go prints it alone), then what to do about it.
            Err(Error::Unauthorized {
                message: api_error(&reply).to_string(),
                next: self.refused.clone(),
            })
        } else {
            Err(api_error(&reply))
        }
    }

    async fn get<T: DeserializeOwned>(&self, url: reqwest::Url) -> Result<T> {
        decode(
            &self
                .send(Method::GET, url, None, Retry::IdempotentRead)
                .await?,
        )
    }

    /// A POST is a mutation here (the API's "update"s are POSTs too): never retried.
    async fn post<T: DeserializeOwned>(
        &self,
        url: reqwest::Url,
        body: Option<String>,
    ) -> Result<T> {
        decode(&self.send(Method::POST, url, body, Retry::Never).await?)
    }

    /// Fetches page one, then the rest concurrently (at most 4 at a time), keeping server order.
    async fn list_all<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        filters: &[(&str, &str)],
        items_key: &str,
    ) -> Result<Vec<T>> {
        self.list_all_paged(segments, filters, items_key, PAGE_SIZE, MAX_PAGES)
            .await
    }

    /// `list_all` with its page size and page cap given (workspaces: 1000 a page, at most 100
    /// pages, as the Go CLI pages them).
    ///
    /// The Go CLI's rule for every list: the offset moves by the items received, and the list
    /// is complete when it holds `totalCount` items. A server may send fewer items a page than
    /// asked for (its own cap), so the first page's length is the step of the pages fetched
    /// next, concurrently and kept in server order. A page shorter than that moves the offset
    /// by what it held and the pages after it are asked for again. A list that cannot reach
    /// `totalCount` (an empty page, a null list, a failing page) is an error: nothing partial
    /// is ever returned, so nothing partial is ever printed.
    async fn list_all_paged<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        filters: &[(&str, &str)],
        items_key: &str,
        page_size: usize,
        max_pages: usize,
    ) -> Result<Vec<T>> {
        let page = |offset: usize| {
            let limit = page_size.to_string();
            let offset_text = offset.to_string();
            let mut query = vec![("limit", limit.as_str()), ("offset", offset_text.as_str())];
            query.extend_from_slice(filters);
            let url = self.url(segments, &query);
            async move {
                let page: Page<T> = self.get(url).await?;
                Ok::<_, Error>((offset, page))
            }
        };
        let (_, mut first) = page(0).await?;
        let total = count_of(first.total_count.take(), items_key, max_pages, page_size)?;
        let mut all = page_items(first, total.unwrap_or(0), items_key)?;
        let total = match total {
            Some(total) => total,
            // No count at all: a page shorter than asked for is the whole list; a full one
            // may have more behind it, and a partial list is never shown as complete.
            None if all.len() < page_size => return Ok(all),
            None => return Err(no_count(items_key, all.len())),
        };
        let step = all.len();
        let mut requests = 1;
        // A person at a terminal sees how far the list is; erased when done or failed.
        let mut progress = crate::progress::Progress::new(self.http.progress(), items_key);
        if all.len() < total {
            progress.show(all.len(), total);
        }
        while all.len() < total {
            let start = all.len();
            if step == 0 {
                return Err(stopped_early(items_key, start, total));
            }
            // The cap is checked on the number of pages before any is planned: nothing is
            // sized by the server's count (docs/reliability.md#server-numbers).
            let pages_left = (total - start).div_ceil(step);
            if pages_left > max_pages.saturating_sub(requests) {
                return Err(over_cap(items_key, total, max_pages, step));
            }
            let offsets = (start..total).step_by(step);
            let mut pages = futures_util::stream::iter(offsets)
                .map(page)
                .buffered(CONCURRENT_PAGES);
            while let Some(next) = pages.next().await {
                requests += 1;
                let (offset, page) = next?;
                let items = page_items(page, total, items_key)?;
                if items.is_empty() {
                    return Err(stopped_early(items_key, all.len(), total));
                }
                let short = items.len() < step.min(total - offset);
                all.extend(items);
                progress.show(all.len(), total);
                // The pages already asked for start at offsets that are now wrong.
                if short {
                    break;
                }
            }
        }
        Ok(all)
    }

    /// A mutation whose answer is not needed (role rewrites, workspace changes, deletes):
    /// never retried; any 200/204 body is accepted.
    async fn send_mutation(
        &self,
        method: Method,
        url: reqwest::Url,
        body: Option<String>,
    ) -> Result<()> {
        self.send(method, url, body, Retry::Never).await.map(|_| ())
    }
}

/// A page's items; a null or missing list is an error when the server says there are items.
fn page_items<T>(page: Page<T>, total: usize, items_key: &str) -> Result<Vec<T>> {
    match page.items {
        Some(items) => Ok(items),
        None if total == 0 => Ok(Vec::new()),
        None => Err(Error::Api(format!(
            "the server returned no {items_key} although it counts {total}: the list is incomplete, so nothing is shown; try again"
        ))),
    }
}

/// `totalCount` as a number of items, `None` when the server sent none (missing or null), or
/// an error naming what is wrong with it (docs/reliability.md#server-numbers).
fn count_of(
    value: Option<serde_json::Value>,
    items_key: &str,
    max_pages: usize,
    page_size: usize,
) -> Result<Option<usize>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    if let Some(count) = value.as_u64().and_then(|n| usize::try_from(n).ok()) {
        return Ok(Some(count));
    }
    // Past u64 the parser has only a float: a whole number too large for this machine
    // (`18446744073709551616`, `1e300`), past any cap. A smaller float (`150.0`, `1.5`) is not a
    // count, as for the Go CLI, whose decoder refuses it.
    if value.as_f64().is_some_and(|f| f >= u64::MAX as f64) {
        return Err(Error::Api(format!(
            "aborted listing {items_key}: the server counts {}, more than the {max_pages} pages of {page_size} astro reads for one list (its cap); the count cannot be right, so nothing is shown",
            shown_number(&value)
        )));
    }
    Err(Error::Api(format!(
        "the server sent totalCount {} for {items_key}, which is not a count of items (a whole number, 0 or more): the list cannot be completed, so nothing is shown",
        shown_number(&value)
    )))
}

/// A server's value as JSON text, short and made safe to show.
fn shown_number(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let short: String = text.chars().take(40).collect();
    let short = if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    };
    crate::output::safe(&short).into_owned()
}

fn no_count(items_key: &str, received: usize) -> Error {
    Error::Api(format!(
        "the server sent a full page of {received} {items_key} without a totalCount: astro cannot tell whether more follow, so nothing is shown; try again"
    ))
}

fn over_cap(items_key: &str, total: usize, max_pages: usize, step: usize) -> Error {
    Error::Api(format!(
        "aborted listing {items_key}: the server counts {total}, more than the {max_pages} pages of {step} astro reads for one list (its cap); nothing is shown"
    ))
}

fn stopped_early(items_key: &str, received: usize, total: usize) -> Error {
    Error::Api(format!(
        "the server stopped sending {items_key} after {received} of {total}: the list is incomplete, so nothing is shown; try again"
    ))
}

/// A request body as JSON text.
fn to_body<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::msg(format!("could not encode request: {e}")))
}

pub(in crate::api) fn decode<T: DeserializeOwned>(reply: &Reply) -> Result<T> {
    if !reply.is_json() && !reply.body.is_empty() {
        return Err(status_error(reply.status));
    }
    serde_json::from_slice(&reply.body).map_err(|e| {
        if reply.is_json() {
            unexpected("answer", &e)
        } else {
            status_error(reply.status)
        }
    })
}

fn unexpected(what: &str, error: &serde_json::Error) -> Error {
    // serde quotes the value it could not read: server text (docs/reliability.md#server-text).
    Error::Api(format!(
        "the server sent an unexpected {what}: {}",
        safe(&error.to_string())
    ))
}

fn status_error(status: u16) -> Error {
    Error::Api(format!("failed to perform request, status {status}"))
}

/// A non-200/204 answer: its `message`, else the status (docs/compatibility.md#rest-errors).
/// The message is server text, made safe to show (docs/reliability.md#server-text).
pub(in crate::api) fn api_error(reply: &Reply) -> Error {
    #[derive(Deserialize)]
    struct ErrorBody {
        #[serde(default)]
        message: Option<String>,
    }
    match serde_json::from_slice::<ErrorBody>(&reply.body) {
        Ok(ErrorBody {
            message: Some(message),
        }) if !message.is_empty() => Error::Api(safe(&message).into_owned()),
        _ => status_error(reply.status),
    }
}

/// `<GOOS>-<GOARCH>` as the Go CLI sends it.
fn os_identifier() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{os}-{arch}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, content_type: &str, body: &str) -> Reply {
        Reply {
            status,
            content_type: content_type.into(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn error_bodies_give_their_message_or_the_status() {
        let json = "application/json";
        assert_eq!(
            api_error(&reply(404, json, r#"{"message":"api token not found"}"#)).to_string(),
            "api token not found"
        );
        for body in ["{}", r#"{"message":""}"#, "<html>", "", "[1]"] {
            assert_eq!(
                api_error(&reply(500, json, body)).to_string(),
                "failed to perform request, status 500",
                "{body}"
            );
        }
    }

    #[test]
    fn an_error_message_is_made_safe_to_show() {
        let body = r#"{"message":"no\u001b]52;c;aGk=\u0007 such\ntoken\u009b2J"}"#;
        assert_eq!(
            api_error(&reply(404, "application/json", body)).to_string(),
            "no^[]52;c;aGk=^G such^Jtoken\\u{9b}2J"
        );
    }

    #[test]
    fn a_non_json_success_body_is_an_error_not_a_crash() {
        let err =
            decode::<tokens::ApiToken>(&reply(200, "text/html", "<html>oops</html>")).unwrap_err();
        assert_eq!(err.to_string(), "failed to perform request, status 200");
    }
}
