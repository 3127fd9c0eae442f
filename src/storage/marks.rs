//! What this browser keeps beside the workspace, never exported:
//!
//! - "the service may read the vault", a fact about Azure that the console
//!   cannot see and the set-up checklist asks the administrator to confirm.
//!   One key per workspace (`{workspace key}/vault-access-confirmed`), so
//!   the sample's mark never becomes the administrator's own; a colleague
//!   importing the file confirms for themselves.
//! - the build of the console this browser last opened
//!   (`einvoicing-console/build`), for the "updated" note (`crate::offline`).

use leptos::prelude::window;

use super::error::SaveError;

/// Where this browser remembers the build it last opened.
pub const BUILD_KEY: &str = "einvoicing-console/build";

fn store() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The build this browser opened before, and from now on `current`: what
/// was remembered (`None` on a first visit or without storage). A storage
/// that refuses the write is left alone.
pub fn swap_remembered_build(current: &str) -> Option<String> {
    let store = store()?;
    let remembered = store.get_item(BUILD_KEY).ok().flatten();
    if remembered.as_deref() != Some(current) {
        let _ = store.set_item(BUILD_KEY, current);
    }
    remembered
}

fn key(workspace_key: &str) -> String {
    format!("{workspace_key}/vault-access-confirmed")
}

/// Whether the administrator confirmed the vault's access for the
/// workspace stored under `workspace_key` (false when nothing is stored or
/// storage is unavailable).
pub fn vault_access_confirmed(workspace_key: &str) -> bool {
    store()
        .and_then(|s| s.get_item(&key(workspace_key)).ok().flatten())
        .is_some_and(|v| v == "yes")
}

/// Remembers (or forgets) the confirmation; `Err` says why it could not be
/// kept (it still holds for this tab).
pub fn set_vault_access_confirmed(workspace_key: &str, confirmed: bool) -> Result<(), SaveError> {
    let store = store().ok_or(SaveError::Unavailable)?;
    let done = if confirmed {
        store.set_item(&key(workspace_key), "yes")
    } else {
        store.remove_item(&key(workspace_key))
    };
    done.map_err(|e| SaveError::from_js(&e))
}
