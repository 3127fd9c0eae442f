//! `setTimeout` as a guard (cleared when dropped) and as a future.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs a callback after some seconds unless dropped first.
pub struct Timeout {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn start(seconds: u32, then: impl FnOnce() + 'static) -> Timeout {
        let mut then = Some(then);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = then.take() {
                f();
            }
        });
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(u64::from(seconds) * 1000).unwrap_or(i32::MAX),
            )
            .ok()
        });
        Timeout {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

/// Waits `seconds`.
pub async fn sleep(seconds: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(seconds * 1000).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
