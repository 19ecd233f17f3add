//! The config file (`<home>/.astro/config.toml`), contexts, platform detection and endpoints
//! (README "Configuration", docs/compatibility.md#toml-config). The file is kept as a `toml::Table`
//! so that keys we do not know survive a write; typed views (`Context`, `Settings`) are read from
//! it on demand.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

pub mod cache;
mod go_import;
mod settings;

pub use go_import::*;
pub use settings::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Astro (hosted): REST API.
    Astro,
    /// Astro Private Cloud: Houston GraphQL API.
    Apc,
}

/// One entry of `[contexts.<key>]`. Missing keys read as empty strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub domain: String,
    pub platform: Option<Platform>,
    pub organization: String,
    pub organization_product: String,
    pub workspace: String,
    pub last_used_workspace: String,
    pub token: String,
    pub refreshtoken: String,
    pub user_email: String,
    pub expiresin: String,
}

impl Context {
    /// The platform this context talks to: explicit, else derived from the domain.
    pub fn platform(&self) -> Platform {
        self.platform
            .unwrap_or_else(|| platform_of_domain(&self.domain))
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

pub struct Config {
    path: PathBuf,
    doc: toml::Table,
}

impl Config {
    /// `<home>/.astro/config.toml`.
    pub fn path_in(home: &Path) -> PathBuf {
        home.join(".astro").join("config.toml")
    }

    /// Reads the file; a missing file is an empty config, a corrupt one an error.
    pub fn load(path: PathBuf) -> Result<Config> {
        let doc = read_table(&path)?;
        Ok(Config { path, doc })
    }

    /// A config with nothing in it, for the commands that run without one when the file on disk
    /// cannot be read (`version`, `completion`, help). Writes still re-read the file first, so a
    /// broken file is never overwritten through this.
    pub fn empty(path: PathBuf) -> Config {
        Config {
            path,
            doc: toml::Table::new(),
        }
    }

    #[cfg(test)]
    pub fn from_str(path: PathBuf, text: &str) -> Result<Config> {
        let doc = parse_table(&path, text)?;
        Ok(Config { path, doc })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

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

    /// Applies `change` to the file as it is on disk now, under the config lock, and writes the
    /// result atomically. Re-reading under the lock means a concurrent writer's change is kept;
    /// a corrupt file is reported and left alone.
    pub fn edit(&mut self, change: impl FnOnce(&mut toml::Table)) -> Result<()> {
        let dir = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        create_private_dir(&dir).map_err(|source| Error::ConfigWrite {
            path: dir.clone(),
            source,
        })?;
        let _lock = ConfigLock::acquire(&lock_path(&self.path))?;
        let mut doc = read_table(&self.path)?;
        change(&mut doc);
        let text = toml::to_string(&doc).map_err(|e| Error::CorruptConfig {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        write_atomically(&self.path, text.as_bytes()).map_err(|source| Error::ConfigWrite {
            path: self.path.clone(),
            source,
        })?;
        self.doc = doc;
        Ok(())
    }
}

fn table_entry<'a>(table: &'a mut toml::Table, key: &str) -> &'a mut toml::Table {
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

fn read_table(path: &Path) -> Result<toml::Table> {
    match fs::read_to_string(path) {
        Ok(text) => parse_table(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(toml::Table::new()),
        Err(e) => Err(Error::CorruptConfig {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
    }
}

fn parse_table(path: &Path, text: &str) -> Result<toml::Table> {
    text.parse::<toml::Table>()
        .map_err(|e| Error::CorruptConfig {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })
}

/// `contexts` key for a domain: "." and ":" become "_", as the Go CLI keys them.
pub fn context_key(domain: &str) -> String {
    domain.replace(['.', ':'], "_")
}

/// `localhost`, `127.0.0.1` or `[::1]`, optionally with `:port`.
pub fn is_loopback(domain: &str) -> bool {
    let host = if let Some(rest) = domain.strip_prefix("[::1]") {
        return rest.is_empty() || is_port_suffix(rest);
    } else {
        match domain.rsplit_once(':') {
            Some((host, port)) if is_port_suffix(&format!(":{port}")) => host,
            _ => domain,
        }
    };
    host == "localhost" || host == "127.0.0.1"
}

fn is_port_suffix(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Astro for the Go CLI's cloud domains and loopback domains; Private Cloud otherwise.
pub fn platform_of_domain(domain: &str) -> Platform {
    if is_loopback(domain) || is_cloud_domain(domain) {
        Platform::Astro
    } else {
        Platform::Apc
    }
}

/// The Go CLI's cloud pattern:
/// `(?:https://|^)(?:(pr\d{4,6})\.|)(?:cloud\.|)astronomer(?:-(dev|stage|perf))?\.io(?:/|)$`.
fn is_cloud_domain(domain: &str) -> bool {
    let rest = domain.strip_prefix("https://").unwrap_or(domain);
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let rest = strip_pr_prefix(rest).unwrap_or(rest);
    let rest = rest.strip_prefix("cloud.").unwrap_or(rest);
    matches!(
        rest,
        "astronomer.io" | "astronomer-dev.io" | "astronomer-stage.io" | "astronomer-perf.io"
    )
}

/// `prNNNN.` (4 to 6 digits) at the start: returns what follows.
fn strip_pr_prefix(s: &str) -> Option<&str> {
    let digits_and_rest = s.strip_prefix("pr")?;
    let digits = digits_and_rest
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if !(4..=6).contains(&digits) {
        return None;
    }
    digits_and_rest[digits..].strip_prefix('.')
}

/// Astro REST base URL for a domain, as the Go CLI builds it (`https://api.<domain>/v1`; a
/// loopback domain is plain `http://<domain>/v1`: docs/compatibility.md#loopback).
pub fn astro_base_url(domain: &str) -> String {
    if is_loopback(domain) {
        return format!("http://{domain}/v1");
    }
    if let Some(rest) = strip_pr_prefix(domain)
        && rest == "astronomer-dev.io"
    {
        let pr = &domain[..domain.len() - rest.len() - 1];
        return format!("https://{pr}.api.astronomer-dev.io/v1");
    }
    let d = domain.strip_prefix("https://").unwrap_or(domain);
    let d = d.strip_prefix("cloud.").unwrap_or(d);
    let d = d.trim_end_matches('/');
    format!("https://api.{d}/v1")
}

/// Houston GraphQL URL for a domain.
pub fn houston_url(domain: &str) -> String {
    if is_loopback(domain) {
        format!("http://{domain}/v1")
    } else {
        format!("https://houston.{domain}/v1")
    }
}

fn lock_path(config: &Path) -> PathBuf {
    let mut name = config.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    config.with_file_name(name)
}

/// An exclusive advisory lock on `config.toml.lock`, released on drop.
struct ConfigLock {
    _file: fs::File,
}

impl ConfigLock {
    fn acquire(path: &Path) -> Result<ConfigLock> {
        let mut options = fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(|source| Error::ConfigWrite {
            path: path.to_path_buf(),
            source,
        })?;
        // A lock file left at 0644 by an older version is tightened too; failing to (another
        // owner) does not stop the write.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if file
                .metadata()
                .is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
            {
                let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
            }
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(ConfigLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    // Polling is how the Go CLI waits too (every 100 ms, 10 s in all).
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::ConfigLock(path.to_path_buf()));
                }
                Err(fs::TryLockError::Error(source)) => {
                    return Err(Error::ConfigWrite {
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        }
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Where a write of `path` goes: `path` itself, or, when it is a symbolic link (a dotfiles
/// repository), the file it points to, followed through chained links. Renaming over the link
/// would turn it into a plain file and leave the linked file with the old contents.
fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As many hops as Linux follows before ELOOP.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                // A relative link is relative to the folder that holds it; `join` keeps an
                // absolute one as it is.
                current = match current.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Write to a temporary file beside the file (the link's target for a symbolic link), flush it
/// to disk, then rename over it: a reader sees the old file or the new one, never half of one,
/// and a link stays a link.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = &write_target(path)?;
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

// Contexts: listing, switching, deleting (astro context …, login, logout).

impl Config {
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

impl Config {
    /// What a login writes, in one atomic edit: the context's fields (created if needed; other
    /// fields kept) and `context = <domain>`.
    pub fn save_login(&mut self, domain: &str, fields: &[(&str, &str)]) -> Result<()> {
        let key = context_key(domain);
        let domain = domain.to_string();
        let fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.edit(move |doc| {
            let context = table_entry(table_entry(doc, "contexts"), &key);
            context.insert("domain".into(), toml::Value::String(domain.clone()));
            for (k, v) in fields {
                context.insert(k, toml::Value::String(v));
            }
            doc.insert("context".into(), toml::Value::String(domain));
        })
    }
}

/// The Go CLI's `FormatDomain` for Astro logins: a domain containing `cloud` loses its first
/// `cloud.`, its `https://` and trailing `/`; an empty one is `astronomer.io`.
pub fn format_astro_domain(domain: &str) -> String {
    if domain.contains("cloud") {
        domain
            .replacen("cloud.", "", 1)
            .replacen("https://", "", 1)
            .trim_end_matches('/')
            .to_string()
    } else if domain.is_empty() {
        "astronomer.io".to_string()
    } else {
        domain.to_string()
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
    fn platform_follows_the_go_cloud_pattern() {
        for d in [
            "astronomer.io",
            "cloud.astronomer.io",
            "astronomer-dev.io",
            "astronomer-stage.io",
            "astronomer-perf.io",
            "pr1234.astronomer-dev.io",
            "pr123456.cloud.astronomer-dev.io",
            "https://cloud.astronomer.io/",
            "localhost",
            "localhost:8871",
            "127.0.0.1:5000",
            "[::1]:80",
        ] {
            assert_eq!(platform_of_domain(d), Platform::Astro, "{d}");
        }
        for d in [
            "mycompany.astronomer.io",
            "astro.example.com",
            "example.com",
            "pr12.astronomer-dev.io",
            "astronomer.io.evil.com",
            "localhost.example.com",
        ] {
            assert_eq!(platform_of_domain(d), Platform::Apc, "{d}");
        }
    }

    #[test]
    fn endpoints() {
        assert_eq!(
            astro_base_url("astronomer.io"),
            "https://api.astronomer.io/v1"
        );
        assert_eq!(
            astro_base_url("cloud.astronomer-stage.io"),
            "https://api.astronomer-stage.io/v1"
        );
        assert_eq!(
            astro_base_url("pr1234.astronomer-dev.io"),
            "https://pr1234.api.astronomer-dev.io/v1"
        );
        assert_eq!(astro_base_url("127.0.0.1:9999"), "http://127.0.0.1:9999/v1");
        assert_eq!(houston_url("example.com"), "https://houston.example.com/v1");
        assert_eq!(houston_url("localhost:1234"), "http://localhost:1234/v1");
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

    #[test]
    fn corrupt_file_is_reported_with_its_path_and_line() {
        let err = Config::from_str("/x/config.toml".into(), "context = \n[")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("/x/config.toml is not a valid config file: "),
            "{err}"
        );
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn twenty_concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = Config::path_in(dir.path());
        // Each writer loaded the config before any other wrote: only re-reading under the
        // lock keeps the others' contexts.
        let writers: Vec<Config> = (0..20)
            .map(|_| Config::load(path.clone()).unwrap())
            .collect();
        std::thread::scope(|scope| {
            for (i, mut config) in writers.into_iter().enumerate() {
                scope.spawn(move || {
                    config
                        .set_context_fields(&format!("d{i}.example.com"), &[("workspace", "w")])
                        .unwrap();
                });
            }
        });
        let after = Config::load(path).unwrap();
        assert_eq!(after.contexts().len(), 20);
    }

    #[test]
    fn edit_keeps_unknown_keys_writes_0600_and_refuses_a_corrupt_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = Config::path_in(dir.path());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            &path,
            "mystery = 42\n[contexts.example_com]\nfoo = \"bar\"\n",
        )
        .unwrap();
        let mut config = Config::load(path.clone()).unwrap();
        config
            .set_context_fields("example.com", &[("workspace", "ws9")])
            .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("mystery = 42"), "{text}");
        assert!(text.contains("foo = \"bar\""), "{text}");
        assert!(text.contains("workspace = \"ws9\""), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        fs::write(&path, "not = [valid").unwrap();
        let err = config
            .set_context_fields("example.com", &[("workspace", "x")])
            .unwrap_err();
        assert!(matches!(err, Error::CorruptConfig { .. }));
        assert_eq!(fs::read_to_string(&path).unwrap(), "not = [valid");
    }
}
