//! What the receiver holds, and its one state file.
//!
//! Everything but the queued faults is saved to
//! `<data>/receiver-state.json` after every change (written to a temporary
//! file, then renamed over the old one, so a crash never leaves half a
//! file) and loaded at start. A file that cannot be read is refused with its
//! name, never overwritten.
//!
//! The file has its own format number, so that a receiver never reads a
//! file it would misunderstand. Format 2 keeps each environment's body as it
//! was sent, of payload schema version 1 or 2; format 1 (before version 2)
//! kept version 1 bodies in the same place, so it is read as it is and
//! saved as format 2 the next time the state is saved. A receiver of
//! format 1 refuses a format 2 file rather than misread a version 2 body.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use domain::payload::{EnvironmentPayload, OLDEST_SCHEMA_VERSION, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::admin::Fault;
use crate::answer::Answer;

/// The state file's name inside the data directory.
pub const STATE_FILE: &str = "receiver-state.json";

/// The state file's own format version, the one it is written in.
const FORMAT: u32 = 2;
/// The formats it is read from: 1, whose bodies are all of payload schema
/// version 1, and 2.
const READS: [u32; 2] = [1, FORMAT];

/// One environment the receiver holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldEnvironment {
    /// The display name, from the last applied body.
    pub name: String,
    pub revision: u64,
    pub published_at: String,
    /// Who published the last applied body, as read from its access token
    /// (the signed-in user's email); absent when it carried none the
    /// receiver issued. Optional in the file: a state written before it
    /// loads, without it (the format is unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
    /// The last applied body, as sent (payload schema version 1 or 2).
    pub environment: Value,
    /// The held number sequences (managed by the sequence endpoints once
    /// the environment exists).
    pub sequences: Vec<HeldSequence>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldSequence {
    pub name: String,
    pub description: String,
    pub in_use: bool,
    pub current: Option<u64>,
}

impl HeldEnvironment {
    pub fn sequence_index(&self, name: &str) -> Option<usize> {
        self.sequences
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(name.trim()))
    }
}

/// The answer given to a publish, under its `Idempotency-Key`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remembered {
    pub fingerprint: String,
    pub answer: Answer,
    pub at: String,
}

/// What the state file holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Data {
    #[serde(default)]
    pub format: u32,
    /// By lowercase environment name.
    #[serde(default)]
    pub environments: BTreeMap<String, HeldEnvironment>,
    /// By lowercase `Idempotency-Key`.
    #[serde(default)]
    pub idempotency: BTreeMap<String, Remembered>,
    /// Applied publishes, by lowercase environment name.
    #[serde(default)]
    pub applied: BTreeMap<String, u64>,
    /// `/api/` requests received, preflights excluded.
    #[serde(default)]
    pub requests: u64,
}

impl Data {
    /// Whether every held body is a publish body the console can read back
    /// (what `GET …/environments/{name}` answers).
    fn check_bodies(&self) -> Result<(), String> {
        for held in self.environments.values() {
            let refused = |why: String| {
                format!(
                    "environment '{}' holds a body that is not a publish body: {why}",
                    held.name
                )
            };
            let payload = EnvironmentPayload::deserialize(&held.environment)
                .map_err(|e| refused(e.to_string()))?;
            if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&payload.schema_version) {
                return Err(refused(format!(
                    "its schemaVersion is {}",
                    payload.schema_version
                )));
            }
        }
        Ok(())
    }
}

pub struct Store {
    path: PathBuf,
    pub data: Data,
    /// Test hook: faults queued by `POST /_admin/faults` (memory only).
    pub faults: VecDeque<Fault>,
}

/// Why the receiver cannot start over a data directory.
#[derive(Debug)]
pub enum OpenError {
    /// The data directory cannot be created.
    Directory { path: PathBuf, error: io::Error },
    /// The state file exists but cannot be read.
    Unreadable { path: PathBuf, error: io::Error },
    /// The state file is not a receiver state.
    Corrupt { path: PathBuf, error: String },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Directory { path, error } => write!(
                f,
                "cannot create the data directory {}: {error}",
                path.display()
            ),
            OpenError::Unreadable { path, error } => write!(
                f,
                "cannot read the state file {}: {error}",
                path.display()
            ),
            OpenError::Corrupt { path, error } => write!(
                f,
                "the state file {} is not a valid receiver state ({error}). It was left untouched: fix it, move it away, or start with another --data directory.",
                path.display()
            ),
        }
    }
}

impl std::error::Error for OpenError {}

impl Store {
    pub fn open(data_dir: &Path) -> Result<Store, OpenError> {
        fs::create_dir_all(data_dir).map_err(|error| OpenError::Directory {
            path: data_dir.to_path_buf(),
            error,
        })?;
        let path = data_dir.join(STATE_FILE);
        let data = match fs::read(&path) {
            Ok(bytes) => {
                let mut data: Data =
                    serde_json::from_slice(&bytes).map_err(|e| OpenError::Corrupt {
                        path: path.clone(),
                        error: e.to_string(),
                    })?;
                if !READS.contains(&data.format) {
                    return Err(OpenError::Corrupt {
                        path,
                        error: format!(
                            "its format is {}, this receiver reads formats 1 and {FORMAT}",
                            data.format
                        ),
                    });
                }
                if let Err(error) = data.check_bodies() {
                    return Err(OpenError::Corrupt { path, error });
                }
                data.format = FORMAT;
                data
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Data {
                format: FORMAT,
                ..Data::default()
            },
            Err(error) => return Err(OpenError::Unreadable { path, error }),
        };
        Ok(Store {
            path,
            data,
            faults: VecDeque::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the state: a temporary file beside the state file, then a
    /// rename over it.
    pub fn save(&self) -> io::Result<()> {
        let text = serde_json::to_vec_pretty(&self.data).map_err(io::Error::other)?;
        let temporary = self.path.with_extension("json.tmp");
        {
            let mut file = fs::File::create(&temporary)?;
            file.write_all(&text)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
        }
        fs::rename(&temporary, &self.path)
    }

    /// Forgets everything: environments, sequences, idempotency keys,
    /// counters, faults; the file then holds an empty state.
    pub fn reset(&mut self) -> io::Result<()> {
        self.data = Data {
            format: FORMAT,
            ..Data::default()
        };
        self.faults.clear();
        self.save()
    }
}
