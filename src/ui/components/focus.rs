//! Moving the focus to a form that has just opened, without making the
//! browser lay the page out twice.
//!
//! `focus()` scrolls the element into view, and to know where it is the
//! browser lays the whole page out there and then, while the page is still
//! being built (the form's heading takes the focus from an effect, before
//! the rest of the page's changes have landed). Opening an environment
//! with 10,000 users spent a third of its time in that layout
//! (docs/benchmarks.md). So the focus moves without scrolling, and the
//! element is scrolled into view (only as far as needed) once the frame
//! that shows it is painted, when the layout is done anyway.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Gives `element` the focus and brings it into view after the next paint.
pub fn take(element: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
    let element: web_sys::Element = element.clone().unchecked_into();
    request_animation_frame(move || {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    });
}
