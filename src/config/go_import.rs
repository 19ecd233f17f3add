//! Coming from the Go CLI: `<home>/.astro/config.yaml` → config.toml (`astro config import`,
//! and once, automatically, when config.toml does not exist yet). The YAML file is only read.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::*;
use crate::error::{Error, Result};

/// What was read from a Go CLI config.yaml.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct GoConfig {
    /// The top-level `context`.
    pub current: Option<String>,
    /// `(key, fields)` of each context, fields as strings, in file order.
    pub contexts: Vec<(String, toml::Table)>,
    /// The settings we know, converted to their TOML types.
    pub settings: Vec<(&'static str, toml::Value)>,
    /// Things left out, said on stderr.
    pub warnings: Vec<String>,
    /// `(key, domain)` of each context with no token in config.yaml or credentials.json: the
    /// Go CLI may keep it in its keychain entry, which only `astro config import` reads.
    pub tokenless: Vec<(String, String)>,
}

/// What merging a Go config into config.toml did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportReport {
    /// Domains of the contexts written.
    pub imported: Vec<String>,
    /// Domains of contexts left alone because config.toml has them already.
    pub kept: Vec<String>,
    pub settings: Vec<&'static str>,
    /// The current context, when it was set from the YAML file.
    pub current: Option<String>,
    /// Whole lines for stderr (the note of a token kept in the file because no store answered).
    pub notes: Vec<String>,
    /// Domains of kept contexts without a token that took it from the Go CLI's keychain entry
    /// (as the first-run import's warning suggests).
    pub tokens: Vec<String>,
}

impl ImportReport {
    pub fn is_empty(&self) -> bool {
        self.imported.is_empty() && self.settings.is_empty() && self.current.is_none()
    }
}

/// `<home>/.astro/config.yaml`, beside config.toml.
pub fn go_config_path(config_path: &Path) -> PathBuf {
    config_path.with_file_name("config.yaml")
}

