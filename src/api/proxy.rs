//! Which proxy a request goes through, so that a proxy that cannot be reached is named in the
//! error instead of the server behind it (docs/reliability.md#proxy-errors).
//!
//! reqwest reads the proxy variables itself and says nothing about a proxy when the connection
//! to it fails. `env.rs` reads the same variables once (`ProxyEnv`); this module applies the same
//! rules as reqwest's matcher (hyper-util's): `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for
//! http ones, `ALL_PROXY` for either when the specific one is unset or unusable, upper case
//! before lower case, `NO_PROXY` exceptions, and no proxy at all under CGI (`REQUEST_METHOD`).
//! It only explains errors: it never chooses a proxy.

use std::net::IpAddr;

use crate::env::ProxyEnv;

/// The proxy a request goes through, as it may be shown: `scheme://host:port` without the
/// user name and password the variable may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyUsed {
    pub variable: &'static str,
    pub shown: String,
    pub host: String,
}

// `ProxyEnv` is read with the rest of the environment (`env.rs`); what it means for a URL is
// decided here.
impl ProxyEnv {
    /// The proxy a request for `url` is sent through, if any.
    pub fn for_url(&self, url: &reqwest::Url) -> Option<ProxyUsed> {
        if self.cgi {
            return None;
        }
        let host = url.host_str()?;
        if no_proxy_contains(&self.no, host) {
            return None;
        }
        let specific = match url.scheme() {
            "http" => &self.http,
            "https" => &self.https,
            _ => return None,
        };
        specific
            .as_ref()
            .and_then(|(name, value)| parse(name, value))
            .or_else(|| {
                self.all
                    .as_ref()
                    .and_then(|(name, value)| parse(name, value))
            })
    }
}

/// A proxy variable's value as reqwest reads it (no scheme means http; only http, https and
/// SOCKS schemes are used), shown without its credentials.
fn parse(variable: &'static str, value: &str) -> Option<ProxyUsed> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let with_scheme = if value.contains("://") {
        value.to_string()
    } else {
        format!("http://{value}")
    };
    let url = reqwest::Url::parse(&with_scheme).ok()?;
    if !matches!(
        url.scheme(),
        "http" | "https" | "socks4" | "socks4a" | "socks5" | "socks5h"
    ) {
        return None;
    }
    let host = url.host_str()?.to_string();
    let shown = match url.port_or_known_default() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    };
    Some(ProxyUsed {
        variable,
        shown,
        host,
    })
}

/// Whether `host` is excepted by a `NO_PROXY` list: `*`, an IP address or network
/// (`10.0.0.0/8`), or a domain that matches itself and its subdomains (`example.com` and
/// `.example.com` alike).
fn no_proxy_contains(list: &str, host: &str) -> bool {
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip = host.parse::<IpAddr>().ok();
    list.split(',').map(str::trim).any(|entry| {
        if entry.is_empty() {
            return false;
        }
        // As in reqwest, `*` excepts every domain but no IP address.
        if let Some(ip) = ip {
            return ip_matches(entry, ip);
        }
        if entry.parse::<IpAddr>().is_ok() || entry.contains('/') {
            return false;
        }
        if entry == "*" {
            return true;
        }
        let bare = entry.strip_prefix('.').unwrap_or(entry);
        host.eq_ignore_ascii_case(bare)
            || (host.len() > bare.len()
                && host.is_char_boundary(host.len() - bare.len())
                && host[host.len() - bare.len()..].eq_ignore_ascii_case(bare)
                && host.as_bytes()[host.len() - bare.len() - 1] == b'.')
    })
}

/// `entry` is `ip` itself, or a network (`addr/len`) that holds it.
fn ip_matches(entry: &str, ip: IpAddr) -> bool {
    let (addr, len) = match entry.split_once('/') {
        Some((addr, len)) => match len.parse::<u32>() {
            Ok(len) => (addr, Some(len)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let Ok(net) = addr.parse::<IpAddr>() else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(net), IpAddr::V4(ip)) => {
            let len = len.unwrap_or(32);
            len <= 32
                && masked(u32::from(net).into(), len, 32) == masked(u32::from(ip).into(), len, 32)
        }
        (IpAddr::V6(net), IpAddr::V6(ip)) => {
            let len = len.unwrap_or(128);
            len <= 128 && masked(u128::from(net), len, 128) == masked(u128::from(ip), len, 128)
        }
        _ => false,
    }
}

fn masked(value: u128, len: u32, bits: u32) -> u128 {
    if len == 0 { 0 } else { value >> (bits - len) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> ProxyEnv {
        ProxyEnv::read(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    fn url(text: &str) -> reqwest::Url {
        reqwest::Url::parse(text).unwrap()
    }

    #[test]
    fn the_proxy_of_a_url_follows_reqwests_rules_and_hides_credentials() {
        let proxies = env(&[
            ("HTTPS_PROXY", "http://user:pa55@proxy.corp:3128"),
            ("http_proxy", "127.0.0.1:9"),
            ("NO_PROXY", "internal.example, 10.0.0.0/8, ::1"),
        ]);
        let used = proxies
            .for_url(&url("https://api.astronomer.io/v1"))
            .unwrap();
        assert_eq!(used.variable, "HTTPS_PROXY");
        assert_eq!(used.shown, "http://proxy.corp:3128");
        let used = proxies.for_url(&url("http://127.0.0.1:8080/v1")).unwrap();
        assert_eq!(
            (used.variable, used.shown.as_str()),
            ("http_proxy", "http://127.0.0.1:9")
        );
        for direct in [
            "https://internal.example/v1",
            "https://houston.internal.example/v1",
            "https://10.1.2.3/v1",
            "http://[::1]:80/v1",
        ] {
            assert_eq!(proxies.for_url(&url(direct)), None, "{direct}");
        }
        assert!(
            proxies
                .for_url(&url("https://notinternal.example/v1"))
                .is_some()
        );
        let all = env(&[("ALL_PROXY", "socks5://s:1080"), ("HTTPS_PROXY", "")]);
        assert_eq!(
            all.for_url(&url("https://a.b/")).unwrap().shown,
            "socks5://s:1080"
        );
        let cgi = env(&[("HTTPS_PROXY", "http://p:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(cgi.for_url(&url("https://a.b/")), None);
        assert_eq!(
            env(&[("NO_PROXY", "*"), ("HTTPS_PROXY", "p:1")]).for_url(&url("https://a.b/")),
            None
        );
    }
}
