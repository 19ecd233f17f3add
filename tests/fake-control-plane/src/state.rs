//! The fake's data: plain structs with pub fields so tests can read and poke them through
//! [`crate::FakeControlPlane::with_state`], plus seeders and deterministic ID/secret generators.

use crate::people::{AstroTeam, AstroUser};
use serde_json::{Map, Value, json};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Default expected `authorization` header for Astro REST calls.
pub const DEFAULT_ASTRO_TOKEN: &str = "Bearer astro-test-token";
/// Default expected `authorization` header for Houston calls (sent without `Bearer `).
pub const DEFAULT_HOUSTON_TOKEN: &str = "houston-test-token";
/// Default organization ID.
pub const DEFAULT_ORG_ID: &str = "clorg0000000000000000000000";
/// Astro workspace seeded by [`State::demo`].
pub const DEMO_WORKSPACE_ID: &str = "clws0000000000000000000000";
/// Second Astro workspace seeded by [`State::demo`] (`analytics`, CI/CD enforced).
pub const DEMO_ANALYTICS_WORKSPACE_ID: &str = "clws0000000000000000000001";
/// Third Astro workspace seeded by [`State::demo`] (`sandbox`, nobody in it).
pub const DEMO_SANDBOX_WORKSPACE_ID: &str = "clws0000000000000000000002";
/// Users seeded by [`State::demo`]: the demo user (owner of the demo workspace), Ada (author in
/// demo, member in analytics, with deployment and DAG roles) and Grace (in no workspace).
pub const DEMO_USER_ID: &str = "cluser0000000000000000001";
pub const DEMO_ADA_USER_ID: &str = "cluser0000000000000000002";
pub const DEMO_GRACE_USER_ID: &str = "cluser0000000000000000003";
/// Teams seeded by [`State::demo`]: `platform` (operator in demo), `data-science` (member in
/// analytics).
pub const DEMO_PLATFORM_TEAM_ID: &str = "clteam00000000000000000001";
pub const DEMO_DATA_TEAM_ID: &str = "clteam00000000000000000002";
/// Houston (APC) workspace seeded by [`State::demo`].
pub const DEMO_HOUSTON_WORKSPACE_ID: &str = "ckws0000000000000000000000";

/// Roles a Houston workspace service account may have.
pub const HOUSTON_WORKSPACE_ROLES: [&str; 3] =
    ["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER"];
/// Workspace roles the Astro API accepts (the CLI only offers the last four).
pub const ASTRO_WORKSPACE_ROLES: [&str; 5] = [
    "WORKSPACE_ACCESSOR",
    "WORKSPACE_MEMBER",
    "WORKSPACE_AUTHOR",
    "WORKSPACE_OPERATOR",
    "WORKSPACE_OWNER",
];
/// Organization roles the Astro API accepts.
pub const ASTRO_ORGANIZATION_ROLES: [&str; 5] = [
    "ORGANIZATION_MEMBER",
    "ORGANIZATION_BILLING_ADMIN",
    "ORGANIZATION_OWNER",
    "ORGANIZATION_OBSERVE_ADMIN",
    "ORGANIZATION_OBSERVE_MEMBER",
];

/// One entry of an ApiToken's `roles`, as the Astro API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRole {
    pub entity_type: String,
    pub entity_id: String,
    pub role: String,
    /// Only for DAG / DAG_TAG roles.
    pub deployment_id: Option<String>,
}

impl ApiTokenRole {
    pub fn new(entity_type: &str, entity_id: &str, role: &str) -> ApiTokenRole {
        ApiTokenRole {
            entity_type: entity_type.into(),
            entity_id: entity_id.into(),
            role: role.into(),
            deployment_id: None,
        }
    }

    pub fn workspace(workspace_id: &str, role: &str) -> ApiTokenRole {
        ApiTokenRole::new("WORKSPACE", workspace_id, role)
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("entityType".into(), json!(self.entity_type));
        m.insert("entityId".into(), json!(self.entity_id));
        m.insert("role".into(), json!(self.role));
        if let Some(d) = &self.deployment_id {
            m.insert("deploymentId".into(), json!(d));
        }
        Value::Object(m)
    }

