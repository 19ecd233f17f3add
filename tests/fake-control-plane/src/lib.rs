//! A stateful fake of the two control planes `astro workspace` talks to, on 127.0.0.1:
//!
//! * **Astro REST** under `/v1/organizations/{org}/…` (bearer auth);
//! * **Houston GraphQL** at exactly `POST /v1`, routed by the operation's root field
//!   (the operations the Go CLI sends).
//!
//! Dependency-free apart from `serde_json` (and `rustls` + `rcgen` for HTTPS): std
//! `TcpListener`, one thread per connection, HTTP/1.1 keep-alive. With [`Options::tls`] the same
//! port also speaks HTTPS, directly or as an HTTPS proxy (`CONNECT`), with a certificate made at
//! start-up; see [`FakeControlPlane::ca_pem`] and [`HTTPS_DOMAIN`]. Every request is recorded; anything no route knows is answered with a
//! loud 404/400 and listed by [`FakeControlPlane::unrouted`].
//!
//! ```no_run
//! use fake_control_plane::{FakeControlPlane, Fault, FaultTarget, State};
//! let fake = FakeControlPlane::start_with(State::demo());
//! fake.inject(Fault::status(FaultTarget::rest("POST", "/rotate"), 500, 1));
//! // … run `astro` against fake.domain() …
//! assert!(fake.unrouted().is_empty());
//! ```

mod auth;
mod fault;
mod houston;
mod http;
mod people;
mod rest;
mod state;
mod tls;

pub use auth::{
    AuthState, DEFAULT_HOUSTON_PASSWORD, DEFAULT_HOUSTON_USERNAME, DEFAULT_USER_EMAIL,
    ExtraOrganization, FAKE_CLIENT_ID, s256,
};
pub use fault::{Fault, FaultKind, FaultTarget, http_date};
pub use people::{AstroTeam, AstroUser, WorkspaceRole};
pub use state::{
    ASTRO_ORGANIZATION_ROLES, ASTRO_WORKSPACE_ROLES, ApiToken, ApiTokenRole, DEFAULT_ASTRO_TOKEN,
    DEFAULT_HOUSTON_TOKEN, DEFAULT_ORG_ID, DEMO_HOUSTON_WORKSPACE_ID, DEMO_WORKSPACE_ID,
    HOUSTON_WORKSPACE_ROLES, HoustonWorkspace, PagingQuirks, ServiceAccount, State, SubjectProfile,
    Workspace, days_ago, now_rfc3339, rfc3339,
};
pub use state::{
    DEMO_ADA_USER_ID, DEMO_ANALYTICS_WORKSPACE_ID, DEMO_DATA_TEAM_ID, DEMO_GRACE_USER_ID,
    DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_3_ID, DEMO_PLATFORM_TEAM_ID,
    DEMO_SANDBOX_WORKSPACE_ID, DEMO_USER_ID, HoustonRoleBinding, HoustonTeam, HoustonUser,
};
pub use tls::HTTPS_DOMAIN;

use fault::FaultAction;
use http::Response;
use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// One request as the fake saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// Path without the query, e.g. `/v1/organizations/o/tokens`.
    pub path: String,
    /// Decoded query pairs, in the order sent.
    pub query: Vec<(String, String)>,
    /// The query exactly as sent (without `?`).
    pub raw_query: String,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Increments per accepted TCP connection, starting at 1.
    pub connection_id: u64,
    /// Root field for Houston requests (`POST /v1`), e.g. `createWorkspaceServiceAccount`.
    pub graphql_operation: Option<String>,
}

impl RecordedRequest {
    /// First header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON; `Null` if empty or not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// `body["variables"]` of a GraphQL request (`Null` if absent).
    pub fn variables(&self) -> serde_json::Value {
        self.json()
            .get("variables")
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    }

    /// Whether this is a Houston GraphQL request (`POST /v1`).
    pub fn is_houston(&self) -> bool {
        self.method == "POST" && self.path == "/v1"
    }

