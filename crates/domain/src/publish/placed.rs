//! Where a service error belongs on the page.
//!
//! A `400`/`422` names fields by JSON pointer into the payload that was
//! sent (`/users/3/email`). Positions mean nothing to an administrator and
//! change as lists are edited, so each error is placed by what identifies
//! the item in the sent payload: the user's User ID, the application's
//! client ID, the reference's or sequence's name.

use crate::answers::ProblemError;
use crate::model::EnvironmentField;
use crate::payload::EnvironmentPayload;
use crate::values::shown;

/// One service error, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedError {
    pub field: EnvironmentField,
    /// The place in an administrator's words: `User 'ana', Email`.
    pub place: String,
    /// The User ID of the user it belongs to, when it belongs to one.
    pub user_id: Option<String>,
    /// The service's words, shown on one line with hidden characters
    /// escaped and at most 500 characters.
    pub detail: String,
}

fn field_label(field: Option<&str>) -> Option<&'static str> {
    Some(match field? {
        "userId" => "User ID",
        "email" => "Email",
        "tenantId" => "AAD Tenant ID",
        "lcsEnvironmentId" => "LCS Environment ID",
        "applicationId" => "Application (client) ID",
        "objectId" => "Object ID",
        "justification" => "Justification",
        "name" => "Name",
        "description" => "Description",
        "uri" => "Key Vault URI",
        _ => return None,
    })
}

fn with_field(item: String, field: Option<&str>) -> String {
    match (field_label(field), field) {
        (Some(label), _) => format!("{item}, {label}"),
        (None, Some(other)) => format!("{item}, {}", shown(other)),
        (None, None) => item,
    }
}

/// Places each error of a refused publish of `sent`.
pub fn place(sent: &EnvironmentPayload, errors: &[ProblemError]) -> Vec<PlacedError> {
    errors
        .iter()
        .map(|error| {
            let field = error.field();
            let mut user_id = None;
            let place = match &field {
                EnvironmentField::Name => "Name".to_string(),
                EnvironmentField::Description => "Description".to_string(),
                EnvironmentField::DataverseEndpointUri => "Dataverse endpoint URI".to_string(),
                EnvironmentField::StorageSasTokenSecret => "Storage SAS token secret".to_string(),
                EnvironmentField::Users => "Users".to_string(),
                EnvironmentField::Applications => "Applications".to_string(),
                EnvironmentField::User { index, field } => match sent.users.get(*index) {
                    Some(u) => {
                        user_id = Some(u.user_id.clone());
                        with_field(format!("User '{}'", u.user_id), field.as_deref())
                    }
                    None => with_field(format!("User {}", index + 1), field.as_deref()),
                },
                EnvironmentField::Application { index, field } => {
                    match sent.applications.get(*index) {
                        Some(a) => with_field(
                            format!("Application '{}'", a.application_id),
                            field.as_deref(),
                        ),
                        None => with_field(format!("Application {}", index + 1), field.as_deref()),
                    }
                }
                EnvironmentField::KeyVaultReference { index, path } => {
                    let item = match sent.key_vault_references.get(*index) {
                        Some(r) => format!("Key Vault reference '{}'", r.name),
                        None => format!("Key Vault reference {}", index + 1),
                    };
                    match path {
                        Some(p) => format!("{item} ({})", shown(p)),
                        None => item,
                    }
                }
                EnvironmentField::NumberSequence { index, field } => match sent
                    .number_sequences
                    .get(*index)
                {
                    Some(s) => {
                        with_field(format!("Number sequence '{}'", s.name), field.as_deref())
                    }
                    None => with_field(format!("Number sequence {}", index + 1), field.as_deref()),
                },
                EnvironmentField::Other(pointer) if pointer.is_empty() || pointer == "/" => {
                    "The environment".to_string()
                }
                EnvironmentField::Other(pointer) => format!("Field {}", shown(pointer)),
            };
            PlacedError {
                field,
                place,
                user_id,
                detail: shown(&error.detail),
            }
        })
        .collect()
}
