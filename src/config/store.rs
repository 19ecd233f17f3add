//! Where a context's token and refresh token are kept (docs/reliability.md#where-secrets-live):
//! the operating system's credential store (macOS Keychain and Windows Credential Manager through
//! the `keyring` crate; on Linux the Secret Service, `secret_service.rs`), with
//! `token_store = "keyring"` in the
//! context saying so; or, without that marker, the context's `token` and `refreshtoken` in
//! `config.toml` itself (a store that did not answer, `--insecure-storage`, or a file written
//! before astro used the store).
//!
//! `ASTRO_KEYRING_BACKEND` chooses another store, for debugging and the end-to-end tests:
//! `file:<path>` keeps the entries in a JSON file (0600) standing in for the system's store,
//! `none` behaves as a machine with no store at all. Nothing here runs unless a command needs a
//! token: help, `--version` and Tab never touch the store.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::*;
use crate::error::{Error, Result};

/// The context key that says where its secrets are.
pub const TOKEN_STORE_KEY: &str = "token_store";
/// Its value for the credential store.
pub const IN_KEYRING: &str = "keyring";
/// The service name of every entry astro keeps; the account is the context's domain.
const SERVICE: &str = "astro";
/// The service name of the Go CLI's entries (its newer releases), read only by
/// `astro config import`; the account is the context's domain
/// (docs/reliability.md#where-secrets-live).
pub const GO_SERVICE: &str = "astro-cli";

/// What a login keeps secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secret {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub refreshtoken: String,
}

/// Which credential store answers for this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// The operating system's store.
    System,
    /// `ASTRO_KEYRING_BACKEND=file:<path>`: a JSON file standing in for the store.
    File(PathBuf),
    /// `ASTRO_KEYRING_BACKEND=none`: no store answers, as on a headless server.
    Absent,
    /// A value of `ASTRO_KEYRING_BACKEND` astro does not know: an error when a store is needed.
    Unknown(String),
}

/// Why the store did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No store answered at all (no D-Bus session, no Secret Service): the case for falling
    /// back to the config file.
    Unavailable(String),
    /// The store is locked, or a prompt to unlock it was dismissed.
    Locked(String),
    /// The store answered and refused.
    Refused(String),
}

/// The credential store for one process: which backend, and the config file to name in
/// errors and notes.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
    config_path: PathBuf,
    /// `ASTRO_NO_INSECURE_FALLBACK=1`: no plain-text fallback when no store answers.
    no_insecure_fallback: bool,
}

/// Where a login kept the secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    Keyring,
    /// In the config file, as asked (`--insecure-storage`).
    FileAsAsked,
    /// In the config file because no store answered; the reason.
    FileFallback(String),
}

impl Store {
    /// `backend`: `ASTRO_KEYRING_BACKEND` when set.
    pub fn new(backend: Option<&str>, config_path: &Path, no_insecure_fallback: bool) -> Store {
        let backend = match backend.map(str::trim) {
            None | Some("") => Backend::System,
            Some("none") => Backend::Absent,
            Some(spec) => match spec.strip_prefix("file:") {
                Some(path) if !path.is_empty() => Backend::File(PathBuf::from(path)),
                _ => Backend::Unknown(spec.to_string()),
            },
        };
        Store {
            backend,
            config_path: config_path.to_path_buf(),
            no_insecure_fallback,
        }
    }

    /// The store's name, for errors and the debug log; never a secret.
    pub fn name(&self) -> String {
        match &self.backend {
            Backend::System if cfg!(target_os = "macos") => "the macOS Keychain".to_string(),
            Backend::System if cfg!(windows) => "the Windows Credential Manager".to_string(),
            Backend::System => "the Secret Service keyring".to_string(),
            Backend::File(path) => format!(
                "the file keyring {} (ASTRO_KEYRING_BACKEND)",
                path.display()
            ),
            Backend::Absent => "no keyring (ASTRO_KEYRING_BACKEND=none)".to_string(),
            Backend::Unknown(spec) => format!("ASTRO_KEYRING_BACKEND={spec}"),
        }
    }