    /// Parses one role object as sent in `UpdateApiTokenRoles`; `None` if a field is missing.
    pub fn from_json(v: &Value) -> Option<ApiTokenRole> {
        Some(ApiTokenRole {
            entity_type: v.get("entityType")?.as_str()?.to_string(),
            entity_id: v.get("entityId")?.as_str()?.to_string(),
            role: v.get("role")?.as_str()?.to_string(),
            deployment_id: v
                .get("deploymentId")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
    }
}

/// BasicSubjectProfile (the `createdBy` of a token).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubjectProfile {
    pub id: String,
    /// `USER` or `SERVICEKEY`.
    pub subject_type: Option<String>,
    pub full_name: Option<String>,
    pub api_token_name: Option<String>,
}

impl SubjectProfile {
    pub fn user(id: &str, full_name: &str) -> SubjectProfile {
        SubjectProfile {
            id: id.into(),
            subject_type: Some("USER".into()),
            full_name: Some(full_name.into()),
            api_token_name: None,
        }
    }

    pub fn service_key(id: &str, api_token_name: &str) -> SubjectProfile {
        SubjectProfile {
            id: id.into(),
            subject_type: Some("SERVICEKEY".into()),
            full_name: None,
            api_token_name: Some(api_token_name.into()),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        if let Some(v) = &self.subject_type {
            m.insert("subjectType".into(), json!(v));
        }
        if let Some(v) = &self.full_name {
            m.insert("fullName".into(), json!(v));
        }
        if let Some(v) = &self.api_token_name {
            m.insert("apiTokenName".into(), json!(v));
        }
        Value::Object(m)
    }
}

/// An Astro API token (the API's `ApiToken`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `ORGANIZATION` | `WORKSPACE` | `DEPLOYMENT`.
    pub scope: String,
    /// `STANDARD` | `DIRECT_ACCESS`.
    pub kind: String,
    pub roles: Vec<ApiTokenRole>,
    /// The secret value; serialised only in create/rotate responses.
    pub token: String,
    pub short_token: String,
    pub created_at: String,
    pub updated_at: String,
    pub start_at: String,
    pub last_rotated_at: Option<String>,
    pub expiry_period_in_days: Option<i64>,
    pub created_by: Option<SubjectProfile>,
    /// When the token expires; sent as `endAt` when set.
    pub end_at: Option<String>,
    pub last_used_at: Option<String>,
}

impl ApiToken {
    /// The API's JSON. `include_secret` adds the `token` field (create and rotate responses only).
    pub fn to_json(&self, include_secret: bool) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("name".into(), json!(self.name));
        m.insert("description".into(), json!(self.description));
        m.insert("scope".into(), json!(self.scope));
        m.insert("kind".into(), json!(self.kind));
        m.insert(
            "roles".into(),
            Value::Array(self.roles.iter().map(ApiTokenRole::to_json).collect()),
        );
        if include_secret {
            m.insert("token".into(), json!(self.token));
        }
        m.insert("shortToken".into(), json!(self.short_token));
        m.insert("createdAt".into(), json!(self.created_at));
        m.insert("updatedAt".into(), json!(self.updated_at));
        m.insert("startAt".into(), json!(self.start_at));
        if let Some(v) = &self.last_rotated_at {
            m.insert("lastRotatedAt".into(), json!(v));
        }
        if let Some(v) = self.expiry_period_in_days {
            m.insert("expiryPeriodInDays".into(), json!(v));
        }
        if let Some(v) = &self.end_at {
            m.insert("endAt".into(), json!(v));
        }
        if let Some(v) = &self.last_used_at {
            m.insert("lastUsedAt".into(), json!(v));
        }
        if let Some(v) = &self.created_by {
            m.insert("createdBy".into(), v.to_json());
        }
        Value::Object(m)
    }

    /// The role this token holds in workspace `ws` (first matching WORKSPACE entry).
    pub fn workspace_role(&self, ws: &str) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.entity_type == "WORKSPACE" && r.entity_id == ws)
            .map(|r| r.role.as_str())
    }

    /// Sets a new secret value (and the matching `shortToken`).
    pub fn set_secret(&mut self, value: String) {
        self.short_token = short_token(&value);
        self.token = value;
    }
}

fn short_token(value: &str) -> String {
    let tail: String = value
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

/// An Astro workspace (only ids/names for now; no REST route serves it yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub description: String,
    pub cicd_enforced_default: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A Houston (APC) workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoustonWorkspace {
    pub id: String,
    pub label: String,
    pub description: String,
    pub created_at: String,
    pub updated_at: String,
}

impl HoustonWorkspace {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "label": self.label,
            "description": self.description,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }
}