/// Reads a Go CLI config.yaml. Only the parts `astro` uses are taken: `context`, every
/// `contexts.*` entry with all its fields, the settings `astro config` knows, and `local.platform`
/// (which says whether `localhost` contexts are Astro or Private Cloud).
pub fn read_go_config(path: &Path) -> Result<GoConfig> {
    use yaml_rust2::Yaml;
    let text = fs::read_to_string(path).map_err(|e| Error::CorruptConfig {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    // Scrubbed of the file's secrets (docs/reliability.md#config-errors).
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).map_err(|e| Error::CorruptConfig {
        path: path.to_path_buf(),
        message: super::redact::yaml_error(&text, &e.to_string()),
    })?;
    let mut go = GoConfig::default();
    let root = match docs.into_iter().next() {
        None | Some(Yaml::Null) => return Ok(go),
        Some(Yaml::Hash(h)) => h,
        Some(_) => {
            return Err(Error::CorruptConfig {
                path: path.to_path_buf(),
                message: "the top level is not a mapping".into(),
            });
        }
    };
    // viper matches keys case-insensitively and writes them lower-cased.
    let get = |hash: &yaml_rust2::yaml::Hash, name: &str| -> Option<Yaml> {
        hash.iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
            .map(|(_, v)| v.clone())
    };
    let scalar = |value: &Yaml| -> Option<String> {
        match value {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(n) => Some(n.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            Yaml::Null => Some(String::new()),
            _ => None,
        }
    };
    let lookup = |dotted: &str| -> Option<Yaml> {
        let mut parts = dotted.split('.');
        let mut current = get(&root, parts.next()?)?;
        for part in parts {
            current = match current {
                Yaml::Hash(h) => get(&h, part)?,
                _ => return None,
            };
        }
        Some(current)
    };

    go.current = lookup("context")
        .and_then(|v| scalar(&v))
        .filter(|d| !d.is_empty());
    let local_platform = lookup("local.platform")
        .and_then(|v| scalar(&v))
        .unwrap_or_else(|| "cloud".into());

    if let Some(Yaml::Hash(contexts)) = lookup("contexts") {
        for (key, value) in contexts {
            let Some(key) = scalar(&key).filter(|k| !k.is_empty()) else {
                continue;
            };
            let Yaml::Hash(fields) = value else {
                go.warnings
                    .push(format!("contexts.{key} is not a mapping: left out"));
                continue;
            };
            let mut table = toml::Table::new();
            for (name, value) in fields {
                let Some(name) = scalar(&name) else { continue };
                match scalar(&value) {
                    Some(text) => {
                        table.insert(name.to_ascii_lowercase(), toml::Value::String(text));
                    }
                    None => go.warnings.push(format!(
                        "contexts.{key}.{name} is not a plain value: left out"
                    )),
                }
            }
            let domain = table
                .get("domain")
                .and_then(toml::Value::as_str)
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| key.replace('_', "."));
            table.insert("domain".into(), toml::Value::String(domain.clone()));
            // The Go CLI treats any domain containing "localhost" as Astro unless
            // local.platform says otherwise; keep that meaning explicitly.
            if domain.contains("localhost") && !table.contains_key("platform") {
                let platform = if local_platform == "cloud" {
                    "astro"
                } else {
                    "apc"
                };
                table.insert("platform".into(), toml::Value::String(platform.into()));
            }
            go.contexts.push((context_key(&domain), table));
        }
    }

    take_go_credentials(&mut go, &path.with_file_name("credentials.json"));

    for (key, _, _) in SETTINGS {
        let Some(value) = lookup(key) else { continue };
        let Some(text) = scalar(&value).filter(|t| !t.is_empty()) else {
            continue;
        };
        match parse_setting(key, &text) {
            Ok(parsed) => go.settings.push((key, parsed)),
            Err(e) => go.warnings.push(format!("{e}: left out")),
        }
    }
    Ok(go)
}

/// One entry of the Go CLI's `credentials.json`, keyed by domain: where its newer releases keep
/// a context's secrets when no system keychain answers (0600, beside config.yaml).
#[derive(Debug, Default, serde::Deserialize)]
struct GoCredentials {
    #[serde(default)]
    token: String,
    #[serde(default)]
    refreshtoken: String,
    #[serde(default)]
    user_email: String,
    #[serde(default)]
    expires_at: String,
}

/// Newer Go CLI releases move a context's token out of config.yaml, into the system keychain or
/// `credentials.json`. A context without a token takes it from that file; one found in neither is
/// listed in `tokenless`, for `astro config import` to look up in the keychain, and is never
/// left as a context that fails later with an empty token and no word why
/// (docs/reliability.md#where-secrets-live).
fn take_go_credentials(go: &mut GoConfig, path: &Path) {
    let credentials: std::collections::BTreeMap<String, GoCredentials> =
        match fs::read_to_string(path) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(map) => map,
                Err(e) => {
                    // serde_json's message names a line and column, never the value.
                    go.warnings.push(format!(
                        "{} could not be read: {e}: its tokens are left out",
                        path.display()
                    ));
                    Default::default()
                }
            },
            Err(_) => Default::default(),
        };
    for (key, table) in &mut go.contexts {
        let has = |table: &toml::Table, name: &str| {
            table
                .get(name)
                .and_then(toml::Value::as_str)
                .is_some_and(|v| !v.trim().is_empty())
        };
        if has(table, "token") {
            continue;
        }
        let domain = table
            .get("domain")
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(found) = credentials.get(&domain).filter(|c| !c.token.is_empty()) else {
            go.tokenless.push((key.clone(), domain));
            continue;
        };
        put_go_credentials(table, found);
    }
}

/// The fields of a Go CLI credentials entry the context does not have yet.
fn put_go_credentials(table: &mut toml::Table, found: &GoCredentials) {
    let mut put = |name: &str, value: &str| {
        let has = table
            .get(name)
            .and_then(toml::Value::as_str)
            .is_some_and(|v| !v.trim().is_empty());
        if !value.is_empty() && !has {
            table.insert(name.into(), toml::Value::String(value.to_string()));
        }
    };
    put("token", &found.token);
    put("refreshtoken", &found.refreshtoken);
    put("user_email", &found.user_email);
    // Go's zero time means no expiry.
    if !found.expires_at.starts_with("0001-") {
        put("expiresin", &found.expires_at);
    }
}

