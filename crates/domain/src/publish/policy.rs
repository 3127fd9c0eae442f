//! Which origins the page's own Content Security Policy lets it connect to.
//!
//! `index.html` carries the policy (README, "Security"); its `connect-src`
//! names the service's gateways and the local development receiver. A call
//! to any other origin would be blocked by the browser with nothing but a
//! generic network error, so the page reads its policy and refuses such an
//! endpoint up front, in words ("the page's security policy does not allow
//! …"). A host that publishes through its own gateway adds it to the
//! policy, and the page follows.
//!
//! This is a small strict reader of the one directive that matters, after
//! CSP Level 3 ("Does url match expression"): `'self'`, `'none'`, `*`,
//! scheme sources (`https:`) and host sources (`[scheme://]host[:port]`
//! with a leading `*.` and `:*`). Paths in a source are compared as
//! prefixes. Anything else in the list matches nothing.

/// The `connect-src` (or, without it, `default-src`) of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectPolicy {
    /// `None`: the policy does not restrict connections.
    sources: Option<Vec<String>>,
}

/// A URL taken apart as far as matching needs.
struct Parts<'a> {
    scheme: &'a str,
    host: &'a str,
    port: Option<u16>,
    path: &'a str,
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// `scheme://host[:port]/path` → parts (the scheme lowercased by the caller).
fn parts(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    // An IPv6 literal keeps its colons inside brackets.
    let split_at = match authority.rfind(']') {
        Some(close) => authority[close..].find(':').map(|i| close + i),
        None => authority.rfind(':'),
    };
    let (host, port) = match split_at {
        Some(i) => (&authority[..i], Some(authority[i + 1..].parse().ok()?)),
        None => (authority, None),
    };
    Some(Parts {
        scheme,
        host,
        port: port.or_else(|| default_port(&scheme.to_ascii_lowercase())),
        path: if path.is_empty() { "/" } else { path },
    })
}

impl ConnectPolicy {
    /// Reads a policy's text (the `content` of the page's
    /// `<meta http-equiv="Content-Security-Policy">`). `None` (no policy)
    /// restricts nothing.
    pub fn from_policy(policy: Option<&str>) -> ConnectPolicy {
        let Some(policy) = policy else {
            return ConnectPolicy { sources: None };
        };
        let mut default = None;
        let mut connect = None;
        for directive in policy.split(';') {
            let mut tokens = directive.split_ascii_whitespace();
            let Some(name) = tokens.next() else { continue };
            let list: Vec<String> = tokens.map(str::to_owned).collect();
            // The first occurrence of a directive wins, as in CSP.
            if name.eq_ignore_ascii_case("connect-src") && connect.is_none() {
                connect = Some(list);
            } else if name.eq_ignore_ascii_case("default-src") && default.is_none() {
                default = Some(list);
            }
        }
        ConnectPolicy {
            sources: connect.or(default),
        }
    }

    /// Whether the page at `page_origin` (`scheme://host[:port]`) may
    /// connect to `url`.
    pub fn allows(&self, url: &str, page_origin: &str) -> bool {
        let Some(sources) = &self.sources else {
            return true;
        };
        let Some(target) = parts(url) else {
            return false;
        };
        let Some(page) = parts(page_origin) else {
            return false;
        };
        sources
            .iter()
            .any(|source| matches_source(source, &target, &page))
    }

    /// The sources connections are limited to, as written (for messages);
    /// empty when unrestricted.
    pub fn sources(&self) -> &[String] {
        self.sources.as_deref().unwrap_or(&[])
    }
}

/// Whether `scheme` may be used where `allowed` is listed: the same, or
/// the secure upgrade of it.
fn scheme_matches(allowed: &str, scheme: &str) -> bool {
    let (a, s) = (allowed.to_ascii_lowercase(), scheme.to_ascii_lowercase());
    a == s
        || (a == "http" && s == "https")
        || (a == "ws" && s == "wss")
        || (a == "http" && s == "ws")
        || (a == "https" && s == "wss")
        || (a == "http" && s == "wss")
}