/// A Houston workspace service account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    pub id: String,
    pub label: String,
    pub category: String,
    pub api_key: String,
    pub role: String,
    pub workspace_uuid: String,
    /// Always `WORKSPACE` for workspace service accounts.
    pub entity_type: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
    pub last_used_at: Option<String>,
}

impl ServiceAccount {
    /// Every field any of the service-account operations selects (the fake ignores selection
    /// sets): `workspaceUuid` for create, `entityUuid` for list/delete.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "label": self.label,
            "apiKey": self.api_key,
            "category": self.category,
            "entityType": self.entity_type,
            "entityUuid": self.workspace_uuid,
            "workspaceUuid": self.workspace_uuid,
            "active": self.active,
            "lastUsedAt": self.last_used_at,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "roleBinding": { "role": self.role },
        })
    }
}

/// How every REST list (workspaces, tokens, users, teams) misbehaves; all off by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagingQuirks {
    /// At most this many items a page, whatever `limit` asked for (a server's own cap).
    pub max_page: Option<usize>,
    /// The page at this offset holds one item fewer than it could.
    pub short_at: Option<usize>,
    /// No items from this offset on, while `totalCount` still counts all of them.
    pub stop_at: Option<usize>,
    /// The page at this offset answers 503, every time (so retries fail too).
    pub fail_offset: Option<usize>,
    /// The list is `null`, with the real `totalCount`.
    pub null_items: bool,
    /// `totalCount` as this raw JSON text instead of the real count (`"1000000000000"`, `"-1"`,
    /// `"1.5"`, `"\"12\""`, `"null"`); an empty text leaves the key out. The items served stay
    /// the real ones.
    pub total_count: Option<String>,
}

/// Everything the fake knows. `State::default()` is empty apart from the default tokens and org.
#[derive(Debug, Clone)]
pub struct State {
    /// Expected `authorization` header for REST (exact match).
    pub astro_token: String,
    /// Expected `authorization` header for Houston (exact match).
    pub houston_token: String,
    /// HTTP status of Houston's "not authenticated" answer. 401 by default; set it to 200 to
    /// mimic an Apollo server that reports auth failures only in the `errors` array.
    pub houston_auth_error_status: u16,
    pub organization_id: String,
    pub organization_name: String,
    pub astro_workspaces: Vec<Workspace>,
    pub api_tokens: Vec<ApiToken>,
    /// Who creates tokens through `POST …/tokens` (becomes their `createdBy`).
    pub current_user: SubjectProfile,
    pub houston_version: String,
    pub houston_workspaces: Vec<HoustonWorkspace>,
    pub service_accounts: Vec<ServiceAccount>,
    /// Counter behind every generated ID and secret (deterministic).
    pub id_counter: u64,
    /// Houston users and their role bindings.
    pub houston_users: Vec<HoustonUser>,
    /// Houston teams and their role bindings (Houston ≥ 0.28.0).
    pub houston_teams: Vec<HoustonTeam>,
    /// Astro organization users (`/users`).
    pub astro_users: Vec<AstroUser>,
    /// Astro teams (`/teams`).
    pub astro_teams: Vec<AstroTeam>,
    /// Login: users, organizations, OAuth codes, Houston credentials.
    pub auth: crate::auth::AuthState,
    pub paging: PagingQuirks,
}

impl Default for State {
    fn default() -> State {
        State {
            astro_token: DEFAULT_ASTRO_TOKEN.into(),
            houston_token: DEFAULT_HOUSTON_TOKEN.into(),
            houston_auth_error_status: 401,
            organization_id: DEFAULT_ORG_ID.into(),
            organization_name: "Test Organization".into(),
            astro_workspaces: Vec::new(),
            api_tokens: Vec::new(),
            current_user: SubjectProfile::user("cluser0000000000000000001", "Test User"),
            houston_version: "0.36.0".into(),
            houston_workspaces: Vec::new(),
            service_accounts: Vec::new(),
            id_counter: 0,
            houston_users: Vec::new(),
            houston_teams: Vec::new(),
            astro_users: Vec::new(),
            astro_teams: Vec::new(),
            auth: crate::auth::AuthState::default(),
            paging: PagingQuirks::default(),
        }
    }
}

