//! The changes since publish: what differs between a published
//! environment's content and what it sent at its last publish, field by
//! field, as sentences an administrator reads in a list before publishing
//! or discarding.
//!
//! Lists are compared by what identifies their items, not by position:
//! users by User ID, applications by Application (client) ID, Key Vault
//! references by name, entries by name within their reference. So a user
//! removed and added again is no change, while the order of a certificate
//! chain's members is (root first matters). The status is Changed exactly
//! when this list is not empty ([`crate::status`]).
//!
//! A change inside a Key Vault reference (its description or URI, its
//! entries) is shared by every environment that carries the reference:
//! discarding one environment's changes does not undo it, and
//! [`Change::is_shared`] says so.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::model::{EntryType, Id, Workspace};
use crate::payload::{
    content, ApplicationPayload, CertificatePayload, EnvironmentContent, KeyVaultReferencePayload,
    SasSecretPayload, UserPayload,
};
use crate::values::quoted;

/// A field of an application allowed to call the service (its
/// Application (client) ID identifies it and is never "changed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationField {
    TenantId,
    LcsEnvironmentId,
    ObjectId,
    Justification,
}

impl ApplicationField {
    /// The field's label on the page.
    pub fn label(self) -> &'static str {
        match self {
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
    /// A certificate chain's members, root first.
    Chain,
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
    /// For [`EntryField::Type`] the values are the type labels; for
    /// [`EntryField::Chain`] the member names joined by `, `.
    EntryChanged {
        reference: String,
        name: String,
        field: EntryField,
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
            | Change::EntryChanged { .. } => true,
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
        )
    }
}

/// What a shared change's message ends with.
pub const SHARED_NOTE: &str = "changed in Key Vault parameters; discard does not undo it";

/// An offending value inside a sentence that already brackets it: escaped
/// and shortened as [`quoted`] does, without the quotes.
fn plain(s: &str) -> String {
    let q = quoted(s);
    q[1..q.len() - 1].to_owned()
}

/// A value shown as `from`/`to`: quoted, or `none` when empty.
fn shown(s: &str, skip: usize) -> String {
    if s.is_empty() {
        return "none".into();
    }
    if skip == 0 {
        return quoted(s);
    }
    let rest: String = s.chars().skip(skip).collect();
    format!("'…{}", &quoted(&rest)[1..])
}

/// Both values of a change, so that they read differently even when they
/// differ only after the characters a quote shows: then both start a
/// little before the first difference.
fn shown_pair(from: &str, to: &str) -> (String, String) {
    let skip = if quoted(from) == quoted(to) {
        let common = from
            .chars()
            .zip(to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common.saturating_sub(10)
    } else {
        0
    };
    (shown(from, skip), shown(to, skip))
}

fn secret_shown(label: &Option<String>) -> String {
    label.as_deref().map_or_else(|| "none".into(), quoted)
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::NameChanged { from, to } => {
                let (from, to) = shown_pair(from, to);
                write!(f, "Name changed from {from} to {to}")?;
            }
            Change::DescriptionChanged { from, to } => {
                let (from, to) = shown_pair(from, to);
                write!(f, "Description changed from {from} to {to}")?;
            }
            Change::SasSecretChanged { from, to, .. } => write!(
                f,
                "Storage SAS token secret changed from {} to {}",
                secret_shown(from),
                secret_shown(to)
            )?,
            Change::UserAdded { user_id, email } => {
                write!(f, "User {} ({}) added", quoted(user_id), plain(email))?;
            }
            Change::UserRemoved { user_id, email } => {
                write!(f, "User {} ({}) removed", quoted(user_id), plain(email))?;
            }
            Change::UserEmailChanged { user_id, from, to } => {
                let (from, to) = shown_pair(from, to);
                write!(
                    f,
                    "Email of user {} changed from {from} to {to}",
                    quoted(user_id)
                )?;
            }
            Change::ApplicationAdded { application_id } => write!(
                f,
                "Application with Application (client) ID {} added",
                quoted(application_id)
            )?,
            Change::ApplicationRemoved { application_id } => write!(
                f,
                "Application with Application (client) ID {} removed",
                quoted(application_id)
            )?,
            Change::ApplicationChanged {
                application_id,
                field,
                from,
                to,
            } => {
                let (from, to) = shown_pair(from, to);
                write!(
                    f,
                    "{} of application {} changed from {from} to {to}",
                    field.label(),
                    quoted(application_id)
                )?;
            }
            Change::ReferenceAdded { name, .. } => {
                write!(f, "Key Vault reference {} added", quoted(name))?;
            }
            Change::ReferenceRemoved { name, .. } => {
                write!(f, "Key Vault reference {} removed", quoted(name))?;
            }
            Change::ReferenceChanged {
                reference,
                field,
                from,
                to,
            } => {
                let (from, to) = shown_pair(from, to);
                write!(
                    f,
                    "{} of Key Vault reference {} changed from {from} to {to}",
                    field.label(),
                    quoted(reference)
                )?;
            }
            Change::EntryAdded {
                reference,
                name,
                entry_type,
            } => write!(
                f,
                "{} {} added to Key Vault reference {}",
                entry_type.label(),
                quoted(name),
                quoted(reference)
            )?,
            Change::EntryRemoved {
                reference,
                name,
                entry_type,
            } => write!(
                f,
                "{} {} removed from Key Vault reference {}",
                entry_type.label(),
                quoted(name),
                quoted(reference)
            )?,
            Change::EntryChanged {
                reference,
                name,
                field,
                from,
                to,
            } => {
                let (name, reference) = (quoted(name), quoted(reference));
                let (shown_from, shown_to) = shown_pair(from, to);
                match field {
                    EntryField::Description => write!(
                        f,
                        "Description of {name} in Key Vault reference {reference} changed from {shown_from} to {shown_to}"
                    )?,
                    EntryField::Type => write!(
                        f,
                        "Type of {name} in Key Vault reference {reference} changed from {} to {}",
                        plain(from),
                        plain(to)
                    )?,
                    EntryField::Chain => write!(
                        f,
                        "Certificates of chain {name} in Key Vault reference {reference} (root first) changed from {shown_from} to {shown_to}"
                    )?,
                }
            }
        }
        if self.is_shared() {
            write!(f, " ({SHARED_NOTE})")?;
        }
        f.write_str(".")
    }
}

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

