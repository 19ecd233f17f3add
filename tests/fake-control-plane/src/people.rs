//! Astro users and teams (reference astro-go-cli.md §6 User, Team) and the JSON of workspaces.

use crate::state::Workspace;
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
    /// The §6 Workspace JSON.
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
