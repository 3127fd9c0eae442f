//! The changes since publish: what differs between a published
//! environment's content and what it sent at its last publish, field by
//! field, as sentences an administrator reads in a list before publishing
//! or discarding.
//!
//! Lists are compared by what identifies their items, not by position:
//! users by User ID, applications by Application (client) ID, Key Vault
//! references by name, entries and chains by name within their reference.
//! So a user removed and added again is no change, while the order of a
//! chain of certificates' members is (root first matters). The status is Changed exactly
//! when this list is not empty ([`crate::status`]).
//!
//! A change inside a Key Vault reference (its description or URI, its
//! entries) is shared by every environment that carries the reference:
//! discarding one environment's changes does not undo it, and
//! [`Change::is_shared`] says so.
//!
//! - this file: the changes themselves and the two entry points;
//! - [`lists`]: lists compared by what identifies their items;
//! - [`words`]: each change as the sentence the page shows.

mod lists;
mod words;

use crate::model::{EntryType, Id, Workspace};
use crate::payload::{content, EnvironmentContent};

/// A field of an application allowed to call the service (its
/// Application (client) ID identifies it and is never "changed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationField {
    Name,
    TenantId,
    LcsEnvironmentId,
    ObjectId,
    Justification,
}

impl ApplicationField {
    /// The field's label on the page.
    pub fn label(self) -> &'static str {
        match self {
            ApplicationField::Name => "Name",
            ApplicationField::TenantId => "AAD Tenant ID",
            ApplicationField::LcsEnvironmentId => "LCS Environment ID",
            ApplicationField::ObjectId => "Object ID",
            ApplicationField::Justification => "Justification",
        }
    }
}

/// A field of a Key Vault reference (its name identifies it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceField {
    Description,
    Uri,
}

impl ReferenceField {
    pub fn label(self) -> &'static str {
        match self {
            ReferenceField::Description => "Description",
            ReferenceField::Uri => "Key Vault URI",
        }
    }
}

/// A field of a certificate or secret entry (its name identifies it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryField {
    Description,
    Type,
}

/// A field of a chain of certificates (its name identifies it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChainField {
    Description,
    /// Its members, root first.
    Certificates,
}

/// One difference between an environment and what it last published.
/// Values are as the payload carries them (names, not ids); `from` is the
/// published value, `to` the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    NameChanged {
        from: String,
        to: String,
    },
    DescriptionChanged {
        from: String,
        to: String,
    },
    /// Empty for none.
    DataverseChanged {
        from: String,
        to: String,
    },
    /// `reference/secret` labels; `None` for no secret.
    SasSecretChanged {
        from: Option<String>,
        to: Option<String>,
        /// The published secret (or its reference) was renamed or deleted
        /// in Key Vault parameters, so discard cannot choose it again.
        shared: bool,
    },
    UserAdded {
        user_id: String,
        email: String,
    },
    UserRemoved {
        user_id: String,
        email: String,
    },
    UserEmailChanged {
        user_id: String,
        from: String,
        to: String,
    },
    ApplicationAdded {
        application_id: String,
    },
    ApplicationRemoved {
        application_id: String,
    },
    ApplicationChanged {
        application_id: String,
        field: ApplicationField,
        from: String,
        to: String,
    },
    ReferenceAdded {
        name: String,
        /// Carried because of a Storage SAS token secret discard cannot
        /// change back (see [`Change::SasSecretChanged`]).
        shared: bool,
    },
    ReferenceRemoved {
        name: String,
        /// No reference of that name exists any more (renamed or deleted
        /// in Key Vault parameters), so discard cannot carry it again.
        shared: bool,
    },
    ReferenceChanged {
        reference: String,
        field: ReferenceField,
        from: String,
        to: String,
    },
    EntryAdded {
        reference: String,
        name: String,
        entry_type: EntryType,
    },
    EntryRemoved {
        reference: String,
        name: String,
        entry_type: EntryType,
    },
    /// For [`EntryField::Type`] the values are the type labels.
    EntryChanged {
        reference: String,
        name: String,
        field: EntryField,
        from: String,
        to: String,
    },
    ChainAdded {
        reference: String,
        name: String,
    },
    ChainRemoved {
        reference: String,
        name: String,
    },
    /// For [`ChainField::Certificates`] the member names joined by `, `.
    ChainChanged {
        reference: String,
        name: String,
        field: ChainField,
        from: String,
        to: String,
    },
}