impl State {
    /// The demo seed (see the crate docs for the full list).
    pub fn demo() -> State {
        let mut s = State::default();
        let org = s.organization_id.clone();
        let ws = DEMO_WORKSPACE_ID;
        s.astro_workspaces.push(Workspace {
            id: ws.into(),
            name: "demo-workspace".into(),
            description: "Workspace seeded by the fake control plane".into(),
            cicd_enforced_default: false,
            created_at: days_ago(90),
            updated_at: days_ago(90),
        });
        let user = SubjectProfile::user("cluser0000000000000000001", "Demo User");
        let mk = |id: &str,
                  name: &str,
                  description: &str,
                  scope: &str,
                  roles: Vec<ApiTokenRole>,
                  age_days: u64,
                  expiry: Option<i64>,
                  created_by: SubjectProfile| {
            let mut t = ApiToken {
                id: id.into(),
                name: name.into(),
                description: description.into(),
                scope: scope.into(),
                kind: "STANDARD".into(),
                roles,
                token: String::new(),
                short_token: String::new(),
                created_at: days_ago(age_days),
                updated_at: days_ago(age_days),
                start_at: days_ago(age_days),
                last_rotated_at: None,
                end_at: None,
                last_used_at: None,
                expiry_period_in_days: expiry,
                created_by: Some(created_by),
            };
            t.set_secret(format!("astro-demo-token-{name}"));
            t
        };
        s.api_tokens = vec![
            mk(
                "cltokci000000000000000001",
                "ci",
                "",
                "WORKSPACE",
                vec![ApiTokenRole::workspace(ws, "WORKSPACE_MEMBER")],
                30,
                None,
                user.clone(),
            ),
            mk(
                "cltokdeploybot00000000002",
                "deploy-bot",
                "Deploys from GitHub Actions",
                "WORKSPACE",
                vec![ApiTokenRole::workspace(ws, "WORKSPACE_OPERATOR")],
                7,
                Some(90),
                user.clone(),
            ),
            mk(
                "cltoknightly0000000000003",
                "nightly",
                "",
                "WORKSPACE",
                vec![ApiTokenRole::workspace(ws, "WORKSPACE_AUTHOR")],
                2,
                None,
                SubjectProfile::service_key("cltokci000000000000000001", "ci"),
            ),
            mk(
                "cltokorgadmin000000000004",
                "org-admin",
                "Organization automation",
                "ORGANIZATION",
                vec![
                    ApiTokenRole::new("ORGANIZATION", &org, "ORGANIZATION_OWNER"),
                    ApiTokenRole::workspace(ws, "WORKSPACE_OWNER"),
                ],
                60,
                Some(365),
                user,
            ),
        ];

        s.houston_workspaces.push(HoustonWorkspace {
            id: DEMO_HOUSTON_WORKSPACE_ID.into(),
            label: "demo-workspace".into(),
            description: "APC workspace seeded by the fake control plane".into(),
            created_at: days_ago(90),
            updated_at: days_ago(90),
        });
        let sa = |id: &str, label: &str, category: &str, role: &str, key: &str| ServiceAccount {
            id: id.into(),
            label: label.into(),
            category: category.into(),
            api_key: key.into(),
            role: role.into(),
            workspace_uuid: DEMO_HOUSTON_WORKSPACE_ID.into(),
            entity_type: "WORKSPACE".into(),
            active: true,
            created_at: days_ago(20),
            updated_at: days_ago(20),
            last_used_at: None,
        };
        s.service_accounts = vec![
            sa(
                "cksa000000000000000000001",
                "ci-runner",
                "default",
                "WORKSPACE_EDITOR",
                "0123456789abcdef0123456789abcdef",
            ),
            sa(
                "cksa000000000000000000002",
                "monitoring",
                "observability",
                "WORKSPACE_VIEWER",
                "fedcba9876543210fedcba9876543210",
            ),
        ];
        s.add_houston_demo();
        s.seed_demo_people();
        s
    }

