//! Settings' Sign-in form.

use serde::{Deserialize, Serialize};

use super::{draft_fields, FieldErrors};
use crate::values::{Guid, Tenant};

/// Settings' Sign-in form: Tenant, Client ID, Scope (empty: the service's
/// default) and Authority (empty: public Azure's for the tenant).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInDraft {
    pub tenant: String,
    pub client_id: String,
    pub scope: String,
    pub authority: String,
}

impl SignInDraft {
    /// The form showing `settings` (the defaults left empty).
    pub fn of(settings: Option<&crate::auth::SignInSettings>) -> SignInDraft {
        match settings {
            None => SignInDraft::default(),
            Some(s) => SignInDraft {
                tenant: s.tenant.to_string(),
                client_id: s.client_id.to_string(),
                scope: Some(s.scope.as_str().to_string())
                    .filter(|_| s.scope != crate::auth::Scope::default())
                    .unwrap_or_default(),
                authority: s
                    .authority
                    .as_ref()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
            },
        }
    }

    pub fn check(&self) -> Result<crate::auth::SignInSettings, FieldErrors<SignInFormField>> {
        use crate::auth::{Scope, SignInSettings};
        use crate::values::EndpointUrl;
        let mut errors = FieldErrors::default();
        let tenant = errors.take(SignInFormField::Tenant, Tenant::parse(&self.tenant));
        let client_id = errors.take(SignInFormField::ClientId, Guid::parse(&self.client_id));
        let scope = if self.scope.trim().is_empty() {
            Some(Scope::default())
        } else {
            errors.take(SignInFormField::Scope, Scope::parse(&self.scope))
        };
        let authority = if self.authority.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take(
                    SignInFormField::Authority,
                    EndpointUrl::parse(&self.authority),
                )
                .map(Some)
        };
        let input = (|| {
            Some(SignInSettings {
                tenant: tenant?,
                client_id: client_id?,
                scope: scope?,
                authority: authority?,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(SignInDraft, SignInFormField {
    /// Tenant.
    Tenant => tenant,
    /// Client ID.
    ClientId => client_id,
    /// Scope.
    Scope => scope,
    /// Authority.
    Authority => authority,
});
