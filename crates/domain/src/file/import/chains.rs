//! A Key Vault reference's chains of certificates: name, description and
//! members (Certificate entries of the same reference, by name, root
//! first), each added through the workspace's own chain operations.
//!
//! A chain whose name is taken or invalid is not added; its members are
//! still checked, in a stand-in chain removed again afterwards, so a bad
//! member is reported whatever is wrong with the chain's name.

use serde_json::Value;

use super::{placeholder, Builder};
use crate::file::{pointer, rule};
use crate::model::{ChainInput, Id, Workspace};
use crate::values::{quoted, Description, Name, SecretName};

const CHAIN_FIELDS: &[&str] = &["name", "description", "certificates"];

impl Builder {
    /// `main`: whether `ws` is the workspace being built (see `entries`).
    pub(super) fn chains(
        &mut self,
        ws: &mut Workspace,
        reference: Id,
        items: &[Value],
        at: &str,
        main: bool,
    ) {
        for (i, item) in items.iter().enumerate() {
            self.chain(ws, reference, item, pointer::index(at, i), main);
        }
    }

    fn chain(&mut self, ws: &mut Workspace, reference: Id, value: &Value, at: String, main: bool) {
        let Some(obj) = self
            .r
            .object(value, at, "chain of certificates", CHAIN_FIELDS)
        else {
            return;
        };
        let name = self.r.parse(&obj, "name", rule::NAME, Name::parse);
        let description = self
            .r
            .parse_or(
                &obj,
                "description",
                rule::DESCRIPTION,
                Description::parse,
                Description::empty,
            )
            .unwrap_or_default();
        let added = name.and_then(|name| {
            ws.add_chain(
                reference,
                ChainInput {
                    name,
                    description: description.clone(),
                },
            )
            .map_err(|e| self.refused(obj.pointer(), e))
            .ok()
        });
        let Some(members) = obj.get("certificates") else {
            return;
        };
        match added {
            Some(chain) => {
                self.members(ws, reference, chain, members, &obj.at("certificates"), main)
            }
            None => {
                let Some(chain) = stand_in(ws, reference, description) else {
                    return;
                };
                self.members(ws, reference, chain, members, &obj.at("certificates"), main);
                ws.delete_chain(reference, chain)
                    .expect("the stand-in chain was just added");
            }
        }
    }

    /// A chain's members: each name resolved within the reference, then
    /// judged by `set_chain_members` on its own (a Certificate of the same
    /// reference) and, when repeated, as a repeat, so every bad member is
    /// reported at its place; then the good ones are set in order.
    fn members(
        &mut self,
        ws: &mut Workspace,
        reference: Id,
        chain: Id,
        value: &Value,
        at: &str,
        main: bool,
    ) {
        let Some(items) = self.r.array(value, at) else {
            return;
        };
        let mut members = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = pointer::index(at, i);
            let Some(text) = self.r.string(item, &p) else {
                continue;
            };
            let Some(name) = self.r.check(&p, rule::SECRET_NAME, SecretName::parse(text)) else {
                continue;
            };
            let Some(r) = ws.reference(reference) else {
                continue;
            };
            if let Some(entry) = r
                .certificates()
                .iter()
                .find(|e| e.name().eq_ignore_case(&name))
            {
                members.push((p, entry.id()));
                continue;
            }
            if main && self.unread.may_hold(reference, name.key()) {
                continue;
            }
            let key = name.key();
            let message = if r.chains().iter().any(|c| c.name().key() == key) {
                format!(
                    "{} is a chain of certificates of Key Vault reference {}, not one of its entries. A chain's members are Certificate entries of the same reference, root first.",
                    quoted(name.as_str()),
                    quoted(r.name().as_str())
                )
            } else {
                format!(
                    "Key Vault reference {} has no entry named {}. A chain's members are Certificate entries of the same reference, root first.",
                    quoted(r.name().as_str()),
                    quoted(name.as_str())
                )
            };
            self.r.report(p, rule::CHAIN_MEMBER, message);
        }
        let mut accepted: Vec<Id> = Vec::new();
        for (p, id) in members {
            let trial = if accepted.contains(&id) {
                vec![id, id]
            } else {
                vec![id]
            };
            match ws.set_chain_members(reference, chain, trial) {
                Ok(()) => accepted.push(id),
                Err(e) => self.refused(&p, e),
            }
        }
        if let Err(e) = ws.set_chain_members(reference, chain, accepted) {
            self.refused(at, e);
        }
    }
}

/// A chain under a name no other chain of the reference has, to check the
/// members of one that could not be added; `None` only if the reference
/// is gone, which it never is while it is read.
fn stand_in(ws: &mut Workspace, reference: Id, description: Description) -> Option<Id> {
    let taken = ws.reference(reference)?.chains().len();
    (0..=taken).find_map(|n| {
        ws.add_chain(
            reference,
            ChainInput {
                name: placeholder::chain_name(n),
                description: description.clone(),
            },
        )
        .ok()
    })
}
