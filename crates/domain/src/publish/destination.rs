//! Whether the page may send anything to an endpoint, decided before any
//! request: an endpoint must be chosen; a page served over https never
//! sends to an http endpoint (not even to this machine: the browser would
//! block it as mixed content, and the tenant's data would travel in clear
//! from a page the administrator trusts as secure); and the page's own
//! Content Security Policy must allow the endpoint's origin.
//!
//! The same check runs in Settings (an endpoint the page could never reach
//! is not saved) and before every call (a stored choice made on another
//! host, or a policy changed since).

use thiserror::Error;

use super::policy::ConnectPolicy;
use crate::values::EndpointUrl;

/// What the page knows about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageContext {
    /// `scheme://host[:port]` of the page.
    pub origin: String,
    /// Its Content Security Policy's `connect-src`.
    pub connect: ConnectPolicy,
}

impl PageContext {
    pub fn new(origin: &str, policy: Option<&str>) -> PageContext {
        PageContext {
            origin: origin.to_ascii_lowercase(),
            connect: ConnectPolicy::from_policy(policy),
        }
    }

    /// Served over https.
    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }

    /// Served from this machine (the local development receiver is then the
    /// default endpoint).
    pub fn is_local(&self) -> bool {
        let rest = self.origin.split_once("://").map_or("", |(_, r)| r);
        let host = match rest.rsplit_once(':') {
            Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => rest,
        };
        matches!(host, "localhost" | "127.0.0.1" | "[::1]")
    }
}

/// Why nothing may be sent to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DestinationRefused {
    #[error("Choose the service endpoint in Settings first.")]
    NotChosen,
    #[error("This page is served over https, so it never sends to {url}, an http:// endpoint: the browser would block it, and the data would travel unencrypted. Choose an https:// endpoint in Settings.")]
    InsecureFromHttpsPage { url: String },
    #[error("This page's Content Security Policy does not allow it to connect to {origin} (it allows: {allowed}), so the browser would block every call. Choose an endpoint it allows, or ask whoever hosts this console to add {origin} to connect-src in index.html.")]
    NotAllowedByPolicy { origin: String, allowed: String },
}

/// `Ok` when the page may send to `endpoint`.
pub fn check_destination(
    endpoint: Option<&EndpointUrl>,
    page: &PageContext,
) -> Result<(), DestinationRefused> {
    let url = endpoint.ok_or(DestinationRefused::NotChosen)?;
    if page.is_https() && url.is_http() {
        return Err(DestinationRefused::InsecureFromHttpsPage {
            url: url.to_string(),
        });
    }
    if !page.connect.allows(url.as_str(), &page.origin) {
        return Err(DestinationRefused::NotAllowedByPolicy {
            origin: url.origin().to_owned(),
            allowed: page.connect.sources().join(" "),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "default-src 'self'; connect-src 'self' https://*.gateway.prod.island.powerapps.com http://127.0.0.1:* http://localhost:*";

    fn url(s: &str) -> EndpointUrl {
        EndpointUrl::parse(s).unwrap()
    }

    #[test]
    fn an_https_page_refuses_every_http_endpoint_even_local_ones() {
        let page = PageContext::new("https://console.contoso.com", Some(POLICY));
        let refused = check_destination(Some(&url("http://127.0.0.1:8081/")), &page);
        assert_eq!(
            refused,
            Err(DestinationRefused::InsecureFromHttpsPage {
                url: "http://127.0.0.1:8081/".into()
            })
        );
        assert!(refused.unwrap_err().to_string().contains("https://"));
        assert_eq!(
            check_destination(
                Some(&url(
                    "https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/"
                )),
                &page
            ),
            Ok(())
        );
    }

    #[test]
    fn an_http_page_on_this_machine_may_use_the_local_receiver() {
        let page = PageContext::new("http://127.0.0.1:8080", Some(POLICY));
        assert!(page.is_local() && !page.is_https());
        assert_eq!(
            check_destination(Some(&url("http://127.0.0.1:8081/")), &page),
            Ok(())
        );
    }

    #[test]
    fn an_origin_outside_the_policy_is_named_with_what_is_allowed() {
        let page = PageContext::new("https://console.contoso.com", Some(POLICY));
        let error =
            check_destination(Some(&url("https://gw.contoso.com/einvoicing/")), &page).unwrap_err();
        assert_eq!(
            error,
            DestinationRefused::NotAllowedByPolicy {
                origin: "https://gw.contoso.com".into(),
                allowed: "'self' https://*.gateway.prod.island.powerapps.com http://127.0.0.1:* http://localhost:*".into(),
            }
        );
        // Without a policy (a host that sets none) every https endpoint goes.
        let open = PageContext::new("https://console.contoso.com", None);
        assert_eq!(
            check_destination(Some(&url("https://gw.contoso.com/einvoicing/")), &open),
            Ok(())
        );
    }

    #[test]
    fn no_endpoint_is_refused_and_local_pages_are_recognised() {
        let page = PageContext::new("https://console.contoso.com", None);
        assert_eq!(
            check_destination(None, &page),
            Err(DestinationRefused::NotChosen)
        );
        assert!(!page.is_local());
        assert!(PageContext::new("http://localhost:8080", None).is_local());
        assert!(PageContext::new("http://127.0.0.1", None).is_local());
        assert!(!PageContext::new("http://localhost.evil.example", None).is_local());
        assert!(!PageContext::new("http://127.0.0.1.evil.example:80", None).is_local());
    }
}
