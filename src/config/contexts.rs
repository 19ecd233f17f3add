//! Contexts: the current one (`ASTRO_DOMAIN` or the top-level `context`), looking one up by
//! domain, listing, switching, deleting, and what a login writes. A context lives under
//! `[contexts.<key>]`, the key being its domain with "." and ":" replaced by "_".

use super::*;
use crate::error::{Error, Result};

/// `contexts` key for a domain: "." and ":" become "_", as the Go CLI keys them.
pub fn context_key(domain: &str) -> String {
    domain.replace(['.', ':'], "_")
}

impl Config {
    /// The current domain: `ASTRO_DOMAIN` when non-empty, else the top-level `context`.
    pub fn current_domain(&self, domain_override: Option<&str>) -> Option<String> {
        match domain_override {
            Some(d) if !d.is_empty() => Some(d.to_string()),
            _ => self
                .doc
                .get("context")
                .and_then(toml::Value::as_str)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
        }
    }

    /// The current context, or the Go CLI's two errors (no context set; a current domain
    /// without a context).
    pub fn current_context(&self, domain_override: Option<&str>) -> Result<Context> {
        let domain = self
            .current_domain(domain_override)
            .ok_or(Error::NoContext)?;
        match self.context(&domain) {
            Some(context) => Ok(context),
            // ASTRO_DOMAIN chose a domain with no context: say so, or the user looks for the
            // problem in a config file that is fine.
            None if domain_override.is_some_and(|d| !d.is_empty()) => {
                Err(Error::NotConnectedDomain(domain))
            }
            None => Err(Error::NotConnected),
        }
    }

