//! The config file, `<home>/.astro/config.toml` (README "Configuration",
//! docs/compatibility.md#toml-config). The file is kept as a `toml::Table` so that keys we do not
//! know survive a write; typed views (`Context`, `Settings`) are read from it on demand.
//!
//! - `contexts`: the current context, looking one up, listing, switching, deleting, login's write;
//! - `endpoints`: platform detection and the URLs of a domain's APIs;
//! - `file`: reading the file, and writing it under the lock, atomically;
//! - `store`: where a context's secrets are kept (the credential store or the file);
//! - `settings`: the settings (`houston.*`, `http.*`, `interactive`, `page_size`) by name;
//! - `go_import`: importing the Go CLI's `config.yaml`; `cache`: the completion cache.

use std::path::{Path, PathBuf};

use crate::error::Result;

pub mod cache;
mod contexts;
mod endpoints;
mod file;
mod go_import;
mod redact;
#[cfg(target_os = "linux")]
mod secret_service;
mod settings;
mod store;

pub use contexts::*;
pub use endpoints::*;
pub use file::Locked;
use file::*;
pub use go_import::*;
pub use settings::*;
pub use store::*;

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
    /// `keyring` when the token and refresh token are in the credential store (`store.rs`);
    /// empty when they are the `token` and `refreshtoken` above, read from the file.
    pub token_store: String,
}

impl Context {
    /// The platform this context talks to: explicit, else derived from the domain.
    pub fn platform(&self) -> Platform {
        self.platform
            .unwrap_or_else(|| platform_of_domain(&self.domain))
    }
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
}
