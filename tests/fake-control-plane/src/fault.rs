//! Scripted failures: a queue of rules, each applied to the next `times` matching requests.

use crate::RecordedRequest;
use crate::http::Response;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Which requests a [`Fault`] applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultTarget {
    /// Every request, REST or GraphQL.
    Any,
    /// REST requests (anything but `POST /v1`) with this method (case-insensitive) whose path ends
    /// with `path_suffix`, e.g. `"/rotate"` or `"/tokens"`.
    Rest { method: String, path_suffix: String },
    /// Houston requests whose root field is this, e.g. `"createWorkspaceServiceAccount"`.
    Graphql(String),
}

impl FaultTarget {
    /// Shorthand for [`FaultTarget::Rest`].
    pub fn rest(method: &str, path_suffix: &str) -> FaultTarget {
        FaultTarget::Rest {
            method: method.into(),
            path_suffix: path_suffix.into(),
        }
    }

    /// Shorthand for [`FaultTarget::Graphql`].
    pub fn graphql(root_field: &str) -> FaultTarget {
        FaultTarget::Graphql(root_field.into())
    }

    pub(crate) fn matches(&self, req: &RecordedRequest) -> bool {
        match self {
            FaultTarget::Any => true,
            FaultTarget::Rest {
                method,
                path_suffix,
            } => {
                !req.is_houston()
                    && req.method.eq_ignore_ascii_case(method)
                    && req.path.ends_with(path_suffix.as_str())
            }
            FaultTarget::Graphql(field) => {
                req.is_houston() && req.graphql_operation.as_deref() == Some(field.as_str())
            }
        }
    }
}

/// What a [`Fault`] does to a matching request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer this status with this body (`application/json` if the body parses as JSON, else
    /// `text/plain`).
    Status(u16, String),
    /// 200 with `content-type: text/html` and body `<html>oops</html>`.
    MalformedBody,
    /// Wait, then answer normally (this and `EditReply` are the kinds that let the request
    /// reach the state).
    Delay(Duration),
    /// Read the request, then close the socket without answering.
    DropConnection,
    /// 429 with a `Retry-After` header.
    Retry429 { retry_after_secs: u64 },
    /// This status with `Retry-After: <retry_after>` exactly as given (an HTTP date, say).
    RetryAfter { status: u16, retry_after: String },
    /// 200 `application/json`, chunked, whose body never ends: `{"items":[` and then the same
    /// object again and again, as fast as the client reads (until it hangs up).
    EndlessBody,
    /// Like [`FaultKind::EndlessBody`], but a few bytes every `every`: a body that trickles
    /// forever and never reaches any size cap.
    TrickleBody { every: Duration },
    /// 200 `application/json` announcing a 1000-byte body, then a few bytes and a closed
    /// connection: a reply cut short.
    TruncatedBody,
    /// This status (301, 302, 307, 308) with `Location: <location>`.
    Redirect { status: u16, location: String },
    /// The request reaches the state and is answered as usual, but in the JSON reply each
    /// `(pointer, value)` edit replaces the value at `pointer` (RFC 6901, e.g. `/token` or
    /// `/data/createWorkspaceServiceAccount/apiKey`) with `value`, or removes it when `value` is
    /// `None`: a server whose change went through but whose answer lacks a part.
    EditReply(Vec<(String, Option<serde_json::Value>)>),
}

/// A fault rule; see [`crate::FakeControlPlane::inject`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub target: FaultTarget,
    /// How many matching requests this rule still applies to.
    pub times: usize,
    pub kind: FaultKind,
}

impl Fault {
    /// `code` with an Astro-style error body `{"message":"injected fault","requestId":…,"statusCode":code}`.
    pub fn status(target: FaultTarget, code: u16, times: usize) -> Fault {
        let body = serde_json::json!({
            "message": format!("injected fault: status {code}"),
            "requestId": "fake-injected",
            "statusCode": code,
        })
        .to_string();
        Fault::status_body(target, code, &body, times)
    }

    /// `code` with exactly this body.
    pub fn status_body(target: FaultTarget, code: u16, body: &str, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::Status(code, body.into()),
        }
    }

    pub fn malformed(target: FaultTarget, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::MalformedBody,
        }
    }

    pub fn delay(target: FaultTarget, delay: Duration, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::Delay(delay),
        }
    }

    pub fn drop_connection(target: FaultTarget, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::DropConnection,
        }
    }

    /// `status` with `Retry-After: <retry_after>` as given; see [`http_date`].
    pub fn retry_after(target: FaultTarget, status: u16, retry_after: &str, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::RetryAfter {
                status,
                retry_after: retry_after.into(),
            },
        }
    }

    pub fn endless_body(target: FaultTarget, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::EndlessBody,
        }
    }

    pub fn trickle_body(target: FaultTarget, every: Duration, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::TrickleBody { every },
        }
    }

    pub fn redirect(target: FaultTarget, status: u16, location: &str, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::Redirect {
                status,
                location: location.into(),
            },
        }
    }

    /// Answers normally (the change is made), with the field at `pointer` removed from the reply.
    pub fn omit_field(target: FaultTarget, pointer: &str, times: usize) -> Fault {
        Fault::omit_fields(target, &[pointer], times)
    }

    /// Answers normally (the change is made), with every field at `pointers` removed.
    pub fn omit_fields(target: FaultTarget, pointers: &[&str], times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::EditReply(pointers.iter().map(|p| (p.to_string(), None)).collect()),
        }
    }

    /// Answers normally (the change is made), with the value at `pointer` replaced by `value`.
    pub fn replace_field(
        target: FaultTarget,
        pointer: &str,
        value: serde_json::Value,
        times: usize,
    ) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::EditReply(vec![(pointer.into(), Some(value))]),
        }
    }

    pub fn truncated_body(target: FaultTarget, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::TruncatedBody,
        }
    }

    pub fn retry_429(target: FaultTarget, retry_after_secs: u64, times: usize) -> Fault {
        Fault {
            target,
            times,
            kind: FaultKind::Retry429 { retry_after_secs },
        }
    }
}

