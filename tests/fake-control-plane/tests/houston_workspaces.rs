//! The fake's Houston workspace, user and team operations over a raw socket: state changes,
//! cursor pagination, GraphQL errors and the version switch.

use fake_control_plane::{
    DEFAULT_HOUSTON_TOKEN, DEMO_HOUSTON_WORKSPACE_2_ID, DEMO_HOUSTON_WORKSPACE_ID,
    FakeControlPlane, Fault, FaultTarget, State,
};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Sends one GraphQL request on its own connection; returns the status and the JSON body.
fn gql(fake: &FakeControlPlane, query: &str, variables: Value) -> (u16, Value) {
    let body = json!({"query": query, "variables": variables}).to_string();
    let mut s = TcpStream::connect(fake.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!(
        "POST /v1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: {DEFAULT_HOUSTON_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let status = reply.split_whitespace().nth(1).unwrap().parse().unwrap();
    let json = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| serde_json::from_str(b).unwrap())
        .unwrap();
    (status, json)
}

fn data(fake: &FakeControlPlane, query: &str, variables: Value) -> Value {
    let (status, body) = gql(fake, query, variables);
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let field = fake
        .requests()
        .last()
        .unwrap()
        .graphql_operation
        .clone()
        .unwrap();
    body["data"][field].clone()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn workspace_lifecycle() {
    let fake = FakeControlPlane::start_with(State::demo());
    let created = data(
        &fake,
        "mutation CreateWorkspace($label: String!, $description: String = \"N/A\") { createWorkspace(label: $label, description: $description) { id label description } }",
        json!({"label": "fresh"}),
    );
    assert_eq!(created["description"], "N/A");
    let id = created["id"].as_str().unwrap().to_string();
    let updated = data(
        &fake,
        "mutation UpdateWorkspace($workspaceId: Uuid!, $payload: JSON!) { updateWorkspace(workspaceUuid: $workspaceId, payload: $payload) { id label description } }",
        json!({"workspaceId": id, "payload": {"description": "d"}}),
    );
    assert_eq!(
        (updated["label"].as_str(), updated["description"].as_str()),
        (Some("fresh"), Some("d"))
    );
    let page = data(
        &fake,
        "query paginatedWorkspaces($pageSize: Int, $pageNumber: Int) { paginatedWorkspaces(take: $pageSize, pageNumber: $pageNumber) { id } }",
        json!({"pageSize": 3, "pageNumber": 1}),
    );
    assert_eq!(ids(&page), [id.as_str()]);
    data(
        &fake,
        "mutation DeleteWorkspace($workspaceId: Uuid!) { deleteWorkspace(workspaceUuid: $workspaceId) { id } }",
        json!({"workspaceId": id}),
    );
    assert_eq!(fake.with_state(|s| s.houston_workspaces.len()), 3);
    let (status, body) = gql(
        &fake,
        "mutation DeleteWorkspace($workspaceId: Uuid!) { deleteWorkspace(workspaceUuid: $workspaceId) { id } }",
        json!({"workspaceId": id}),
    );
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["message"],
        format!("Workspace not found: {id}")
    );
    assert!(fake.unrouted().is_empty());
}

#[test]
fn users_add_upsert_remove_and_cursor_pages() {
    let fake = FakeControlPlane::start_with(State::demo());
    let users_query = "query paginatedWorkspaceUsers($workspaceUuid: Uuid!, $cursorUuid: Uuid, $take: Int) { paginatedWorkspaceUsers(workspaceUuid: $workspaceUuid, cursor: $cursorUuid, take: $take) { id } }";
    let page = |cursor: Value, take: i64| {
        ids(&data(
            &fake,
            users_query,
            json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "cursorUuid": cursor, "take": take}),
        ))
    };
    let ada = "ckus000000000000000000001";
    let ed = "ckus000000000000000000002";
    let vi = "ckus000000000000000000003";
    assert_eq!(page(Value::Null, 2), [ada, ed]);
    assert_eq!(
        page(json!(""), 2),
        [ada, ed],
        "\"\" is no cursor, as Go sends it"
    );
    assert_eq!(page(json!(ed), 2), [vi]);
    assert_eq!(page(json!(vi), -2), [ada, ed]);
    assert_eq!(page(json!(vi), 2), Vec::<String>::new());

    let added = data(
        &fake,
        "mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) { workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) { id label users { id username } } }",
        json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_ID, "email": "new@example.com", "role": "WORKSPACE_EDITOR"}),
    );
    assert_eq!(added["label"], "demo-workspace");
    assert_eq!(added["users"].as_array().unwrap().len(), 4);
    let role = data(
        &fake,
        "mutation workspaceUpsertUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) { workspaceUpsertUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "email": "new@example.com", "role": "WORKSPACE_ADMIN"}),
    );
    assert_eq!(role, "WORKSPACE_ADMIN");
    let user = data(
        &fake,
        "query workspaceGetUser($workspaceUuid: Uuid!, $email: String!) { workspaceUser(workspaceUuid: $workspaceUuid, user: { email: $email }) { id roleBindings { workspace { id } role } } }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "email": "new@example.com"}),
    );
    assert_eq!(user["roleBindings"][0]["role"], "WORKSPACE_ADMIN");
    data(
        &fake,
        "mutation RemoveWorkspaceUser($workspaceId: Uuid! $userId: Uuid!) { workspaceRemoveUser(workspaceUuid: $workspaceId userUuid: $userId) { id } }",
        json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_ID, "userId": user["id"]}),
    );
    let gone = data(
        &fake,
        "query workspaceGetUser($workspaceUuid: Uuid!, $email: String!) { workspaceUser(workspaceUuid: $workspaceUuid, user: { email: $email }) { id } }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "email": "new@example.com"}),
    );
    assert_eq!(gone, Value::Null);

    let (status, body) = gql(
        &fake,
        "mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) { workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) { id } }",
        json!({"workspaceId": DEMO_HOUSTON_WORKSPACE_ID, "email": "x@y.z", "role": "BOSS"}),
    );
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"][0]["message"],
        "Variable \"$role\" got invalid value \"BOSS\"; Expected type Role."
    );
}

