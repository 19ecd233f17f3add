//! What `astro login` asks Houston, as the Go CLI's login does: the auth configuration and a
//! token for a username and password (both without credentials). The workspaces login then
//! picks from come from `workspaces.rs`.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Houston, Operation};
use crate::api::Retry;
use crate::error::{Error, Result};

const GET_AUTH_CONFIG: Operation = Operation {
    text: include_str!("get_auth_config.graphql"),
    field: "authConfig",
    retry: Retry::IdempotentRead,
};
const CREATE_BASIC_TOKEN: Operation = Operation {
    text: include_str!("create_basic_token.graphql"),
    field: "createToken",
    retry: Retry::Never,
};
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfig {
    #[serde(default)]
    pub local_enabled: Option<bool>,
    #[serde(default)]
    pub providers: Option<Vec<AuthProvider>>,
}

impl AuthConfig {
    pub fn local_enabled(&self) -> bool {
        self.local_enabled.unwrap_or(false)
    }
    pub fn has_providers(&self) -> bool {
        self.providers.as_ref().is_some_and(|p| !p.is_empty())
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthProvider {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

impl Houston {
    /// `GetAuthConfig`, sent with `"variables": null` and no token.
    pub async fn auth_config(&self) -> Result<AuthConfig> {
        self.execute_as(&GET_AUTH_CONFIG, Value::Null)
            .await?
            .ok_or_else(|| Error::Api("the server returned no auth configuration".into()))
    }

    /// `createBasicToken`: the token value for a username and password.
    pub async fn create_token(&self, identity: &str, password: &str) -> Result<String> {
        #[derive(Deserialize)]
        struct Created {
            #[serde(default)]
            token: Option<TokenValue>,
        }
        #[derive(Deserialize)]
        struct TokenValue {
            #[serde(default)]
            value: Option<String>,
        }
        let variables = json!({ "identity": identity, "password": password });
        let created: Option<Created> = self.execute_as(&CREATE_BASIC_TOKEN, variables).await?;
        created
            .and_then(|c| c.token)
            .and_then(|t| t.value)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Error::Api("the server returned no token".into()))
    }
}
