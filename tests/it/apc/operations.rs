//! The GraphQL operation texts sent to Houston are the Go CLI's, word for word once whitespace is
//! collapsed (commas included: Go has them in some argument lists and not in others), one command
//! of each kind run against the fake.

use crate::common::*;
use fake_control_plane::{DEFAULT_HOUSTON_PASSWORD, DEFAULT_HOUSTON_USERNAME};

const GET_WORKSPACES: &str = "query GetWorkspaces { workspaces { id label description createdAt updatedAt roleBindings { role user { id username } serviceAccount { id label } } } }";
const PAGINATED_WORKSPACES: &str = "query paginatedWorkspaces($pageSize: Int $pageNumber: Int) { paginatedWorkspaces(take: $pageSize pageNumber: $pageNumber) { id label description createdAt updatedAt } }";
const CREATE_WORKSPACE: &str = "mutation CreateWorkspace($label: String!, $description: String = \"N/A\") { createWorkspace(label: $label, description: $description) { id label description createdAt updatedAt } }";
const DELETE_WORKSPACE: &str = "mutation DeleteWorkspace($workspaceId: Uuid!) { deleteWorkspace(workspaceUuid: $workspaceId) { id label description } }";
const GET_WORKSPACE: &str = "query GetWorkspace($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) { id label description createdAt updatedAt } }";
const UPDATE_WORKSPACE: &str = "mutation UpdateWorkspace($workspaceId: Uuid!, $payload: JSON!) { updateWorkspace(workspaceUuid: $workspaceId, payload: $payload) { id label description createdAt updatedAt } }";
const ADD_WORKSPACE_USER: &str = "mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) { workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) { id label description users { id username roleBindings { role } } createdAt updatedAt } }";
const REMOVE_WORKSPACE_USER: &str = "mutation RemoveWorkspaceUser($workspaceId: Uuid! $userId: Uuid!) { workspaceRemoveUser(workspaceUuid: $workspaceId userUuid: $userId) { id label description users { id username } createdAt updatedAt } }";
const WORKSPACE_LIST_USERS: &str = "query workspaceListUsers($workspaceUuid: Uuid!) { workspaceUsers(workspaceUuid: $workspaceUuid) { id username fullName emails { address } roleBindings { workspace { id } role } } }";
const PAGINATED_WORKSPACE_USERS: &str = "query paginatedWorkspaceUsers($workspaceUuid: Uuid!, $cursorUuid: Uuid, $take: Int) { paginatedWorkspaceUsers(workspaceUuid: $workspaceUuid cursor: $cursorUuid take: $take) { id username fullName emails { address } roleBindings { workspace { id } role } } }";
const UPSERT_USER_ROLE: &str = "mutation workspaceUpsertUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) { workspaceUpsertUserRole(workspaceUuid: $workspaceUuid email: $email role: $role) }";
const WORKSPACE_GET_USER: &str = "query workspaceGetUser($workspaceUuid: Uuid!, $email: String!) { workspaceUser(workspaceUuid: $workspaceUuid user: { email: $email }) { id username roleBindings { workspace { id } role } } }";
const CREATE_SERVICE_ACCOUNT: &str = "mutation createWorkspaceServiceAccount($label: String!, $category: String, $workspaceUuid: Uuid!, $role: Role!) { createWorkspaceServiceAccount(label: $label, category: $category, workspaceUuid: $workspaceUuid, role: $role) { id label apiKey entityType workspaceUuid category active lastUsedAt createdAt updatedAt } }";
const GET_SERVICE_ACCOUNTS: &str = "query GetWorkspaceServiceAccounts($workspaceUuid: Uuid!) { workspaceServiceAccounts(workspaceUuid: $workspaceUuid) { id apiKey label category entityType entityUuid active createdAt updatedAt lastUsedAt } }";
const DELETE_SERVICE_ACCOUNT: &str = "mutation deleteWorkspaceServiceAccount($serviceAccountUuid: Uuid! $workspaceUuid: Uuid!) { deleteWorkspaceServiceAccount(serviceAccountUuid: $serviceAccountUuid workspaceUuid: $workspaceUuid) { id apiKey label category entityType entityUuid active createdAt updatedAt lastUsedAt } }";
const ADD_WORKSPACE_TEAM: &str = "mutation AddWorkspaceTeam($workspaceUuid: Uuid! $teamUuid: Uuid! $role: Role! = WORKSPACE_VIEWER $deploymentRoles: [DeploymentRoles!] = []) { workspaceAddTeam(workspaceUuid: $workspaceUuid teamUuid: $teamUuid role: $role deploymentRoles: $deploymentRoles) { id label description createdAt updatedAt } }";
const UPDATE_TEAM_ROLE: &str = "mutation workspaceUpdateTeamRole($workspaceUuid: Uuid! $teamUuid: Uuid! $role: Role!) { workspaceUpdateTeamRole(workspaceUuid: $workspaceUuid teamUuid: $teamUuid role: $role) }";
const REMOVE_TEAM: &str = "mutation workspaceRemoveTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!) { workspaceRemoveTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid) { id label } }";
const GET_TEAMS: &str = "query workspaceGetTeams($workspaceUuid: Uuid!) { workspaceTeams(workspaceUuid: $workspaceUuid) { id name roleBindings { role workspace { id label } deployment { id label } } } }";
const TEAM: &str = "query team($teamUuid: Uuid!, $workspaceUuid: Uuid) { team(teamUuid: $teamUuid, workspaceUuid: $workspaceUuid) { name id createdAt roleBindings { id role workspace { id label } deployment { id label releaseName } } } }";
const GET_AUTH_CONFIG: &str = "query GetAuthConfig($redirect: String) { authConfig(redirect: $redirect) { localEnabled publicSignup initialSignup providers { name displayName url } } }";
const CREATE_BASIC_TOKEN: &str = "mutation createBasicToken($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { user { id fullName username status createdAt updatedAt } token { value } } }";

