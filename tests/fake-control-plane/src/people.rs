//! Astro users and teams (the API's `User` and `Team`) and the JSON of workspaces.

use crate::state::{
    DEMO_ADA_USER_ID, DEMO_ANALYTICS_WORKSPACE_ID, DEMO_DATA_TEAM_ID, DEMO_GRACE_USER_ID,
    DEMO_PLATFORM_TEAM_ID, DEMO_SANDBOX_WORKSPACE_ID, DEMO_USER_ID, DEMO_WORKSPACE_ID, State,
    Workspace, days_ago, now_rfc3339,
};
use serde_json::{Map, Value, json};

/// `{"role","workspaceId"}` of a user or team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRole {
    pub workspace_id: String,
    pub role: String,
}

impl WorkspaceRole {
    pub fn new(workspace_id: &str, role: &str) -> WorkspaceRole {
        WorkspaceRole {
            workspace_id: workspace_id.into(),
            role: role.into(),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({"role": self.role, "workspaceId": self.workspace_id})
    }

    /// Parses one entry of an UpdateUserRoles/UpdateTeamRoles body.
    pub fn from_json(v: &Value) -> Option<WorkspaceRole> {
        Some(WorkspaceRole {
            workspace_id: v.get("workspaceId")?.as_str()?.to_string(),
            role: v.get("role")?.as_str()?.to_string(),
        })
    }
}

/// The role held in `ws`, if any.
pub fn role_in<'a>(roles: &'a [WorkspaceRole], ws: &str) -> Option<&'a str> {
    roles
        .iter()
        .find(|r| r.workspace_id == ws)
        .map(|r| r.role.as_str())
}

/// An organization user.
#[derive(Debug, Clone, PartialEq)]
pub struct AstroUser {
    pub id: String,
    /// The email.
    pub username: String,
    pub full_name: String,
    /// `ACTIVE` | `BANNED` | `INACTIVE` | `PENDING`.
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    pub organization_role: Option<String>,
    pub workspace_roles: Vec<WorkspaceRole>,
    /// `{"deploymentId","role"}` objects, kept as JSON.
    pub deployment_roles: Vec<Value>,
    /// `{"deploymentId","role","dagId"?,"dagTag"?}` objects, kept as JSON.
    pub dag_roles: Vec<Value>,
}

impl AstroUser {
    pub fn new(id: &str, username: &str, full_name: &str, created_at: &str) -> AstroUser {
        AstroUser {
            id: id.into(),
            username: username.into(),
            full_name: full_name.into(),
            status: "ACTIVE".into(),
            created_at: created_at.into(),
            updated_at: created_at.into(),
            organization_role: Some("ORGANIZATION_MEMBER".into()),
            workspace_roles: Vec::new(),
            deployment_roles: Vec::new(),
            dag_roles: Vec::new(),
        }
    }

    pub fn workspace_role(&self, ws: &str) -> Option<&str> {
        role_in(&self.workspace_roles, ws)
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("username".into(), json!(self.username));
        m.insert("fullName".into(), json!(self.full_name));
        m.insert("avatarUrl".into(), json!(""));
        m.insert("status".into(), json!(self.status));
        m.insert("createdAt".into(), json!(self.created_at));
        m.insert("updatedAt".into(), json!(self.updated_at));
        if let Some(r) = &self.organization_role {
            m.insert("organizationRole".into(), json!(r));
        }
        m.insert(
            "workspaceRoles".into(),
            Value::Array(
                self.workspace_roles
                    .iter()
                    .map(WorkspaceRole::to_json)
                    .collect(),
            ),
        );
        m.insert(
            "deploymentRoles".into(),
            Value::Array(self.deployment_roles.clone()),
        );
        m.insert("dagRoles".into(), Value::Array(self.dag_roles.clone()));
        Value::Object(m)
    }
}

/// A team of the organization.
#[derive(Debug, Clone, PartialEq)]
pub struct AstroTeam {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub organization_role: String,
    pub is_idp_managed: bool,
    pub created_at: String,
    pub updated_at: String,
    pub workspace_roles: Vec<WorkspaceRole>,
    pub deployment_roles: Vec<Value>,
    pub dag_roles: Vec<Value>,
}

impl AstroTeam {
    pub fn new(id: &str, name: &str, created_at: &str) -> AstroTeam {
        AstroTeam {
            id: id.into(),
            name: name.into(),
            description: None,
            organization_role: "ORGANIZATION_MEMBER".into(),
            is_idp_managed: false,
            created_at: created_at.into(),
            updated_at: created_at.into(),
            workspace_roles: Vec::new(),
            deployment_roles: Vec::new(),
            dag_roles: Vec::new(),
        }
    }

    pub fn workspace_role(&self, ws: &str) -> Option<&str> {
        role_in(&self.workspace_roles, ws)
    }

    pub fn to_json(&self, organization_id: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("name".into(), json!(self.name));
        m.insert("organizationId".into(), json!(organization_id));
        if let Some(d) = &self.description {
            m.insert("description".into(), json!(d));
        }
        m.insert("organizationRole".into(), json!(self.organization_role));
        m.insert("isIdpManaged".into(), json!(self.is_idp_managed));
        m.insert(
            "rolesCount".into(),
            json!(self.workspace_roles.len() + self.deployment_roles.len()),
        );
        m.insert("createdAt".into(), json!(self.created_at));
        m.insert("updatedAt".into(), json!(self.updated_at));
        m.insert(
            "workspaceRoles".into(),
            Value::Array(
                self.workspace_roles
                    .iter()
                    .map(WorkspaceRole::to_json)
                    .collect(),
            ),
        );
        m.insert(
            "deploymentRoles".into(),
            Value::Array(self.deployment_roles.clone()),
        );
        m.insert("dagRoles".into(), Value::Array(self.dag_roles.clone()));
        Value::Object(m)
    }
}