    /// The context stored for `domain`, if any.
    pub fn context(&self, domain: &str) -> Option<Context> {
        let table = self
            .doc
            .get("contexts")?
            .as_table()?
            .get(&context_key(domain))?
            .as_table()?;
        let text = |key: &str| {
            table
                .get(key)
                .and_then(toml::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let platform = match text("platform").to_ascii_lowercase().as_str() {
            "astro" => Some(Platform::Astro),
            "apc" => Some(Platform::Apc),
            _ => None,
        };
        let stored_domain = text("domain");
        Some(Context {
            domain: if stored_domain.is_empty() {
                domain.to_string()
            } else {
                stored_domain
            },
            platform,
            organization: text("organization"),
            organization_product: text("organization_product"),
            workspace: text("workspace"),
            last_used_workspace: text("last_used_workspace"),
            token: text("token"),
            refreshtoken: text("refreshtoken"),
            user_email: text("user_email"),
            expiresin: text("expiresin"),
            token_store: text(super::TOKEN_STORE_KEY),
        })
    }

    /// Which command tree this process shows: the current context's platform; Astro when there
    /// is no usable context, as the Go CLI decides it.
    pub fn tree_platform(&self, domain_override: Option<&str>) -> Platform {
        self.current_context(domain_override)
            .map(|c| c.platform())
            .unwrap_or(Platform::Astro)
    }

    /// Sets string fields of the context for `domain` (creating it if needed) and saves.
    pub fn set_context_fields(&mut self, domain: &str, fields: &[(&str, &str)]) -> Result<()> {
        let key = context_key(domain);
        let domain = domain.to_string();
        let fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.edit(move |doc| {
            let contexts = table_entry(doc, "contexts");
            let context = table_entry(contexts, &key);
            if !context.contains_key("domain") {
                context.insert("domain".into(), toml::Value::String(domain));
            }
            for (k, v) in fields {
                context.insert(k, toml::Value::String(v));
            }
        })
    }

    /// Every stored context, ordered by key. A context without `domain` takes it from its key,
    /// as the Go CLI's `context list` does.
    pub fn contexts(&self) -> Vec<Context> {
        let Some(contexts) = self.doc.get("contexts").and_then(toml::Value::as_table) else {
            return Vec::new();
        };
        contexts
            .iter()
            .filter(|(_, v)| v.is_table())
            .filter_map(|(key, value)| {
                let stored = value
                    .get("domain")
                    .and_then(toml::Value::as_str)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .unwrap_or_else(|| key.replace('_', "."));
                // `context()` looks the domain up by its key; a domain whose key differs from
                // the stored key (hand-edited files) is read through the stored key instead.
                if context_key(&stored) == *key {
                    self.context(&stored)
                } else {
                    self.context_by_key(key, &stored)
                }
            })
            .collect()
    }

    fn context_by_key(&self, key: &str, domain: &str) -> Option<Context> {
        let mut shadow = Config {
            path: self.path.clone(),
            doc: toml::Table::new(),
        };
        let table = self.doc.get("contexts")?.as_table()?.get(key)?.clone();
        let mut contexts = toml::Table::new();
        contexts.insert(context_key(domain), table);
        shadow
            .doc
            .insert("contexts".into(), toml::Value::Table(contexts));
        shadow.context(domain)
    }

    /// The top-level `context` (not `ASTRO_DOMAIN`), empty when unset.
    pub fn stored_current_domain(&self) -> String {
        self.current_domain(None).unwrap_or_default()
    }

    /// Makes `domain` the current context (`context = "<domain>"`).
    pub fn set_current_context(&mut self, domain: &str) -> Result<()> {
        let domain = domain.to_string();
        self.edit(move |doc| {
            doc.insert("context".into(), toml::Value::String(domain));
        })
    }

    /// Clears the current context (`context = ""`), as logout does.
    pub fn reset_current_context(&mut self) -> Result<()> {
        self.edit(|doc| {
            doc.insert("context".into(), toml::Value::String(String::new()));
        })
    }

    /// Removes the context for `domain`; returns whether there was one. Clears `context` too
    /// when it named that domain.
    pub fn delete_context(&mut self, domain: &str) -> Result<bool> {
        let key = context_key(domain);
        let domain = domain.to_string();
        let mut existed = false;
        self.edit(|doc| {
            if let Some(contexts) = doc.get_mut("contexts").and_then(toml::Value::as_table_mut) {
                existed = contexts.remove(&key).is_some();
            }
            if doc.get("context").and_then(toml::Value::as_str) == Some(domain.as_str()) {
                doc.insert("context".into(), toml::Value::String(String::new()));
            }
        })?;
        Ok(existed)
    }
}

pub(super) fn table_entry<'a>(table: &'a mut toml::Table, key: &str) -> &'a mut toml::Table {
    let value = table
        .entry(key.to_string())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if !value.is_table() {
        *value = toml::Value::Table(toml::Table::new());
    }
    match value {
        toml::Value::Table(t) => t,
        _ => unreachable!("replaced by a table just above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keys_replace_dots_and_colons() {
        assert_eq!(context_key("astronomer.io"), "astronomer_io");
        assert_eq!(context_key("127.0.0.1:8080"), "127_0_0_1_8080");
        assert_eq!(context_key("localhost"), "localhost");
    }

    #[test]
    fn current_context_errors_match_the_go_texts() {
        let empty = Config::from_str("c.toml".into(), "").unwrap();
        assert!(matches!(empty.current_context(None), Err(Error::NoContext)));
        let dangling = Config::from_str("c.toml".into(), "context = \"example.com\"").unwrap();
        assert!(matches!(
            dangling.current_context(None),
            Err(Error::NotConnected)
        ));
        assert_eq!(empty.tree_platform(None), Platform::Astro);
        let err = empty
            .current_context(Some("nosuch.example.com"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "not connected, have you authenticated to Astro? ASTRO_DOMAIN=nosuch.example.com names a domain with no context: run astro login nosuch.example.com, or unset ASTRO_DOMAIN (astro context list shows the contexts)"
        );
    }

    #[test]
    fn domain_override_and_platform_field() {
        let text = r#"
context = "astronomer.io"
[contexts.astronomer_io]
domain = "astronomer.io"
workspace = "ws1"
[contexts.example_com]
domain = "example.com"
[contexts."127_0_0_1_80"]
domain = "127.0.0.1:80"
platform = "apc"
"#;
        let config = Config::from_str("c.toml".into(), text).unwrap();
        let current = config.current_context(None).unwrap();
        assert_eq!(current.workspace, "ws1");
        assert_eq!(current.platform(), Platform::Astro);
        let apc = config.current_context(Some("example.com")).unwrap();
        assert_eq!(apc.platform(), Platform::Apc);
        let loopback_apc = config.current_context(Some("127.0.0.1:80")).unwrap();
        assert_eq!(loopback_apc.platform(), Platform::Apc);
        assert_eq!(
            config.current_domain(Some("")),
            Some("astronomer.io".into())
        );
    }
}
