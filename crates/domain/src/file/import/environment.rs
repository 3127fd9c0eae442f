//! Service environments: own fields (with the Dataverse endpoint URI),
//! Storage SAS token secret and further Key Vault references (by name),
//! users, applications (named, or unnamed as a version 1 file has them),
//! number sequences and the last publication.
//!
//! An environment whose name is taken or invalid is not added; its content
//! is still checked, in a side workspace: a copy of the workspace taken
//! once its references are read (so the ids are the same), holding only
//! such environments, each under a stand-in name.

use std::collections::HashSet;

use serde_json::Value;

use super::{placeholder, Builder};
use crate::file::limits::MAX_USERS;
use crate::file::{pointer, rule};
use crate::model::{
    ApplicationInput, EnvironmentInput, Id, KeyVaultReference, NumberSequenceInput, SecretRef,
    User, Workspace,
};
use crate::values::{
    quoted, DataverseUri, Description, Email, EnvironmentName, Guid, Justification, Name,
    SecretName, SequenceName, UserId,
};

use crate::file::reader::Obj;

const FIELDS: &[&str] = &[
    "name",
    "description",
    "dataverseEndpointUri",
    "storageSasTokenSecret",
    "keyVaultReferences",
    "users",
    "applications",
    "numberSequences",
    "published",
];
const SAS_FIELDS: &[&str] = &["keyVaultReference", "secretName"];
const USER_FIELDS: &[&str] = &["userId", "email"];
const APPLICATION_FIELDS: &[&str] = &[
    "name",
    "tenantId",
    "lcsEnvironmentId",
    "applicationId",
    "objectId",
    "justification",
];
const SEQUENCE_FIELDS: &[&str] = &["name", "description", "inUse", "current"];

/// The reference named `name` (names are compared without regard to case).
fn reference_named<'w>(ws: &'w Workspace, name: &Name) -> Option<&'w KeyVaultReference> {
    let key = name.key();
    ws.key_vault_references()
        .iter()
        .find(|r| r.name().key() == key)
}

/// The keys of the users of one environment so far (a superset: a
/// refused user's keys stay, which only sends a later user down the slow
/// path that checks for itself).
struct SeenUsers {
    user_ids: HashSet<String>,
    emails: HashSet<String>,
}

impl SeenUsers {
    fn of(ws: &Workspace, env: Id) -> SeenUsers {
        let users = ws.environment(env).map(|e| e.users()).unwrap_or_default();
        SeenUsers {
            user_ids: users.iter().map(User::key).collect(),
            emails: users.iter().map(|u| u.email.key()).collect(),
        }
    }
}

impl Builder {
    pub(super) fn environment(
        &mut self,
        ws: &mut Workspace,
        side: &mut Workspace,
        value: &Value,
        at: String,
        index: usize,
    ) {
        let Some(obj) = self.r.object(value, at, "service environment", FIELDS) else {
            return;
        };
        let name = self
            .r
            .parse(&obj, "name", rule::ENVIRONMENT_NAME, EnvironmentName::parse);
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
        let dataverse_endpoint = self.optional(
            &obj,
            "dataverseEndpointUri",
            rule::DATAVERSE_URI,
            DataverseUri::parse,
        );
        let added = match name {
            Some(name) => match ws.add_environment(EnvironmentInput {
                name,
                description: description.clone(),
                dataverse_endpoint: dataverse_endpoint.clone(),
            }) {
                Ok(id) => Some(id),
                Err(e) => {
                    self.refused(obj.pointer(), e);
                    None
                }
            },
            None => None,
        };
        match added {
            Some(id) => self.environment_content(ws, id, &obj),
            None => {
                let id = side
                    .add_environment(EnvironmentInput {
                        name: placeholder::environment_name(index),
                        description,
                        dataverse_endpoint,
                    })
                    .expect("the side workspace holds only stand-in names, each once");
                self.environment_content(side, id, &obj);
            }
        }
    }