    /// First query value with this name.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Server options beyond the state (used by the binary).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Log one line per request to stderr (authorization redacted).
    pub log: bool,
    /// Serve HTTPS too: a connection that starts with a TLS handshake, or asks `CONNECT host:port`
    /// (the fake as `HTTPS_PROXY`), gets TLS with a certificate for `*.`[`HTTPS_DOMAIN`],
    /// `localhost` and `127.0.0.1`, signed by a CA made at start-up.
    pub tls: bool,
}

struct Entry {
    req: RecordedRequest,
    unrouted: bool,
}

#[derive(Default)]
struct Journal {
    entries: Vec<Entry>,
    faults: VecDeque<Fault>,
    request_counter: u64,
}

struct Shared {
    state: Mutex<State>,
    journal: Mutex<Journal>,
    shutdown: AtomicBool,
    next_connection: AtomicU64,
    /// Open connections, so that dropping the server can close them.
    connections: Mutex<HashMap<u64, TcpStream>>,
    log: bool,
    tls: Option<tls::TlsIdentity>,
}

/// Locks ignoring poisoning: a panicking handler must not take every later test down with it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The running fake. Dropping it stops the server and closes open connections.
pub struct FakeControlPlane {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

impl FakeControlPlane {
    /// Empty state ([`State::default`]) on an ephemeral port. Panics if it cannot bind.
    pub fn start() -> FakeControlPlane {
        FakeControlPlane::start_with(State::default())
    }

    /// This state on an ephemeral port. Panics if it cannot bind.
    pub fn start_with(state: State) -> FakeControlPlane {
        FakeControlPlane::start_with_options(state, Options::default())
            .unwrap_or_else(|e| panic!("fake control plane: cannot bind 127.0.0.1:0: {e}"))
    }

