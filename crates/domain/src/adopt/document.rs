//! The held body as a one-environment workspace file, read with the file's
//! reader, so it meets every rule an imported file meets.
//!
//! The file's Key Vault references are the body's; its one environment
//! takes the body's own fields, Storage SAS token secret, users and
//! applications (its number sequences are the service's own list, with In
//! use and Current value, set in [`super::consistent`]), lists the body's
//! other references by name, and is
//! published at the held revision with the body as its snapshot. A version
//! 1 body becomes a version 1 file, whose chain entries the file's
//! migration turns into chains. Fields the body's version does not have
//! (`certificateChains` in version 1, a chain as an entry in version 2) are
//! reported here in the contract's words, since the file's would speak of
//! a file.

use serde_json::{json, Map, Value};

use super::pointers::{unique, Placed, Places};
use super::refused::{BodyRefused, Envelope};
use super::Incoming;
use crate::answers::HeldNumberSequence;
use crate::file::{self, is_chain_type, rule, FileProblem, FORMAT};
use crate::values::quoted;

/// The body of a held environment, and its contract version.
pub(super) struct Body<'v> {
    fields: &'v Map<String, Value>,
    version: u32,
}

impl<'v> Body<'v> {
    /// `fields` are the envelope's `environment`'s.
    pub(super) fn new(fields: &'v Map<String, Value>, version: u32) -> Body<'v> {
        Body { fields, version }
    }

    fn name(&self) -> String {
        self.fields
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    }
}

fn not_in_version(field: &str, what: &str, version: u32, instead: &str) -> String {
    format!(
        "{} is not a field of {what} in publish contract version {version}, and this environment says \"schemaVersion\": {version}. {instead}",
        quoted(field)
    )
}

/// The body's Key Vault references as the file lists them, with what the
/// body's version does not allow reported and taken out.
fn references(body: &Body<'_>, problems: &mut Vec<FileProblem>) -> Option<Value> {
    let mut references = body.fields.get("keyVaultReferences")?.clone();
    let Some(items) = references.as_array_mut() else {
        return Some(references);
    };
    for (r, reference) in items.iter_mut().enumerate() {
        let Some(reference) = reference.as_object_mut() else {
            continue;
        };
        if body.version == 1 && reference.remove("certificateChains").is_some() {
            problems.push(FileProblem::new(
                format!("/keyVaultReferences/{r}/certificateChains"),
                rule::UNKNOWN_FIELD,
                not_in_version("certificateChains", "a Key Vault reference", 1, "Version 1 lists a chain of certificates as an entry of type certificateChain, its members in \"chain\"."),
            ));
        }
        let Some(entries) = reference
            .get_mut("certificates")
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        for (i, entry) in entries.iter_mut().enumerate() {
            let Some(entry) = entry.as_object_mut() else {
                continue;
            };
            if body.version == 1 {
                // Reported by the snapshot's reader as a field no entry has.
                entry.remove("certificates");
                continue;
            }
            if let Some(Value::String(t)) = entry
                .get("type")
                .filter(|t| t.as_str().is_some_and(is_chain_type))
            {
                problems.push(FileProblem::new(
                    format!("/keyVaultReferences/{r}/certificates/{i}/type"),
                    rule::ENTRY_TYPE,
                    format!("{} is not a type of entry in publish contract version 2, and this environment says \"schemaVersion\": 2: a chain of certificates is listed under its reference's certificateChains. Whoever publishes it must publish it again in version 2's shape.", quoted(t)),
                ));
            }
        }
    }
    Some(references)
}

/// The names of the body's references other than the Storage SAS token
/// secret's, and where each is in the body.
fn further_references(body: &Body<'_>) -> (Vec<Value>, Places) {
    let sas = body
        .fields
        .get("storageSasTokenSecret")
        .and_then(|s| s.get("keyVaultReference"))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_lowercase());
    let mut places = Places::default();
    let mut names = Vec::new();
    let listed = body
        .fields
        .get("keyVaultReferences")
        .and_then(Value::as_array);
    for (i, reference) in listed.into_iter().flatten().enumerate() {
        let Some(name) = reference.get("name").and_then(Value::as_str) else {
            continue;
        };
        if sas.as_deref() == Some(name.trim().to_lowercase().as_str()) {
            continue;
        }
        names.push(Value::String(name.to_owned()));
        places.further.push(i);
    }
    (names, places)
}

