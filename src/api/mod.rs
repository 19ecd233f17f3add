//! The one HTTP client of the process and what both back ends share: timeouts, headers, the
//! retry policy (docs/compatibility.md#retries) and debug logging with the credentials redacted.

pub mod astro;
pub mod houston;
mod proxy;
mod tls;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;

use crate::env::ProxyEnv;
use crate::error::{Error, Result};

/// Extra attempts for an idempotent read (docs/compatibility.md#retries).
const MAX_RETRIES: u32 = 2;
/// A `Retry-After` longer than this is not waited for: the error is shown instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);
/// The most of a reply body that is read (far above any real page). Past it the command stops:
/// memory stays bounded whatever a server sends.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

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
    /// The proxy variables, read once by `env.rs`, to name a proxy in errors.
    pub proxy: ProxyEnv,
}

/// Where debug lines go (`--verbosity debug`), shared by clones of the client.
pub type DebugLog = Option<Arc<Mutex<Box<dyn Write + Send>>>>;

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    options: HttpOptions,
    debug: DebugLog,
    /// Where long lists report how far they are (a terminal's stderr, or nowhere).
    progress: crate::progress::ProgressSink,
}

pub struct Request {
    pub method: Method,
    pub url: reqwest::Url,
    /// Sent as given. Names are lower-case; `authorization` is redacted in debug output.
    pub headers: Vec<(&'static str, String)>,
    pub json_body: Option<String>,
    /// The GraphQL operation (its root field), shown in debug lines: every Houston call is
    /// `POST /v1`, and a reader must be able to tell which one failed.
    pub operation: Option<&'static str>,
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
        // aws-lc-rs, measured); a client cannot be built, even for http://, until one is set.
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
            progress: None,
        })
    }

    /// Lists of several pages show their progress on `sink`.
    pub fn with_progress(mut self, sink: crate::progress::ProgressSink) -> Http {
        self.progress = sink;
        self
    }

    pub fn progress(&self) -> &crate::progress::ProgressSink {
        &self.progress
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
                    let op = operation_suffix(&request);
                    let wait = retry_wait(status, response.headers(), attempt, unix_now());
                    if retries_left && let Some(wait) = wait {
                        self.log(format_args!(
                            "< {status}{op} after {:?}; retrying in {wait:?}",
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
                    let body = match self.read_body(&request, response).await {
                        Ok(body) => body,
                        // The connection broke mid-body: for a read, as safe to ask again as
                        // one refused before an answer.
                        Err(BodyFailure::Cut(e)) if retries_left && !e.is_timeout() => {
                            let wait = backoff(attempt);
                            self.log(format_args!(
                                "< {status}{op}: reply cut short; retrying in {wait:?}"
                            ));
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                        Err(BodyFailure::Cut(e)) => return Err(self.transport_error(&request, &e)),
                        Err(BodyFailure::TooLarge(e)) => return Err(e),
                    };
                    self.log(format_args!(
                        "< {status}{op} ({} bytes) in {:?}",
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
                // A refused certificate is refused again: asking twice more only delays the error.
                Err(e)
                    if retries_left
                        && !e.is_timeout()
                        && (e.is_connect() || e.is_request())
                        && !tls::is_certificate_error(&e) =>
                {
                    let wait = backoff(attempt);
                    self.log(format_args!("< connection failed; retrying in {wait:?}"));
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(e) => return Err(self.transport_error(&request, &e)),
            }
        }
    }

    /// Reads the body chunk by chunk up to `MAX_BODY_BYTES`: a server that sends more (or never
    /// stops) gets an error, not all of the machine's memory. A body that trickles forever is
    /// cut by the client's whole-request timeout, which covers the body too.
    async fn read_body(
        &self,
        request: &Request,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, BodyFailure> {
        let too_large = || {
            self.log(format_args!(
                "< reply passed {} MiB; stopped reading",
                MAX_BODY_BYTES >> 20
            ));
            BodyFailure::TooLarge(Error::Transport(format!(
                "{} \"{}\": the reply passed {} MiB, the most astro reads; stopped reading it",
                title_case(request.method.as_str()),
                request.url,
                MAX_BODY_BYTES >> 20
            )))
        };
        let declared = response.content_length().unwrap_or(0);
        if declared > MAX_BODY_BYTES as u64 {
            return Err(too_large());
        }
        // The declared length is the server's number: it may reserve up to 1 MiB ahead, no
        // more; past that the buffer grows with what actually arrives
        // (docs/reliability.md#server-numbers).
        let mut body = Vec::with_capacity(declared.min(1 << 20) as usize);
        while let Some(chunk) = response.chunk().await.map_err(BodyFailure::Cut)? {
            let needed = body.len() + chunk.len();
            if needed > MAX_BODY_BYTES {
                return Err(too_large());
            }
            if needed > body.capacity() {
                // Doubling, but never past the cap: the buffer alone stays within 64 MiB.
                let target = (body.capacity() * 2).clamp(needed, MAX_BODY_BYTES);
                body.reserve_exact(target - body.len());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn build(&self, request: &Request) -> Result<reqwest::Request> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone());
        for (name, value) in &request.headers {
            // Checked here so the error names the header; the value may be a credential and is
            // never shown.
            let value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                Error::msg(format!(
                    "the {name} value cannot be sent in an HTTP header (it holds a line break or another character a header cannot carry): check where it comes from"
                ))
            })?;
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
        let proxy = self.options.proxy.for_url(&request.url);
        let reason = if error.is_timeout() && error.is_connect() {
            let through = proxy
                .map(|p| format!(" through the proxy {} ({})", p.shown, p.variable))
                .unwrap_or_default();
            format!(
                "connection timed out after {}s{through} (houston.dial_timeout in the config)",
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
            // Before the generic unreachable text: a handshake failure is a connect error too.
            reason
        } else if let Some(reason) = proxy
            .as_ref()
            .filter(|_| error.is_connect() || error.is_request())
            .and_then(|proxy| proxy_reason(proxy, &request.url, error.is_connect(), &chain(error)))
        {
            // Before the server's unreachable text: the server was never reached.
            reason
        } else if error.is_connect() || error.is_request() {
            unreachable_reason(&request.url, &chain(error))
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
        let op = operation_suffix(request);
        let mut text = format!("> {} {}{op}{again}", request.method, request.url);
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
            // A line may quote what a server chose (an address it named): each of our own lines
            // is made safe to show (docs/reliability.md#server-text).
            let text = line.to_string();
            let shown: Vec<_> = text.split('\n').map(crate::output::safe).collect();
            let _ = writeln!(sink, "DEBUG {}", shown.join("\n"));
        }
    }
}

/// Why a reply body could not be read.
enum BodyFailure {
    /// Over `MAX_BODY_BYTES`: never retried, the next answer would be as big.
    TooLarge(Error),
    /// The connection broke or timed out mid-body.
    Cut(reqwest::Error),
}

/// ` (workspaceServiceAccounts)` for a GraphQL call, nothing for REST.
fn operation_suffix(request: &Request) -> String {
    request
        .operation
        .map(|op| format!(" ({op})"))
        .unwrap_or_default()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// How long to wait before asking again, or `None` when the answer stands. `Retry-After` is
/// seconds or an HTTP date; a date is measured against the server's own `Date` when it sent one
/// (a skewed local clock then does not matter), else against `now_unix`.
fn retry_wait(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    attempt: u32,
    now_unix: i64,
) -> Option<Duration> {
    if !matches!(status, 429 | 502 | 503 | 504) {
        return None;
    }
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::trim)
    };
    let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| {
        if let Ok(seconds) = v.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let at = crate::time::parse_http_date(v)?;
        let now = header(reqwest::header::DATE)
            .and_then(crate::time::parse_http_date)
            .unwrap_or(now_unix);
        Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
    });
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

/// Why `url`'s server could not be reached, from the error chain's own words, said as what
/// failed and what to check (a user does not need `tcp connect error` or an OS error number).
fn unreachable_reason(url: &reqwest::Url, chain: &str) -> String {
    let host = url.host_str().unwrap_or_default();
    let address = match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    let lower = chain.to_ascii_lowercase();
    let check = "check the domain of the current context (astro context list) and your network or proxy settings (HTTPS_PROXY, NO_PROXY)";
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        format!("could not find the host {host}: {check}")
    } else if lower.contains("connection refused") {
        format!("could not connect to {address}: the connection was refused; {check}")
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        format!(
            "could not make a secure connection to {address}: {}; if the server uses a private certificate authority, add it to the system's trust store (or, at your own risk, astro config set houston.skip_verify_tls true)",
            innermost(chain)
        )
    } else if lower.contains("reset") || lower.contains("closed") || lower.contains("broken pipe") {
        format!("the connection to {address} was closed before an answer came; {check}")
    } else {
        format!("could not reach {address}: {}; {check}", innermost(chain))
    }
}

/// Why a request through `proxy` failed, when the proxy is what failed
/// (docs/reliability.md#proxy-errors): for an http URL every connect error is the proxy's (the
/// connection is made to it); for https, the errors of the tunnel the proxy is asked to open.
/// None leaves the error to the server's explanation (a certificate, say, is the server's).
fn proxy_reason(
    proxy: &proxy::ProxyUsed,
    url: &reqwest::Url,
    is_connect: bool,
    chain: &str,
) -> Option<String> {
    let lower = chain.to_ascii_lowercase();
    let tunnel = lower.contains("tunnel error");
    if !(tunnel || (is_connect && url.scheme() == "http")) {
        return None;
    }
    let (shown, variable) = (&proxy.shown, proxy.variable);
    let check = format!(
        "check {variable} (or add the server's host to NO_PROXY if it should be reached without a proxy)"
    );
    let server = match url.port_or_known_default() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    Some(if lower.contains("proxy authorization required") {
        format!(
            "the proxy {shown} ({variable}) asks for credentials (407): give them in {variable} as scheme://USER:PASSWORD@host:port"
        )
    } else if lower.contains("tunnel error: unsuccessful") {
        format!("the proxy {shown} ({variable}) would not open a connection to {server}; {check}")
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        format!(
            "could not find the proxy host {} ({variable}); {check}",
            proxy.host
        )
    } else if lower.contains("connection refused") {
        format!(
            "could not connect to the proxy {shown} ({variable}): the connection was refused; {check}"
        )
    } else {
        format!(
            "could not reach the proxy {shown} ({variable}): {}; {check}",
            innermost(chain)
        )
    })
}

/// The last cause of an error chain, without an OS error number.
fn innermost(chain: &str) -> String {
    let last = chain.rsplit(": ").next().unwrap_or(chain);
    match last.find(" (os error") {
        Some(at) => last[..at].to_string(),
        None => last.to_string(),
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

    /// Every reply decoder fed damaged bodies (`tests/decoders.rs`); a test module of `api` so it
    /// reaches the private decoders.
    mod decoders;

    #[test]
    fn only_overload_statuses_are_retried() {
        let none = reqwest::header::HeaderMap::new();
        for status in [429, 502, 503, 504] {
            assert!(retry_wait(status, &none, 0, 0).is_some(), "{status}");
        }
        for status in [200, 400, 401, 404, 500, 501] {
            assert!(retry_wait(status, &none, 0, 0).is_none(), "{status}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_limit() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "1".parse().unwrap());
        assert_eq!(
            retry_wait(429, &headers, 0, 0),
            Some(Duration::from_secs(1))
        );
        headers.insert(reqwest::header::RETRY_AFTER, "600".parse().unwrap());
        assert_eq!(retry_wait(429, &headers, 0, 0), None);
    }

    #[test]
    fn retry_after_as_an_http_date_is_measured_from_the_server_clock() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        let at = 784_111_777;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:40 GMT".parse().unwrap(),
        );
        assert_eq!(
            retry_wait(503, &headers, 0, at),
            Some(Duration::from_secs(3))
        );
        assert_eq!(retry_wait(503, &headers, 0, at + 100), Some(Duration::ZERO));
        assert_eq!(retry_wait(503, &headers, 0, at - 3600), None);
        // The server's Date wins over a local clock that is an hour off.
        headers.insert(
            reqwest::header::DATE,
            "Sun, 06 Nov 1994 08:49:38 GMT".parse().unwrap(),
        );
        assert_eq!(
            retry_wait(503, &headers, 0, at - 3600),
            Some(Duration::from_secs(2))
        );
        headers.insert(reqwest::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_wait(503, &headers, 0, at), Some(backoff(0)));
    }

    #[test]
    fn unreachable_servers_are_named_with_what_to_check() {
        let url = reqwest::Url::parse("https://houston.example.com/v1").unwrap();
        let refused = unreachable_reason(
            &url,
            "client error (Connect): tcp connect error: Connection refused (os error 111)",
        );
        assert!(
            refused.starts_with("could not connect to houston.example.com:443: the connection was refused; check the domain"),
            "{refused}"
        );
        assert!(
            !refused.contains("tcp connect") && !refused.contains("os error"),
            "{refused}"
        );
        let dns = unreachable_reason(
            &url,
            "client error (Connect): dns error: failed to lookup address information: Name or service not known",
        );
        assert!(
            dns.starts_with("could not find the host houston.example.com: check"),
            "{dns}"
        );
        let other = unreachable_reason(&url, "client error (Connect): something odd (os error 5)");
        assert!(
            other.starts_with("could not reach houston.example.com:443: something odd; check"),
            "{other}"
        );
    }

    #[test]
    fn a_proxy_that_fails_is_named_and_a_server_error_stays_the_servers() {
        let proxy = proxy::ProxyUsed {
            variable: "HTTPS_PROXY",
            shown: "http://proxy.corp:3128".into(),
            host: "proxy.corp".into(),
        };
        let https = reqwest::Url::parse("https://api.astronomer.io/v1").unwrap();
        let reason = |chain: &str| proxy_reason(&proxy, &https, true, chain);
        assert_eq!(
            reason("client error (Connect): tunnel error: failed to create underlying connection: dns error: failed to lookup address information").unwrap(),
            "could not find the proxy host proxy.corp (HTTPS_PROXY); check HTTPS_PROXY (or add the server's host to NO_PROXY if it should be reached without a proxy)"
        );
        assert!(
            reason("client error (Connect): tunnel error: proxy authorization required")
                .unwrap()
                .starts_with(
                    "the proxy http://proxy.corp:3128 (HTTPS_PROXY) asks for credentials (407)"
                )
        );
        // Through an established tunnel, a reset is the server's to explain.
        assert_eq!(
            reason("client error (Connect): connection reset by peer"),
            None
        );
    }

    #[test]
    fn methods_read_like_go() {
        assert_eq!(title_case("POST"), "Post");
        assert_eq!(title_case("GET"), "Get");
    }
}