    /// Two more demo Workspace tokens whose expiry shows: `release-bot` (30-day expiry, ends in
    /// 3 days) and `legacy-ci` (90-day expiry, ended 2 days ago). The `--demo` binary (the
    /// sandbox) adds them; `demo()` does not, so the token lists that tests pin stay as they are.
    pub fn add_expiring_demo_tokens(&mut self) {
        let ws = DEMO_WORKSPACE_ID;
        let user = SubjectProfile::user("cluser0000000000000000001", "Demo User");
        let now = SystemTime::now();
        let at = |hours_from_now: i64| {
            let offset = Duration::from_secs(hours_from_now.unsigned_abs() * 3600);
            let t = if hours_from_now < 0 {
                now.checked_sub(offset).unwrap_or(UNIX_EPOCH)
            } else {
                now + offset
            };
            rfc3339(t)
        };
        // (id, name, role, age in hours, expiry period in days): release-bot ends 3 days and an
        // hour from now, legacy-ci ended 2 days ago.
        for (id, name, role, age_hours, period_days) in [
            (
                "cltokreleasebot0000000005",
                "release-bot",
                "WORKSPACE_AUTHOR",
                26 * 24 + 23,
                30,
            ),
            (
                "cltoklegacyci000000000006",
                "legacy-ci",
                "WORKSPACE_MEMBER",
                92 * 24,
                90,
            ),
        ] {
            let mut t = ApiToken {
                id: id.into(),
                name: name.into(),
                description: String::new(),
                scope: "WORKSPACE".into(),
                kind: "STANDARD".into(),
                roles: vec![ApiTokenRole::workspace(ws, role)],
                token: String::new(),
                short_token: String::new(),
                created_at: at(-age_hours),
                updated_at: at(-age_hours),
                start_at: at(-age_hours),
                last_rotated_at: None,
                end_at: Some(at(period_days * 24 - age_hours)),
                last_used_at: None,
                expiry_period_in_days: Some(period_days),
                created_by: Some(user.clone()),
            };
            t.set_secret(format!("astro-demo-token-{name}"));
            self.api_tokens.push(t);
        }
    }

    fn bump(&mut self) -> u64 {
        self.id_counter += 1;
        self.id_counter
    }

    /// A new Astro-style ID: `cl` + 23 lowercase alphanumerics, from the counter.
    pub fn new_astro_id(&mut self) -> String {
        let n = self.bump();
        format!("cl{}", base36_padded(n, 23))
    }

    /// A new Houston-style ID: `ck` + 23 lowercase alphanumerics, from the counter.
    pub fn new_houston_id(&mut self) -> String {
        let n = self.bump();
        format!("ck{}", base36_padded(n, 23))
    }

    /// A new, distinct Astro token value: `tok-<counter>-<32 hex>`.
    pub fn new_token_value(&mut self) -> String {
        let n = self.bump();
        format!("tok-{n}-{}", hex32(n))
    }

    /// A new Houston API key: 32 lowercase hex characters.
    pub fn new_api_key(&mut self) -> String {
        let n = self.bump();
        hex32(n ^ 0xa5a5_a5a5)
    }

    /// Adds a WORKSPACE-scoped token with role WORKSPACE_MEMBER in `workspace_id`; returns it
    /// (including its secret value).
    pub fn add_workspace_token(&mut self, workspace_id: &str, name: &str) -> ApiToken {
        let id = self.new_astro_id();
        let value = self.new_token_value();
        let now = now_rfc3339();
        let mut t = ApiToken {
            id,
            name: name.into(),
            description: String::new(),
            scope: "WORKSPACE".into(),
            kind: "STANDARD".into(),
            roles: vec![ApiTokenRole::workspace(workspace_id, "WORKSPACE_MEMBER")],
            token: String::new(),
            short_token: String::new(),
            created_at: now.clone(),
            updated_at: now.clone(),
            start_at: now,
            last_rotated_at: None,
            end_at: None,
            last_used_at: None,
            expiry_period_in_days: None,
            created_by: Some(self.current_user.clone()),
        };
        t.set_secret(value);
        self.api_tokens.push(t.clone());
        t
    }

    /// Adds an ORGANIZATION-scoped token with role ORGANIZATION_MEMBER; returns it.
    pub fn add_organization_token(&mut self, name: &str) -> ApiToken {
        let org = self.organization_id.clone();
        let mut t = self.add_workspace_token("", name);
        t.scope = "ORGANIZATION".into();
        t.roles = vec![ApiTokenRole::new(
            "ORGANIZATION",
            &org,
            "ORGANIZATION_MEMBER",
        )];
        let last = self.api_tokens.len() - 1;
        self.api_tokens[last] = t.clone();
        t
    }

    /// Looks a token up by ID.
    pub fn token(&self, id: &str) -> Option<&ApiToken> {
        self.api_tokens.iter().find(|t| t.id == id)
    }

    /// Mutable token lookup by ID.
    pub fn token_mut(&mut self, id: &str) -> Option<&mut ApiToken> {
        self.api_tokens.iter_mut().find(|t| t.id == id)
    }

