//! The browser's side of the three ports the flows run on (`api::ports`):
//! `fetch` (gloo-net) ended by an `AbortController` when the timeout
//! passes, the page's clock and `setTimeout`, and `crypto.getRandomValues`.
//!
//! This is the only code in the console that calls the network: every call
//! to the service and the sign-in's token request go through
//! [`Browser::send`].

use api::{Answer, Clock, Random, RandomUnavailable, Transport};
use domain::publish::{Method, Request, TransportError};
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The browser, as the flows see it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Browser;

fn offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

impl Transport for Browser {
    async fn send(
        &self,
        request: &Request,
        timeout_seconds: u32,
    ) -> Result<Answer, TransportError> {
        if offline() {
            return Err(TransportError::Offline);
        }
        let network = |detail: String| TransportError::Network { detail };
        let controller = web_sys::AbortController::new().map_err(|e| network(format!("{e:?}")))?;
        let signal = controller.signal();
        let _timer = Timeout::start(timeout_seconds, move || controller.abort());

        let mut builder = RequestBuilder::new(&request.url)
            .method(match request.method {
                Method::Get => HttpMethod::GET,
                Method::Put => HttpMethod::PUT,
                Method::Delete => HttpMethod::DELETE,
                Method::Post => HttpMethod::POST,
            })
            .abort_signal(Some(&signal));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match &request.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|e| network(e.to_string()))?;
        let failed = |e: gloo_net::Error| {
            if signal.aborted() {
                TransportError::Timeout {
                    seconds: timeout_seconds,
                }
            } else if offline() {
                TransportError::Offline
            } else {
                network(e.to_string())
            }
        };
        let response = built.send().await.map_err(failed)?;
        let status = response.status();
        let retry_after = response.headers().get("Retry-After");
        let body = response.text().await.map_err(failed)?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

impl Clock for Browser {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    async fn sleep(&self, seconds: u64) {
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
}

impl Random for Browser {
    /// `crypto.getRandomValues`, present in every browser this console runs
    /// in, secure context or not.
    fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .and_then(|c| c.get_random_values_with_u8_array(bytes).ok())
            .map(|_| ())
            .ok_or(RandomUnavailable)
    }
}

/// Runs a callback after some seconds unless dropped first.
struct Timeout {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    fn start(seconds: u32, then: impl FnOnce() + 'static) -> Timeout {
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
