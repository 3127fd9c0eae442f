//! Work that waits until the change the administrator made is on screen:
//! saving the draft after the frame that shows an edit, and building the
//! parts of a page below the first screen after the frame that shows the
//! rest ([`crate::ui::components::AfterPaint`]).

use leptos::prelude::*;

/// Runs `work` once the current change has been painted: after the next
/// frame, or at once (as a task) in a hidden tab, which paints no frames.
pub fn after_paint(work: impl FnOnce() + 'static) {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if hidden {
        set_timeout(work, std::time::Duration::ZERO);
    } else {
        request_animation_frame(move || set_timeout(work, std::time::Duration::ZERO));
    }
}