    /// Registers an Astro workspace (REST routes for workspaces are not implemented yet).
    pub fn add_astro_workspace(&mut self, id: &str, name: &str) {
        let now = now_rfc3339();
        self.astro_workspaces.push(Workspace {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            cicd_enforced_default: false,
            created_at: now.clone(),
            updated_at: now,
        });
    }

    /// Registers a Houston workspace so service-account operations accept it.
    pub fn add_houston_workspace(&mut self, id: &str, label: &str) {
        let now = now_rfc3339();
        self.houston_workspaces.push(HoustonWorkspace {
            id: id.into(),
            label: label.into(),
            description: String::new(),
            created_at: now.clone(),
            updated_at: now,
        });
    }

    pub fn houston_workspace(&self, id: &str) -> Option<&HoustonWorkspace> {
        self.houston_workspaces.iter().find(|w| w.id == id)
    }

    /// Adds a service account to Houston workspace `ws` (which need not be registered); returns it.
    pub fn add_service_account(
        &mut self,
        ws: &str,
        label: &str,
        category: &str,
        role: &str,
    ) -> ServiceAccount {
        let id = self.new_houston_id();
        let api_key = self.new_api_key();
        let now = now_rfc3339();
        let sa = ServiceAccount {
            id,
            label: label.into(),
            category: category.into(),
            api_key,
            role: role.into(),
            workspace_uuid: ws.into(),
            entity_type: "WORKSPACE".into(),
            active: true,
            created_at: now.clone(),
            updated_at: now,
            last_used_at: None,
        };
        self.service_accounts.push(sa.clone());
        sa
    }

    /// Service accounts of workspace `ws`, in insertion order.
    pub fn service_accounts_in(&self, ws: &str) -> Vec<&ServiceAccount> {
        self.service_accounts
            .iter()
            .filter(|s| s.workspace_uuid == ws)
            .collect()
    }
}

fn base36_padded(mut n: u64, width: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// splitmix64: a fixed, well-mixed function of the counter, so secrets look random but repeat
/// from run to run.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn hex32(n: u64) -> String {
    format!("{:016x}{:016x}", mix(n), mix(n.wrapping_add(0x5151)))
}

/// RFC 3339 (UTC, whole seconds, `Z`) for a point in time.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Now, as RFC 3339.
pub fn now_rfc3339() -> String {
    rfc3339(SystemTime::now())
}

