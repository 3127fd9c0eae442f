//! Forms as typed: raw text in, either a validated input or one message per
//! field out.
//!
//! The page keeps what the administrator typed in a draft and asks it, on
//! every change, for its field errors; Save is possible only when there are
//! none. The rules are the values' constructors and the workspace's
//! uniqueness checks, called here, so the page never reimplements one.

use std::fmt::Display;

use serde::{Deserialize, Serialize};

use super::connected_app::ConnectedApplicationInput;
use super::environment::{ApplicationInput, EnvironmentInput, NumberSequenceInput, User};
use super::ids::Id;
use super::key_vault::{EntryInput, EntryType, KeyVaultReferenceInput};
use super::workspace::Workspace;
use super::WorkspaceError;
use crate::values::{
    ApplicationUrl, Description, Email, EnvironmentName, Guid, Justification, KeyVaultUri, Name,
    SecretName, SequenceName, Tenant, UserId,
};

/// One message per field that fails, keyed by the draft's field name
/// (`"name"`, `"uri"`, …), in the draft's field order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(f, m)| (*f, m.as_str()))
    }
    fn push(&mut self, field: &'static str, message: impl Display) {
        if self.get(field).is_none() {
            self.0.push((field, message.to_string()));
        }
    }
    /// Keeps a value that parsed; records the message of one that did not.
    fn take<T, E: Display>(&mut self, field: &'static str, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.push(field, e)).ok()
    }
    /// Records a workspace rule that failed on a field.
    fn rule(&mut self, field: &'static str, result: Result<(), WorkspaceError>) {
        if let Err(e) = result {
            self.push(field, e);
        }
    }
    fn finish<T>(self, input: Option<T>) -> Result<T, FieldErrors> {
        match input {
            Some(input) if self.is_empty() => Ok(input),
            _ => Err(self),
        }
    }
}

/// The Key Vault reference form: Name, Description, Key Vault URI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyVaultReferenceDraft {
    pub name: String,
    pub description: String,
    pub uri: String,
}

impl KeyVaultReferenceDraft {
    /// A draft holding a saved reference's values, for editing.
    pub fn of(ws: &Workspace, id: Id) -> Option<Self> {
        let r = ws.reference(id)?;
        Some(Self {
            name: r.name().to_string(),
            description: r.description().to_string(),
            uri: r.uri().to_string(),
        })
    }

    /// `editing`: the reference being edited, so its own name is not a
    /// duplicate of itself.
    pub fn check(
        &self,
        ws: &Workspace,
        editing: Option<Id>,
    ) -> Result<KeyVaultReferenceInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", Name::parse(&self.name));
        if let Some(name) = &name {
            errors.rule("name", ws.check_reference_name(name.as_str(), editing));
        }
        let description = errors.take("description", Description::parse(&self.description));
        let uri = errors.take("uri", KeyVaultUri::parse(&self.uri));
        let input = (|| {
            Some(KeyVaultReferenceInput {
                name: name?,
                description: description?,
                uri: uri?,
            })
        })();
        errors.finish(input)
    }
}

/// The Certificates grid's line: Name, Description, Type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryDraft {
    pub name: String,
    pub description: String,
    pub entry_type: EntryType,
}

impl Default for EntryDraft {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            entry_type: EntryType::Secret,
        }
    }
}

impl EntryDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        reference: Id,
        editing: Option<Id>,
    ) -> Result<EntryInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", SecretName::parse(&self.name));
        if let (Some(name), Some(reference)) = (&name, ws.reference(reference)) {
            errors.rule(
                "name",
                Workspace::check_entry_name(reference, name.as_str(), editing),
            );
        }
        let description = errors.take("description", Description::parse(&self.description));
        let input = (|| {
            Some(EntryInput {
                name: name?,
                description: description?,
                entry_type: self.entry_type,
            })
        })();
        errors.finish(input)
    }
}

/// The service environment's own fields: Name, Description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvironmentDraft {
    pub name: String,
    pub description: String,
}

impl EnvironmentDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        editing: Option<Id>,
    ) -> Result<EnvironmentInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", EnvironmentName::parse(&self.name));
        if let Some(name) = &name {
            errors.rule("name", ws.check_environment_name(name.as_str(), editing));
        }
        let description = errors.take("description", Description::parse(&self.description));
        let input = (|| {
            Some(EnvironmentInput {
                name: name?,
                description: description?,
            })
        })();
        errors.finish(input)
    }
}

