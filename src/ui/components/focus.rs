//! Moving the focus to a form that has just opened, without making the
//! browser lay the page out an extra time.
//!
//! `focus()` makes the browser bring the page's layout up to date there and
//! then, and a form's heading took the focus from an effect, while the page
//! was still being built (the rest of its changes land after it): opening an
//! environment with 10,000 users spent a fifth of its time in that layout,
//! only to lay the finished page out again for the frame
//! (docs/benchmarks.md). So the focus moves at the start of the next frame,
//! when the page is complete: the layout it needs is the frame's own, done
//! once, and nothing is painted in between. The element is then scrolled
//! into view only as far as needed, as `focus()` would.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Gives `element` the focus at the start of the next frame, and brings it
/// into view.
pub fn take(element: &web_sys::HtmlElement) {
    let element = element.clone();
    request_animation_frame(move || {
        // The form may have closed within the frame.
        if !element.is_connected() {
            return;
        }
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
        let scroll = web_sys::ScrollIntoViewOptions::new();
        scroll.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element
            .unchecked_ref::<web_sys::Element>()
            .scroll_into_view_with_scroll_into_view_options(&scroll);
    });
}
