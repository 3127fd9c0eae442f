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
//!
//! While the page shows the sample workspace ([`crate::sample`]), nothing
//! is sent at all, whatever the endpoint: the sample is for exploring, and
//! publishing its made-up environments to a real service (or its number
//! sequences) would mix it with the administrator's own.

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
    /// It shows the sample workspace, which is never sent anywhere.
    pub sample: bool,
}

impl PageContext {
    pub fn new(origin: &str, policy: Option<&str>) -> PageContext {
        PageContext {
            origin: origin.to_ascii_lowercase(),
            connect: ConnectPolicy::from_policy(policy),
            sample: false,
        }
    }

    /// The same page, showing the sample workspace (`true`) or the
    /// administrator's own.
    pub fn showing_sample(self, sample: bool) -> PageContext {
        PageContext { sample, ..self }
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
    #[error("This is the sample workspace: it is never sent to a service. Go back to your own workspace to publish.")]
    SampleWorkspace,
    #[error("Choose the service endpoint in Settings first.")]
    NotChosen,
    #[error("This page is served over https, so it never sends to {url}, an http:// endpoint: the browser would block it, and the data would travel unencrypted. Choose an https:// endpoint in Settings.")]
    InsecureFromHttpsPage { url: String },
    #[error("This page's Content Security Policy does not allow it to connect to {origin} (it allows: {allowed}), so the browser would block every call. Choose an endpoint it allows, or ask whoever hosts this console to add {origin} to its connect-src (packaged with EINVOICING_CONNECT_SRC, see its hosting README).")]
    NotAllowedByPolicy { origin: String, allowed: String },
}

/// `Ok` when the page may send to `endpoint`.
pub fn check_destination(
    endpoint: Option<&EndpointUrl>,
    page: &PageContext,
) -> Result<(), DestinationRefused> {
    if page.sample {
        return Err(DestinationRefused::SampleWorkspace);
    }
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
    fn the_sample_workspace_is_never_sent_anywhere() {
        let local = PageContext::new("http://127.0.0.1:8080", Some(POLICY));
        let secure = PageContext::new("https://console.contoso.com", Some(POLICY));
        let geography =
            url("https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/");
        let receiver = url("http://127.0.0.1:8081/");
        // Endpoints the administrator's own workspace may use...
        assert_eq!(check_destination(Some(&receiver), &local), Ok(()));
        assert_eq!(check_destination(Some(&geography), &secure), Ok(()));
        // ...are all refused while the sample is shown, and so is none.
        for (endpoint, page) in [
            (Some(&receiver), &local),
            (Some(&geography), &secure),
            (None, &secure),
        ] {
            let sample = page.clone().showing_sample(true);
            assert!(sample.is_local() == page.is_local() && sample.origin == page.origin);
            let refused = check_destination(endpoint, &sample).unwrap_err();
            assert_eq!(refused, DestinationRefused::SampleWorkspace);
            assert_eq!(
                refused.to_string(),
                "This is the sample workspace: it is never sent to a service. Go back to your own workspace to publish."
            );
        }
        // Back in the administrator's own workspace, the same page sends.
        assert_eq!(
            check_destination(
                Some(&receiver),
                &local.clone().showing_sample(true).showing_sample(false)
            ),
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
