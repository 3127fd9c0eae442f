//! When the wasm panics, the page must not just die.
//!
//! The release build aborts on panic (`panic = "abort"`): the wasm instance
//! is dead afterwards and no Leptos view will run again. So the panic hook
//! builds its screen with plain DOM calls, first, then tries to save the
//! draft one last time (a change made in the frame before the panic is
//! otherwise still waiting for its save), and says which of the two it is:
//! "your work is saved" or what was not.
//!
//! The screen needs no script to work: "Reload the page" is a link to the
//! page itself (without the fragment, which would only scroll), so it works
//! under the Content Security Policy and with the wasm gone.
//!
//! For the end-to-end test, a page served from this machine panics on a
//! `einvoicing:simulate-panic` event dispatched on `window`; a page served
//! from anywhere else never listens for it.

use std::cell::RefCell;

use domain::publish::PageContext;
use wasm_bindgen::prelude::*;

/// The last save, run from the panic hook: `None` when every change is
/// saved, or what could not be.
type LastSave = Box<dyn Fn() -> Option<String>>;

thread_local! {
    static LAST_SAVE: RefCell<Option<LastSave>> = const { RefCell::new(None) };
}

/// The event a local page panics on (tests only).
pub const SIMULATE_PANIC: &str = "einvoicing:simulate-panic";

/// Installs the panic hook (and, on a page served from this machine, the
/// test's way to trigger it).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    if PageContext::new(&origin, None).is_local() {
        let trigger = Closure::<dyn Fn()>::new(|| {
            panic!("simulated panic ({SIMULATE_PANIC} on a page served from this machine)")
        });
        if let Some(window) = web_sys::window() {
            let _ = window
                .add_event_listener_with_callback(SIMULATE_PANIC, trigger.as_ref().unchecked_ref());
        }
        trigger.forget();
    }
}

/// Registers the save the panic hook runs last (the storage module's).
pub fn save_on_crash(save: impl Fn() -> Option<String> + 'static) {
    LAST_SAVE.with(|s| *s.borrow_mut() = Some(Box::new(save)));
}

const SAVING: &str = "Saving your work…";
const SAVED: &str = "Your work is saved in this browser. Reload the page to go on where you were.";

/// Shows the screen, then saves and says how that went. Any failure here
/// only leaves the screen as it is: a panic inside a panic hook aborts.
fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Some(status) = screen(&document, &body, message) else {
        return;
    };
    status.set_text_content(Some(SAVING));
    let outcome = LAST_SAVE.with(|s| {
        s.try_borrow()
            .ok()
            .and_then(|s| s.as_ref().map(|save| save()))
    });
    status.set_text_content(Some(&match outcome {
        Some(None) => SAVED.to_string(),
        Some(Some(reason)) => format!(
            "Your last change could not be saved ({reason}); everything before it is kept in this browser. Reload the page to go on."
        ),
        // No save to run (the page stopped before its storage started, or
        // the save is what was running): only what was saved before is kept.
        None => "Your work up to its last save is kept in this browser; the very last change may be lost. Reload the page to go on.".to_string(),
    }));
}

/// Builds the screen over the dead page; returns the element that says
/// whether the work is saved.
fn screen(
    document: &web_sys::Document,
    body: &web_sys::HtmlElement,
    message: &str,
) -> Option<web_sys::Element> {
    // Everything already on the page stops taking focus and clicks.
    let children = body.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            let _ = child.set_attribute("inert", "");
        }
    }
    let element = |tag: &str, text: Option<&str>| {
        let e = document.create_element(tag).ok()?;
        if let Some(text) = text {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let root = element("div", None)?;
    root.set_class_name("crash-screen");
    root.set_attribute("role", "alertdialog").ok()?;
    root.set_attribute("aria-labelledby", "crash-title").ok()?;
    root.set_attribute("aria-describedby", "crash-saved").ok()?;
    let title = element("h2", Some("Something went wrong"))?;
    title.set_id("crash-title");
    let explain = element(
        "p",
        Some("This page hit an error it cannot recover from, and stopped."),
    )?;
    let status = element("p", None)?;
    status.set_id("crash-saved");
    status.set_attribute("role", "status").ok()?;
    let reload = element("a", Some("Reload the page"))?;
    // The page without its fragment: a link to the same URL with a
    // fragment would only scroll, not load the page again.
    let here = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
        })
        .unwrap_or_else(|| "./".into());
    reload.set_attribute("href", &here).ok()?;
    reload.set_class_name("button primary");
    let details = element("details", None)?;
    details
        .append_child(&element("summary", Some("Details for a bug report"))?.into())
        .ok()?;
    details
        .append_child(&element("pre", Some(message))?.into())
        .ok()?;
    for part in [&title, &explain, &status, &reload, &details] {
        root.append_child(part).ok()?;
    }
    body.append_child(&root).ok()?;
    let _ = reload.dyn_ref::<web_sys::HtmlElement>().map(|r| r.focus());
    Some(status)
}