/// Now minus `days` days, as RFC 3339.
pub fn days_ago(days: u64) -> String {
    let t = SystemTime::now()
        .checked_sub(Duration::from_secs(days * 86_400))
        .unwrap_or(UNIX_EPOCH);
    rfc3339(t)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_723); // 2000-02-29T01:02:03Z
        assert_eq!(rfc3339(t), "2000-02-29T01:02:03Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_735_689_599); // 2024-12-31T23:59:59Z
        assert_eq!(rfc3339(t), "2024-12-31T23:59:59Z");
    }

    #[test]
    fn ids_are_deterministic_and_distinct() {
        let mut a = State::default();
        let mut b = State::default();
        let ia = a.new_astro_id();
        assert_eq!(ia, b.new_astro_id());
        assert_eq!(ia.len(), 25);
        assert!(ia.starts_with("cl"));
        assert!(
            ia[2..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        );
        let h = a.new_houston_id();
        assert!(h.starts_with("ck") && h.len() == 25);
        let k1 = a.new_api_key();
        let k2 = a.new_api_key();
        assert_ne!(k1, k2);
        assert_eq!(k1.len(), 32);
        assert!(k1.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.new_token_value(), a.new_token_value());
    }

    #[test]
    fn token_json_hides_secret_unless_asked() {
        let mut s = State::default();
        let t = s.add_workspace_token("ws1", "x");
        assert!(t.to_json(false).get("token").is_none());
        assert_eq!(t.to_json(true)["token"], json!(t.token));
        assert_eq!(
            t.to_json(false)["roles"],
            json!([{"entityType":"WORKSPACE","entityId":"ws1","role":"WORKSPACE_MEMBER"}])
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Houston users and teams.

/// Second Houston workspace of [`State::demo`].
pub const DEMO_HOUSTON_WORKSPACE_2_ID: &str = "ckws0000000000000000000001";
/// Third Houston workspace of [`State::demo`].
pub const DEMO_HOUSTON_WORKSPACE_3_ID: &str = "ckws0000000000000000000002";

/// One role binding of a Houston user or team: a system role (no workspace, no deployment), a
/// workspace role or a deployment role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoustonRoleBinding {
    pub role: String,
    pub workspace_id: Option<String>,
    pub deployment_id: Option<String>,
}

impl HoustonRoleBinding {
    pub fn system(role: &str) -> HoustonRoleBinding {
        HoustonRoleBinding {
            role: role.into(),
            workspace_id: None,
            deployment_id: None,
        }
    }

    pub fn workspace(workspace_id: &str, role: &str) -> HoustonRoleBinding {
        HoustonRoleBinding {
            role: role.into(),
            workspace_id: Some(workspace_id.into()),
            deployment_id: None,
        }
    }

    /// `{role, workspace: {id, label} | null, deployment: {id, label, releaseName} | null}`.
    pub fn to_json(&self, state: &State) -> Value {
        let workspace = self.workspace_id.as_ref().map(|id| {
            let label = state
                .houston_workspace(id)
                .map(|w| w.label.clone())
                .unwrap_or_default();
            json!({"id": id, "label": label})
        });
        let deployment = self
            .deployment_id
            .as_ref()
            .map(|id| json!({"id": id, "label": id, "releaseName": id}));
        json!({
            "id": format!("rb-{}-{}", self.role.to_lowercase(), self.workspace_id.as_deref().unwrap_or("system")),
            "role": self.role,
            "workspace": workspace,
            "deployment": deployment,
        })
    }
}

/// A Houston user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoustonUser {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub emails: Vec<String>,
    pub role_bindings: Vec<HoustonRoleBinding>,
    pub created_at: String,
}

impl HoustonUser {
    pub fn has_email(&self, email: &str) -> bool {
        self.username.eq_ignore_ascii_case(email)
            || self.emails.iter().any(|e| e.eq_ignore_ascii_case(email))
    }

    /// The user's workspace role in `ws` (first binding on it).
    pub fn workspace_role(&self, ws: &str) -> Option<&str> {
        self.role_bindings
            .iter()
            .find(|b| b.workspace_id.as_deref() == Some(ws) && b.deployment_id.is_none())
            .map(|b| b.role.as_str())
    }

    /// Every field the user operations select.
    pub fn to_json(&self, state: &State) -> Value {
        json!({
            "id": self.id,
            "username": self.username,
            "fullName": self.full_name,
            "status": "active",
            "createdAt": self.created_at,
            "emails": self.emails.iter().enumerate().map(|(i, e)| json!({"address": e, "primary": i == 0, "verified": true})).collect::<Vec<_>>(),
            "roleBindings": self.role_bindings.iter().map(|b| b.to_json(state)).collect::<Vec<_>>(),
        })
    }
}

/// A Houston team (imported from an identity provider).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoustonTeam {
    pub id: String,
    pub name: String,
    pub role_bindings: Vec<HoustonRoleBinding>,
    pub created_at: String,
}

impl HoustonTeam {
    /// The team's workspace role in `ws` (first binding on it).
    pub fn workspace_role(&self, ws: &str) -> Option<&str> {
        self.role_bindings
            .iter()
            .find(|b| b.workspace_id.as_deref() == Some(ws) && b.deployment_id.is_none())
            .map(|b| b.role.as_str())
    }

    pub fn to_json(&self, state: &State) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "createdAt": self.created_at,
            "roleBindings": self.role_bindings.iter().map(|b| b.to_json(state)).collect::<Vec<_>>(),
        })
    }
}