    /// The secrets kept for `domain`; `None` when the store has no entry for it.
    pub fn get(&self, domain: &str) -> std::result::Result<Option<Secret>, StoreError> {
        let text = self.get_raw(SERVICE, domain)?;
        Ok(text.map(|text| {
            // An entry written by hand as the bare token is read as the token.
            serde_json::from_str::<Secret>(&text).unwrap_or(Secret {
                token: text,
                refreshtoken: String::new(),
            })
        }))
    }

    /// The text of another program's entry, `service`/`account`, in the same store (the Go
    /// CLI's, for `astro config import`); `None` when there is none. Only read, never written.
    pub fn get_other(
        &self,
        service: &str,
        account: &str,
    ) -> std::result::Result<Option<String>, StoreError> {
        match &self.backend {
            Backend::System => system_get_other(service, account),
            _ => self.get_raw(service, account),
        }
    }

    fn get_raw(
        &self,
        service: &str,
        account: &str,
    ) -> std::result::Result<Option<String>, StoreError> {
        match &self.backend {
            Backend::System => system_get(service, account),
            Backend::File(path) => file_store::get(path, service, account),
            Backend::Absent => Err(absent()),
            Backend::Unknown(spec) => Err(unknown(spec)),
        }
    }

    pub fn set(&self, domain: &str, secret: &Secret) -> std::result::Result<(), StoreError> {
        let text = serde_json::to_string(secret)
            .map_err(|e| StoreError::Refused(format!("cannot encode the entry: {e}")))?;
        match &self.backend {
            Backend::System => system_set(domain, &text),
            Backend::File(path) => file_store::set(path, domain, Some(&text)),
            Backend::Absent => Err(absent()),
            Backend::Unknown(spec) => Err(unknown(spec)),
        }
    }

    /// Removes the entry for `domain`; an entry already gone is not an error.
    pub fn delete(&self, domain: &str) -> std::result::Result<(), StoreError> {
        match &self.backend {
            Backend::System => system_delete(domain),
            Backend::File(path) => file_store::set(path, domain, None),
            Backend::Absent => Err(absent()),
            Backend::Unknown(spec) => Err(unknown(spec)),
        }
    }

    /// The context's secrets, from wherever the context says they are. A context whose secrets
    /// are in the store but cannot be read there is an error saying what to do, never an empty
    /// token.
    pub fn load(&self, context: &mut Context) -> Result<()> {
        if context.token_store != IN_KEYRING {
            return Ok(());
        }
        let domain = context.domain.clone();
        match self.get(&domain) {
            Ok(Some(secret)) => {
                context.token = secret.token;
                context.refreshtoken = secret.refreshtoken;
                Ok(())
            }
            Ok(None) => Err(Error::msg(format!(
                "the token for {domain} is missing from {}: its entry was removed, but the context still points to it (token_store = \"keyring\" in {}). Log in again: run astro login {domain}",
                self.name(),
                self.config_path.display()
            ))),
            Err(e) => Err(self.read_error(&domain, e)),
        }
    }

    fn read_error(&self, domain: &str, e: StoreError) -> Error {
        let name = self.name();
        let insecure = format!(
            "or log in again with astro login {domain} --insecure-storage to keep the token in {} instead",
            self.config_path.display()
        );
        Error::msg(match e {
            StoreError::Locked(why) => format!(
                "the token for {domain} is kept in {name}, which is locked ({why}): unlock it and run the command again, {insecure}"
            ),
            StoreError::Refused(why) => format!(
                "the token for {domain} is kept in {name}, which refused to give it ({why}): allow astro to read it and run the command again, {insecure}"
            ),
            StoreError::Unavailable(why) => format!(
                "the token for {domain} is kept in {name}, which did not answer ({why}): start it and run the command again, {insecure}"
            ),
        })
    }

    /// What a refused write is told, with what to do.
    fn write_error(&self, domain: &str, e: StoreError) -> Error {
        let name = self.name();
        let path = self.config_path.display();
        Error::msg(match e {
            StoreError::Locked(why) => format!(
                "cannot keep the token for {domain} in {name}: it is locked ({why}). Unlock it and log in again, or run astro login {domain} --insecure-storage to keep the token in {path} (readable only by you)"
            ),
            StoreError::Refused(why) => format!(
                "cannot keep the token for {domain} in {name}: it refused ({why}). Log in again once it accepts, or run astro login {domain} --insecure-storage to keep the token in {path} (readable only by you)"
            ),
            StoreError::Unavailable(why) => format!(
                "cannot keep the token for {domain}: no credential store answered ({name}: {why}), and ASTRO_NO_INSECURE_FALLBACK forbids keeping it in {path}. Start a keyring and log in again, or run astro login {domain} --insecure-storage to keep it in the file on purpose"
            ),
        })
    }

