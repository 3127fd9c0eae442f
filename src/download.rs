//! Hands the administrator a file: the text becomes a Blob and a temporary
//! link with a `download` name is clicked. Used to save an unreadable draft
//! as it is, and to export the workspace.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `text` as a file named `file_name`; `Err` says why the browser
/// refused.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let refused = |what: &str| format!("The browser refused to {what}.");
    let parts = js_sys::Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| refused("prepare the file"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| refused("prepare the file"))?;
    let document = leptos::prelude::document();
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| refused("offer the file"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}
