//! The completion cache: workspace and token names and IDs seen by the last list commands, so
//! that shell completion can offer them without a request (a Tab never waits on the network).
//!
//! It lives beside the config as `completion-cache.json`, mode 0600, and holds nothing secret:
//! names and IDs only, never a token's value. Writing it is best effort (a list command never
//! fails because the cache could not be written), and a missing or unreadable cache is empty.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One thing a completer can offer: its ID and its name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
}

impl Entry {
    fn make_safe(&mut self) {
        for text in [&mut self.id, &mut self.name] {
            if let std::borrow::Cow::Owned(shown) = crate::output::safe(text) {
                *text = shown;
            }
        }
    }
}

/// What was last listed under one context (keyed by its domain).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextCache {
    #[serde(default)]
    pub workspaces: Vec<Entry>,
    /// Tokens by the ID of the workspace they were listed in.
    #[serde(default)]
    pub tokens: BTreeMap<String, Vec<Entry>>,
    /// Organization tokens with a role in a workspace (`organization-token list`), by workspace ID.
    #[serde(default)]
    pub org_tokens: BTreeMap<String, Vec<Entry>>,
    /// Private Cloud service accounts (ID and label) by workspace ID (`service-account get`).
    #[serde(default)]
    pub service_accounts: BTreeMap<String, Vec<Entry>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionCache {
    #[serde(default)]
    pub contexts: BTreeMap<String, ContextCache>,
}

/// Far more than a person scrolls through at a Tab; it keeps the file small for huge workspaces.
const MAX_ENTRIES: usize = 2000;

impl CompletionCache {
    /// `completion-cache.json` beside `config_path`.
    pub fn path_beside(config_path: &Path) -> PathBuf {
        config_path.with_file_name("completion-cache.json")
    }

    /// The cache as a completer shows it: every name and ID made safe to show, since they came
    /// from a server and a shell prints candidates (and their descriptions) raw
    /// (docs/reliability.md#server-text).
    pub fn load(path: &Path) -> CompletionCache {
        let mut cache = Self::load_exact(path);
        for context in cache.contexts.values_mut() {
            let by_workspace = context
                .tokens
                .values_mut()
                .chain(context.org_tokens.values_mut())
                .chain(context.service_accounts.values_mut())
                .flatten();
            for entry in context.workspaces.iter_mut().chain(by_workspace) {
                entry.make_safe();
            }
        }
        cache
    }

    /// The cache as it was written, for updating it and for JSON.
    pub fn load_exact(path: &Path) -> CompletionCache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            super::create_private_dir(dir)?;
        }
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        super::write_atomically(path, &bytes)
    }

    /// Replaces the workspaces listed under `domain`.
    pub fn record_workspaces(config_path: &Path, domain: &str, workspaces: Vec<Entry>) {
        Self::update(config_path, |cache| {
            cache
                .contexts
                .entry(domain.to_string())
                .or_default()
                .workspaces = truncated(workspaces);
        });
    }

    /// Replaces the tokens listed in `workspace` under `domain`.
    pub fn record_tokens(config_path: &Path, domain: &str, workspace: &str, tokens: Vec<Entry>) {
        Self::update(config_path, |cache| {
            cache
                .contexts
                .entry(domain.to_string())
                .or_default()
                .tokens
                .insert(workspace.to_string(), truncated(tokens));
        });
    }

    /// Replaces the Organization tokens listed in `workspace` under `domain`.
    pub fn record_org_tokens(
        config_path: &Path,
        domain: &str,
        workspace: &str,
        tokens: Vec<Entry>,
    ) {
        Self::update(config_path, |cache| {
            cache
                .contexts
                .entry(domain.to_string())
                .or_default()
                .org_tokens
                .insert(workspace.to_string(), truncated(tokens));
        });
    }

    /// Replaces the service accounts listed in `workspace` under `domain`.
    pub fn record_service_accounts(
        config_path: &Path,
        domain: &str,
        workspace: &str,
        accounts: Vec<Entry>,
    ) {
        Self::update(config_path, |cache| {
            cache
                .contexts
                .entry(domain.to_string())
                .or_default()
                .service_accounts
                .insert(workspace.to_string(), truncated(accounts));
        });
    }

    fn update(config_path: &Path, change: impl FnOnce(&mut CompletionCache)) {
        let path = Self::path_beside(config_path);
        let mut cache = Self::load_exact(&path);
        let before = cache.clone();
        change(&mut cache);
        if cache != before {
            // Best effort: completion is a convenience, the list it came from already printed.
            let _ = cache.save(&path);
        }
    }
}

fn truncated(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.truncate(MAX_ENTRIES);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, name: &str) -> Entry {
        Entry {
            id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn records_survive_a_reload_and_stay_private() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join(".astro").join("config.toml");
        CompletionCache::record_workspaces(&config, "d.example", vec![entry("ws1", "Prod")]);
        CompletionCache::record_tokens(&config, "d.example", "ws1", vec![entry("t1", "ci")]);
        let path = CompletionCache::path_beside(&config);
        let cache = CompletionCache::load(&path);
        let context = &cache.contexts["d.example"];
        assert_eq!(context.workspaces, vec![entry("ws1", "Prod")]);
        assert_eq!(context.tokens["ws1"], vec![entry("t1", "ci")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn completers_get_names_and_ids_made_safe_and_updates_keep_them_exact() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join(".astro").join("config.toml");
        let hostile = entry("ws\x1b[2J", "Prod\x1b]52;c;aGk=\x07\u{202e}");
        CompletionCache::record_workspaces(&config, "d.example", vec![hostile.clone()]);
        CompletionCache::record_tokens(&config, "d.example", "ws1", vec![entry("t1", "ci\nx")]);
        let path = CompletionCache::path_beside(&config);
        let shown = CompletionCache::load(&path);
        assert_eq!(
            shown.contexts["d.example"].workspaces,
            vec![entry("ws^[[2J", "Prod^[]52;c;aGk=^G\\u{202e}")]
        );
        assert_eq!(
            shown.contexts["d.example"].tokens["ws1"],
            vec![entry("t1", "ci^Jx")]
        );
        // A later update rewrites the file from the exact text, not the shown one.
        CompletionCache::record_tokens(&config, "d.example", "ws2", vec![entry("t2", "b")]);
        let exact = CompletionCache::load_exact(&path);
        assert_eq!(exact.contexts["d.example"].workspaces, vec![hostile]);
    }

    #[test]
    fn a_corrupt_cache_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("completion-cache.json");
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(CompletionCache::load(&path), CompletionCache::default());
    }
}
