//! Why the browser did not keep something, in the words the page shows.

use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("this browser does not keep data for this page")]
    Unavailable,
    #[error("this browser's storage for the page is full")]
    Full,
    /// Another refusal, by the `DOMException`'s name when it gave one.
    #[error("the browser refused to store it{}", .0.as_ref().map(|n| format!(" ({n})")).unwrap_or_default())]
    Refused(Option<String>),
}

impl SaveError {
    /// What `Storage.setItem` (or `removeItem`) threw.
    pub fn from_js(e: &wasm_bindgen::JsValue) -> SaveError {
        match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
            Some(name) if name == "QuotaExceededError" => SaveError::Full,
            name => SaveError::Refused(name),
        }
    }
}
