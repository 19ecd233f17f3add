//! The fake's login endpoints over raw sockets: the OAuth code flow with its PKCE check, the
//! Astro user and organizations, Houston's authConfig/createToken.

use fake_control_plane::{
    DEFAULT_ASTRO_TOKEN, DEFAULT_HOUSTON_PASSWORD, DEFAULT_HOUSTON_TOKEN, DEFAULT_HOUSTON_USERNAME,
    DEFAULT_ORG_ID, DEFAULT_USER_EMAIL, FAKE_CLIENT_ID, FakeControlPlane, State, s256,
};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;

/// Sends one request; returns (status, headers text, body).
fn send(fake: &FakeControlPlane, head: &str, body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(fake.addr()).unwrap();
    write!(
        s,
        "{head}\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        fake.domain(),
        body.len()
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap();
    let status = headers.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, headers.to_string(), body.to_string())
}

fn graphql(fake: &FakeControlPlane, query: &str, variables: Value) -> Value {
    let body = json!({"query": query, "variables": variables}).to_string();
    let (_, _, body) = send(
        fake,
        "POST /v1 HTTP/1.1\r\nContent-Type: application/json",
        &body,
    );
    serde_json::from_str(&body).unwrap()
}

#[test]
fn the_code_flow_checks_pkce_and_codes_are_single_use() {
    let fake = FakeControlPlane::start_with(State::demo());
    let (status, _, body) = send(&fake, "GET /private/v1alpha1/cli/auth-config HTTP/1.1", "");
    assert_eq!(status, 200);
    let config: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(config["clientId"], FAKE_CLIENT_ID);
    assert_eq!(
        config["domainUrl"],
        format!("http://{}/auth/", fake.domain())
    );

    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = s256(verifier);
    assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    let (status, headers, _) = send(
        &fake,
        &format!(
            "GET /auth/authorize?client_id={FAKE_CLIENT_ID}&redirect_uri=http://127.0.0.1:1/callback&code_challenge={challenge}&code_challenge_method=S256 HTTP/1.1"
        ),
        "",
    );
    assert_eq!(status, 302);
    let location = headers
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap();
    let code = location.split_once("?code=").unwrap().1.to_string();

    let form = |verifier: &str| {
        format!(
            "client_id={FAKE_CLIENT_ID}&grant_type=authorization_code&code={code}&code_verifier={verifier}&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback"
        )
    };
    let post = "POST /auth/oauth/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded";
    let (status, _, body) = send(&fake, post, &form("wrong-verifier"));
    assert_eq!(status, 403, "{body}");
    // The failed attempt used the code up: ask again.
    let (_, headers, _) = send(
        &fake,
        &format!(
            "GET /auth/authorize?client_id={FAKE_CLIENT_ID}&redirect_uri=http://127.0.0.1:1/callback&code_challenge={challenge}&code_challenge_method=S256 HTTP/1.1"
        ),
        "",
    );
    let location = headers
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap();
    let code2 = location.split_once("?code=").unwrap().1.to_string();
    let ok_form = form(verifier).replace(&code, &code2);
    let (status, _, body) = send(&fake, post, &ok_form);
    assert_eq!(status, 200, "{body}");
    let grant: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        format!("Bearer {}", grant["access_token"].as_str().unwrap()),
        DEFAULT_ASTRO_TOKEN
    );
    let (status, _, _) = send(&fake, post, &ok_form);
    assert_eq!(status, 403, "codes are single use");
}

#[test]
fn self_user_and_organizations_need_the_token() {
    let fake = FakeControlPlane::start_with(State::demo());
    let (status, _, _) = send(&fake, "GET /v1/users/self HTTP/1.1", "");
    assert_eq!(status, 401);
    let auth = format!("Authorization: {DEFAULT_ASTRO_TOKEN}");
    let (status, _, body) = send(&fake, &format!("GET /v1/users/self HTTP/1.1\r\n{auth}"), "");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["username"],
        DEFAULT_USER_EMAIL
    );
    let (_, _, body) = send(
        &fake,
        &format!("GET /v1/organizations HTTP/1.1\r\n{auth}"),
        "",
    );
    let orgs: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(orgs["organizations"][0]["id"], DEFAULT_ORG_ID);
    let (status, _, _) = send(
        &fake,
        &format!("GET /v1/organizations/nope HTTP/1.1\r\n{auth}"),
        "",
    );
    assert_eq!(status, 404);
    let (_, _, body) = send(
        &fake,
        &format!(
            "GET /v1/organizations/{DEFAULT_ORG_ID}/workspaces?limit=1000&offset=0 HTTP/1.1\r\n{auth}"
        ),
        "",
    );
    let page: Value = serde_json::from_str(&body).unwrap();
    let workspaces = fake.with_state(|s| s.astro_workspaces.len());
    assert_eq!(page["totalCount"], workspaces);
}

