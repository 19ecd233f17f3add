//! The platform version (Houston's `appConfig`). Unlike the Go CLI, which asks for it on every
//! start, it is asked for only when a command needs it (docs/compatibility.md#no-startup-requests).

use serde::Deserialize;
use serde_json::Value;

use super::workspaces::null_as_empty;
use super::{Houston, Operation};
use crate::api::Retry;
use crate::error::Result;

const APP_CONFIG: Operation = Operation {
    text: include_str!("app_config.graphql"),
    field: "appConfig",
    retry: Retry::IdempotentRead,
};

#[derive(Debug, Default, Deserialize)]
pub(in crate::api) struct AppConfig {
    #[serde(default, deserialize_with = "null_as_empty")]
    version: String,
}

impl Houston {
    /// Houston's version, e.g. `0.35.2`; empty when it does not say.
    pub async fn houston_version(&self) -> Result<String> {
        let config: Option<AppConfig> = self.execute_as(&APP_CONFIG, Value::Null).await?;
        Ok(config.unwrap_or_default().version)
    }
}

/// `(major, minor, patch)` of a version such as `0.30.0`, `v0.30`, `0.30.0-rc.1` or
/// `1.0.0+build`; `None` when it is not one (the rules of Go's `x/mod/semver`, which the Go CLI
/// compares versions with).
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let text = text.trim();
    let text = text.strip_prefix('v').unwrap_or(text);
    let core = text.split(['-', '+']).next()?;
    let mut parts = core.split('.');
    let mut next = |required: bool| -> Option<u64> {
        match parts.next() {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok(),
            None if !required => Some(0),
            _ => None,
        }
    };
    let version = (next(true)?, next(false)?, next(false)?);
    parts.next().is_none().then_some(version)
}

/// Whether `version` is at least `minimum`; `None` when `version` is unknown or not a version
/// (which callers treat as new enough, as the Go CLI does:
/// docs/compatibility.md#apc-version-gates).
pub fn at_least(version: &str, minimum: (u64, u64, u64)) -> Option<bool> {
    parse_version(version).map(|v| v >= minimum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_like_go_semver() {
        assert_eq!(parse_version("0.27.0"), Some((0, 27, 0)));
        assert_eq!(parse_version("v0.30"), Some((0, 30, 0)));
        assert_eq!(parse_version("0.30.0-rc.1"), Some((0, 30, 0)));
        assert_eq!(parse_version("1.0.0+abc"), Some((1, 0, 0)));
        assert_eq!(parse_version(""), None);
        assert_eq!(parse_version("latest"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
        assert_eq!(at_least("0.27.9", (0, 28, 0)), Some(false));
        assert_eq!(at_least("0.28.0", (0, 28, 0)), Some(true));
        assert_eq!(at_least("nonsense", (0, 28, 0)), None);
    }
}