    /// Full control: fixed port, request logging. Returns once the socket is bound.
    pub fn start_with_options(state: State, options: Options) -> io::Result<FakeControlPlane> {
        let tls = if options.tls {
            Some(tls::identity()?)
        } else {
            None
        };
        let listener = TcpListener::bind(("127.0.0.1", options.port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            journal: Mutex::new(Journal::default()),
            shutdown: AtomicBool::new(false),
            next_connection: AtomicU64::new(1),
            connections: Mutex::new(HashMap::new()),
            log: options.log,
            tls,
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = thread::Builder::new()
            .name("fake-cp-accept".into())
            .spawn(move || accept_loop(listener, accept_shared))?;
        Ok(FakeControlPlane {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `127.0.0.1:PORT`, the value for a context's `domain`.
    pub fn domain(&self) -> String {
        self.addr.to_string()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The CA that signed the HTTPS certificate (PEM), when started with [`Options::tls`].
    pub fn ca_pem(&self) -> Option<&str> {
        self.shared.tls.as_ref().map(|t| t.ca_pem.as_str())
    }

    /// `http://127.0.0.1:PORT`, the value for `HTTPS_PROXY`: `https://` requests to any host
    /// are tunnelled to this fake.
    pub fn proxy_url(&self) -> String {
        self.base_url()
    }

    /// Every request so far, in arrival order (faulted and unrouted ones included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.journal)
            .entries
            .iter()
            .map(|e| e.req.clone())
            .collect()
    }

    /// Forgets the recorded requests (queued faults stay).
    pub fn clear_requests(&self) {
        lock(&self.shared.journal).entries.clear();
    }

    /// Requests no route matched.
    pub fn unrouted(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.journal)
            .entries
            .iter()
            .filter(|e| e.unrouted)
            .map(|e| e.req.clone())
            .collect()
    }

    /// Queues a fault rule; rules are tried in queue order.
    pub fn inject(&self, fault: Fault) {
        if fault.times > 0 {
            lock(&self.shared.journal).faults.push_back(fault);
        }
    }

    /// Faults still queued (with their remaining `times`).
    pub fn pending_faults(&self) -> Vec<Fault> {
        lock(&self.shared.journal).faults.iter().cloned().collect()
    }

    /// Reads or modifies the state under the lock.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut lock(&self.shared.state))
    }

    /// A snapshot of the state.
    pub fn state(&self) -> State {
        lock(&self.shared.state).clone()
    }
}

impl Drop for FakeControlPlane {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        // Wake the blocking accept(). If even that fails, leave the thread behind rather than
        // risk hanging the test process in join().
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(t) = self.accept_thread.take()
            && woke
        {
            let _ = t.join();
        }
        for (_, conn) in lock(&self.shared.connections).drain() {
            let _ = conn.shutdown(Shutdown::Both);
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.shutdown.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let id = shared.next_connection.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.connections).insert(id, clone);
        }
        let conn_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name(format!("fake-cp-conn-{id}"))
            .spawn(move || {
                let _ = serve_connection(&stream, id, &conn_shared);
                let _ = stream.shutdown(Shutdown::Both);
                lock(&conn_shared.connections).remove(&id);
            });
        if spawned.is_err() {
            lock(&shared.connections).remove(&id);
        }
    }
}

fn serve_connection(stream: &TcpStream, connection_id: u64, shared: &Shared) -> io::Result<()> {
    let _ = stream.set_nodelay(true);
    if let Some(identity) = &shared.tls
        && tls::starts_with_tls(stream)
    {
        let tls = tls::TlsStream::accept(&identity.config, stream, Vec::new())?;
        return serve_requests(
            BufReader::new(tls.clone()),
            tls,
            stream,
            connection_id,
            shared,
        )
        .map(drop);
    }
    let mut reader = BufReader::new(stream.try_clone()?);
    let writer = stream.try_clone()?;
    let Some(tunnel) = serve_requests(&mut reader, writer, stream, connection_id, shared)? else {
        return Ok(());
    };
    let mut writer = stream.try_clone()?;
    let Some(identity) = &shared.tls else {
        let resp = Response::with_content_type(
            405,
            "text/plain",
            format!("CONNECT {tunnel}: this fake serves HTTPS only when started with TLS"),
        );
        return http::write_response(&mut writer, &resp, true);
    };
    // Whatever host the client asked for, the tunnel ends here: this fake is that host.
    writer.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    writer.flush()?;
    let early = reader.buffer().to_vec();
    let tls = tls::TlsStream::accept(&identity.config, stream, early)?;
    serve_requests(
        BufReader::new(tls.clone()),
        tls,
        stream,
        connection_id,
        shared,
    )
    .map(drop)
}

/// Answers requests until the client closes. `Ok(Some(authority))` when a plain-HTTP client asks
/// to `CONNECT` (nothing has been answered for it yet).
fn serve_requests(
    mut reader: impl BufRead,
    mut writer: impl Write,
    stream: &TcpStream,
    connection_id: u64,
    shared: &Shared,
) -> io::Result<Option<String>> {
    loop {
        let raw = match http::read_request(&mut reader, &mut writer) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let resp =
                    Response::with_content_type(400, "text/plain", format!("bad request: {e}"));
                let _ = http::write_response(&mut writer, &resp, true);
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if shared.shutdown.load(Ordering::SeqCst) {
            return Ok(None);
        }
        if raw.method.eq_ignore_ascii_case("CONNECT") {
            return Ok(Some(raw.target));
        }
        let keep_alive = raw.keep_alive();
        let req = record_from_raw(raw, connection_id);

        // Record on arrival and pick a fault, under one lock so the order is the arrival order.
        let (index, request_id, fault) = {
            let mut j = lock(&shared.journal);
            j.request_counter += 1;
            let request_id = format!("fake-req-{}", j.request_counter);
            let fault = take_fault(&mut j.faults, &req);
            j.entries.push(Entry {
                req: req.clone(),
                unrouted: false,
            });
            (j.entries.len() - 1, request_id, fault)
        };

        let resp = match fault.map(|k| fault::action(&k)) {
            Some(FaultAction::Drop) => {
                log_request(shared, &req, None);
                let _ = stream.shutdown(Shutdown::Both);
                return Ok(None);
            }
            Some(FaultAction::Respond(r)) => r,
            Some(FaultAction::RawThenClose(bytes)) => {
                log_request(shared, &req, Some(200));
                let _ = writer.write_all(bytes);
                let _ = writer.flush();
                let _ = stream.shutdown(Shutdown::Both);
                return Ok(None);
            }
            Some(FaultAction::Endless { every }) => {
                log_request(shared, &req, Some(200));
                // Ends only with an error: the client hung up.
                let _ = http::write_endless(&mut writer, every);
                return Ok(None);
            }
            Some(FaultAction::Delay(d)) => {
                thread::sleep(d);
                dispatch(shared, &req, &request_id, index)
            }
            Some(FaultAction::Edit(edits)) => {
                fault::edit_reply(dispatch(shared, &req, &request_id, index), &edits)
            }
            None => dispatch(shared, &req, &request_id, index),
        };
        log_request(shared, &req, Some(resp.status));
        http::write_response(&mut writer, &resp, !keep_alive)?;
        if !keep_alive {
            return Ok(None);
        }
    }
}

/// Takes one use of the first queued fault matching `req`.
fn take_fault(faults: &mut VecDeque<Fault>, req: &RecordedRequest) -> Option<FaultKind> {
    let pos = faults
        .iter()
        .position(|f| f.times > 0 && f.target.matches(req))?;
    let f = &mut faults[pos];
    f.times -= 1;
    let kind = f.kind.clone();
    if f.times == 0 {
        faults.remove(pos);
    }
    Some(kind)
}

fn dispatch(shared: &Shared, req: &RecordedRequest, request_id: &str, index: usize) -> Response {
    let (resp, routed) = {
        let mut state = lock(&shared.state);
        if req.is_houston() {
            houston::handle(req, &mut state)
        } else {
            rest::handle(req, request_id, &mut state)
        }
    };
    if !routed {
        let mut j = lock(&shared.journal);
        // The entry may have been cleared by clear_requests() meanwhile; match it by identity.
        if let Some(e) = j.entries.get_mut(index)
            && e.req == *req
        {
            e.unrouted = true;
        }
    }
    resp
}

fn record_from_raw(raw: http::RawRequest, connection_id: u64) -> RecordedRequest {
    let (path, raw_query) = match raw.target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (raw.target.clone(), String::new()),
    };
    // Absolute-form targets (`http://host/path`), as sent to proxies.
    let path = match path.strip_prefix("http://") {
        Some(rest) => rest
            .find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
        None => path,
    };
    let body = String::from_utf8_lossy(&raw.body).into_owned();
    let mut req = RecordedRequest {
        method: raw.method,
        path,
        query: http::parse_query(&raw_query),
        raw_query,
        headers: raw.headers,
        body,
        connection_id,
        graphql_operation: None,
    };
    if req.is_houston() {
        req.graphql_operation = req
            .json()
            .get("query")
            .and_then(serde_json::Value::as_str)
            .and_then(houston::root_field);
    }
    req
}

fn log_request(shared: &Shared, req: &RecordedRequest, status: Option<u16>) {
    if !shared.log {
        return;
    }
    let target = if req.raw_query.is_empty() {
        req.path.clone()
    } else {
        format!("{}?{}", req.path, req.raw_query)
    };
    let op = req
        .graphql_operation
        .as_deref()
        .map(|o| format!(" [{o}]"))
        .unwrap_or_default();
    let status = status.map_or("dropped".to_string(), |s| s.to_string());
    let headers: Vec<String> = req
        .headers
        .iter()
        .map(|(n, v)| {
            if n == "authorization" {
                format!("{n}: <redacted>")
            } else {
                format!("{n}: {v}")
            }
        })
        .collect();
    let line = format!(
        "conn={} {} {}{} -> {} | {}\n",
        req.connection_id,
        req.method,
        target,
        op,
        status,
        headers.join("; ")
    );
    let _ = io::stderr().lock().write_all(line.as_bytes());
}
