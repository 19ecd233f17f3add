//! Raw-socket tests of the fake: framing, routing, auth, pagination, faults, keep-alive.

use fake_control_plane::{
    DEFAULT_ASTRO_TOKEN, DEFAULT_HOUSTON_TOKEN, DEFAULT_ORG_ID, DEMO_HOUSTON_WORKSPACE_ID,
    DEMO_WORKSPACE_ID, FakeControlPlane, Fault, FaultTarget, State,
};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One client connection that can send several requests.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn open(fake: &FakeControlPlane) -> Conn {
        let s = TcpStream::connect(fake.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Conn {
            reader: BufReader::new(s.try_clone().unwrap()),
            writer: s,
        }
    }

    fn send(&mut self, method: &str, target: &str, auth: Option<&str>, body: &str) -> Reply {
        let mut req = format!("{method} {target} HTTP/1.1\r\nHost: x\r\n");
        if let Some(a) = auth {
            req.push_str(&format!("Authorization: {a}\r\n"));
        }
        if !body.is_empty() {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.writer.write_all(req.as_bytes()).unwrap();
        self.read_reply()
            .expect("connection closed without a reply")
    }

    fn read_reply(&mut self) -> Option<Reply> {
        let mut line = String::new();
        if self.reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let status: u16 = line.split_whitespace().nth(1)?.parse().ok()?;
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).ok()?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (n, v) = h.split_once(':')?;
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let len: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse().unwrap())
            .expect("every response carries content-length");
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).ok()?;
        Some(Reply {
            status,
            headers,
            body: String::from_utf8(body).unwrap(),
        })
    }
}

fn rest(fake: &FakeControlPlane, method: &str, target: &str, body: &str) -> Reply {
    Conn::open(fake).send(method, target, Some(DEFAULT_ASTRO_TOKEN), body)
}

fn gql(fake: &FakeControlPlane, query: &str, variables: Value) -> Reply {
    let body = json!({"query": query, "variables": variables}).to_string();
    Conn::open(fake).send("POST", "/v1", Some(DEFAULT_HOUSTON_TOKEN), &body)
}

fn tokens_path(rest: &str) -> String {
    format!("/v1/organizations/{DEFAULT_ORG_ID}/tokens{rest}")
}

const CREATE_SA: &str = "mutation createWorkspaceServiceAccount(\n  $label: String!,\n  $category: String = \"default\",\n  $workspaceUuid: Uuid!,\n  $role: Role! = WORKSPACE_VIEWER\n) {\n  createWorkspaceServiceAccount(label: $label, category: $category, workspaceUuid: $workspaceUuid, role: $role) {\n    id label apiKey entityType workspaceUuid category active lastUsedAt createdAt updatedAt\n  }\n}";

