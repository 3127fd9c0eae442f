//! What Settings' Sign-in section holds: the tenant, the client ID of the
//! administrator's own single-page app registration, the scope and the
//! authority, and the two URLs of the authority the page talks to.
//!
//! The authority defaults to `https://login.microsoftonline.com/{tenant}/`
//! and can be another one (a sovereign cloud, the local double); it is an
//! [`EndpointUrl`], so https only (http only for localhost / 127.0.0.1).

use serde::{Deserialize, Serialize};

use super::flow::PendingSignIn;
use crate::publish::{encode_segment, Method, PageContext, Request};
use crate::values::{refuse_secret, EndpointUrl, Guid, SecretRefused, Tenant};

/// The Electronic invoicing service's application ID (RCS's Electronic
/// invoicing parameters): the Entra resource its access tokens are for.
pub const SERVICE_APPLICATION_ID: &str = "0cdb527f-a8d1-4bf8-9436-b352c68682b2";

/// Public Azure's sign-in host.
pub const PUBLIC_AUTHORITY_HOST: &str = "https://login.microsoftonline.com";

/// The scope(s) asked for: space-separated scope tokens (RFC 6749 section
/// 3.3), by default the service's `/.default`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Scope(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter the scope to ask for, for example {SERVICE_APPLICATION_ID}/.default (the Electronic invoicing service).")]
    Empty,
    #[error("The scope is {count} characters long; it may be at most 1000 characters.")]
    TooLong { count: usize },
    #[error("A scope may not contain {found}: separate scopes with single spaces, and use no quotes or backslashes.")]
    InvalidCharacter { found: String },
}

impl Scope {
    pub fn parse(input: &str) -> Result<Scope, ScopeError> {
        refuse_secret(input)?;
        let tokens: Vec<&str> = input.split_ascii_whitespace().collect();
        if tokens.is_empty() {
            return Err(ScopeError::Empty);
        }
        let value = tokens.join(" ");
        let count = value.chars().count();
        if count > 1000 {
            return Err(ScopeError::TooLong { count });
        }
        // scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        if let Some(c) = value.chars().find(|&c| {
            c != ' ' && !(c == '!' || ('#'..='[').contains(&c) || (']'..='~').contains(&c))
        }) {
            let found = match c {
                '"' => "a quote".to_string(),
                '\\' => "a backslash".to_string(),
                c if c.is_control() => format!("the control character U+{:04X}", c as u32),
                c => format!("'{c}'"),
            };
            return Err(ScopeError::InvalidCharacter { found });
        }
        Ok(Scope(value))
    }

    /// The Electronic invoicing service's `/.default` scope.
    pub fn service_default() -> Scope {
        Scope(format!("{SERVICE_APPLICATION_ID}/.default"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Scope {
    fn default() -> Scope {
        Scope::service_default()
    }
}

crate::values::string_value!(Scope, ScopeError);

/// The Sign-in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInSettings {
    pub tenant: Tenant,
    /// The application (client) ID of the administrator's own single-page
    /// application registration.
    pub client_id: Guid,
    pub scope: Scope,
    /// `None`: public Azure's, for the tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<EndpointUrl>,
}

/// `key=value` pairs, percent-encoded (`application/x-www-form-urlencoded`
/// with `%20` for spaces, which every server reads).
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_segment(k), encode_segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl SignInSettings {
    /// The authority in use, ending with `/`.
    pub fn authority(&self) -> String {
        match &self.authority {
            Some(url) => url.as_str().to_string(),
            None => format!(
                "{PUBLIC_AUTHORITY_HOST}/{}/",
                encode_segment(self.tenant.as_str())
            ),
        }
    }

    /// The authority's origin (`scheme://host[:port]`), which the page's
    /// Content Security Policy must allow for the token request.
    pub fn authority_origin(&self) -> String {
        let authority = self.authority();
        let after = authority.find("://").map_or(0, |i| i + 3);
        let end = authority[after..]
            .find('/')
            .map_or(authority.len(), |i| after + i);
        authority[..end].to_string()
    }

    /// What is asked for: sign-in (`openid profile`) and the configured
    /// scope. No `offline_access`: the console keeps no refresh token
    /// anywhere; when the access token expires, the administrator signs in
    /// again (Entra's own session makes that one redirect).
    pub fn requested_scope(&self) -> String {
        format!("openid profile {}", self.scope.as_str())
    }

    /// The authorization request the browser is sent to (same tab).
    pub fn authorize_url(&self, pending: &PendingSignIn) -> String {
        let challenge = pending.verifier.challenge();
        let scope = self.requested_scope();
        format!(
            "{}oauth2/v2.0/authorize?{}",
            self.authority(),
            form(&[
                ("client_id", self.client_id.as_str()),
                ("response_type", "code"),
                ("redirect_uri", &pending.redirect_uri),
                ("response_mode", "query"),
                ("scope", &scope),
                ("state", &pending.state),
                ("nonce", &pending.nonce),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
            ])
        )
    }

    /// Why this page could not finish a sign-in at this authority (its
    /// token request is a `fetch` from the page), or `None`: an https page
    /// never calls an http authority, and the page's Content Security
    /// Policy must allow the authority's origin.
    pub fn refused_on(&self, page: &PageContext) -> Option<String> {
        let origin = self.authority_origin();
        if page.is_https() && origin.starts_with("http://") {
            return Some(format!(
                "This page is served over https, so it cannot call the authority {origin} over http. Use an https authority."
            ));
        }
        if !page.connect.allows(&self.token_url(), &page.origin) {
            return Some(format!(
                "This page's Content Security Policy does not allow connecting to {origin}, so the sign-in could not be finished there. It allows: {}. Ask whoever hosts the console to add the authority to connect-src.",
                page.connect.sources().join(" ")
            ));
        }
        None
    }

    /// The token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}oauth2/v2.0/token", self.authority())
    }

    /// The token request for `code`: a form `POST` to the token endpoint
    /// (a simple request, so the browser sends no preflight).
    pub fn token_call(&self, code: &str, pending: &PendingSignIn) -> Request {
        Request {
            method: Method::Post,
            url: self.token_url(),
            headers: vec![
                (
                    "Content-Type",
                    "application/x-www-form-urlencoded".to_string(),
                ),
                ("Accept", "application/json".to_string()),
            ],
            body: Some(self.token_request(code, pending)),
        }
    }

    /// The token request's form body for `code` (the verifier and the
    /// redirect URI must be those of the authorization request).
    pub fn token_request(&self, code: &str, pending: &PendingSignIn) -> String {
        let scope = self.requested_scope();
        form(&[
            ("client_id", self.client_id.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &pending.redirect_uri),
            ("code_verifier", pending.verifier.expose()),
            ("scope", &scope),
        ])
    }
}
