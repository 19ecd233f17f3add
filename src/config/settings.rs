//! The settings outside the contexts: their typed view (`Settings`, from `Config::settings`) and,
//! by name, for `astro config get|set`: the keys of README "Configuration", their kinds and
//! defaults.

use std::time::Duration;

use super::*;
use crate::error::{Error, Result};

/// What a setting holds, and so which values `config set` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SettingKind {
    /// Whole seconds above 0.
    Seconds,
    Bool,
    /// A whole number above 0.
    Count,
}

/// The settings `astro config` knows, with their defaults.
pub(super) const SETTINGS: [(&str, SettingKind, &str); 5] = [
    ("houston.dial_timeout", SettingKind::Seconds, "10"),
    ("houston.skip_verify_tls", SettingKind::Bool, "false"),
    ("http.timeout_seconds", SettingKind::Seconds, "60"),
    ("interactive", SettingKind::Bool, "false"),
    ("page_size", SettingKind::Count, "20"),
];

/// The keys `astro config get|set` take, for completion.
pub fn setting_keys() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().map(|(key, _, _)| *key)
}

fn setting_spec(key: &str) -> Result<(SettingKind, &'static str)> {
    SETTINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, kind, default)| (*kind, *default))
        // The Go CLI's text for an unknown `astro config get|set` key, then the keys there are.
        .ok_or_else(|| {
            let keys: Vec<&str> = SETTINGS.iter().map(|(k, _, _)| *k).collect();
            Error::msg(format!(
                "config does not exist, check your config key: {key:?} is not one of {}",
                keys.join(", ")
            ))
        })
}

/// Parses a `config set` value into the TOML value stored for `key`.
pub fn parse_setting(key: &str, value: &str) -> Result<toml::Value> {
    let (kind, _) = setting_spec(key)?;
    let text = value.trim();
    let parsed = match kind {
        // What the Go CLI reads as a boolean (Go's strconv.ParseBool), in any case. `yes`, `on`
        // and the like are refused: Go stores them and then reads them as false
        // (docs/compatibility.md#config-booleans).
        SettingKind::Bool => match text.to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Some(toml::Value::Boolean(true)),
            "false" | "f" | "0" => Some(toml::Value::Boolean(false)),
            _ => None,
        },
        SettingKind::Seconds | SettingKind::Count => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0 && *n <= u32::MAX as i64)
            .map(toml::Value::Integer),
    };
    parsed.ok_or_else(|| {
        let expected = match kind {
            SettingKind::Bool => "true or false (valid values: true, false, t, f, 1, 0)",
            SettingKind::Seconds => "a whole number of seconds above 0",
            SettingKind::Count => "a whole number above 0",
        };
        Error::msg(format!(
            "invalid value for {key}: {value:?} is not {expected}"
        ))
    })
}

/// The names of the settings `astro config get|set` know, in the order `config get` lists them.
pub fn setting_names() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().map(|(key, _, _)| *key)
}

/// Splits `houston.dial_timeout` into its table and leaf names.
pub(super) fn setting_path(key: &str) -> (Option<&str>, &str) {
    match key.split_once('.') {
        Some((table, leaf)) => (Some(table), leaf),
        None => (None, key),
    }
}

impl Config {
    /// The value of a setting as text: the stored one, else the default.
    pub fn setting_text(&self, key: &str) -> Result<String> {
        let (_, default) = setting_spec(key)?;
        let (table, leaf) = setting_path(key);
        let stored = match table {
            Some(t) => self
                .doc
                .get(t)
                .and_then(toml::Value::as_table)
                .and_then(|t| t.get(leaf)),
            None => self.doc.get(leaf),
        };
        Ok(match stored {
            None => default.to_string(),
            Some(toml::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        })
    }

    /// Validates and stores a setting (atomically, like every write).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let parsed = parse_setting(key, value)?;
        let (table, leaf) = setting_path(key);
        let (table, leaf) = (table.map(str::to_string), leaf.to_string());
        self.edit(move |doc| match table {
            Some(t) => {
                table_entry(doc, &t).insert(leaf, parsed);
            }
            None => {
                doc.insert(leaf, parsed);
            }
        })
    }
}

/// Settings outside the contexts, with their defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Connect + TLS handshake timeout (`houston.dial_timeout`).
    pub dial_timeout: Duration,
    pub skip_verify_tls: bool,
    /// Whole-request timeout (`http.timeout_seconds`).
    pub request_timeout: Duration,
    pub interactive: bool,
    pub page_size: u32,
}

impl Config {
    pub fn settings(&self) -> Result<Settings> {
        let seconds = |value: Option<&toml::Value>, key: &str, default: u64| -> Result<Duration> {
            match value {
                None => Ok(Duration::from_secs(default)),
                Some(toml::Value::Integer(n)) if *n > 0 => Ok(Duration::from_secs(*n as u64)),
                Some(_) => Err(self.bad_setting(key, "a whole number of seconds above 0")),
            }
        };
        let houston = self.doc.get("houston").and_then(toml::Value::as_table);
        let http = self.doc.get("http").and_then(toml::Value::as_table);
        let skip_verify_tls = match houston.and_then(|h| h.get("skip_verify_tls")) {
            None => false,
            Some(toml::Value::Boolean(b)) => *b,
            Some(_) => return Err(self.bad_setting("houston.skip_verify_tls", "true or false")),
        };
        let interactive = match self.doc.get("interactive") {
            None => false,
            Some(toml::Value::Boolean(b)) => *b,
            Some(_) => return Err(self.bad_setting("interactive", "true or false")),
        };
        let page_size = match self.doc.get("page_size") {
            None => 20,
            Some(toml::Value::Integer(n)) if *n > 0 && *n <= u32::MAX as i64 => *n as u32,
            Some(_) => return Err(self.bad_setting("page_size", "a whole number above 0")),
        };
        Ok(Settings {
            dial_timeout: seconds(
                houston.and_then(|h| h.get("dial_timeout")),
                "houston.dial_timeout",
                10,
            )?,
            skip_verify_tls,
            request_timeout: seconds(
                http.and_then(|h| h.get("timeout_seconds")),
                "http.timeout_seconds",
                60,
            )?,
            interactive,
            page_size,
        })
    }

    fn bad_setting(&self, key: &str, expected: &str) -> Error {
        Error::CorruptConfig {
            path: self.path.clone(),
            message: format!("{key} must be {expected}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_defaults_and_bad_values() {
        let config = Config::from_str("c.toml".into(), "").unwrap();
        let s = config.settings().unwrap();
        assert_eq!(s.dial_timeout, Duration::from_secs(10));
        assert_eq!(s.request_timeout, Duration::from_secs(60));
        assert_eq!(s.page_size, 20);
        let bad = Config::from_str("c.toml".into(), "[http]\ntimeout_seconds = \"x\"").unwrap();
        let err = bad.settings().unwrap_err().to_string();
        assert!(err.contains("http.timeout_seconds"), "{err}");
    }
}