impl Workspace {
    /// The API's Workspace JSON.
    pub fn to_json(&self, organization_id: &str, organization_name: &str) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "organizationId": organization_id,
            "organizationName": organization_name,
            "description": self.description,
            "cicdEnforcedDefault": self.cicd_enforced_default,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }
}

// Astro workspaces, users and teams (workspace/user/team commands).
impl State {
    /// Adds the demo's second and third workspaces, its users and its teams.
    pub(crate) fn seed_demo_people(&mut self) {
        let ws = DEMO_WORKSPACE_ID;
        self.astro_workspaces.push(Workspace {
            id: DEMO_ANALYTICS_WORKSPACE_ID.into(),
            name: "analytics".into(),
            description: "Reporting pipelines".into(),
            cicd_enforced_default: true,
            created_at: days_ago(60),
            updated_at: days_ago(60),
        });
        self.astro_workspaces.push(Workspace {
            id: DEMO_SANDBOX_WORKSPACE_ID.into(),
            name: "sandbox".into(),
            description: String::new(),
            cicd_enforced_default: false,
            created_at: days_ago(10),
            updated_at: days_ago(10),
        });

        let mut demo = AstroUser::new(
            DEMO_USER_ID,
            "demo.user@example.com",
            "Demo User",
            "2024-01-02T03:04:05Z",
        );
        demo.organization_role = Some("ORGANIZATION_OWNER".into());
        demo.workspace_roles = vec![WorkspaceRole::new(ws, "WORKSPACE_OWNER")];
        let mut ada = AstroUser::new(
            DEMO_ADA_USER_ID,
            "ada@example.com",
            "Ada Lovelace",
            "2024-03-04T05:06:07.123Z",
        );
        ada.workspace_roles = vec![
            WorkspaceRole::new(ws, "WORKSPACE_AUTHOR"),
            WorkspaceRole::new(DEMO_ANALYTICS_WORKSPACE_ID, "WORKSPACE_MEMBER"),
        ];
        ada.deployment_roles =
            vec![json!({"deploymentId": "cldep0000000000000000001", "role": "DEPLOYMENT_ADMIN"})];
        ada.dag_roles = vec![json!({
            "deploymentId": "cldep0000000000000000001",
            "role": "DAG_VIEWER",
            "dagId": "etl"
        })];
        let grace = AstroUser::new(
            DEMO_GRACE_USER_ID,
            "grace@example.com",
            "Grace Hopper",
            "2025-06-07T08:09:10Z",
        );
        self.astro_users = vec![demo, ada, grace];

        let mut platform =
            AstroTeam::new(DEMO_PLATFORM_TEAM_ID, "platform", "2024-02-03T04:05:06Z");
        platform.description = Some("Platform engineers".into());
        platform.workspace_roles = vec![WorkspaceRole::new(ws, "WORKSPACE_OPERATOR")];
        let mut data = AstroTeam::new(DEMO_DATA_TEAM_ID, "data-science", "2024-05-06T07:08:09Z");
        data.workspace_roles = vec![WorkspaceRole::new(
            DEMO_ANALYTICS_WORKSPACE_ID,
            "WORKSPACE_MEMBER",
        )];
        self.astro_teams = vec![platform, data];
    }

    /// Adds an organization user with no workspace role; returns it.
    pub fn add_astro_user(&mut self, username: &str, full_name: &str) -> AstroUser {
        let id = self.new_astro_id();
        let user = AstroUser::new(&id, username, full_name, &now_rfc3339());
        self.astro_users.push(user.clone());
        user
    }

    /// Adds a team with no workspace role; returns it.
    pub fn add_astro_team(&mut self, name: &str) -> AstroTeam {
        let id = self.new_astro_id();
        let team = AstroTeam::new(&id, name, &now_rfc3339());
        self.astro_teams.push(team.clone());
        team
    }

    pub fn astro_workspace(&self, id: &str) -> Option<&Workspace> {
        self.astro_workspaces.iter().find(|w| w.id == id)
    }

    pub fn astro_user(&self, id: &str) -> Option<&AstroUser> {
        self.astro_users.iter().find(|u| u.id == id)
    }

    pub fn astro_team(&self, id: &str) -> Option<&AstroTeam> {
        self.astro_teams.iter().find(|t| t.id == id)
    }

    /// Forgets workspace `id` and every role in it; its Workspace tokens are deleted (as the
    /// API does). Returns whether it existed.
    pub fn remove_astro_workspace(&mut self, id: &str) -> bool {
        let before = self.astro_workspaces.len();
        self.astro_workspaces.retain(|w| w.id != id);
        if self.astro_workspaces.len() == before {
            return false;
        }
        self.api_tokens
            .retain(|t| !(t.scope == "WORKSPACE" && t.roles.iter().any(|r| r.entity_id == id)));
        for t in &mut self.api_tokens {
            t.roles
                .retain(|r| !(r.entity_type == "WORKSPACE" && r.entity_id == id));
        }
        for u in &mut self.astro_users {
            u.workspace_roles.retain(|r| r.workspace_id != id);
        }
        for t in &mut self.astro_teams {
            t.workspace_roles.retain(|r| r.workspace_id != id);
        }
        true
    }
}