fn matches_source(source: &str, url: &Parts<'_>, page: &Parts<'_>) -> bool {
    let lower = source.to_ascii_lowercase();
    match lower.as_str() {
        "'none'" => return false,
        "'self'" => {
            return scheme_matches(page.scheme, url.scheme)
                && url.host.eq_ignore_ascii_case(page.host)
                && (url.port == page.port
                    || (page.scheme.eq_ignore_ascii_case("http")
                        && page.port == Some(80)
                        && url.port == Some(443)))
        }
        "*" => {
            return matches!(
                url.scheme.to_ascii_lowercase().as_str(),
                "http" | "https" | "ws" | "wss"
            ) || url.scheme.eq_ignore_ascii_case(page.scheme)
        }
        _ => {}
    }
    if lower.starts_with('\'') {
        return false;
    }
    // A scheme source: `https:`.
    if let Some(scheme) = lower.strip_suffix(':') {
        if !scheme.contains(['/', '.']) {
            return scheme_matches(scheme, url.scheme);
        }
    }
    // A host source: `[scheme://]host[:port][/path]`.
    let (scheme, rest) = match lower.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, lower.as_str()),
    };
    let scheme_ok = match scheme {
        Some(s) => scheme_matches(s, url.scheme),
        // No scheme: the page's, or its secure upgrade.
        None => scheme_matches(page.scheme, url.scheme),
    };
    if !scheme_ok {
        return false;
    }
    let end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = match host.strip_prefix("*.") {
        Some(suffix) => {
            let url_host = url.host.to_ascii_lowercase();
            url_host.len() > suffix.len() + 1 && url_host.ends_with(&format!(".{suffix}"))
        }
        None => host == "*" || url.host.eq_ignore_ascii_case(host),
    };
    if !host_ok {
        return false;
    }
    let port_ok = match port {
        Some("*") => true,
        Some(p) => match p.parse::<u16>() {
            Ok(p) => url.port == Some(p) || (p == 80 && url.port == Some(443)),
            Err(_) => false,
        },
        None => {
            let listed_scheme = scheme.unwrap_or(page.scheme);
            url.port == default_port(listed_scheme)
                || (default_port(listed_scheme) == Some(80) && url.port == Some(443))
        }
    };
    if !port_ok {
        return false;
    }
    path.is_empty()
        || path == "/"
        || if path.ends_with('/') {
            url.path.starts_with(path)
        } else {
            url.path == path
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://console.contoso.com";
    const INDEX: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://*.gateway.prod.island.powerapps.com http://127.0.0.1:* http://localhost:*; object-src 'none'";

    fn policy() -> ConnectPolicy {
        ConnectPolicy::from_policy(Some(INDEX))
    }

    #[test]
    fn the_service_gateways_and_the_local_receiver_are_allowed() {
        let p = policy();
        assert!(p.allows(
            "https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/api/v1/environments",
            PAGE
        ));
        assert!(p.allows("http://127.0.0.1:8081/api/v1/environments", PAGE));
        assert!(p.allows("http://localhost:9000/", PAGE));
        assert!(p.allows("https://console.contoso.com/x.wasm", PAGE));
    }

    #[test]
    fn other_origins_are_not() {
        let p = policy();
        assert!(!p.allows("https://evil.example/collect", PAGE));
        // The suffix must be a whole label, and the wildcard needs one.
        assert!(!p.allows("https://xgateway.prod.island.powerapps.com/", PAGE));
        assert!(!p.allows("https://gateway.prod.island.powerapps.com/", PAGE));
        // http to a gateway is not an upgrade of https.
        assert!(!p.allows(
            "http://gw.eu-il101.gateway.prod.island.powerapps.com/",
            PAGE
        ));
        assert!(!p.allows("http://10.0.0.1:8081/", PAGE));
        assert!(!p.allows("https://console.contoso.com:8443/", PAGE));
    }

    #[test]
    fn default_src_applies_without_connect_src_and_no_policy_allows_all() {
        let p = ConnectPolicy::from_policy(Some("default-src 'self'"));
        assert!(p.allows("https://console.contoso.com/api", PAGE));
        assert!(!p.allows("https://gw.example/api", PAGE));
        assert!(ConnectPolicy::from_policy(None).allows("https://anything.example/", PAGE));
        assert!(!ConnectPolicy::from_policy(Some("connect-src 'none'")).allows(PAGE, PAGE));
    }

    #[test]
    fn schemes_ports_and_paths_follow_csp() {
        let p = ConnectPolicy::from_policy(Some(
            "connect-src https: http://gw.contoso.com:8080/api/ gw2.contoso.com",
        ));
        assert!(p.allows("https://any.example/", PAGE));
        assert!(!p.allows("http://any.example/", PAGE));
        assert!(p.allows("http://gw.contoso.com:8080/api/v1/environments", PAGE));
        assert!(!p.allows("http://gw.contoso.com:8080/other", PAGE));
        assert!(!p.allows("http://gw.contoso.com/api/", PAGE));
        // No scheme: the page's (https) scheme and its default port.
        assert!(p.allows("https://gw2.contoso.com/x", PAGE));
        assert!(!p.allows("http://gw2.contoso.com/x", PAGE));
        // On an http page, http and its https upgrade.
        assert!(p.allows("http://gw2.contoso.com/x", "http://h.example"));
        assert!(p.allows("https://gw2.contoso.com/x", "http://h.example"));
        assert_eq!(p.sources().len(), 3);
    }

    #[test]
    fn the_first_connect_src_wins_and_garbage_matches_nothing() {
        let p = ConnectPolicy::from_policy(Some(
            "connect-src 'unsafe-inline' nonsense:// ; connect-src *",
        ));
        assert!(!p.allows("https://a.example/", PAGE));
        assert!(!policy().allows("not a url", PAGE));
    }
}
