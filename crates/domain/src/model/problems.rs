//! What stands between an environment and Publish.
//!
//! Field values are valid by construction; what can still block a publish
//! is the environment as a whole: no Storage SAS token secret, no users, a
//! chain of certificates with no members, a Key Vault URI refused since it
//! was stored, an application with no name. Each problem names the field it
//! belongs to, the same [`EnvironmentField`] a service error's JSON pointer
//! maps to, so the page shows both kinds at the same place.

use super::Id;

/// A place in an environment's publish payload (and so on its page).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnvironmentField {
    Name,
    Description,
    DataverseEndpointUri,
    StorageSasTokenSecret,
    /// The Users list as a whole.
    Users,
    /// One user, by position, and optionally one of its fields (`userId`,
    /// `email`).
    User {
        index: usize,
        field: Option<String>,
    },
    Applications,
    Application {
        index: usize,
        field: Option<String>,
    },
    /// A Key Vault reference the payload carries, by position in the
    /// payload, and optionally a path inside it (`certificates/2/chain`).
    KeyVaultReference {
        index: usize,
        path: Option<String>,
    },
    NumberSequence {
        index: usize,
        field: Option<String>,
    },
    /// A pointer this page does not know; shown with the environment.
    Other(String),
}

impl EnvironmentField {
    /// Maps an RFC 6901 JSON pointer into the publish payload
    /// (`/users/3/email`) to the field it names.
    pub fn from_pointer(pointer: &str) -> EnvironmentField {
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let other = || EnvironmentField::Other(pointer.to_string());
        let index = |i: usize| tokens.get(i).and_then(|t| t.parse::<usize>().ok());
        let rest = |i: usize| {
            if tokens.len() > i {
                Some(tokens[i..].join("/"))
            } else {
                None
            }
        };
        if !pointer.starts_with('/') {
            return other();
        }
        match tokens.first().map(String::as_str) {
            Some("name") => EnvironmentField::Name,
            Some("description") => EnvironmentField::Description,
            Some("dataverseEndpointUri") => EnvironmentField::DataverseEndpointUri,
            Some("storageSasTokenSecret") => EnvironmentField::StorageSasTokenSecret,
            Some("users") => match index(1) {
                Some(index) => EnvironmentField::User {
                    index,
                    field: rest(2),
                },
                None if tokens.len() == 1 => EnvironmentField::Users,
                None => other(),
            },
            Some("applications") => match index(1) {
                Some(index) => EnvironmentField::Application {
                    index,
                    field: rest(2),
                },
                None if tokens.len() == 1 => EnvironmentField::Applications,
                None => other(),
            },
            Some("keyVaultReferences") => match index(1) {
                Some(index) => EnvironmentField::KeyVaultReference {
                    index,
                    path: rest(2),
                },
                None => other(),
            },
            Some("numberSequences") => match index(1) {
                Some(index) => EnvironmentField::NumberSequence {
                    index,
                    field: rest(2),
                },
                None => other(),
            },
            _ => other(),
        }
    }
}

/// One thing that blocks Publish, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub environment: Id,
    pub field: EnvironmentField,
    pub message: String,
}