#[test]
fn graphql_routes_by_root_field_with_variable_definitions() {
    let fake = FakeControlPlane::start_with(State::demo());
    let vars = json!({
        "workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID,
        "deploymentUuid": "",
        "label": "my_label",
        "category": "default",
        "role": "WORKSPACE_EDITOR",
    });
    let r = gql(&fake, CREATE_SA, vars.clone());
    assert_eq!(r.status, 200, "{}", r.body);
    let sa = &r.json()["data"]["createWorkspaceServiceAccount"];
    assert_eq!(sa["label"], "my_label");
    assert_eq!(sa["workspaceUuid"], DEMO_HOUSTON_WORKSPACE_ID);
    assert_eq!(sa["apiKey"].as_str().unwrap().len(), 32);
    assert!(sa["id"].as_str().unwrap().starts_with("ck"));

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].graphql_operation.as_deref(),
        Some("createWorkspaceServiceAccount")
    );
    assert_eq!(reqs[0].variables(), vars);

    // The state changed: the list now has three accounts, the new one last.
    let list = gql(
        &fake,
        "query GetWorkspaceServiceAccounts($workspaceUuid: Uuid!) { workspaceServiceAccounts(workspaceUuid: $workspaceUuid) { id label } }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID}),
    );
    let list = list.json();
    let labels: Vec<&str> = list["data"]["workspaceServiceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["ci-runner", "monitoring", "my_label"]);

    // Delete it again by id.
    let id = sa["id"].as_str().unwrap();
    let del = gql(
        &fake,
        "mutation deleteWorkspaceServiceAccount($serviceAccountUuid: Uuid! $workspaceUuid: Uuid!) { deleteWorkspaceServiceAccount(serviceAccountUuid: $serviceAccountUuid workspaceUuid: $workspaceUuid) { id label } }",
        json!({"serviceAccountUuid": id, "workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "deploymentUuid": ""}),
    );
    assert_eq!(
        del.json()["data"]["deleteWorkspaceServiceAccount"]["id"],
        id
    );
    assert_eq!(fake.with_state(|s| s.service_accounts.len()), 2);
    assert!(fake.unrouted().is_empty());
}

#[test]
fn graphql_errors_unknown_workspace_bad_role_unknown_field() {
    let fake = FakeControlPlane::start_with(State::demo());
    let vars = |ws: &str, role: &str| json!({"workspaceUuid": ws, "label": "l", "category": "c", "role": role});
    let r = gql(&fake, CREATE_SA, vars("ckunknown", "WORKSPACE_VIEWER"));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["data"], Value::Null);
    assert_eq!(
        v["errors"][0]["path"],
        json!(["createWorkspaceServiceAccount"])
    );
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Workspace not found")
    );

    let r = gql(&fake, CREATE_SA, vars(DEMO_HOUSTON_WORKSPACE_ID, "BOSS"));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["errors"][0]["message"],
        "Variable \"$role\" got invalid value \"BOSS\"; Expected type Role."
    );

    let r = gql(&fake, "query { noSuchThing { id } }", Value::Null);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["errors"][0]["message"],
        "Cannot query field \"noSuchThing\" on type \"Query\"."
    );
    let unrouted = fake.unrouted();
    assert_eq!(unrouted.len(), 1);
    assert_eq!(
        unrouted[0].graphql_operation.as_deref(),
        Some("noSuchThing")
    );
    assert_eq!(fake.with_state(|s| s.service_accounts.len()), 2);
}