    /// The note a login that fell back to the file says once, on stderr.
    pub fn fallback_note(&self, why: &str) -> String {
        format!(
            "Note: no credential store answered ({}: {why}); the token is kept in plain text in {} (readable only by you). Set ASTRO_NO_INSECURE_FALLBACK=1 to make this an error\n",
            self.name(),
            self.config_path.display()
        )
    }
}

impl Store {
    /// Keeps a token read at import in `context` (a context's table) as a login keeps it: the
    /// store's entry for `domain` and the marker, or, when no store answers and the fallback is
    /// allowed, the table's own fields. A store that is locked or refuses keeps nothing.
    pub fn keep_in(
        &self,
        context: &mut toml::Table,
        domain: &str,
        secret: &Secret,
    ) -> std::result::Result<Kept, StoreError> {
        match self.set(domain, secret) {
            Ok(()) => {
                context.remove("token");
                context.remove("refreshtoken");
                context.insert(
                    TOKEN_STORE_KEY.into(),
                    toml::Value::String(IN_KEYRING.into()),
                );
                Ok(Kept::Keyring)
            }
            Err(StoreError::Unavailable(why)) if !self.no_insecure_fallback => {
                put_secret_in_file(context, secret);
                context.remove(TOKEN_STORE_KEY);
                Ok(Kept::FileFallback(why))
            }
            Err(e) => Err(e),
        }
    }
}

impl StoreError {
    /// "is locked (…)", "refused (…)", "did not answer (…)": after the store's name.
    pub fn describe(&self) -> String {
        match self {
            StoreError::Locked(why) => format!("is locked ({why})"),
            StoreError::Refused(why) => format!("refused ({why})"),
            StoreError::Unavailable(why) => format!("did not answer ({why})"),
        }
    }
}

impl Config {
    /// What a login writes, in one atomic edit under the config lock (which covers the store
    /// entry too): the context's fields (created if needed; other fields kept),
    /// `context = <domain>`, and its secrets: in the store, with `token_store = "keyring"` and
    /// no `token` or `refreshtoken` left in the file; or in the file (`--insecure-storage`, or
    /// no store answered), the store's old entry removed.
    pub fn save_login(
        &mut self,
        domain: &str,
        fields: &[(&str, &str)],
        secret: &Secret,
        store: &Store,
        insecure: bool,
    ) -> Result<Kept> {
        let key = context_key(domain);
        self.try_edit(|doc| {
            let context = table_entry(table_entry(doc, "contexts"), &key);
            let was_in_store =
                context.get(TOKEN_STORE_KEY).and_then(toml::Value::as_str) == Some(IN_KEYRING);
            let kept = if insecure {
                Kept::FileAsAsked
            } else {
                match store.set(domain, secret) {
                    Ok(()) => Kept::Keyring,
                    Err(StoreError::Unavailable(why)) if !store.no_insecure_fallback => {
                        Kept::FileFallback(why)
                    }
                    Err(e) => return Err(store.write_error(domain, e)),
                }
            };
            context.insert("domain".into(), toml::Value::String(domain.to_string()));
            for (k, v) in fields {
                context.insert(k.to_string(), toml::Value::String(v.to_string()));
            }
            if kept == Kept::Keyring {
                context.remove("token");
                context.remove("refreshtoken");
                context.insert(
                    TOKEN_STORE_KEY.into(),
                    toml::Value::String(IN_KEYRING.into()),
                );
            } else {
                put_secret_in_file(context, secret);
                context.remove(TOKEN_STORE_KEY);
                // The old entry would otherwise outlive the login that replaced it; a store
                // that cannot be reached keeps nothing worth removing.
                if was_in_store {
                    let _ = store.delete(domain);
                }
            }
            doc.insert("context".into(), toml::Value::String(domain.to_string()));
            Ok(kept)
        })
    }

