//! The workspace's settings: the service endpoint, a published one by
//! geography and instance, or another one by URL; how long Publish waits
//! for the service; and sign-in (tenant, client ID, scope, authority).

use serde_json::Value;

use super::Builder;
use crate::auth::{Scope, SignInSettings};
use crate::file::rule;
use crate::model::Workspace;
use crate::values::{EndpointError, EndpointUrl, Guid, RequestTimeout, ServiceEndpoint, Tenant};

const FIELDS: &[&str] = &["serviceEndpoint", "requestTimeoutSeconds", "signIn"];
const SIGN_IN_FIELDS: &[&str] = &["tenant", "clientId", "scope", "authority"];
const ENDPOINT_FIELDS: &[&str] = &["geography", "il", "url"];

impl Builder {
    pub(super) fn settings(&mut self, ws: &mut Workspace, value: &Value, at: String) {
        let Some(obj) = self.r.object(value, at, "settings object", FIELDS) else {
            return;
        };
        if let Some(value) = obj.nullable("requestTimeoutSeconds") {
            let at = obj.at("requestTimeoutSeconds");
            match value.as_u64() {
                Some(seconds) => match u32::try_from(seconds)
                    .ok()
                    .and_then(|s| RequestTimeout::try_from(s).ok())
                {
                    Some(timeout) => ws.set_timeout(timeout),
                    None => self.r.report(
                        at,
                        rule::REQUEST_TIMEOUT,
                        format!(
                            "Publish waits from {} to {} seconds; {seconds} is outside that.",
                            RequestTimeout::MIN,
                            RequestTimeout::MAX
                        ),
                    ),
                },
                None => self
                    .r
                    .expected(&at, "a whole number of seconds such as 30", value),
            }
        }
        if let Some(value) = obj.nullable("signIn") {
            self.sign_in(ws, value, obj.at("signIn"));
        }
        let Some(value) = obj.nullable("serviceEndpoint") else {
            return;
        };
        let Some(ep) = self.r.object(
            value,
            obj.at("serviceEndpoint"),
            "service endpoint",
            ENDPOINT_FIELDS,
        ) else {
            return;
        };
        let published = ep.get("geography").is_some() || ep.get("il").is_some();
        let endpoint = match (ep.get("url").is_some(), published) {
            (true, true) => {
                self.r.report(
                    ep.pointer(),
                    rule::ENDPOINT,
                    "Give either \"geography\" and \"il\" (a published endpoint) or \"url\" (another endpoint), not both.",
                );
                None
            }
            (true, false) => self
                .r
                .parse(&ep, "url", rule::ENDPOINT_URL, ServiceEndpoint::custom),
            (false, true) => {
                let code = self
                    .r
                    .required(&ep, "geography")
                    .and_then(|v| self.r.string(v, &ep.at("geography")));
                let il =
                    self.r
                        .required(&ep, "il")
                        .and_then(|v| match v.as_u64().map(u16::try_from) {
                            Some(Ok(il)) => Some(il),
                            Some(Err(_)) => {
                                self.r.report(
                                    ep.at("il"),
                                    rule::ENDPOINT,
                                    format!(
                                    "There is no instance il{v}; instance numbers are such as 101."
                                ),
                                );
                                None
                            }
                            None => {
                                self.r
                                    .expected(&ep.at("il"), "an instance number such as 101", v);
                                None
                            }
                        });
                match (code, il) {
                    (Some(code), Some(il)) => match ServiceEndpoint::geography(code, il) {
                        Ok(endpoint) => Some(endpoint),
                        Err(e) => {
                            let at = match e {
                                EndpointError::UnknownInstance { .. } => ep.at("il"),
                                _ => ep.at("geography"),
                            };
                            self.r.report(at, rule::ENDPOINT, e);
                            None
                        }
                    },
                    _ => None,
                }
            }
            (false, false) => {
                self.r.report(
                    ep.pointer(),
                    rule::REQUIRED,
                    "The service endpoint needs \"geography\" and \"il\" (a published endpoint, such as \"eu\" and 101) or \"url\" (another endpoint); or make it null.",
                );
                None
            }
        };
        if endpoint.is_some() {
            ws.set_endpoint(endpoint);
        }
    }

    /// `settings.signIn`: every field is read (and every problem reported)
    /// before it is set.
    fn sign_in(&mut self, ws: &mut Workspace, value: &Value, at: String) {
        let Some(obj) = self.r.object(value, at, "sign-in object", SIGN_IN_FIELDS) else {
            return;
        };
        let tenant = self.r.parse(&obj, "tenant", rule::TENANT, Tenant::parse);
        let client_id = self.r.parse(&obj, "clientId", rule::GUID, Guid::parse);
        let scope = self.r.parse_or(
            &obj,
            "scope",
            rule::SIGN_IN_SCOPE,
            Scope::parse,
            Scope::default,
        );
        let authority = match obj.nullable("authority") {
            None => Some(None),
            Some(_) => self
                .r
                .parse(
                    &obj,
                    "authority",
                    rule::SIGN_IN_AUTHORITY,
                    EndpointUrl::parse,
                )
                .map(Some),
        };
        if let (Some(tenant), Some(client_id), Some(scope), Some(authority)) =
            (tenant, client_id, scope, authority)
        {
            ws.set_sign_in(Some(SignInSettings {
                tenant,
                client_id,
                scope,
                authority,
            }));
        }
    }
}
