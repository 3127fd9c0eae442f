//! Lists compared by what identifies their items, not by position: users
//! by User ID, applications by Application (client) ID, Key Vault
//! references by name, entries by name within their reference.

use std::collections::{HashMap, HashSet};

use super::{ApplicationField, ChainField, Change, EntryField, ReferenceField};
use crate::payload::{
    ApplicationPayload, CertificatePayload, ChainPayload, KeyVaultReferencePayload,
    SasSecretPayload, UserPayload,
};

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

pub(super) fn sas_change(
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

pub(super) fn user_changes(then: &[UserPayload], now: &[UserPayload], list: &mut Vec<Change>) {
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

pub(super) fn application_changes(
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
            (ApplicationField::Name, &old.name, &new.name),
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

pub(super) fn reference_changes(
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
        chain_changes(
            &new.name,
            &old.certificate_chains,
            &new.certificate_chains,
            &mut list,
        );
    }
    for reference in matched.added {
        list.push(Change::ReferenceAdded {
            name: reference.name.clone(),
            shared: false,
        });
    }
    list
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

fn chain_changes(
    reference: &str,
    then: &[ChainPayload],
    now: &[ChainPayload],
    list: &mut Vec<Change>,
) {
    let matched = match_by(then, now, |c| c.name.as_str());
    for chain in matched.removed {
        list.push(Change::ChainRemoved {
            reference: reference.into(),
            name: chain.name.clone(),
        });
    }
    for (old, new) in matched.both {
        let changed = |field, from: String, to: String| Change::ChainChanged {
            reference: reference.into(),
            name: new.name.clone(),
            field,
            from,
            to,
        };
        if old.description != new.description {
            list.push(changed(
                ChainField::Description,
                old.description.clone(),
                new.description.clone(),
            ));
        }
        if old.certificates != new.certificates {
            list.push(changed(
                ChainField::Certificates,
                old.certificates.join(", "),
                new.certificates.join(", "),
            ));
        }
    }
    for chain in matched.added {
        list.push(Change::ChainAdded {
            reference: reference.into(),
            name: chain.name.clone(),
        });
    }
}
