//! The environment variables `astro` reads, read once by `main` (README "Configuration").

use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `ASTRO_HOME`, else the user's home directory.
    pub home: Option<PathBuf>,
    /// `ASTRO_DOMAIN` (non-empty only).
    pub domain: Option<String>,
    /// `ASTRO_API_TOKEN`, trimmed of surrounding whitespace (`$(cat token.txt)` keeps the file's
    /// line break); non-empty only.
    pub api_token: Option<String>,
    pub no_color: bool,
    /// `CLICOLOR=0`.
    pub clicolor_off: bool,
    /// `CLICOLOR_FORCE` set to anything but `0`.
    pub clicolor_force: bool,
    pub github_actions: bool,
    pub deploy_action: bool,
    pub deploy_action_version: String,
    /// `COLUMNS`, a positive number: the width of a terminal that tables are fitted to (it wins
    /// over the terminal's own size, as for `ls`).
    pub columns: Option<usize>,
    /// The proxy variables, to name a proxy that cannot be reached (reqwest reads them too).
    pub proxy: ProxyEnv,
    /// `ASTRO_KEYRING_BACKEND`: `file:<path>` or `none` instead of the system's credential
    /// store (docs/reliability.md#where-secrets-live).
    pub keyring_backend: Option<String>,
    /// `ASTRO_NO_INSECURE_FALLBACK` set to anything but `0`: a login with no store answering is
    /// an error rather than a token kept in the config file.
    pub no_insecure_fallback: bool,
}

impl Env {
    pub fn from_process() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Env {
            home: var("ASTRO_HOME")
                .map(PathBuf::from)
                .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())),
            domain: var("ASTRO_DOMAIN"),
            api_token: var("ASTRO_API_TOKEN")
                .map(|token| token.trim().to_string())
                .filter(|token| !token.is_empty()),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            clicolor_off: var("CLICOLOR").as_deref() == Some("0"),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            github_actions: var("GITHUB_ACTIONS").as_deref() == Some("true"),
            deploy_action: var("DEPLOY_ACTION").as_deref() == Some("true"),
            deploy_action_version: var("DEPLOY_ACTION_VERSION").unwrap_or_default(),
            columns: var("COLUMNS")
                .and_then(|v| v.trim().parse::<usize>().ok())
                .filter(|&c| c > 0),
            proxy: ProxyEnv::read(|name| std::env::var(name).ok()),
            keyring_backend: var("ASTRO_KEYRING_BACKEND"),
            no_insecure_fallback: var("ASTRO_NO_INSECURE_FALLBACK").is_some_and(|v| v != "0"),
        }
    }

    /// The `x-astro-client-identifier` and `x-astro-client-version` values, as the Go CLI sends
    /// them.
    pub fn client_identity(&self) -> (&'static str, String) {
        if self.github_actions && self.deploy_action {
            ("deploy-action", self.deploy_action_version.clone())
        } else if self.github_actions {
            ("github-action", crate::VERSION.to_string())
        } else {
            ("cli", crate::VERSION.to_string())
        }
    }
}

/// The proxy variables as the environment had them; `api/proxy.rs` tells from them which proxy
/// a URL goes through (`ProxyEnv::for_url`).
#[derive(Debug, Clone, Default)]
pub struct ProxyEnv {
    /// `(name, value)` of the first of `ALL_PROXY`, `all_proxy` that is set.
    pub all: Option<(&'static str, String)>,
    pub http: Option<(&'static str, String)>,
    pub https: Option<(&'static str, String)>,
    /// `NO_PROXY`, else `no_proxy`.
    pub no: String,
    /// `REQUEST_METHOD` is set: reqwest then ignores every proxy variable.
    pub cgi: bool,
}

impl ProxyEnv {
    /// Reads the variables through `get` (the process environment in `Env::from_process`).
    pub fn read(get: impl Fn(&str) -> Option<String>) -> ProxyEnv {
        let first = |names: [&'static str; 2]| {
            names
                .into_iter()
                .find_map(|name| get(name).map(|value| (name, value)))
        };
        ProxyEnv {
            all: first(["ALL_PROXY", "all_proxy"]),
            http: first(["HTTP_PROXY", "http_proxy"]),
            https: first(["HTTPS_PROXY", "https_proxy"]),
            no: first(["NO_PROXY", "no_proxy"])
                .map(|(_, v)| v)
                .unwrap_or_default(),
            cgi: get("REQUEST_METHOD").is_some(),
        }
    }
}