    fn environment_content(&mut self, ws: &mut Workspace, env: Id, obj: &Obj<'_>) {
        if let Some(value) = obj.nullable("storageSasTokenSecret") {
            self.sas_secret(ws, env, value, obj.at("storageSasTokenSecret"));
        }
        self.further_references(ws, env, obj);
        let at = obj.at("users");
        // The User IDs and Emails read so far: a new user is checked
        // against these sets, so 10,000 users take as long as reading them.
        let mut seen = SeenUsers::of(ws, env);
        for (i, item) in self
            .r
            .list_up_to(obj, "users", MAX_USERS)
            .iter()
            .enumerate()
        {
            self.user(ws, env, item, pointer::index(&at, i), &mut seen);
        }
        let at = obj.at("applications");
        for (i, item) in self.r.list(obj, "applications").iter().enumerate() {
            self.application(ws, env, item, pointer::index(&at, i));
        }
        let at = obj.at("numberSequences");
        for (i, item) in self.r.list(obj, "numberSequences").iter().enumerate() {
            self.number_sequence(ws, env, item, pointer::index(&at, i));
        }
        if let Some(value) = obj.nullable("published") {
            self.publication(ws, env, value, obj.at("published"));
        }
    }

    fn sas_secret(&mut self, ws: &mut Workspace, env: Id, value: &Value, at: String) {
        let Some(sas) = self
            .r
            .object(value, at, "Storage SAS token secret", SAS_FIELDS)
        else {
            return;
        };
        let reference = self
            .r
            .parse(&sas, "keyVaultReference", rule::NAME, Name::parse);
        let secret = self
            .r
            .parse(&sas, "secretName", rule::SECRET_NAME, SecretName::parse);
        let (Some(reference), Some(secret)) = (reference, secret) else {
            return;
        };
        let Some(r) = reference_named(ws, &reference) else {
            if self.unread.references {
                return;
            }
            self.r.report(
                sas.at("keyVaultReference"),
                rule::SAS_SECRET_REFERENCE,
                format!(
                    "There is no Key Vault reference named {} in this file. Add it under keyVaultReferences, or correct the name.",
                    quoted(reference.as_str())
                ),
            );
            return;
        };
        let chosen = r
            .certificates()
            .iter()
            .find(|e| e.name().eq_ignore_case(&secret))
            .map(|e| SecretRef {
                reference: r.id(),
                entry: e.id(),
            });
        match chosen {
            Some(chosen) => {
                if let Err(e) = ws.set_storage_sas_secret(env, Some(chosen)) {
                    self.refused(sas.pointer(), e);
                }
            }
            None if self.unread.may_hold(r.id(), secret.key()) => {}
            None => {
                let message = format!(
                    "Key Vault reference {} has no entry named {}. The Storage SAS token secret must be one of its entries of type secret.",
                    quoted(r.name().as_str()),
                    quoted(secret.as_str())
                );
                self.r
                    .report(sas.at("secretName"), rule::SAS_SECRET_REFERENCE, message);
            }
        }
    }

    fn further_references(&mut self, ws: &mut Workspace, env: Id, obj: &Obj<'_>) {
        let mut ids = Vec::new();
        for (p, text) in self.r.texts(obj, "keyVaultReferences") {
            let Some(name) = self.r.check(&p, rule::NAME, Name::parse(text)) else {
                continue;
            };
            match reference_named(ws, &name).map(|r| r.id()) {
                None if self.unread.references => {}
                None => self.r.report(
                    p,
                    rule::KEY_VAULT_REFERENCE,
                    format!(
                        "There is no Key Vault reference named {} in this file. Add it under keyVaultReferences, or correct the name.",
                        quoted(name.as_str())
                    ),
                ),
                Some(id) if ids.contains(&id) => self.r.report(
                    p,
                    rule::UNIQUE_NAME,
                    format!(
                        "{} is already in this environment's Key Vault references (names are compared without regard to case). List it once.",
                        quoted(name.as_str())
                    ),
                ),
                Some(id) => ids.push(id),
            }
        }
        if let Err(e) = ws.set_environment_references(env, ids) {
            self.refused(&obj.at("keyVaultReferences"), e);
        }
    }