#[test]
fn teams_and_the_version_switch() {
    let fake = FakeControlPlane::start_with(State::demo());
    let teams = "query workspaceGetTeams($workspaceUuid: Uuid!) { workspaceTeams(workspaceUuid: $workspaceUuid) { id name roleBindings { role workspace { id label } } } }";
    let list = data(
        &fake,
        teams,
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_2_ID}),
    );
    assert_eq!(list[0]["name"], "analysts");
    assert_eq!(
        list[0]["roleBindings"][0]["workspace"]["label"],
        "data-team"
    );

    let add = "mutation AddWorkspaceTeam($workspaceUuid: Uuid! $teamUuid: Uuid! $role: Role! = WORKSPACE_VIEWER) { workspaceAddTeam(workspaceUuid: $workspaceUuid teamUuid: $teamUuid role: $role) { id label } }";
    let ws = data(
        &fake,
        add,
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_2_ID, "teamUuid": "ckte000000000000000000003"}),
    );
    assert_eq!(ws["label"], "data-team");
    let role = data(
        &fake,
        "mutation workspaceUpdateTeamRole($workspaceUuid: Uuid! $teamUuid: Uuid! $role: Role!) { workspaceUpdateTeamRole(workspaceUuid: $workspaceUuid teamUuid: $teamUuid role: $role) }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_2_ID, "teamUuid": "ckte000000000000000000003", "role": "WORKSPACE_EDITOR"}),
    );
    assert_eq!(role, "WORKSPACE_EDITOR");
    let team = data(
        &fake,
        "query team($teamUuid: Uuid!, $workspaceUuid: Uuid) { team(teamUuid: $teamUuid, workspaceUuid: $workspaceUuid) { id roleBindings { role workspace { id } } } }",
        json!({"teamUuid": "ckte000000000000000000003", "workspaceUuid": DEMO_HOUSTON_WORKSPACE_2_ID}),
    );
    assert_eq!(team["roleBindings"][0]["role"], "WORKSPACE_EDITOR");
    data(
        &fake,
        "mutation workspaceRemoveTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!) { workspaceRemoveTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid) { id label } }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_2_ID, "teamUuid": "ckte000000000000000000003"}),
    );
    assert_eq!(
        fake.with_state(|s| s.houston_teams_in(DEMO_HOUSTON_WORKSPACE_2_ID).len()),
        1
    );

    // A Houston older than the team API rejects the fields in validation, like any unknown field.
    fake.with_state(|s| s.houston_version = "0.27.0".into());
    let (status, body) = gql(
        &fake,
        teams,
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID}),
    );
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"][0]["message"],
        "Cannot query field \"workspaceTeams\" on type \"Query\"."
    );
    let (status, body) = gql(
        &fake,
        add,
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID, "teamUuid": "t"}),
    );
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"][0]["message"],
        "Cannot query field \"workspaceAddTeam\" on type \"Mutation\"."
    );
    // Paginated lists came in 0.30.0.
    fake.with_state(|s| s.houston_version = "0.29.9".into());
    let (status, _) = gql(
        &fake,
        "query paginatedWorkspaces($pageSize: Int, $pageNumber: Int) { paginatedWorkspaces(take: $pageSize, pageNumber: $pageNumber) { id } }",
        json!({"pageSize": 1, "pageNumber": 0}),
    );
    assert_eq!(status, 400);
    // The fault switches apply to the new operations too.
    fake.inject(Fault::status(
        FaultTarget::graphql("workspaceUsers"),
        502,
        1,
    ));
    let (status, _) = gql(
        &fake,
        "query workspaceListUsers($workspaceUuid: Uuid!) { workspaceUsers(workspaceUuid: $workspaceUuid) { id } }",
        json!({"workspaceUuid": DEMO_HOUSTON_WORKSPACE_ID}),
    );
    assert_eq!(status, 502);
}