#[test]
fn graphql_app_config_and_auth() {
    let fake = FakeControlPlane::start();
    fake.with_state(|s| s.houston_version = "0.35.7".into());
    let r = gql(
        &fake,
        "query AppConfig { appConfig { version } }",
        Value::Null,
    );
    assert_eq!(r.json()["data"]["appConfig"]["version"], "0.35.7");

    let body = json!({"query": "query AppConfig { appConfig { version } }", "variables": null});
    let r = Conn::open(&fake).send("POST", "/v1", Some("wrong"), &body.to_string());
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json()["errors"][0]["message"],
        "You do not have the appropriate permissions for that"
    );
    assert_eq!(
        r.json()["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
}

#[test]
fn rest_requires_exact_bearer_token() {
    let fake = FakeControlPlane::start_with(State::demo());
    let path = tokens_path(&format!(
        "?limit=100&offset=0&workspaceId={DEMO_WORKSPACE_ID}"
    ));
    for auth in [None, Some("astro-test-token"), Some("Bearer nope")] {
        let r = Conn::open(&fake).send("GET", &path, auth, "");
        assert_eq!(r.status, 401, "auth {auth:?}");
        assert_eq!(r.json()["message"], "Unauthorized");
        assert_eq!(r.json()["statusCode"], 401);
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    let r = rest(&fake, "GET", &path, "");
    assert_eq!(r.status, 200);
    // Wrong organization.
    let r = rest(&fake, "GET", "/v1/organizations/other/tokens", "");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "organization not found");
    assert!(fake.unrouted().is_empty());
}

#[test]
fn token_list_paginates_and_filters() {
    let mut state = State::demo();
    for i in 1..=250 {
        state.add_workspace_token(DEMO_WORKSPACE_ID, &format!("bench-{i}"));
    }
    state.add_workspace_token("clwsother00000000000000000", "elsewhere");
    let fake = FakeControlPlane::start_with(state);
    // 3 demo workspace tokens + the org token with a ws role + 250 bench tokens.
    let mut names = Vec::new();
    let mut offset = 0;
    loop {
        let r = rest(
            &fake,
            "GET",
            &tokens_path(&format!(
                "?limit=100&offset={offset}&workspaceId={DEMO_WORKSPACE_ID}"
            )),
            "",
        );
        assert_eq!(r.status, 200);
        let v = r.json();
        assert_eq!(v["totalCount"], 254);
        assert_eq!(v["limit"], 100);
        assert_eq!(v["offset"], offset);
        for t in v["tokens"].as_array().unwrap() {
            assert!(t.get("token").is_none(), "list must not leak secrets");
            names.push(t["name"].as_str().unwrap().to_string());
        }
        if v["totalCount"].as_u64().unwrap() <= offset + 100 {
            break;
        }
        offset += 100;
    }
    assert_eq!(names.len(), 254);
    assert_eq!(&names[..4], ["ci", "deploy-bot", "nightly", "org-admin"]);
    assert_eq!(names[253], "bench-250");
    assert!(!names.contains(&"elsewhere".to_string()));

    let last = rest(
        &fake,
        "GET",
        &tokens_path(&format!(
            "?limit=100&offset=200&workspaceId={DEMO_WORKSPACE_ID}"
        )),
        "",
    );
    assert_eq!(last.json()["tokens"].as_array().unwrap().len(), 54);

    let org = rest(
        &fake,
        "GET",
        &tokens_path("?includeOnlyOrganizationTokens=true&limit=100&offset=0"),
        "",
    );
    let v = org.json();
    assert_eq!(v["totalCount"], 1);
    assert_eq!(v["tokens"][0]["scope"], "ORGANIZATION");

    // Defaults and the raw query are recorded as sent.
    let d = rest(&fake, "GET", &tokens_path("?workspaceId=clws%30x"), "");
    assert_eq!(d.json()["limit"], 20);
    let rec = fake.requests().pop().unwrap();
    assert_eq!(rec.raw_query, "workspaceId=clws%30x");
    assert_eq!(
        rec.query,
        vec![("workspaceId".to_string(), "clws0x".to_string())]
    );
}

#[test]
fn token_lifecycle_create_update_roles_rotate_delete() {
    let fake = FakeControlPlane::start_with(State::demo());
    let body = json!({"description":"d","entityId":DEMO_WORKSPACE_ID,"name":"new","role":"WORKSPACE_AUTHOR","scope":"WORKSPACE","tokenExpiryPeriodInDays":30});
    let created = rest(&fake, "POST", &tokens_path(""), &body.to_string());
    assert_eq!(created.status, 200, "{}", created.body);
    let t = created.json();
    let id = t["id"].as_str().unwrap().to_string();
    let first_value = t["token"].as_str().unwrap().to_string();
    assert_eq!(t["expiryPeriodInDays"], 30);
    assert_eq!(
        t["roles"],
        json!([{"entityType":"WORKSPACE","entityId":DEMO_WORKSPACE_ID,"role":"WORKSPACE_AUTHOR"}])
    );

    let got = rest(&fake, "GET", &tokens_path(&format!("/{id}")), "");
    assert!(got.json().get("token").is_none());
    assert_eq!(got.json()["name"], "new");

    let upd = rest(
        &fake,
        "POST",
        &tokens_path(&format!("/{id}")),
        r#"{"description":"changed","name":"renamed"}"#,
    );
    assert_eq!(upd.json()["name"], "renamed");

    let roles = json!({"roles":[{"entityId":DEMO_WORKSPACE_ID,"entityType":"WORKSPACE","role":"WORKSPACE_OWNER"}]});
    let r = rest(
        &fake,
        "POST",
        &tokens_path(&format!("/{id}/roles")),
        &roles.to_string(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        fake.with_state(|s| s
            .token(&id)
            .unwrap()
            .workspace_role(DEMO_WORKSPACE_ID)
            .map(String::from)),
        Some("WORKSPACE_OWNER".to_string())
    );

    let rot1 = rest(&fake, "POST", &tokens_path(&format!("/{id}/rotate")), "").json();
    let rot2 = rest(&fake, "POST", &tokens_path(&format!("/{id}/rotate")), "").json();
    let v1 = rot1["token"].as_str().unwrap();
    let v2 = rot2["token"].as_str().unwrap();
    assert!(v1 != first_value && v1 != v2);
    assert!(rot2.get("lastRotatedAt").is_some());
    assert_eq!(fake.with_state(|s| s.token(&id).unwrap().token.clone()), v2);

    let del = rest(&fake, "DELETE", &tokens_path(&format!("/{id}")), "");
    assert_eq!(del.status, 204);
    assert!(del.body.is_empty());
    let gone = rest(&fake, "GET", &tokens_path(&format!("/{id}")), "");
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["message"], "api token not found");

    let bad = rest(
        &fake,
        "POST",
        &tokens_path(""),
        &json!({"description":"","entityId":DEMO_WORKSPACE_ID,"name":"x","role":"WORKSPACE_MEMBER","scope":"WORKSPACE","tokenExpiryPeriodInDays":4000}).to_string(),
    );
    assert_eq!(bad.status, 400);
    assert!(fake.unrouted().is_empty());
}

#[test]
fn unknown_rest_route_is_loud_and_recorded() {
    let fake = FakeControlPlane::start();
    let r = rest(&fake, "PATCH", &tokens_path("/x"), "{}");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json()["message"],
        format!(
            "fake control plane: no route for PATCH {}",
            tokens_path("/x")
        )
    );
    let un = fake.unrouted();
    assert_eq!(un.len(), 1);
    assert_eq!(un[0].method, "PATCH");
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn fault_applies_exactly_n_times_and_skips_state() {
    let fake = FakeControlPlane::start_with(State::demo());
    fake.inject(Fault::status(FaultTarget::rest("POST", "/rotate"), 500, 2));
    let path = tokens_path("/cltokci000000000000000001/rotate");
    let before = fake.with_state(|s| s.token("cltokci000000000000000001").unwrap().token.clone());
    let statuses: Vec<u16> = (0..3)
        .map(|_| rest(&fake, "POST", &path, "").status)
        .collect();
    assert_eq!(statuses, [500, 500, 200]);
    let after = fake.with_state(|s| s.token("cltokci000000000000000001").unwrap().token.clone());
    assert_ne!(before, after);
    // A GET is not matched by the POST rule, and the rule is used up.
    assert!(fake.pending_faults().is_empty());
    assert_eq!(fake.requests().len(), 3);

    fake.inject(Fault::retry_429(FaultTarget::graphql("appConfig"), 7, 1));
    fake.inject(Fault::malformed(FaultTarget::Any, 1));
    let r = gql(
        &fake,
        "query AppConfig { appConfig { version } }",
        Value::Null,
    );
    assert_eq!((r.status, r.header("retry-after")), (429, Some("7")));
    // The 429 rule is used up; the next request falls through to the Any rule.
    let r = gql(
        &fake,
        "query AppConfig { appConfig { version } }",
        Value::Null,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(r.body, "<html>oops</html>");
    let r = gql(
        &fake,
        "query AppConfig { appConfig { version } }",
        Value::Null,
    );
    assert_eq!(r.json()["data"]["appConfig"]["version"], "0.36.0");
}

#[test]
fn drop_connection_fault_closes_without_reply() {
    let fake = FakeControlPlane::start_with(State::demo());
    fake.inject(Fault::drop_connection(
        FaultTarget::rest("GET", "/tokens"),
        1,
    ));
    fake.inject(Fault::status_body(
        FaultTarget::rest("DELETE", ""),
        503,
        "try later",
        1,
    ));
    let mut c = Conn::open(&fake);
    let req = format!(
        "GET {} HTTP/1.1\r\nAuthorization: {DEFAULT_ASTRO_TOKEN}\r\n\r\n",
        tokens_path("")
    );
    c.writer.write_all(req.as_bytes()).unwrap();
    assert!(c.read_reply().is_none(), "expected the socket to be closed");
    assert_eq!(fake.requests().len(), 1);

    let r = rest(
        &fake,
        "DELETE",
        &tokens_path("/cltokci000000000000000001"),
        "",
    );
    assert_eq!((r.status, r.body.as_str()), (503, "try later"));
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(fake.with_state(|s| s.api_tokens.len()), 4);
}

#[test]
fn delay_fault_still_answers() {
    let fake = FakeControlPlane::start_with(State::demo());
    fake.inject(Fault::delay(FaultTarget::Any, Duration::from_millis(50), 1));
    let start = std::time::Instant::now();
    let r = rest(&fake, "GET", &tokens_path("/cltokci000000000000000001"), "");
    assert!(start.elapsed() >= Duration::from_millis(50));
    assert_eq!(r.json()["name"], "ci");
}

#[test]
fn keep_alive_reuses_one_connection() {
    let fake = FakeControlPlane::start_with(State::demo());
    let mut c = Conn::open(&fake);
    let a = c.send(
        "GET",
        &tokens_path("/cltokci000000000000000001"),
        Some(DEFAULT_ASTRO_TOKEN),
        "",
    );
    let b = c.send(
        "GET",
        &tokens_path("/cltoknightly0000000000003"),
        Some(DEFAULT_ASTRO_TOKEN),
        "",
    );
    assert_eq!((a.status, b.status), (200, 200));
    assert_eq!(b.json()["name"], "nightly");
    let other = rest(&fake, "GET", &tokens_path("/cltokci000000000000000001"), "");
    assert_eq!(other.status, 200);
    let ids: Vec<u64> = fake.requests().iter().map(|r| r.connection_id).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], ids[1]);
    assert_ne!(ids[1], ids[2]);

    // `Connection: close` is honoured.
    let mut c = Conn::open(&fake);
    let req = format!(
        "GET {} HTTP/1.1\r\nConnection: close\r\nAuthorization: {DEFAULT_ASTRO_TOKEN}\r\n\r\n",
        tokens_path("")
    );
    c.writer.write_all(req.as_bytes()).unwrap();
    let r = c.read_reply().unwrap();
    assert_eq!(r.header("connection"), Some("close"));
    assert!(c.read_reply().is_none());
}

#[test]
fn headerless_get_and_records() {
    let fake = FakeControlPlane::start();
    let mut s = TcpStream::connect(fake.addr()).unwrap();
    s.write_all(b"GET /nowhere\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 404 "), "{out}");
    let reqs = fake.requests();
    assert_eq!(reqs[0].path, "/nowhere");
    assert!(reqs[0].headers.is_empty());
    assert_eq!(fake.unrouted().len(), 1);
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[test]
fn drop_stops_the_server() {
    let fake = FakeControlPlane::start();
    let addr = fake.addr();
    let mut idle = Conn::open(&fake);
    let _ = idle.send("GET", "/x", None, "");
    drop(fake);
    // The idle keep-alive connection is closed by the drop.
    assert!(idle.read_reply().is_none());
    // The listener is gone: connecting fails, or, if the OS still accepts, nothing answers.
    if let Ok(mut s) = TcpStream::connect(addr) {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.write_all(b"GET /x HTTP/1.1\r\n\r\n");
        let mut buf = [0u8; 16];
        assert!(matches!(s.read(&mut buf), Ok(0) | Err(_)));
    }
}