/// A Users line: User ID, Email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserDraft {
    pub user_id: String,
    pub email: String,
}

impl UserDraft {
    pub fn check(&self, ws: &Workspace, environment: Id) -> Result<User, FieldErrors> {
        let mut errors = FieldErrors::default();
        let user_id = errors.take("userId", UserId::parse(&self.user_id));
        let email = errors.take("email", Email::parse(&self.email));
        if let Some(env) = ws.environment(environment) {
            if let Some(user_id) = &user_id {
                errors.rule("userId", Workspace::check_user_id(env, user_id));
            }
            if let Some(email) = &email {
                errors.rule("email", Workspace::check_email(env, email));
            }
        }
        let input = (|| {
            Some(User {
                user_id: user_id?,
                email: email?,
            })
        })();
        errors.finish(input)
    }
}

/// An Applications line: the four GUIDs and the justification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplicationDraft {
    pub tenant_id: String,
    pub lcs_environment_id: String,
    pub application_id: String,
    pub object_id: String,
    pub justification: String,
}

impl ApplicationDraft {
    pub fn check(&self, ws: &Workspace, environment: Id) -> Result<ApplicationInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let tenant_id = errors.take("tenantId", Guid::parse(&self.tenant_id));
        let lcs_environment_id =
            errors.take("lcsEnvironmentId", Guid::parse(&self.lcs_environment_id));
        let application_id = errors.take("applicationId", Guid::parse(&self.application_id));
        if let (Some(id), Some(env)) = (&application_id, ws.environment(environment)) {
            errors.rule("applicationId", Workspace::check_application_id(env, id));
        }
        let object_id = errors.take("objectId", Guid::parse(&self.object_id));
        let justification = errors.take("justification", Justification::parse(&self.justification));
        let input = (|| {
            Some(ApplicationInput {
                tenant_id: tenant_id?,
                lcs_environment_id: lcs_environment_id?,
                application_id: application_id?,
                object_id: object_id?,
                justification: justification?,
            })
        })();
        errors.finish(input)
    }
}

/// A Number sequences line: Name, Description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberSequenceDraft {
    pub name: String,
    pub description: String,
}

impl NumberSequenceDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        environment: Id,
        editing: Option<Id>,
    ) -> Result<NumberSequenceInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", SequenceName::parse(&self.name));
        if let (Some(name), Some(env)) = (&name, ws.environment(environment)) {
            errors.rule(
                "name",
                Workspace::check_sequence_name(env, name.as_str(), editing),
            );
        }
        let description = errors.take("description", Description::parse(&self.description));
        let input = (|| {
            Some(NumberSequenceInput {
                name: name?,
                description: description?,
            })
        })();
        errors.finish(input)
    }
}

/// The connected application form: Name, Application (URL), Tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectedApplicationDraft {
    pub name: String,
    pub url: String,
    pub tenant: String,
}

impl ConnectedApplicationDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        editing: Option<Id>,
    ) -> Result<ConnectedApplicationInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", Name::parse(&self.name));
        if let Some(name) = &name {
            errors.rule("name", ws.check_connected_name(name.as_str(), editing));
        }
        let url = errors.take("url", ApplicationUrl::parse(&self.url));
        let tenant = errors.take("tenant", Tenant::parse(&self.tenant));
        let input = (|| {
            Some(ConnectedApplicationInput {
                name: name?,
                url: url?,
                tenant: tenant?,
            })
        })();
        errors.finish(input)
    }
}

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

    pub fn check(&self) -> Result<crate::auth::SignInSettings, FieldErrors> {
        use crate::auth::{Scope, SignInSettings};
        use crate::values::EndpointUrl;
        let mut errors = FieldErrors::default();
        let tenant = errors.take("tenant", Tenant::parse(&self.tenant));
        let client_id = errors.take("clientId", Guid::parse(&self.client_id));
        let scope = if self.scope.trim().is_empty() {
            Some(Scope::default())
        } else {
            errors.take("scope", Scope::parse(&self.scope))
        };
        let authority = if self.authority.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take("authority", EndpointUrl::parse(&self.authority))
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