/// The items of a list by their key, first occurrence kept, in order.
fn keyed<T>(items: &[T], key: impl Fn(&T) -> &str) -> Vec<(&str, &T)> {
    let mut seen = HashSet::with_capacity(items.len());
    items
        .iter()
        .map(|item| (key(item), item))
        .filter(|(k, _)| seen.insert(*k))
        .collect()
}

/// Items only in `then` (removed), in both (for field changes), only in
/// `now` (added), each in its list's order.
struct Matched<'a, T> {
    removed: Vec<&'a T>,
    both: Vec<(&'a T, &'a T)>,
    added: Vec<&'a T>,
}

fn match_by<'a, T>(then: &'a [T], now: &'a [T], key: impl Fn(&T) -> &str) -> Matched<'a, T> {
    let then = keyed(then, &key);
    let now = keyed(now, &key);
    let then_keys: HashMap<&str, &T> = then.iter().copied().collect();
    let now_keys: HashMap<&str, &T> = now.iter().copied().collect();
    let mut matched = Matched {
        removed: Vec::new(),
        both: Vec::new(),
        added: Vec::new(),
    };
    for (k, item) in &then {
        match now_keys.get(k) {
            Some(current) => matched.both.push((*item, *current)),
            None => matched.removed.push(*item),
        }
    }
    for (k, item) in &now {
        if !then_keys.contains_key(k) {
            matched.added.push(*item);
        }
    }
    matched
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
    let references = reference_changes(&then.key_vault_references, &now.key_vault_references);
    list.extend(sas_change(
        then.storage_sas_token_secret.as_ref(),
        now.storage_sas_token_secret.as_ref(),
        &references,
    ));
    user_changes(&then.users, &now.users, &mut list);
    application_changes(&then.applications, &now.applications, &mut list);
    list.extend(references);
    list
}

fn sas_change(
    then: Option<&SasSecretPayload>,
    now: Option<&SasSecretPayload>,
    references: &[Change],
) -> Option<Change> {
    if then == now {
        return None;
    }
    let (from, to) = (then.map(|s| s.label()), now.map(|s| s.label()));
    if from != to {
        return Some(Change::SasSecretChanged {
            from,
            to,
            shared: false,
        });
    }
    // Same names, another vault: said by the reference's URI change, when
    // the reference is carried on both sides (it always is, unless the
    // snapshot was edited by hand).
    let (then, now) = (then?, now?);
    let said = references.iter().any(|c| {
        matches!(c, Change::ReferenceChanged { reference, field: ReferenceField::Uri, .. }
            if *reference == then.key_vault_reference)
    });
    (!said).then(|| Change::SasSecretChanged {
        from: Some(format!("{} at {}", then.label(), then.key_vault_uri)),
        to: Some(format!("{} at {}", now.label(), now.key_vault_uri)),
        shared: false,
    })
}

