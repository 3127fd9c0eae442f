//! The Key Vault references of a published snapshot, in the shape of the
//! contract version it was sent with.
//!
//! Version 2 lists a reference's chains of certificates under
//! `certificateChains`; version 1 listed each as an entry of type
//! `certificateChain` with its members in `chain`, and such an entry is
//! read as a chain of the reference, as the payload type reads a version 1
//! body (chains from entries first, in their order). A snapshot records
//! what the service received, so its Key Vault URIs may name a Managed HSM,
//! which an earlier console accepted: the reference's own URI may not.

use serde_json::Value;

use super::key_vault::entry_type;
use super::snapshot_shape::{text, Shape};
use super::Builder;
use crate::file::migration::is_chain_type;
use crate::file::{pointer, rule};
use crate::payload::{CertificatePayload, ChainPayload, KeyVaultReferencePayload};
use crate::values::{
    quoted, Description, KeyVaultUri, KeyVaultUriError, Name, NameError, SecretName,
};

const REFERENCE_FIELDS: &[&str] = &[
    "name",
    "description",
    "uri",
    "certificates",
    "certificateChains",
];
const CERTIFICATE_FIELDS_V1: &[&str] = &["name", "description", "type", "chain"];
const CERTIFICATE_FIELDS_V2: &[&str] = &["name", "description", "type"];
const CHAIN_FIELDS: &[&str] = &["name", "description", "certificates"];

/// A Key Vault URI as a snapshot recorded it: normalised when valid today,
/// kept as sent (trimmed) when it names a Managed HSM.
pub(super) fn recorded_key_vault_uri(uri: &str) -> Result<String, KeyVaultUriError> {
    match KeyVaultUri::parse(uri) {
        Ok(uri) => Ok(uri.as_str().to_owned()),
        Err(KeyVaultUriError::ManagedHsm { .. }) => Ok(uri.trim().to_owned()),
        Err(e) => Err(e),
    }
}

/// A chain's name in a version 1 snapshot that this console wrote in
/// version 2's shape: version 1 named a chain as an entry (the Key Vault
/// naming rule, up to 127 characters), and the snapshot keeps the name it
/// was sent with. Either rule will do.
fn v1_chain_name(name: &str) -> Result<String, NameError> {
    match SecretName::parse(name) {
        Ok(name) => Ok(name.as_str().to_owned()),
        Err(_) => text(Name::parse)(name),
    }
}

/// One item of a snapshot reference's `certificates`.
enum Item {
    Entry(CertificatePayload),
    /// Version 1's chain entry.
    Chain(ChainPayload),
}

impl Builder {
    pub(super) fn snapshot_reference(
        &mut self,
        value: &Value,
        at: String,
        shape: Shape,
    ) -> Option<KeyVaultReferencePayload> {
        let obj = self
            .r
            .object(value, at, "Key Vault reference", REFERENCE_FIELDS)?;
        let name = self.r.parse(&obj, "name", rule::NAME, text(Name::parse));
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        let uri = self
            .r
            .parse(&obj, "uri", rule::KEY_VAULT_URI, recorded_key_vault_uri);
        let items = self.each(&obj, "certificates", |b, v, p| {
            b.snapshot_certificate(v, p, shape)
        });
        // Version 1 had no `certificateChains`; this console writes it for
        // a version 1 snapshot too.
        let chains = match (shape, obj.get("certificateChains")) {
            (Shape::V1, None) => Some(Vec::new()),
            _ => self.each(&obj, "certificateChains", |b, v, p| {
                b.snapshot_chain(v, p, shape)
            }),
        };
        let (mut certificates, mut from_entries) = (Vec::new(), Vec::new());
        for item in items? {
            match item {
                Item::Entry(entry) => certificates.push(entry),
                Item::Chain(chain) => from_entries.push(chain),
            }
        }
        from_entries.extend(chains?);
        Some(KeyVaultReferencePayload {
            name: name?,
            description: description?,
            uri: uri?,
            certificates,
            certificate_chains: from_entries,
        })
    }

    fn snapshot_certificate(&mut self, value: &Value, at: String, shape: Shape) -> Option<Item> {
        let fields = match shape {
            Shape::V1 => CERTIFICATE_FIELDS_V1,
            Shape::V2 => CERTIFICATE_FIELDS_V2,
        };
        let obj = self.r.object(value, at, "certificate or secret", fields)?;
        let name = self
            .r
            .parse(&obj, "name", rule::SECRET_NAME, text(SecretName::parse));
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        let chain_entry = shape == Shape::V1
            && obj
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(is_chain_type);
        let entry_type = if chain_entry {
            None
        } else {
            self.r.parse(&obj, "type", rule::ENTRY_TYPE, entry_type)
        };
        // Version 2 has no `chain`: reported as an unknown field already.
        let members = match obj.get("chain").filter(|_| shape == Shape::V1) {
            None => Some(Vec::new()),
            Some(_) if !chain_entry => {
                let shown = obj.get("type").and_then(Value::as_str).unwrap_or("");
                self.r.report(
                    obj.at("chain"),
                    rule::CHAIN_MEMBER,
                    format!(
                        "Only an entry of type certificateChain has a \"chain\"; this one is of type {}. Remove \"chain\".",
                        quoted(shown)
                    ),
                );
                None
            }
            Some(value) => self.member_names(value, &obj.at("chain")),
        };
        if chain_entry {
            return Some(Item::Chain(ChainPayload {
                name: name?,
                description: description?,
                certificates: members?,
            }));
        }
        members?;
        Some(Item::Entry(CertificatePayload {
            name: name?,
            description: description?,
            entry_type: entry_type?,
        }))
    }

    fn snapshot_chain(&mut self, value: &Value, at: String, shape: Shape) -> Option<ChainPayload> {
        let obj = self
            .r
            .object(value, at, "chain of certificates", CHAIN_FIELDS)?;
        let name = match shape {
            Shape::V1 => self.r.parse(&obj, "name", rule::NAME, v1_chain_name),
            Shape::V2 => self.r.parse(&obj, "name", rule::NAME, text(Name::parse)),
        };
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        let members = self
            .r
            .required(&obj, "certificates")
            .and_then(|value| self.member_names(value, &obj.at("certificates")));
        Some(ChainPayload {
            name: name?,
            description: description?,
            certificates: members?,
        })
    }

    /// A chain's member names, each a Key Vault name; `None` unless all
    /// were read.
    fn member_names(&mut self, value: &Value, at: &str) -> Option<Vec<String>> {
        let items = self.r.array(value, at)?;
        let names: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let p = pointer::index(at, i);
                let member = self.r.string(item, &p)?;
                self.r
                    .check(&p, rule::SECRET_NAME, text(SecretName::parse)(member))
            })
            .collect();
        (names.len() == items.len()).then_some(names)
    }
}
