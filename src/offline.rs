//! Installing the console and using it with no network (README, "Offline
//! and installing").
//!
//! The service worker (`assets/sw.js`) keeps this build's files, so a
//! console once loaded opens and validates offline. This module registers it
//! and tells the administrator when the console they open is a newer build
//! than the one they last used:
//!
//! - [`register_when_idle`] runs after the first render, and waits for the
//!   window's `load` and then an idle moment before registering: the
//!   start-up the benchmark measures never waits for it, and the worker's
//!   download of the build's files starts once the page is usable. Only the
//!   release build registers it; a dev build (`trunk serve`: a large
//!   unoptimised wasm that changes on every save) is not worth keeping.
//! - [`UpdateNote`] compares the build's version, which
//!   `scripts/stamp-build.mjs` writes into index.html's `einvoicing-build`
//!   meta, with the one this browser remembers, and says "The console was
//!   updated" when they differ. The first visit says nothing, and neither
//!   does a dev build, which is a new build on every save.
//!
//! Neither is needed for the page to work: where service workers are not
//! available (a page not served over https or from localhost, a browser or
//! policy that blocks them) or storage is not kept, the console works as
//! before, online only, and says nothing about it — no console error
//! either.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::components::Notice;

/// The script of the service worker, next to index.html.
const WORKER: &str = "./sw.js";

/// Registers the service worker once the page has loaded and the browser
/// is idle (release builds only). Call it after the first render.
pub fn register_when_idle() {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let loaded = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        when_idle(register);
    } else {
        let on_load = Closure::once_into_js(|| when_idle(register));
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "load",
            on_load.unchecked_ref(),
            &options,
        );
    }
}

/// `requestIdleCallback`, or a timeout where the browser has none.
fn when_idle(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let work = Closure::once_into_js(work);
    if window.request_idle_callback(work.unchecked_ref()).is_err() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(work.unchecked_ref(), 1_000);
    }
}

fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // `navigator.serviceWorker` is missing outside a secure context and
    // throws in a sandboxed one: read it without letting either reach the
    // wasm.
    let container = match js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into()) {
        Ok(c) if !c.is_undefined() && !c.is_null() => {
            c.unchecked_into::<web_sys::ServiceWorkerContainer>()
        }
        _ => return,
    };
    let registering = container.register(WORKER);
    // A refusal (blocked, unsupported, the script unreachable) leaves the
    // console as it was, online only; nothing to tell or log.
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(registering).await;
    });
}

/// A build version as stamp-build.mjs writes it (hex digits); anything else
/// (an unstamped page, a hand-edited one) is no version at all.
fn version(text: &str) -> Option<&str> {
    let ok = !text.is_empty() && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then_some(text)
}

/// What to tell on opening build `current` when this browser last opened
/// `remembered`: `Some((from, to))` when it was another build. The first
/// visit (nothing remembered) and an unstamped page tell nothing.
fn change(current: Option<&str>, remembered: Option<&str>) -> Option<(String, String)> {
    let current = version(current?)?;
    let remembered = version(remembered?)?;
    (remembered != current).then(|| (remembered.to_string(), current.to_string()))
}

/// This page's build, from its `einvoicing-build` meta.
fn page_build() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=\"einvoicing-build\"]")
        .ok()
        .flatten()?
        .get_attribute("content")
}

/// Compares this page's build with the remembered one, and remembers this
/// one. A storage that refuses the write is left alone.
fn take_build_change() -> Option<(String, String)> {
    if cfg!(debug_assertions) {
        return None;
    }
    let current = page_build()?;
    version(&current)?;
    let remembered = crate::storage::marks::swap_remembered_build(&current);
    change(Some(&current), remembered.as_deref())
}

/// "The console was updated (build abc → def). Your work is kept.", once,
/// when this page is a newer build than the one this browser last opened;
/// dismissible.
#[component]
pub fn UpdateNote() -> impl IntoView {
    let updated = RwSignal::new(take_build_change());
    move || {
        updated.get().map(|(from, to)| {
            view! {
                <Notice kind="info">
                    {format!("The console was updated (build {from} → {to}). Your work is kept.")}
                    " "
                    <button type="button" class="link" on:click=move |_| updated.set(None)>
                        "Dismiss"
                    </button>
                </Notice>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_build_is_told_with_both_versions() {
        assert_eq!(
            change(Some("0123456789ab"), Some("ba9876543210")),
            Some(("ba9876543210".into(), "0123456789ab".into()))
        );
    }

    #[test]
    fn the_same_build_the_first_visit_and_an_unstamped_page_tell_nothing() {
        assert_eq!(change(Some("0123456789ab"), Some("0123456789ab")), None);
        assert_eq!(change(Some("0123456789ab"), None), None);
        assert_eq!(change(None, Some("0123456789ab")), None);
        assert_eq!(
            change(Some("__EINVOICING_BUILD_VERSION__"), Some("0123456789ab")),
            None
        );
        assert_eq!(change(Some("0123456789ab"), Some("<b>x</b>")), None);
        assert_eq!(change(Some(""), Some("0123456789ab")), None);
    }
}