#[test]
fn houston_create_token_answers_like_houston() {
    let fake = FakeControlPlane::start_with(State::demo());
    let config = graphql(
        &fake,
        "query GetAuthConfig { authConfig { localEnabled } }",
        Value::Null,
    );
    assert_eq!(config["data"]["authConfig"]["localEnabled"], true);
    let mutation = "mutation createBasicToken($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { token { value } } }";
    let ok = graphql(
        &fake,
        mutation,
        json!({"identity": DEFAULT_HOUSTON_USERNAME, "password": DEFAULT_HOUSTON_PASSWORD}),
    );
    assert_eq!(
        ok["data"]["createToken"]["token"]["value"],
        DEFAULT_HOUSTON_TOKEN
    );
    let wrong = graphql(
        &fake,
        mutation,
        json!({"identity": DEFAULT_HOUSTON_USERNAME, "password": "nope"}),
    );
    assert_eq!(
        wrong["errors"][0]["message"],
        "Invalid password and username combination"
    );
}

#[test]
fn another_organization_has_its_own_workspaces_and_nothing_else() {
    use fake_control_plane::{ExtraOrganization, Workspace};
    let mut state = State::demo();
    state.auth.extra_organizations.push(ExtraOrganization {
        id: "clorgother".into(),
        name: "Other".into(),
        product: "HYBRID".into(),
        workspaces: vec![Workspace {
            id: "clwsother".into(),
            name: "other-ws".into(),
            description: String::new(),
            cicd_enforced_default: false,
            created_at: String::new(),
            updated_at: String::new(),
        }],
    });
    let fake = FakeControlPlane::start_with(state);
    let auth = format!("Authorization: {DEFAULT_ASTRO_TOKEN}");
    let get = |path: &str| {
        let (status, _, body) = send(&fake, &format!("GET {path} HTTP/1.1\r\n{auth}"), "");
        (status, serde_json::from_str::<Value>(&body).unwrap())
    };
    let (status, page) =
        get("/v1/organizations/clorgother/workspaces?limit=1000&offset=0&sorts=name:asc");
    assert_eq!(status, 200);
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["workspaces"][0]["id"], "clwsother");
    assert_eq!(page["workspaces"][0]["organizationId"], "clorgother");
    assert_eq!(page["workspaces"][0]["organizationName"], "Other");
    let (status, _) = get("/v1/organizations/clorgother/tokens");
    assert_eq!(status, 404);
    let (status, _) = get("/v1/organizations/clorgnone/workspaces");
    assert_eq!(status, 404);
    let (status, page) = get(&format!("/v1/organizations/{DEFAULT_ORG_ID}/workspaces"));
    assert_eq!(status, 200);
    assert_ne!(page["workspaces"][0]["id"], "clwsother");
}

#[test]
fn the_refresh_grant_takes_the_current_refresh_token_once() {
    let fake = FakeControlPlane::start_with(State::demo());
    let post = "POST /auth/oauth/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded";
    let form = |token: &str| {
        format!("client_id={FAKE_CLIENT_ID}&grant_type=refresh_token&refresh_token={token}")
    };
    let (status, _, body) = send(&fake, post, &form("fake-refresh-token"));
    assert_eq!(status, 200, "{body}");
    let grant: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        format!("Bearer {}", grant["access_token"].as_str().unwrap()),
        DEFAULT_ASTRO_TOKEN
    );
    let rotated = grant["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rotated, "fake-refresh-token");
    assert_eq!(fake.with_state(|s| s.auth.refresh_token.clone()), rotated);

    let (status, _, body) = send(&fake, post, &form("fake-refresh-token"));
    assert_eq!(status, 403, "a used refresh token is refused: {body}");
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"], "invalid_grant");
    let wrong_client = form(&rotated).replace(FAKE_CLIENT_ID, "other");
    let (status, _, _) = send(&fake, post, &wrong_client);
    assert_eq!(status, 400);
    let (status, _, _) = send(&fake, post, &form(&rotated));
    assert_eq!(status, 200);
}