    /// Forgets the secrets of the context for `domain` (logout): the store's entry when the
    /// context points to it, then the fields in the file, in one edit under the lock. A store
    /// that cannot remove the entry stops the logout before anything changes.
    pub fn forget_secrets(
        &mut self,
        domain: &str,
        fields: &[(&str, &str)],
        store: &Store,
    ) -> Result<()> {
        let key = context_key(domain);
        self.try_edit(|doc| {
            let context = table_entry(table_entry(doc, "contexts"), &key);
            if context.get(TOKEN_STORE_KEY).and_then(toml::Value::as_str) == Some(IN_KEYRING) {
                store.delete(domain).map_err(|e| {
                    let why = match e {
                        StoreError::Locked(why) => format!("it is locked ({why}); unlock it"),
                        StoreError::Refused(why) | StoreError::Unavailable(why) => {
                            format!("{why}; once it answers")
                        }
                    };
                    Error::msg(format!(
                        "cannot remove the token for {domain} from {}: {why} and run astro logout {domain} again. Nothing was changed",
                        store.name()
                    ))
                })?;
                context.remove(TOKEN_STORE_KEY);
            }
            if !context.contains_key("domain") {
                context.insert("domain".into(), toml::Value::String(domain.to_string()));
            }
            for (k, v) in fields {
                context.insert(k.to_string(), toml::Value::String(v.to_string()));
            }
            Ok(())
        })
    }

    /// Saves a refreshed token where the context's came from (`key_domain` is the key it was read
    /// under): the store when the context points to it, else the file; the other `fields`
    /// (the expiry) in the file. Called under the lock `locked` holds.
    pub fn save_refreshed(
        locked: &mut Locked<'_>,
        key_domain: &str,
        secret: &Secret,
        fields: &[(&str, &str)],
        store: &Store,
    ) -> Result<()> {
        let context = table_entry(
            table_entry(&mut locked.doc, "contexts"),
            &context_key(key_domain),
        );
        let domain = context
            .get("domain")
            .and_then(toml::Value::as_str)
            .filter(|d| !d.is_empty())
            .unwrap_or(key_domain)
            .to_string();
        if context.get(TOKEN_STORE_KEY).and_then(toml::Value::as_str) == Some(IN_KEYRING) {
            store
                .set(&domain, secret)
                .map_err(|e| store.write_error(&domain, e))?;
        } else {
            put_secret_in_file(context, secret);
        }
        for (k, v) in fields {
            context.insert(k.to_string(), toml::Value::String(v.to_string()));
        }
        Ok(())
    }
}

/// `token` and `refreshtoken` in the context's table; an empty refresh token is written only
/// to clear an old one.
fn put_secret_in_file(context: &mut toml::Table, secret: &Secret) {
    context.insert("token".into(), toml::Value::String(secret.token.clone()));
    if !secret.refreshtoken.is_empty() || context.contains_key("refreshtoken") {
        context.insert(
            "refreshtoken".into(),
            toml::Value::String(secret.refreshtoken.clone()),
        );
    }
}

/// The system's store on Linux: the Secret Service, spoken to directly (`secret_service.rs`).
#[cfg(target_os = "linux")]
fn system_get(service: &str, account: &str) -> std::result::Result<Option<String>, StoreError> {
    super::secret_service::get(service, account)
}

/// On Linux another program's entry may also be in the Go keyring library's own layout
/// (`secret_service::get_other`).
#[cfg(target_os = "linux")]
fn system_get_other(
    service: &str,
    account: &str,
) -> std::result::Result<Option<String>, StoreError> {
    super::secret_service::get_other(service, account)
}

#[cfg(not(target_os = "linux"))]
fn system_get_other(
    service: &str,
    account: &str,
) -> std::result::Result<Option<String>, StoreError> {
    system_get(service, account)
}

#[cfg(target_os = "linux")]
fn system_set(domain: &str, text: &str) -> std::result::Result<(), StoreError> {
    super::secret_service::set(SERVICE, domain, &format!("astro ({domain})"), text)
}

#[cfg(target_os = "linux")]
fn system_delete(domain: &str) -> std::result::Result<(), StoreError> {
    super::secret_service::delete(SERVICE, domain)
}

