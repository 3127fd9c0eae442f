//! The requests of the contract, as data: method, absolute URL, headers and
//! body. Names travel percent-encoded as one path segment, so a name can
//! never reach another path; every request asks for JSON and carries the
//! bearer token when the administrator supplied one.

use crate::payload::NumberSequencePayload;
use crate::values::EndpointUrl;

use super::attempt::{Precondition, PublishAttempt};
use super::token::{AccessToken, BoundToken};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Delete,
    /// Only the sign-in's token request (a form post to the authority).
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Post => "POST",
        }
    }
}

/// One HTTP request to the service endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl Request {
    /// The value of header `name` (compared without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Debug output never shows the token.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("authorization") {
                    (*n, "Bearer (hidden)")
                } else {
                    (*n, v.as_str())
                }
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// Percent-encodes `segment` as one URL path segment (RFC 3986): every byte
/// but the unreserved characters is escaped, `/` included.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Where requests go and with which token.
#[derive(Debug, Clone, Copy)]
pub struct Service<'a> {
    pub base: &'a EndpointUrl,
    /// Only a token bound to `base`'s origin is ever here.
    token: Option<&'a AccessToken>,
}

impl<'a> Service<'a> {
    /// Calls to `base`, carrying `token` only when it was given for
    /// `base`'s origin.
    pub fn new(base: &'a EndpointUrl, token: Option<&'a BoundToken>) -> Service<'a> {
        Service {
            base,
            token: token.and_then(|t| t.for_endpoint(base)),
        }
    }

    fn request(&self, method: Method, path: &[&str], body: Option<String>) -> Request {
        let mut url = format!("{}api/v1/environments", self.base.as_str());
        for segment in path {
            url.push('/');
            url.push_str(segment);
        }
        let mut headers = vec![("Accept", "application/json".to_string())];
        if let Some(token) = self.token {
            headers.push(("Authorization", format!("Bearer {}", token.expose())));
        }
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_string()));
        }
        Request {
            method,
            url,
            headers,
            body,
        }
    }

    /// `PUT {base}api/v1/environments/{name}` for one publish attempt.
    pub fn publish(&self, attempt: &PublishAttempt) -> Request {
        let name = encode_segment(&attempt.name);
        let mut request = self.request(Method::Put, &[&name], Some(attempt.body.clone()));
        request
            .headers
            .push(("Idempotency-Key", attempt.key.to_string()));
        match &attempt.precondition {
            Precondition::Create => request.headers.push(("If-None-Match", "*".into())),
            Precondition::Match(revision) => {
                request.headers.push(("If-Match", revision.if_match()))
            }
        }
        request
    }

    /// `GET {base}api/v1/environments`: what the service holds.
    pub fn list_environments(&self) -> Request {
        self.request(Method::Get, &[], None)
    }

    /// `GET {base}api/v1/environments/{name}`: one held environment.
    pub fn held_environment(&self, name: &str) -> Request {
        self.request(Method::Get, &[&encode_segment(name)], None)
    }

    /// `GET {base}api/v1/environments/{name}/number-sequences`.
    pub fn list_sequences(&self, environment: &str) -> Request {
        self.request(
            Method::Get,
            &[&encode_segment(environment), "number-sequences"],
            None,
        )
    }

    /// `PUT {base}api/v1/environments/{name}/number-sequences/{sequence}`.
    pub fn put_sequence(&self, environment: &str, sequence: &NumberSequencePayload) -> Request {
        let body = serde_json::to_string(sequence).expect("a sequence serialises");
        self.request(
            Method::Put,
            &[
                &encode_segment(environment),
                "number-sequences",
                &encode_segment(&sequence.name),
            ],
            Some(body),
        )
    }

    /// `DELETE {base}api/v1/environments/{name}/number-sequences/{sequence}`.
    pub fn delete_sequence(&self, environment: &str, sequence: &str) -> Request {
        self.request(
            Method::Delete,
            &[
                &encode_segment(environment),
                "number-sequences",
                &encode_segment(sequence),
            ],
            None,
        )
    }
}