/// Whether a context in config.toml has a token, or points to the store for it.
fn has_secret(table: &toml::Table) -> bool {
    let has = |name: &str| {
        table
            .get(name)
            .and_then(toml::Value::as_str)
            .is_some_and(|v| !v.trim().is_empty())
    };
    has("token") || has(TOKEN_STORE_KEY)
}

/// The first-run import never reads a keychain (on macOS that could raise a permission dialog
/// at a moment nobody expects): its tokenless contexts are imported with this warning.
fn tokenless_first_run_warning(key: &str, domain: &str) -> String {
    format!(
        "contexts.{key} has no token in config.yaml or credentials.json: imported without one; if the Go CLI keeps it in the system keychain, run astro config import to read it from there, or astro login {domain}"
    )
}

/// `astro config import`: a tokenless context's token from the Go CLI's keychain entry
/// (service `astro-cli`, account the domain, the same JSON document as a `credentials.json`
/// entry, or the bare token), kept as a login keeps it. Anything else leaves the context
/// without a token and returns the warning that says it needs a login.
fn take_go_keychain_token(
    table: &mut toml::Table,
    key: &str,
    domain: &str,
    store: &Store,
    notes: &mut Vec<String>,
) -> Option<String> {
    let name = store.name();
    let needs_login = |why: String| {
        Some(format!(
            "contexts.{key} has no token in config.yaml or credentials.json, {why}: imported without one; run astro login {domain}"
        ))
    };
    let text = match store.get_other(GO_SERVICE, domain) {
        Ok(Some(text)) => text,
        Ok(None) => {
            return needs_login(format!(
                "nor in the Go CLI's keychain entry ({GO_SERVICE} in {name})"
            ));
        }
        Err(e) => {
            return needs_login(format!(
                "and the Go CLI's keychain entry could not be read ({name} {})",
                e.describe()
            ));
        }
    };
    let found = match serde_json::from_str::<GoCredentials>(&text) {
        Ok(found) => found,
        // Not a JSON document: a bare token, unless it looks like a document gone wrong.
        Err(_) if !text.trim_start().starts_with('{') => GoCredentials {
            token: text.trim().to_string(),
            ..Default::default()
        },
        Err(_) => GoCredentials::default(),
    };
    if found.token.trim().is_empty() {
        return needs_login(format!(
            "and the Go CLI's keychain entry ({GO_SERVICE} in {name}) holds none"
        ));
    }
    put_go_credentials(table, &found);
    let secret = Secret {
        token: found.token.clone(),
        refreshtoken: found.refreshtoken.clone(),
    };
    match store.keep_in(table, domain, &secret) {
        Ok(Kept::FileFallback(why)) => {
            let note = store.fallback_note(&why);
            if !notes.contains(&note) {
                notes.push(note);
            }
            None
        }
        Ok(_) => None,
        Err(e) => {
            table.remove("token");
            table.remove("refreshtoken");
            needs_login(format!(
                "and the token read from the Go CLI's keychain entry could not be kept ({name} {})",
                e.describe()
            ))
        }
    }
}

/// Merges `go` into a config.toml document. Existing contexts, settings and the current
/// context are kept unless `force`.
pub fn merge_go_config(doc: &mut toml::Table, go: &GoConfig, force: bool) -> ImportReport {
    let mut report = ImportReport::default();
    for (key, fields) in &go.contexts {
        let domain = fields
            .get("domain")
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_string();
        let contexts = table_entry(doc, "contexts");
        if contexts.contains_key(key) && !force {
            report.kept.push(domain);
            continue;
        }
        contexts.insert(key.clone(), toml::Value::Table(fields.clone()));
        report.imported.push(domain);
    }
    for (key, value) in &go.settings {
        let (table, leaf) = setting_path(key);
        let target = match table {
            Some(t) => table_entry(doc, t),
            None => &mut *doc,
        };
        if target.contains_key(leaf) && !force {
            continue;
        }
        target.insert(leaf.to_string(), value.clone());
        report.settings.push(key);
    }
    if let Some(current) = &go.current {
        let has_current = doc
            .get("context")
            .and_then(toml::Value::as_str)
            .is_some_and(|c| !c.is_empty());
        if !has_current || force {
            doc.insert("context".into(), toml::Value::String(current.clone()));
            report.current = Some(current.clone());
        }
    }
    report
}