/// The system's store on macOS and Windows: the Keychain and the Credential Manager, through
/// the `keyring` crate's native backends.
#[cfg(any(target_os = "macos", windows))]
fn entry(domain: &str) -> std::result::Result<keyring::Entry, StoreError> {
    keyring::Entry::new(SERVICE, domain).map_err(classify)
}

#[cfg(any(target_os = "macos", windows))]
fn system_get(service: &str, account: &str) -> std::result::Result<Option<String>, StoreError> {
    let entry = keyring::Entry::new(service, account).map_err(classify)?;
    match entry.get_password() {
        Ok(text) => Ok(Some(text)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(classify(e)),
    }
}

#[cfg(any(target_os = "macos", windows))]
fn system_set(domain: &str, text: &str) -> std::result::Result<(), StoreError> {
    entry(domain)?.set_password(text).map_err(classify)
}

#[cfg(any(target_os = "macos", windows))]
fn system_delete(domain: &str) -> std::result::Result<(), StoreError> {
    match entry(domain)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(classify(e)),
    }
}

/// The keyring crate's errors, as astro acts on them: no store at all (fall back), locked or
/// refused (an error saying so).
#[cfg(any(target_os = "macos", windows))]
fn classify(e: keyring::Error) -> StoreError {
    match e {
        keyring::Error::PlatformFailure(inner) => StoreError::Unavailable(inner.to_string()),
        keyring::Error::NoStorageAccess(inner) => StoreError::Locked(inner.to_string()),
        other => StoreError::Refused(other.to_string()),
    }
}