const ENGINEERS: &str = "ckte000000000000000000001";
const ADMINS: &str = "ckte000000000000000000003";
const CI_RUNNER: &str = "cksa000000000000000000001";

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `args` (answering `input`) in a fresh environment and checks that exactly the
/// operations `expected` were sent, in that order.
fn sends(args: &[&str], input: &str, expected: &[&str]) {
    let env = TestEnv::apc();
    let run = env.run_with_input(args, input);
    assert_eq!(run.code, 0, "{args:?}: {run:?}");
    let sent: Vec<String> = env
        .requests()
        .iter()
        .map(|r| collapse(r.json()["query"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(sent, expected, "{args:?}");
}

#[test]
fn workspace_operations_are_the_go_texts() {
    sends(&["workspace", "list"], "", &[GET_WORKSPACES]);
    sends(
        &["workspace", "switch", "-p", "-s", "5"],
        "q\n",
        &[PAGINATED_WORKSPACES],
    );
    sends(
        &["workspace", "switch", DEMO_HOUSTON_WORKSPACE_ID],
        "",
        &[GET_WORKSPACE],
    );
    sends(
        &["workspace", "create", "-l", "new"],
        "",
        &[CREATE_WORKSPACE],
    );
    sends(
        &[
            "workspace",
            "update",
            DEMO_HOUSTON_WORKSPACE_ID,
            "-l",
            "new",
        ],
        "",
        &[UPDATE_WORKSPACE],
    );
    sends(
        &["workspace", "delete", DEMO_HOUSTON_WORKSPACE_ID, "--force"],
        "",
        &[DELETE_WORKSPACE],
    );
}

#[test]
fn user_operations_are_the_go_texts() {
    sends(
        &["workspace", "user", "add", "-e", "new@example.com"],
        "",
        &[ADD_WORKSPACE_USER],
    );
    sends(
        &[
            "workspace",
            "user",
            "update",
            "ed@example.com",
            "--role",
            "WORKSPACE_ADMIN",
        ],
        "",
        &[WORKSPACE_GET_USER, UPSERT_USER_ROLE],
    );
    sends(
        &["workspace", "user", "remove", "ed@example.com"],
        "",
        &[WORKSPACE_GET_USER, REMOVE_WORKSPACE_USER],
    );
    sends(&["workspace", "user", "list"], "", &[WORKSPACE_LIST_USERS]);
    sends(
        &["workspace", "user", "list", "-p", "-s", "1"],
        "q\n",
        &[PAGINATED_WORKSPACE_USERS],
    );
}

#[test]
fn service_account_operations_are_the_go_texts() {
    sends(
        &["workspace", "sa", "create", "-l", "bot"],
        "",
        &[CREATE_SERVICE_ACCOUNT],
    );
    sends(&["workspace", "sa", "get"], "", &[GET_SERVICE_ACCOUNTS]);
    sends(
        &["workspace", "sa", "delete", CI_RUNNER],
        "",
        &[DELETE_SERVICE_ACCOUNT],
    );
}

#[test]
fn team_operations_are_the_go_texts() {
    sends(
        &["workspace", "team", "add", ADMINS],
        "",
        &[ADD_WORKSPACE_TEAM],
    );
    sends(
        &[
            "workspace",
            "team",
            "update",
            ENGINEERS,
            "--role",
            "WORKSPACE_ADMIN",
        ],
        "",
        &[TEAM, UPDATE_TEAM_ROLE],
    );
    sends(
        &["workspace", "team", "remove", ENGINEERS],
        "",
        &[REMOVE_TEAM],
    );
    sends(&["workspace", "team", "list"], "", &[GET_TEAMS]);
}

#[test]
fn login_operations_are_the_go_texts() {
    let env = TestEnv::apc();
    let run = env.run_with_input(
        &["login", &env.apc_domain()],
        &format!("{DEFAULT_HOUSTON_USERNAME}\n{DEFAULT_HOUSTON_PASSWORD}\n"),
    );
    assert_eq!(run.code, 0, "{run:?}");
    let sent: Vec<String> = env
        .requests()
        .iter()
        .map(|r| collapse(r.json()["query"].as_str().unwrap_or_default()))
        .take(2)
        .collect();
    assert_eq!(sent, [GET_AUTH_CONFIG, CREATE_BASIC_TOKEN]);
}