impl Change {
    /// Whether the change was made in Key Vault parameters (shared by every
    /// environment that carries the reference), so discarding this
    /// environment's changes does not undo it.
    pub fn is_shared(&self) -> bool {
        match self {
            Change::SasSecretChanged { shared, .. }
            | Change::ReferenceAdded { shared, .. }
            | Change::ReferenceRemoved { shared, .. } => *shared,
            Change::ReferenceChanged { .. }
            | Change::EntryAdded { .. }
            | Change::EntryRemoved { .. }
            | Change::EntryChanged { .. }
            | Change::ChainAdded { .. }
            | Change::ChainRemoved { .. }
            | Change::ChainChanged { .. } => true,
            _ => false,
        }
    }

    /// Whether the change is inside a Key Vault reference (its own fields
    /// or its entries), which no environment's discard ever touches.
    pub fn is_inside_reference(&self) -> bool {
        matches!(
            self,
            Change::ReferenceChanged { .. }
                | Change::EntryAdded { .. }
                | Change::EntryRemoved { .. }
                | Change::EntryChanged { .. }
                | Change::ChainAdded { .. }
                | Change::ChainRemoved { .. }
                | Change::ChainChanged { .. }
        )
    }
}

/// What a shared change's message ends with.
pub const SHARED_NOTE: &str = "changed in Key Vault parameters; discard does not undo it";

/// The changes of environment `env` since its last publish, in the order
/// of the page (own fields, Storage SAS token secret, users, applications,
/// Key Vault references); empty when it was never published or nothing
/// changed.
pub fn changes(ws: &Workspace, env: Id) -> Vec<Change> {
    let Some(environment) = ws.environment(env) else {
        return Vec::new();
    };
    let Some(publication) = environment.publication() else {
        return Vec::new();
    };
    let then = EnvironmentContent::from(&publication.snapshot);
    let now = content(ws, environment);
    if then == now {
        return Vec::new();
    }
    let mut list = between(&then, &now);
    // Which of the environment's own choices discard cannot make again,
    // because what it chose was renamed or deleted in Key Vault parameters.
    let sas_restorable = ws
        .published_secret(&publication.snapshot.storage_sas_token_secret)
        .is_some();
    let sas_reference = now
        .storage_sas_token_secret
        .as_ref()
        .map(|s| s.key_vault_reference.as_str());
    for change in &mut list {
        match change {
            Change::SasSecretChanged { shared, .. } => *shared = !sas_restorable,
            Change::ReferenceRemoved { name, shared } => {
                *shared = ws.reference_named(name).is_none();
            }
            Change::ReferenceAdded { name, shared } => {
                *shared = !sas_restorable && sas_reference == Some(name.as_str());
            }
            _ => {}
        }
    }
    list
}
/// The changes from `then` (what was published) to `now`, each inside
/// a Key Vault reference marked shared, the others not.
pub fn between(then: &EnvironmentContent, now: &EnvironmentContent) -> Vec<Change> {
    let mut list = Vec::new();
    if then.name != now.name {
        list.push(Change::NameChanged {
            from: then.name.clone(),
            to: now.name.clone(),
        });
    }
    if then.description != now.description {
        list.push(Change::DescriptionChanged {
            from: then.description.clone(),
            to: now.description.clone(),
        });
    }
    if then.dataverse_endpoint_uri != now.dataverse_endpoint_uri {
        list.push(Change::DataverseChanged {
            from: then.dataverse_endpoint_uri.clone().unwrap_or_default(),
            to: now.dataverse_endpoint_uri.clone().unwrap_or_default(),
        });
    }
    let references =
        lists::reference_changes(&then.key_vault_references, &now.key_vault_references);
    list.extend(lists::sas_change(
        then.storage_sas_token_secret.as_ref(),
        now.storage_sas_token_secret.as_ref(),
        &references,
    ));
    lists::user_changes(&then.users, &now.users, &mut list);
    lists::application_changes(&then.applications, &now.applications, &mut list);
    list.extend(references);
    list
}