impl Config {
    /// Reads config.toml; when it does not exist but the Go CLI's config.yaml does, takes the
    /// contexts and settings from the YAML file and writes them as config.toml, saying so on
    /// `notes`. The YAML file is parsed only in that case, so start-up stays cheap.
    pub fn load_or_import(path: PathBuf, notes: &mut dyn Write) -> Result<Config> {
        let yaml = go_config_path(&path);
        if path.exists() || !yaml.exists() {
            return Config::load(path);
        }
        let go = match read_go_config(&yaml) {
            Ok(go) => go,
            Err(e) => {
                let _ = writeln!(notes, "Warning: could not import the Go CLI config: {e}");
                return Config::load(path);
            }
        };
        let tokenless = go
            .tokenless
            .iter()
            .map(|(key, domain)| tokenless_first_run_warning(key, domain));
        for warning in go.warnings.iter().cloned().chain(tokenless) {
            let _ = writeln!(notes, "Warning: {}: {warning}", yaml.display());
        }
        let mut config = Config {
            path,
            doc: toml::Table::new(),
        };
        let mut report = ImportReport::default();
        let written = config.edit(|doc| report = merge_go_config(doc, &go, false));
        match written {
            Ok(()) => {
                let _ = writeln!(
                    notes,
                    "Imported {} from {} into {} ({} is left unchanged; run astro config import to import it again)",
                    describe_import(&report),
                    yaml.display(),
                    config.path.display(),
                    yaml.file_name().unwrap_or_default().to_string_lossy(),
                );
            }
            Err(e) => {
                // Use what was read for this run; the next run tries again.
                let _ = writeln!(notes, "Warning: could not write the imported config: {e}");
                merge_go_config(&mut config.doc, &go, false);
            }
        }
        Ok(config)
    }

    /// `astro config import`: merges the Go CLI's config.yaml into config.toml; an imported
    /// context with no token in config.yaml or credentials.json takes it from the Go CLI's
    /// keychain entry in `store`, under the config lock, as a login writes it.
    pub fn import_go_config(
        &mut self,
        force: bool,
        store: &Store,
    ) -> Result<(GoConfig, ImportReport)> {
        let yaml = go_config_path(&self.path);
        if !yaml.exists() {
            return Err(Error::msg(format!(
                "no Go CLI config at {}: nothing to import",
                yaml.display()
            )));
        }
        let mut go = read_go_config(&yaml)?;
        let mut report = ImportReport::default();
        let mut warnings = Vec::new();
        self.edit(|doc| {
            report = merge_go_config(doc, &go, force);
            for (key, domain) in &go.tokenless {
                let table = table_entry(table_entry(doc, "contexts"), key);
                // A kept context is completed only when it has no token of its own either
                // (the first-run import left it so).
                let kept = !report.imported.contains(domain);
                if kept && has_secret(table) {
                    continue;
                }
                match take_go_keychain_token(table, key, domain, store, &mut report.notes) {
                    Some(warning) => warnings.push(warning),
                    None if kept => report.tokens.push(domain.clone()),
                    None => {}
                }
            }
        })?;
        go.warnings.extend(warnings);
        Ok((go, report))
    }
}

/// "2 contexts and 3 settings", for the one-time import note.
pub fn describe_import(report: &ImportReport) -> String {
    let plural = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    format!(
        "{} and {}",
        plural(report.imported.len(), "context"),
        plural(report.settings.len(), "setting")
    )
}
