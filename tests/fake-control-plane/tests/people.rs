//! The fake's workspace, user and team endpoints, over a raw socket: paging, sorting, the
//! role rewrites and their checks, and faults.

use fake_control_plane::{
    DEFAULT_ASTRO_TOKEN, DEFAULT_ORG_ID, DEMO_ADA_USER_ID, DEMO_ANALYTICS_WORKSPACE_ID,
    DEMO_PLATFORM_TEAM_ID, DEMO_SANDBOX_WORKSPACE_ID, DEMO_WORKSPACE_ID, FakeControlPlane, Fault,
    FaultTarget, State,
};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// One request on its own connection; returns (status, body as JSON or Null).
fn call(fake: &FakeControlPlane, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(fake.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let target = format!("/v1/organizations/{DEFAULT_ORG_ID}{path}");
    let mut req = format!(
        "{method} {target} HTTP/1.1\r\nHost: x\r\nAuthorization: {DEFAULT_ASTRO_TOKEN}\r\nConnection: close\r\n"
    );
    if !body.is_empty() {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn workspaces_page_and_sort_by_name() {
    let fake = FakeControlPlane::start_with(State::demo());
    let (status, v) = call(
        &fake,
        "GET",
        "/workspaces?limit=2&offset=0&sorts=name%3Aasc",
        "",
    );
    assert_eq!(status, 200);
    assert_eq!(names(&v, "workspaces"), ["analytics", "demo-workspace"]);
    assert_eq!(
        (v["totalCount"].as_u64(), v["limit"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(v["workspaces"][0]["cicdEnforcedDefault"], true);
    assert_eq!(v["workspaces"][0]["organizationId"], DEFAULT_ORG_ID);
    let (_, v) = call(
        &fake,
        "GET",
        "/workspaces?limit=2&offset=2&sorts=name%3Aasc",
        "",
    );
    assert_eq!(names(&v, "workspaces"), ["sandbox"]);
    let (_, v) = call(&fake, "GET", "/workspaces?sorts=name%3Adesc", "");
    assert_eq!(
        names(&v, "workspaces"),
        ["sandbox", "demo-workspace", "analytics"]
    );
    let (status, _) = call(&fake, "GET", "/workspaces?sorts=bogus", "");
    assert_eq!(status, 400);
}

#[test]
fn workspace_create_update_delete() {
    let fake = FakeControlPlane::start_with(State::demo());
    let (status, created) = call(
        &fake,
        "POST",
        "/workspaces",
        r#"{"cicdEnforcedDefault":true,"description":"d","name":"new"}"#,
    );
    assert_eq!(status, 200);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["cicdEnforcedDefault"], true);

    let (status, updated) = call(
        &fake,
        "POST",
        &format!("/workspaces/{id}"),
        r#"{"name":"renamed"}"#,
    );
    assert_eq!(status, 200);
    assert_eq!(
        (
            &updated["name"],
            &updated["description"],
            &updated["cicdEnforcedDefault"]
        ),
        (&json!("renamed"), &json!("d"), &json!(true)),
        "fields left out keep their value"
    );
    assert_eq!(call(&fake, "POST", "/workspaces", r#"{"name":" "}"#).0, 400);
    assert_eq!(
        call(&fake, "POST", "/workspaces", r#"{"description":"x"}"#).0,
        400
    );
    assert_eq!(
        call(&fake, "POST", "/workspaces/nope", r#"{"name":"x"}"#).0,
        404
    );

    assert_eq!(
        call(&fake, "DELETE", &format!("/workspaces/{id}"), "").0,
        204
    );
    assert_eq!(
        call(&fake, "DELETE", &format!("/workspaces/{id}"), "").0,
        404
    );
    assert_eq!(call(&fake, "GET", &format!("/workspaces/{id}"), "").0, 404);
}

#[test]
fn deleting_a_workspace_takes_its_tokens_and_roles_with_it() {
    let fake = FakeControlPlane::start_with(State::demo());
    assert_eq!(
        call(
            &fake,
            "DELETE",
            &format!("/workspaces/{DEMO_WORKSPACE_ID}"),
            ""
        )
        .0,
        204
    );
    fake.with_state(|s| {
        assert_eq!(s.api_tokens.len(), 1, "only the Organization token is left");
        assert_eq!(s.api_tokens[0].roles.len(), 1);
        assert!(
            s.astro_users
                .iter()
                .all(|u| u.workspace_role(DEMO_WORKSPACE_ID).is_none())
        );
        assert!(
            s.astro_teams
                .iter()
                .all(|t| t.workspace_role(DEMO_WORKSPACE_ID).is_none())
        );
    });
}

#[test]
fn users_filter_by_workspace_and_roles_are_replaced() {
    let fake = FakeControlPlane::start_with(State::demo());
    let (_, all) = call(&fake, "GET", "/users?limit=100&offset=0", "");
    assert_eq!(all["totalCount"], 3);
    let (_, ws) = call(
        &fake,
        "GET",
        &format!("/users?limit=100&offset=0&workspaceId={DEMO_ANALYTICS_WORKSPACE_ID}"),
        "",
    );
    assert_eq!(ws["totalCount"], 1);
    assert_eq!(ws["users"][0]["username"], "ada@example.com");
    assert_eq!(ws["users"][0]["dagRoles"][0]["dagId"], "etl");

    let path = format!("/users/{DEMO_ADA_USER_ID}/roles");
    let (status, answer) = call(
        &fake,
        "POST",
        &path,
        &json!({"organizationRole": "ORGANIZATION_MEMBER", "workspaceRoles": [{"role": "WORKSPACE_OWNER", "workspaceId": DEMO_SANDBOX_WORKSPACE_ID}]}).to_string(),
    );
    assert_eq!(status, 200);
    assert_eq!(
        answer["workspaceRoles"],
        json!([{"role": "WORKSPACE_OWNER", "workspaceId": DEMO_SANDBOX_WORKSPACE_ID}])
    );
    // Lists left out are emptied: a client must send back what it wants to keep.
    assert_eq!(answer["dagRoles"], json!([]));
    assert_eq!(answer["deploymentRoles"], json!([]));

    for bad in [
        json!({"workspaceRoles": [{"role": "BOSS", "workspaceId": "w"}]}),
        json!({"workspaceRoles": [{"role": "WORKSPACE_OWNER", "workspaceId": ""}]}),
        json!({"workspaceRoles": [{"role": "WORKSPACE_OWNER"}]}),
        json!({"organizationRole": "KING", "workspaceRoles": []}),
        json!({"workspaceRoles": "nope"}),
    ] {
        assert_eq!(call(&fake, "POST", &path, &bad.to_string()).0, 400, "{bad}");
    }
    assert_eq!(
        call(
            &fake,
            "POST",
            "/users/nope/roles",
            r#"{"organizationRole":"ORGANIZATION_MEMBER","workspaceRoles":[]}"#
        )
        .0,
        404
    );
    assert_eq!(call(&fake, "GET", "/users/nope", "").0, 404);
}

/// A strict server: only the documented fields of the roles requests, at the top and in each
/// entry, and an Organization role next to Workspace or Deployment roles (the API's bare
/// `bad request` otherwise: docs/compatibility.md#no-organization-role).
#[test]
fn role_requests_take_only_the_documented_fields() {
    let fake = FakeControlPlane::start_with(State::demo());
    let users = format!("/users/{DEMO_ADA_USER_ID}/roles");
    let teams = format!("/teams/{DEMO_PLATFORM_TEAM_ID}/roles");
    let ws = json!([{"role": "WORKSPACE_ACCESSOR", "workspaceId": DEMO_WORKSPACE_ID}]);
    let org = "ORGANIZATION_MEMBER";
    let dep = "cldep0000000000000000001";
    for (path, body, status, message) in [
        (
            &users,
            json!({"organizationRole": org, "workspaceRoles": ws}),
            200,
            None,
        ),
        (
            &users,
            json!({"workspaceRoles": ws}),
            400,
            Some("bad request"),
        ),
        (
            &users,
            json!({"deploymentRoles": [{"deploymentId": dep, "role": "DEPLOYMENT_ADMIN"}]}),
            400,
            Some("bad request"),
        ),
        (
            &users,
            json!({"organizationRole": org, "workspaceRoles": ws, "userId": "x"}),
            400,
            Some("invalid request body: unknown field userId"),
        ),
        (
            &users,
            json!({"organizationRole": org, "workspaceRoles": [{"role": "WORKSPACE_MEMBER", "workspaceId": DEMO_WORKSPACE_ID, "workspaceName": "w"}]}),
            400,
            Some("invalid request body: unknown field workspaceRoles[].workspaceName"),
        ),
        (
            &users,
            json!({"organizationRole": org, "workspaceRoles": ws, "deploymentRoles": [{"deploymentId": dep, "role": "DEPLOYMENT_ADMIN", "deploymentName": "p"}]}),
            400,
            Some("invalid request body: unknown field deploymentRoles[].deploymentName"),
        ),
        (
            &teams,
            json!({"organizationRole": org, "workspaceRoles": ws, "dagRoles": [{"deploymentId": dep, "role": "DAG_VIEWER", "dagId": "etl", "id": "r"}]}),
            400,
            Some("invalid request body: unknown field dagRoles[].id"),
        ),
        (
            &teams,
            json!({"organizationRole": org, "workspaceRoles": ws, "dagRoles": [{"role": "DAG_VIEWER"}]}),
            400,
            Some("invalid request body: dagRoles[].deploymentId is required"),
        ),
        (
            &teams,
            json!({"organizationRole": org, "workspaceRoles": ws, "dagRoles": [{"deploymentId": dep, "role": "DAG_VIEWER", "dagTag": "t"}]}),
            200,
            None,
        ),
    ] {
        let (got, answer) = call(&fake, "POST", path, &body.to_string());
        assert_eq!(got, status, "{body}: {answer}");
        if let Some(message) = message {
            assert_eq!(answer["message"], message, "{body}");
        }
    }
}

#[test]
fn teams_need_an_organization_role_and_page_like_the_rest() {
    let fake = FakeControlPlane::start_with(State::demo());
    fake.with_state(|s| {
        for i in 0..120 {
            s.add_astro_team(&format!("team-{i}"));
        }
    });
    let (_, first) = call(&fake, "GET", "/teams?limit=100&offset=0", "");
    assert_eq!(first["totalCount"], 122);
    assert_eq!(first["teams"].as_array().unwrap().len(), 100);
    let (_, second) = call(&fake, "GET", "/teams?limit=100&offset=100", "");
    assert_eq!(second["teams"].as_array().unwrap().len(), 22);
    let (_, ws) = call(
        &fake,
        "GET",
        &format!("/teams?workspaceId={DEMO_WORKSPACE_ID}"),
        "",
    );
    assert_eq!(names(&ws, "teams"), ["platform"]);

    let path = format!("/teams/{DEMO_PLATFORM_TEAM_ID}/roles");
    assert_eq!(
        call(&fake, "POST", &path, r#"{"workspaceRoles":[]}"#).0,
        400
    );
    let (status, _) = call(
        &fake,
        "POST",
        &path,
        r#"{"organizationRole":"ORGANIZATION_MEMBER","workspaceRoles":[]}"#,
    );
    assert_eq!(status, 200);
    let (_, team) = call(&fake, "GET", &format!("/teams/{DEMO_PLATFORM_TEAM_ID}"), "");
    assert_eq!(team["workspaceRoles"], json!([]));
    assert_eq!(team["description"], "Platform engineers");
}

#[test]
fn faults_apply_to_the_new_endpoints() {
    let fake = FakeControlPlane::start_with(State::demo());
    fake.inject(Fault::status(FaultTarget::rest("GET", "/users"), 503, 1));
    assert_eq!(call(&fake, "GET", "/users", "").0, 503);
    assert_eq!(call(&fake, "GET", "/users", "").0, 200);
    assert!(fake.unrouted().is_empty());
    assert_eq!(call(&fake, "PUT", "/users", "").0, 404);
    assert_eq!(fake.unrouted().len(), 1);
}
