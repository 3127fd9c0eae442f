//! Each change as the sentence the page shows: values quoted and
//! shortened, two values that would read the same shown from a little
//! before where they differ, and a shared change marked as such.

use std::fmt;

use super::{ChainField, Change, EntryField, SHARED_NOTE};
use crate::values::quoted;

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
            Change::DataverseChanged { from, to } => {
                let (from, to) = shown_pair(from, to);
                write!(f, "Dataverse endpoint URI changed from {from} to {to}")?;
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
                }
            }
            Change::ChainAdded { reference, name } => write!(
                f,
                "Chain of certificates {} added to Key Vault reference {}",
                quoted(name),
                quoted(reference)
            )?,
            Change::ChainRemoved { reference, name } => write!(
                f,
                "Chain of certificates {} removed from Key Vault reference {}",
                quoted(name),
                quoted(reference)
            )?,
            Change::ChainChanged {
                reference,
                name,
                field,
                from,
                to,
            } => {
                let (name, reference) = (quoted(name), quoted(reference));
                let (from, to) = shown_pair(from, to);
                match field {
                    ChainField::Description => write!(
                        f,
                        "Description of chain {name} in Key Vault reference {reference} changed from {from} to {to}"
                    )?,
                    ChainField::Certificates => write!(
                        f,
                        "Certificates of chain {name} in Key Vault reference {reference} (root first) changed from {from} to {to}"
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