impl State {
    /// The Houston part of [`State::demo`] beyond the first workspace and its service accounts:
    /// two more workspaces, four users and three teams.
    ///
    /// | user | workspace roles |
    /// |---|---|
    /// | `ada@example.com` (`ckus000000000000000000001`, also SYSTEM_ADMIN) | ADMIN in demo, VIEWER in data-team |
    /// | `ed@example.com` (`ckus000000000000000000002`) | EDITOR in demo |
    /// | `vi@example.com` (`ckus000000000000000000003`) | VIEWER in demo |
    /// | `nora@example.com` (`ckus000000000000000000004`) | EDITOR in ml-platform |
    ///
    /// Teams: `data-engineers` (`ckte000000000000000000001`, EDITOR in demo), `analysts`
    /// (`ckte000000000000000000002`, VIEWER in data-team), `platform-admins`
    /// (`ckte000000000000000000003`, no workspace).
    fn add_houston_demo(&mut self) {
        let demo = DEMO_HOUSTON_WORKSPACE_ID;
        for (id, label, description) in [
            (DEMO_HOUSTON_WORKSPACE_2_ID, "data-team", "Data engineering"),
            (
                DEMO_HOUSTON_WORKSPACE_3_ID,
                "ml-platform",
                "Machine learning",
            ),
        ] {
            self.houston_workspaces.push(HoustonWorkspace {
                id: id.into(),
                label: label.into(),
                description: description.into(),
                created_at: days_ago(60),
                updated_at: days_ago(60),
            });
        }
        let user =
            |id: &str, email: &str, name: &str, bindings: Vec<HoustonRoleBinding>| HoustonUser {
                id: id.into(),
                username: email.into(),
                full_name: name.into(),
                emails: vec![email.into()],
                role_bindings: bindings,
                created_at: days_ago(50),
            };
        let ws = HoustonRoleBinding::workspace;
        self.houston_users = vec![
            user(
                "ckus000000000000000000001",
                "ada@example.com",
                "Ada Admin",
                vec![
                    HoustonRoleBinding::system("SYSTEM_ADMIN"),
                    ws(demo, "WORKSPACE_ADMIN"),
                    ws(DEMO_HOUSTON_WORKSPACE_2_ID, "WORKSPACE_VIEWER"),
                ],
            ),
            user(
                "ckus000000000000000000002",
                "ed@example.com",
                "Ed Editor",
                vec![ws(demo, "WORKSPACE_EDITOR")],
            ),
            user(
                "ckus000000000000000000003",
                "vi@example.com",
                "Vi Viewer",
                vec![ws(demo, "WORKSPACE_VIEWER")],
            ),
            user(
                "ckus000000000000000000004",
                "nora@example.com",
                "Nora New",
                vec![ws(DEMO_HOUSTON_WORKSPACE_3_ID, "WORKSPACE_EDITOR")],
            ),
        ];
        let team = |id: &str, name: &str, bindings: Vec<HoustonRoleBinding>| HoustonTeam {
            id: id.into(),
            name: name.into(),
            role_bindings: bindings,
            created_at: days_ago(40),
        };
        self.houston_teams = vec![
            team(
                "ckte000000000000000000001",
                "data-engineers",
                vec![ws(demo, "WORKSPACE_EDITOR")],
            ),
            team(
                "ckte000000000000000000002",
                "analysts",
                vec![ws(DEMO_HOUSTON_WORKSPACE_2_ID, "WORKSPACE_VIEWER")],
            ),
            team("ckte000000000000000000003", "platform-admins", Vec::new()),
        ];
    }

    /// Adds a Houston user with `email` and a workspace role in each of `roles` (`(ws, role)`).
    pub fn add_houston_user(&mut self, email: &str, roles: &[(&str, &str)]) -> HoustonUser {
        let user = HoustonUser {
            id: self.new_houston_id(),
            username: email.into(),
            full_name: String::new(),
            emails: vec![email.into()],
            role_bindings: roles
                .iter()
                .map(|(ws, role)| HoustonRoleBinding::workspace(ws, role))
                .collect(),
            created_at: now_rfc3339(),
        };
        self.houston_users.push(user.clone());
        user
    }

    /// Adds a Houston team with a workspace role in each of `roles` (`(ws, role)`).
    pub fn add_houston_team(&mut self, name: &str, roles: &[(&str, &str)]) -> HoustonTeam {
        let team = HoustonTeam {
            id: self.new_houston_id(),
            name: name.into(),
            role_bindings: roles
                .iter()
                .map(|(ws, role)| HoustonRoleBinding::workspace(ws, role))
                .collect(),
            created_at: now_rfc3339(),
        };
        self.houston_teams.push(team.clone());
        team
    }

    /// Users with a role in workspace `ws`, in insertion order.
    pub fn houston_users_in(&self, ws: &str) -> Vec<&HoustonUser> {
        self.houston_users
            .iter()
            .filter(|u| u.workspace_role(ws).is_some())
            .collect()
    }

    /// Teams with a role in workspace `ws`, in insertion order.
    pub fn houston_teams_in(&self, ws: &str) -> Vec<&HoustonTeam> {
        self.houston_teams
            .iter()
            .filter(|t| t.workspace_role(ws).is_some())
            .collect()
    }

    pub fn houston_user_by_email(&self, email: &str) -> Option<&HoustonUser> {
        self.houston_users.iter().find(|u| u.has_email(email))
    }

    pub fn houston_team(&self, id: &str) -> Option<&HoustonTeam> {
        self.houston_teams.iter().find(|t| t.id == id)
    }
}
