//! The Service environments page's forms: an environment's own fields, and
//! a line of its Users, Applications and Number sequences.

use serde::{Deserialize, Serialize};

use super::{draft_fields, FieldErrors};
use crate::model::environment::{ApplicationInput, EnvironmentInput, NumberSequenceInput, User};
use crate::model::ids::Id;
use crate::model::problems::EnvironmentField;
use crate::model::workspace::Workspace;
use crate::values::{
    DataverseUri, Description, Email, EnvironmentName, Guid, Justification, Name, SequenceName,
    UserId,
};

/// The service environment's own fields: Name, Description, Dataverse
/// endpoint URI (optional: empty for none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvironmentDraft {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub dataverse_endpoint: String,
}

impl EnvironmentDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        editing: Option<Id>,
    ) -> Result<EnvironmentInput, FieldErrors<EnvironmentFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(
            EnvironmentFormField::Name,
            EnvironmentName::parse(&self.name),
        );
        if let Some(name) = &name {
            errors.rule(
                EnvironmentFormField::Name,
                ws.check_environment_name(name.as_str(), editing),
            );
        }
        let description = errors.take(
            EnvironmentFormField::Description,
            Description::parse(&self.description),
        );
        let dataverse_endpoint = if self.dataverse_endpoint.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take(
                    EnvironmentFormField::DataverseEndpoint,
                    DataverseUri::parse(&self.dataverse_endpoint),
                )
                .map(Some)
        };
        let input = (|| {
            Some(EnvironmentInput {
                name: name?,
                description: description?,
                dataverse_endpoint: dataverse_endpoint?,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(EnvironmentDraft, EnvironmentFormField {
    /// Name.
    Name => name,
    /// Description.
    Description => description,
    /// Dataverse endpoint URI.
    DataverseEndpoint => dataverse_endpoint,
});

/// Where the service's errors about the same field are placed.
impl From<EnvironmentFormField> for EnvironmentField {
    fn from(field: EnvironmentFormField) -> EnvironmentField {
        match field {
            EnvironmentFormField::Name => EnvironmentField::Name,
            EnvironmentFormField::Description => EnvironmentField::Description,
            EnvironmentFormField::DataverseEndpoint => EnvironmentField::DataverseEndpointUri,
        }
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
    pub fn check(
        &self,
        ws: &Workspace,
        environment: Id,
    ) -> Result<User, FieldErrors<UserFormField>> {
        let mut errors = FieldErrors::default();
        let user_id = errors.take(UserFormField::UserId, UserId::parse(&self.user_id));
        let email = errors.take(UserFormField::Email, Email::parse(&self.email));
        if let Some(env) = ws.environment(environment) {
            if let Some(user_id) = &user_id {
                errors.rule(
                    UserFormField::UserId,
                    Workspace::check_user_id(env, user_id),
                );
            }
            if let Some(email) = &email {
                errors.rule(UserFormField::Email, Workspace::check_email(env, email));
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

draft_fields!(UserDraft, UserFormField {
    /// User ID (the alias).
    UserId => user_id,
    /// Email.
    Email => email,
});

/// An Applications line: the four GUIDs and the justification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplicationDraft {
    #[serde(default)]
    pub name: String,
    pub tenant_id: String,
    pub lcs_environment_id: String,
    pub application_id: String,
    pub object_id: String,
    pub justification: String,
}

impl ApplicationDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        environment: Id,
    ) -> Result<ApplicationInput, FieldErrors<ApplicationFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(ApplicationFormField::Name, Name::parse(&self.name));
        let tenant_id = errors.take(ApplicationFormField::TenantId, Guid::parse(&self.tenant_id));
        let lcs_environment_id = errors.take(
            ApplicationFormField::LcsEnvironmentId,
            Guid::parse(&self.lcs_environment_id),
        );
        let application_id = errors.take(
            ApplicationFormField::ApplicationId,
            Guid::parse(&self.application_id),
        );
        if let (Some(id), Some(env)) = (&application_id, ws.environment(environment)) {
            errors.rule(
                ApplicationFormField::ApplicationId,
                Workspace::check_application_id(env, id),
            );
        }
        let object_id = errors.take(ApplicationFormField::ObjectId, Guid::parse(&self.object_id));
        let justification = errors.take(
            ApplicationFormField::Justification,
            Justification::parse(&self.justification),
        );
        let input = (|| {
            Some(ApplicationInput {
                name: Some(name?),
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

draft_fields!(ApplicationDraft, ApplicationFormField {
    /// Name (the application's display name).
    Name => name,
    /// AAD Tenant ID.
    TenantId => tenant_id,
    /// LCS Environment ID.
    LcsEnvironmentId => lcs_environment_id,
    /// Application (client) ID.
    ApplicationId => application_id,
    /// Object ID (the enterprise application's).
    ObjectId => object_id,
    /// Justification.
    Justification => justification,
});

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
    ) -> Result<NumberSequenceInput, FieldErrors<SequenceFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(SequenceFormField::Name, SequenceName::parse(&self.name));
        if let (Some(name), Some(env)) = (&name, ws.environment(environment)) {
            errors.rule(
                SequenceFormField::Name,
                Workspace::check_sequence_name(env, name.as_str(), editing),
            );
        }
        let description = errors.take(
            SequenceFormField::Description,
            Description::parse(&self.description),
        );
        let input = (|| {
            Some(NumberSequenceInput {
                name: name?,
                description: description?,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(NumberSequenceDraft, SequenceFormField {
    /// Name.
    Name => name,
    /// Description.
    Description => description,
});