/// What the connection loop should do with a faulted request.
pub(crate) enum FaultAction {
    Respond(Response),
    Drop,
    Delay(Duration),
    /// Write a chunked 200 whose body never ends, pausing `every` between chunks if given.
    Endless {
        every: Option<Duration>,
    },
    /// Write these bytes as they are, then close the connection.
    RawThenClose(&'static [u8]),
    /// Answer normally, then edit the JSON reply (see [`FaultKind::EditReply`]).
    Edit(Vec<(String, Option<serde_json::Value>)>),
}

/// `response` with each `(pointer, value)` edit applied: the JSON value at `pointer` replaced by
/// `value`, or removed when `None`. A reply that is not JSON, or an edit whose parent is not an
/// object, is left as it is.
pub(crate) fn edit_reply(
    mut response: Response,
    edits: &[(String, Option<serde_json::Value>)],
) -> Response {
    let Ok(mut body) = serde_json::from_slice::<serde_json::Value>(&response.body) else {
        return response;
    };
    for (pointer, value) in edits {
        let Some((parent, key)) = pointer.rsplit_once('/') else {
            continue;
        };
        let key = key.replace("~1", "/").replace("~0", "~");
        if let Some(serde_json::Value::Object(map)) = body.pointer_mut(parent) {
            match value {
                Some(v) => {
                    map.insert(key, v.clone());
                }
                None => {
                    map.remove(&key);
                }
            }
        }
    }
    response.body = body.to_string().into_bytes();
    response
}

/// `t` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), for `Retry-After` faults.
pub fn http_date(t: SystemTime) -> String {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    // `YYYY-MM-DDTHH:MM:SSZ`, taken apart.
    let iso = crate::state::rfc3339(t);
    let month: usize = iso[5..7].parse().unwrap_or(1);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // 1970-01-01 was a Thursday.
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let weekday = DAYS[secs.div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{weekday}, {} {} {} {} GMT",
        &iso[8..10],
        MONTHS[(month - 1) % 12],
        &iso[0..4],
        &iso[11..19]
    )
}

pub(crate) fn action(kind: &FaultKind) -> FaultAction {
    match kind {
        FaultKind::Status(code, body) => {
            let ct = if serde_json::from_str::<serde_json::Value>(body).is_ok() {
                "application/json"
            } else {
                "text/plain"
            };
            FaultAction::Respond(Response::with_content_type(*code, ct, body.as_bytes()))
        }
        FaultKind::MalformedBody => FaultAction::Respond(Response::with_content_type(
            200,
            "text/html",
            "<html>oops</html>",
        )),
        FaultKind::Delay(d) => FaultAction::Delay(*d),
        FaultKind::DropConnection => FaultAction::Drop,
        FaultKind::Retry429 { retry_after_secs } => {
            let mut r = Response::json(
                429,
                &serde_json::json!({
                    "message": "Too Many Requests",
                    "requestId": "fake-injected",
                    "statusCode": 429,
                }),
            );
            r.headers
                .push(("retry-after".into(), retry_after_secs.to_string()));
            FaultAction::Respond(r)
        }
        FaultKind::RetryAfter {
            status,
            retry_after,
        } => {
            let mut r = Response::json(
                *status,
                &serde_json::json!({
                    "message": "Too Many Requests",
                    "requestId": "fake-injected",
                    "statusCode": status,
                }),
            );
            r.headers.push(("retry-after".into(), retry_after.clone()));
            FaultAction::Respond(r)
        }
        FaultKind::EndlessBody => FaultAction::Endless { every: None },
        FaultKind::TrickleBody { every } => FaultAction::Endless {
            every: Some(*every),
        },
        FaultKind::Redirect { status, location } => {
            let mut r = Response::empty(*status);
            r.headers.push(("location".into(), location.clone()));
            FaultAction::Respond(r)
        }
        FaultKind::EditReply(edits) => FaultAction::Edit(edits.clone()),
        FaultKind::TruncatedBody => FaultAction::RawThenClose(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"tokens\":[",
        ),
    }
}
