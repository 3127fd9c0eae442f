//! Files in and out of the page. Out: the text becomes a Blob and a
//! temporary link with a `download` name is clicked (an unreadable draft
//! saved as it is, the exported workspace). In: the file an `<input
//! type=file>` was given, read as text (bulk users, an imported workspace).

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Why a file could not go out or come in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("The browser refused to prepare the file.")]
    NotPrepared,
    #[error("The browser refused to offer the file.")]
    NotOffered,
    #[error("The file '{0}' could not be read as text.")]
    Unreadable(String),
}

/// Offers `text` as a file named `file_name`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), FileError> {
    let parts = js_sys::Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| FileError::NotPrepared)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| FileError::NotPrepared)?;
    let document = leptos::prelude::document();
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| FileError::NotOffered)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// Reads the file chosen in the `<input type=file>` that fired `event`, as
/// text, and clears the input so the same file can be chosen again.
/// `None` when no file was chosen.
pub async fn read_chosen(event: &leptos::ev::Event) -> Option<Result<String, FileError>> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(
        wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| FileError::Unreadable(file.name())),
    )
}