/// Elsewhere (the BSDs) astro knows no store: the config file it is.
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn system_get(_service: &str, _account: &str) -> std::result::Result<Option<String>, StoreError> {
    Err(StoreError::Unavailable(
        "astro knows no credential store on this system".into(),
    ))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn system_set(domain: &str, _text: &str) -> std::result::Result<(), StoreError> {
    system_get(SERVICE, domain).map(drop)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn system_delete(domain: &str) -> std::result::Result<(), StoreError> {
    system_get(SERVICE, domain).map(drop)
}

fn absent() -> StoreError {
    StoreError::Unavailable("ASTRO_KEYRING_BACKEND=none".into())
}

fn unknown(spec: &str) -> StoreError {
    StoreError::Refused(format!(
        "ASTRO_KEYRING_BACKEND={spec} is not a store astro knows: use file:<path> or none, or unset it for the system's store"
    ))
}

/// `ASTRO_KEYRING_BACKEND=file:<path>`: `{"entries": {"astro:<domain>": "<entry>"}}` (another
/// program's entries, e.g. the Go CLI's, as `"astro-cli:<domain>"`), written
/// atomically and private (0600) as `config.toml` is. A `"state"` of `"locked"`, `"refusing"`
/// or `"unavailable"` makes it answer as a locked store, a store that refuses, or none, so
/// each failure can be seen without a real keyring (docs/reliability.md#where-secrets-live).
mod file_store {
    use std::collections::BTreeMap;
    use std::path::Path;

    use serde::{Deserialize, Serialize};

    use super::{SERVICE, StoreError};

    #[derive(Debug, Default, Serialize, Deserialize)]
    struct FileStore {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<String>,
        #[serde(default)]
        entries: BTreeMap<String, String>,
    }

    fn read(path: &Path) -> Result<FileStore, StoreError> {
        let store = match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str::<FileStore>(&text).map_err(|e| {
                StoreError::Refused(format!("{} is not a file keyring: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileStore::default(),
            Err(e) => {
                return Err(StoreError::Unavailable(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        match store.state.as_deref() {
            Some("locked") => Err(StoreError::Locked("the collection is locked".into())),
            Some("refusing") => Err(StoreError::Refused("access denied".into())),
            Some("unavailable") => Err(StoreError::Unavailable("no store is running".into())),
            _ => Ok(store),
        }
    }

    fn key(domain: &str) -> String {
        format!("{SERVICE}:{domain}")
    }

    pub fn get(path: &Path, service: &str, account: &str) -> Result<Option<String>, StoreError> {
        Ok(read(path)?.entries.remove(&format!("{service}:{account}")))
    }

    /// Sets (`Some`) or removes (`None`) the entry for `domain`.
    pub fn set(path: &Path, domain: &str, text: Option<&str>) -> Result<(), StoreError> {
        let mut store = read(path)?;
        match text {
            Some(text) => {
                store.entries.insert(key(domain), text.to_string());
            }
            None => {
                if store.entries.remove(&key(domain)).is_none() {
                    return Ok(());
                }
            }
        }
        let text =
            serde_json::to_string_pretty(&store).map_err(|e| StoreError::Refused(e.to_string()))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            super::super::file::create_private_dir(dir)
                .map_err(|e| StoreError::Refused(format!("{}: {e}", dir.display())))?;
        }
        super::super::file::write_atomically(path, text.as_bytes())
            .map_err(|e| StoreError::Refused(format!("cannot write {}: {e}", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_named_without_secrets() {
        let path = Path::new("/h/.astro/config.toml");
        assert_eq!(Store::new(None, path, false).backend, Backend::System);
        assert_eq!(Store::new(Some(""), path, false).backend, Backend::System);
        assert_eq!(
            Store::new(Some("none"), path, false).backend,
            Backend::Absent
        );
        assert_eq!(
            Store::new(Some("file:/tmp/k.json"), path, false).backend,
            Backend::File("/tmp/k.json".into())
        );
        assert_eq!(
            Store::new(Some("file:"), path, false).backend,
            Backend::Unknown("file:".into())
        );
    }

    #[test]
    fn the_file_store_keeps_removes_and_answers_in_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring.json");
        let store = Store::new(
            Some(&format!("file:{}", path.display())),
            Path::new("c.toml"),
            false,
        );
        assert_eq!(store.get("a.io"), Ok(None));
        let secret = Secret {
            token: "Bearer t".into(),
            refreshtoken: "r".into(),
        };
        store.set("a.io", &secret).unwrap();
        assert_eq!(store.get("a.io"), Ok(Some(secret)));
        store.delete("a.io").unwrap();
        store.delete("a.io").unwrap();
        assert_eq!(store.get("a.io"), Ok(None));
        std::fs::write(&path, r#"{"state": "locked"}"#).unwrap();
        assert!(matches!(store.get("a.io"), Err(StoreError::Locked(_))));
    }

    #[test]
    fn another_programs_entry_is_read_under_its_own_service() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring.json");
        std::fs::write(
            &path,
            r#"{"entries": {"astro-cli:a.io": "{\"token\":\"Bearer go\"}"}}"#,
        )
        .unwrap();
        let store = Store::new(
            Some(&format!("file:{}", path.display())),
            Path::new("c.toml"),
            false,
        );
        assert_eq!(
            store.get_other(GO_SERVICE, "a.io"),
            Ok(Some(r#"{"token":"Bearer go"}"#.into()))
        );
        assert_eq!(store.get_other(GO_SERVICE, "b.io"), Ok(None));
        // Not astro's own entry.
        assert_eq!(store.get("a.io"), Ok(None));
    }

    #[test]
    fn an_imported_token_is_kept_as_a_login_keeps_it() {
        let secret = Secret {
            token: "Bearer t".into(),
            refreshtoken: "r".into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring.json");
        let spec = format!("file:{}", path.display());
        let mut table = toml::Table::new();
        let kept = Store::new(Some(&spec), Path::new("c.toml"), false)
            .keep_in(&mut table, "a.io", &secret)
            .unwrap();
        assert_eq!(kept, Kept::Keyring);
        assert_eq!(table[TOKEN_STORE_KEY].as_str(), Some(IN_KEYRING));
        assert!(table.get("token").is_none());

        // No store: the file, unless the fallback is forbidden.
        let mut table = toml::Table::new();
        let none = Store::new(Some("none"), Path::new("c.toml"), false);
        assert!(matches!(
            none.keep_in(&mut table, "a.io", &secret),
            Ok(Kept::FileFallback(_))
        ));
        assert_eq!(table["token"].as_str(), Some("Bearer t"));
        assert_eq!(table["refreshtoken"].as_str(), Some("r"));
        let strict = Store::new(Some("none"), Path::new("c.toml"), true);
        let mut table = toml::Table::new();
        assert!(matches!(
            strict.keep_in(&mut table, "a.io", &secret),
            Err(StoreError::Unavailable(_))
        ));
        assert!(table.is_empty());
    }
}
