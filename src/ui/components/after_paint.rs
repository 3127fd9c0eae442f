//! A part of a page built just after the rest of it is painted.
//!
//! An environment's page holds its form, Publish, its changes and 100 rows
//! of users before its bulk add, applications and number sequences, which
//! sit below the first screen. Building those after the frame that shows
//! the users puts the list on screen a frame's work sooner (opening an
//! environment with 10,000 users, docs/benchmarks.md); they follow one
//! frame later, before anyone can scroll to them.

use leptos::prelude::*;

#[component]
pub fn AfterPaint(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    // The page may be gone by then: `try_set` on a disposed signal does
    // nothing.
    crate::frames::after_paint(move || {
        ready.try_set(true);
    });
    move || ready.get().then(|| children())
}