fn user_changes(then: &[UserPayload], now: &[UserPayload], list: &mut Vec<Change>) {
    let matched = match_by(then, now, |u| u.user_id.as_str());
    for user in matched.removed {
        list.push(Change::UserRemoved {
            user_id: user.user_id.clone(),
            email: user.email.clone(),
        });
    }
    for (old, new) in matched.both {
        if old.email != new.email {
            list.push(Change::UserEmailChanged {
                user_id: new.user_id.clone(),
                from: old.email.clone(),
                to: new.email.clone(),
            });
        }
    }
    for user in matched.added {
        list.push(Change::UserAdded {
            user_id: user.user_id.clone(),
            email: user.email.clone(),
        });
    }
}

fn application_changes(
    then: &[ApplicationPayload],
    now: &[ApplicationPayload],
    list: &mut Vec<Change>,
) {
    let matched = match_by(then, now, |a| a.application_id.as_str());
    for app in matched.removed {
        list.push(Change::ApplicationRemoved {
            application_id: app.application_id.clone(),
        });
    }
    for (old, new) in matched.both {
        let fields = [
            (ApplicationField::TenantId, &old.tenant_id, &new.tenant_id),
            (
                ApplicationField::LcsEnvironmentId,
                &old.lcs_environment_id,
                &new.lcs_environment_id,
            ),
            (ApplicationField::ObjectId, &old.object_id, &new.object_id),
            (
                ApplicationField::Justification,
                &old.justification,
                &new.justification,
            ),
        ];
        for (field, from, to) in fields {
            if from != to {
                list.push(Change::ApplicationChanged {
                    application_id: new.application_id.clone(),
                    field,
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
    }
    for app in matched.added {
        list.push(Change::ApplicationAdded {
            application_id: app.application_id.clone(),
        });
    }
}

fn reference_changes(
    then: &[KeyVaultReferencePayload],
    now: &[KeyVaultReferencePayload],
) -> Vec<Change> {
    let mut list = Vec::new();
    let matched = match_by(then, now, |r| r.name.as_str());
    for reference in matched.removed {
        list.push(Change::ReferenceRemoved {
            name: reference.name.clone(),
            shared: false,
        });
    }
    for (old, new) in matched.both {
        let fields = [
            (
                ReferenceField::Description,
                &old.description,
                &new.description,
            ),
            (ReferenceField::Uri, &old.uri, &new.uri),
        ];
        for (field, from, to) in fields {
            if from != to {
                list.push(Change::ReferenceChanged {
                    reference: new.name.clone(),
                    field,
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        entry_changes(&new.name, &old.certificates, &new.certificates, &mut list);
    }
    for reference in matched.added {
        list.push(Change::ReferenceAdded {
            name: reference.name.clone(),
            shared: false,
        });
    }
    list
}

fn chain_text(entry: &CertificatePayload) -> String {
    entry.chain.as_deref().unwrap_or_default().join(", ")
}

fn entry_changes(
    reference: &str,
    then: &[CertificatePayload],
    now: &[CertificatePayload],
    list: &mut Vec<Change>,
) {
    let matched = match_by(then, now, |e| e.name.as_str());
    for entry in matched.removed {
        list.push(Change::EntryRemoved {
            reference: reference.into(),
            name: entry.name.clone(),
            entry_type: entry.entry_type,
        });
    }
    for (old, new) in matched.both {
        let changed = |field, from: String, to: String| Change::EntryChanged {
            reference: reference.into(),
            name: new.name.clone(),
            field,
            from,
            to,
        };
        if old.description != new.description {
            list.push(changed(
                EntryField::Description,
                old.description.clone(),
                new.description.clone(),
            ));
        }
        if old.entry_type != new.entry_type {
            list.push(changed(
                EntryField::Type,
                old.entry_type.label().into(),
                new.entry_type.label().into(),
            ));
        } else if old.entry_type == EntryType::CertificateChain
            && old.chain.as_deref().unwrap_or_default() != new.chain.as_deref().unwrap_or_default()
        {
            list.push(changed(EntryField::Chain, chain_text(old), chain_text(new)));
        }
    }
    for entry in matched.added {
        list.push(Change::EntryAdded {
            reference: reference.into(),
            name: entry.name.clone(),
            entry_type: entry.entry_type,
        });
    }
}
