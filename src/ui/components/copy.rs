//! A block of text to copy (commands to paste into a shell), with a Copy
//! button that puts it on the clipboard and says whether it did.
//!
//! `navigator.clipboard` exists only in a secure context (https, or
//! localhost), and the browser may refuse the write (permissions, a page
//! without focus): either way the page says so in words, and the text
//! stays on screen, selectable, to copy by hand.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Why the text is not on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotCopied {
    /// This page has no clipboard to write to (not a secure context, or an
    /// old browser).
    Unavailable,
    /// The browser refused the write.
    Refused,
}

/// Puts `text` on the clipboard.
async fn write_clipboard(text: &str) -> Result<(), NotCopied> {
    // Read the property rather than call the generated getter: where the
    // browser has no clipboard it is `undefined`, and a method called on
    // it would throw.
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map_err(|_| NotCopied::Unavailable)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(NotCopied::Unavailable);
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(drop)
        .map_err(|_| NotCopied::Refused)
}

/// `text` in a `<pre>`, and a Copy button whose accessible name is `label`
/// (it starts with "Copy", the button's visible word).
#[component]
pub fn CopyableText(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let outcome = RwSignal::new(None::<Result<(), NotCopied>>);
    let to_copy = StoredValue::new(text.clone());
    let copy = move |_| {
        // Cleared first, so a second Copy is announced again.
        outcome.set(None);
        let text = to_copy.get_value();
        leptos::task::spawn_local(async move {
            let result = write_clipboard(&text).await;
            // The view may be gone by now (the page left): nothing to say.
            let _ = outcome.try_set(Some(result));
        });
    };
    let said = move || match outcome.get() {
        None => "",
        Some(Ok(())) => "Copied.",
        Some(Err(NotCopied::Unavailable)) => {
            "This page cannot reach the clipboard here: select the text above and copy it."
        }
        Some(Err(NotCopied::Refused)) => {
            "The browser did not let the page copy: select the text above and copy it."
        }
    };
    view! {
        <div class="copyable">
            <pre class="copy-text"><code>{text}</code></pre>
            <p class="copy-row">
                <button type="button" class="copy" aria-label=label on:click=copy>
                    "Copy"
                </button>
                " "
                <span class="copy-status" role="status">{said}</span>
            </p>
        </div>
    }
}