/// The file's one environment.
fn environment(
    body: &Body<'_>,
    envelope: &Envelope<'_>,
    further: Vec<Value>,
    problems: &mut Vec<FileProblem>,
) -> Value {
    let mut env = Map::new();
    for key in ["name", "description", "users", "numberSequences"] {
        if let Some(value) = body.fields.get(key) {
            env.insert(key.into(), value.clone());
        }
    }
    if body.version >= 2 {
        if let Some(value) = body.fields.get("dataverseEndpointUri") {
            env.insert("dataverseEndpointUri".into(), value.clone());
        }
    }
    if let Some(sas) = body.fields.get("storageSasTokenSecret") {
        let sas = match sas.as_object() {
            Some(fields) => Value::Object(
                fields
                    .iter()
                    .filter(|(k, _)| *k == "keyVaultReference" || *k == "secretName")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            None => sas.clone(),
        };
        env.insert("storageSasTokenSecret".into(), sas);
    }
    env.insert("keyVaultReferences".into(), Value::Array(further));
    if let Some(applications) = body.fields.get("applications") {
        let mut applications = applications.clone();
        if body.version == 1 {
            v1_application_names(&mut applications, problems);
        }
        env.insert("applications".into(), applications);
    }
    env.insert(
        "published".into(),
        json!({
            "revision": envelope.revision.as_str(),
            "publishedAt": envelope.published_at,
            "snapshot": Value::Object(body.fields.clone()),
        }),
    );
    Value::Object(env)
}

/// Version 1 applications have no name: an empty one (as this console
/// writes a version 1 snapshot) is dropped, any other reported.
fn v1_application_names(applications: &mut Value, problems: &mut Vec<FileProblem>) {
    let Some(items) = applications.as_array_mut() else {
        return;
    };
    for (a, application) in items.iter_mut().enumerate() {
        let Some(application) = application.as_object_mut() else {
            continue;
        };
        match application.remove("name") {
            None => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(_) => problems.push(FileProblem::new(
                format!("/applications/{a}/name"),
                rule::UNKNOWN_FIELD,
                not_in_version(
                    "name",
                    "an application",
                    1,
                    "Version 1 applications have no name.",
                ),
            )),
        }
    }
}

/// Reads the body as a workspace file; the side workspace holding the
/// body's references and the one environment, or every problem.
pub(super) fn read(
    body: Body<'_>,
    envelope: &Envelope<'_>,
    sequences: &[HeldNumberSequence],
    mut problems: Vec<FileProblem>,
) -> Result<Incoming, BodyRefused> {
    let name = body.name();
    let mut file = Map::new();
    file.insert("format".into(), FORMAT.into());
    file.insert("version".into(), body.version.into());
    if let Some(references) = references(&body, &mut problems) {
        file.insert("keyVaultReferences".into(), references);
    }
    let (further, places) = further_references(&body);
    let env = environment(&body, envelope, further, &mut problems);
    file.insert("environments".into(), Value::Array(vec![env]));
    let text = Value::Object(file).to_string();
    let reading = file::read(&text);
    let side = match reading.result {
        Ok(side) => Some(side),
        Err(errors) => {
            for problem in errors.problems {
                match places.place(problem) {
                    Placed::Body(problem) => problems.push(problem),
                    Placed::Envelope(problem) => {
                        return Err(BodyRefused::NotADetail {
                            reason: format!(
                                "its {} is refused ({})",
                                problem.pointer.trim_start_matches('/'),
                                problem.message
                            ),
                        })
                    }
                }
            }
            None
        }
    };
    let problems = unique(problems);
    match side {
        Some(side) if problems.is_empty() => {
            super::consistent::incoming(side, body.version, envelope, sequences, name)
        }
        _ => Err(BodyRefused::Broken { name, problems }),
    }
}
