//! Marks the administrator sets in this browser that are not part of the
//! workspace: today only "the service may read the vault", a fact about
//! Azure that the console cannot see and the set-up checklist asks for.
//!
//! They live next to the draft in `localStorage`, one key per workspace
//! (`{workspace key}/vault-access-confirmed`), so the sample workspace's
//! marks never become the administrator's own. They are not exported: a
//! colleague importing the file confirms for themselves.

use leptos::prelude::window;

fn key(workspace_key: &str) -> String {
    format!("{workspace_key}/vault-access-confirmed")
}

/// Whether the administrator confirmed the vault's access for the
/// workspace stored under `workspace_key` (false when nothing is stored or
/// storage is unavailable).
pub fn vault_access_confirmed(workspace_key: &str) -> bool {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&key(workspace_key)).ok().flatten())
        .is_some_and(|v| v == "yes")
}

/// Remembers (or forgets) the confirmation; `Err` says why it could not be
/// kept (it still holds for this tab).
pub fn set_vault_access_confirmed(workspace_key: &str, confirmed: bool) -> Result<(), String> {
    let store = window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "this browser does not keep data for this page".to_string())?;
    let done = if confirmed {
        store.set_item(&key(workspace_key), "yes")
    } else {
        store.remove_item(&key(workspace_key))
    };
    done.map_err(|_| "the browser refused to store it".to_string())
}