    fn user(
        &mut self,
        ws: &mut Workspace,
        env: Id,
        value: &Value,
        at: String,
        seen: &mut SeenUsers,
    ) {
        let Some(obj) = self.r.object(value, at, "user", USER_FIELDS) else {
            return;
        };
        let user_id = self.r.parse(&obj, "userId", rule::USER_ID, UserId::parse);
        let email = self.r.parse(&obj, "email", rule::EMAIL, Email::parse);
        if let (Some(user_id), Some(email)) = (user_id, email) {
            let user = User { user_id, email };
            if seen.user_ids.insert(user.key()) & seen.emails.insert(user.email.key()) {
                ws.push_new_user(env, user);
            } else if let Err(e) = ws.add_user(env, user) {
                // A repeat: add_user finds it again and says which.
                self.refused(obj.pointer(), e);
            }
        }
    }

    fn application(&mut self, ws: &mut Workspace, env: Id, value: &Value, at: String) {
        let Some(obj) = self.r.object(value, at, "application", APPLICATION_FIELDS) else {
            return;
        };
        let name = self.optional(&obj, "name", rule::NAME, Name::parse);
        let mut guid = |key: &str| self.r.parse(&obj, key, rule::GUID, Guid::parse);
        let tenant_id = guid("tenantId");
        let lcs_environment_id = guid("lcsEnvironmentId");
        let application_id = guid("applicationId");
        let object_id = guid("objectId");
        let justification = self.r.parse(
            &obj,
            "justification",
            rule::JUSTIFICATION,
            Justification::parse,
        );
        let Some(application_id) = application_id else {
            return;
        };
        let input = ApplicationInput {
            name,
            tenant_id: tenant_id.unwrap_or_else(placeholder::guid),
            lcs_environment_id: lcs_environment_id.unwrap_or_else(placeholder::guid),
            application_id,
            object_id: object_id.unwrap_or_else(placeholder::guid),
            justification: justification.unwrap_or_else(placeholder::justification),
        };
        if let Err(e) = ws.add_application(env, input) {
            self.refused(obj.pointer(), e);
        }
    }

    /// An optional text field, through its constructor: `None` when it is
    /// absent, `null` or refused (and then reported).
    fn optional<T, E: std::fmt::Display>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        rule: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = obj.nullable(key)?;
        let text = self.r.string(value, &obj.at(key))?;
        self.r.check(&obj.at(key), rule, parse(text))
    }

    fn number_sequence(&mut self, ws: &mut Workspace, env: Id, value: &Value, at: String) {
        let Some(obj) = self.r.object(value, at, "number sequence", SEQUENCE_FIELDS) else {
            return;
        };
        let name = self
            .r
            .parse(&obj, "name", rule::SEQUENCE_NAME, SequenceName::parse);
        let description = self.r.parse_or(
            &obj,
            "description",
            rule::DESCRIPTION,
            Description::parse,
            Description::empty,
        );
        let in_use = self.r.boolean_or(&obj, "inUse", false);
        let current = match obj.nullable("current") {
            None => None,
            Some(value) => match value.as_u64() {
                Some(n) => Some(n),
                None => {
                    self.r.expected(
                        &obj.at("current"),
                        "a whole number from 0 up, or null",
                        value,
                    );
                    None
                }
            },
        };
        let Some(name) = name else {
            return;
        };
        let input = NumberSequenceInput {
            name,
            description: description.unwrap_or_default(),
        };
        match ws.add_number_sequence(env, input) {
            Ok(id) if in_use || current.is_some() => {
                if let Err(e) = ws.set_sequence_usage(env, id, in_use, current) {
                    self.refused(obj.pointer(), e);
                }
            }
            Ok(_) => {}
            Err(e) => self.refused(obj.pointer(), e),
        }
    }
}
