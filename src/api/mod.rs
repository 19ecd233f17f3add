//! The one HTTP client of the process and what both back ends share: timeouts, headers, the
//! retry policy of spec §6 and debug logging with the credentials redacted.

pub mod astro;
pub mod houston;
mod tls;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;

use crate::error::{Error, Result};

/// Extra attempts for an idempotent read (spec §6: "up to 2 more times").
const MAX_RETRIES: u32 = 2;
/// A `Retry-After` longer than this is not waited for: the error is shown instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Whether a failed request may be sent again. Mutations never are: a lost response must not,
/// for example, rotate a token twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    IdempotentRead,
    Never,
}

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub skip_verify_tls: bool,
}

/// Where debug lines go (`--verbosity debug`), shared by clones of the client.
pub type DebugLog = Option<Arc<Mutex<Box<dyn Write + Send>>>>;

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    options: HttpOptions,
    debug: DebugLog,
}

pub struct Request {
    pub method: Method,
    pub url: reqwest::Url,
    /// Sent as given. Names are lower-case; `authorization` is redacted in debug output.
    pub headers: Vec<(&'static str, String)>,
    pub json_body: Option<String>,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn is_json(&self) -> bool {
        self.content_type.contains("json")
    }
}

impl Http {
    pub fn new(options: HttpOptions, debug: DebugLog) -> Result<Http> {
        // reqwest is built without a TLS provider (ring builds faster and starts quicker than
        // aws-lc-rs: STACK.md); a client cannot be built, even for http://, until one is set.
        // Err means one is installed already, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // Our own rustls configuration, so that the trust store is read only when a server's
        // certificate is checked, and only once (tls.rs); reqwest's own reads every CA file
        // of the system while the client is built, even for http:// URLs.
        let tls = tls::client_config(options.skip_verify_tls)
            .map_err(|e| Error::Transport(format!("could not set up TLS: {e}")))?;
        let client = reqwest::Client::builder()
            .user_agent(format!("astro-cli/{}", crate::VERSION))
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|e| Error::Transport(format!("could not set up HTTP: {}", chain(&e))))?;
        Ok(Http {
            client,
            options,
            debug,
        })
    }

    /// Sends `request`; retries idempotent reads on connection errors, 429 and 502/503/504.
    /// Any HTTP status is returned as a `Reply`; only a request that got no answer is an error.
    pub async fn send(&self, request: Request, retry: Retry) -> Result<Reply> {
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            self.log_request(&request, attempt);
            let outcome = self.client.execute(self.build(&request)?).await;
            let retries_left = retry == Retry::IdempotentRead && attempt < MAX_RETRIES;
            match outcome {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let wait = retry_wait(status, response.headers(), attempt);
                    if retries_left && let Some(wait) = wait {
                        self.log(format_args!(
                            "< {status} after {:?}; retrying in {wait:?}",
                            started.elapsed()
                        ));
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    let content_type = response
                        .headers()
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let body = response
                        .bytes()
                        .await
                        .map_err(|e| self.transport_error(&request, &e))?
                        .to_vec();
                    self.log(format_args!(
                        "< {status} ({} bytes) in {:?}",
                        body.len(),
                        started.elapsed()
                    ));
                    return Ok(Reply {
                        status,
                        content_type,
                        body,
                    });
                }
                // Refused, reset or closed before an answer: safe to ask again for a read.
                // A timeout is not retried: waiting twice as long helps nobody.
                Err(e) if retries_left && !e.is_timeout() && (e.is_connect() || e.is_request()) => {
                    let wait = backoff(attempt);
                    self.log(format_args!("< connection failed; retrying in {wait:?}"));
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(e) => return Err(self.transport_error(&request, &e)),
            }
        }
    }

    fn build(&self, request: &Request) -> Result<reqwest::Request> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone());
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(body) = &request.json_body {
            // A request that names its own content type (the OAuth form post) keeps it.
            if !request
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            {
                builder = builder.header(reqwest::header::CONTENT_TYPE, "application/json");
            }
            builder = builder.body(body.clone());
        }
        builder
            .build()
            .map_err(|e| self.transport_error(request, &e))
    }

    /// Go's shape (`Get "<url>": <reason>`), with a reason that says what to change.
    fn transport_error(&self, request: &Request, error: &reqwest::Error) -> Error {
        let method = title_case(request.method.as_str());
        let reason = if error.is_timeout() && error.is_connect() {
            format!(
                "connection timed out after {}s (houston.dial_timeout in the config)",
                self.options.connect_timeout.as_secs()
            )
        } else if error.is_timeout() {
            format!(
                "request timed out after {}s (http.timeout_seconds in the config)",
                self.options.request_timeout.as_secs()
            )
        } else if let Some(reason) = request
            .url
            .host_str()
            .and_then(|host| tls::certificate_reason(error, host))
        {
            reason
        } else {
            chain(error)
        };
        Error::Transport(format!("{method} \"{}\": {reason}", request.url))
    }

    fn log_request(&self, request: &Request, attempt: u32) {
        if self.debug.is_none() {
            return;
        }
        let again = if attempt > 0 { " (retry)" } else { "" };
        let mut text = format!("> {} {}{again}", request.method, request.url);
        for (name, value) in &request.headers {
            let shown = if name.eq_ignore_ascii_case("authorization") {
                "<redacted>"
            } else {
                value.as_str()
            };
            text.push_str(&format!("\n>   {name}: {shown}"));
        }
        self.log(format_args!("{text}"));
    }

    fn log(&self, line: std::fmt::Arguments<'_>) {
        if let Some(sink) = &self.debug
            && let Ok(mut sink) = sink.lock()
        {
            let _ = writeln!(sink, "DEBUG {line}");
        }
    }
}

fn retry_wait(status: u16, headers: &reqwest::header::HeaderMap, attempt: u32) -> Option<Duration> {
    if !matches!(status, 429 | 502 | 503 | 504) {
        return None;
    }
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    match retry_after {
        Some(wait) if wait > MAX_RETRY_AFTER => None,
        Some(wait) => Some(wait),
        None => Some(backoff(attempt)),
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(200 << attempt)
}

/// The messages of an error and its sources, without reqwest's repeated URL prefix.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = error.source();
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

fn title_case(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_overload_statuses_are_retried() {
        let none = reqwest::header::HeaderMap::new();
        for status in [429, 502, 503, 504] {
            assert!(retry_wait(status, &none, 0).is_some(), "{status}");
        }
        for status in [200, 400, 401, 404, 500, 501] {
            assert!(retry_wait(status, &none, 0).is_none(), "{status}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_limit() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "1".parse().unwrap());
        assert_eq!(retry_wait(429, &headers, 0), Some(Duration::from_secs(1)));
        headers.insert(reqwest::header::RETRY_AFTER, "600".parse().unwrap());
        assert_eq!(retry_wait(429, &headers, 0), None);
    }

    #[test]
    fn methods_read_like_go() {
        assert_eq!(title_case("POST"), "Post");
        assert_eq!(title_case("GET"), "Get");
    }
}
