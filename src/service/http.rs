//! One request over `fetch`, ended by an `AbortController` when the
//! timeout passes (headers and body both count).

use domain::publish::{Method, Request, Transport};
use domain::values::RequestTimeout;
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use wasm_bindgen::prelude::*;

use super::timer::Timeout;

/// What came back: status, `Retry-After` and the body text.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

fn offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Sends `request`; an answer of any status is `Ok`.
pub async fn send(request: &Request, timeout: RequestTimeout) -> Result<Answer, Transport> {
    if offline() {
        return Err(Transport::Offline);
    }
    let controller = web_sys::AbortController::new().map_err(network)?;
    let signal = controller.signal();
    let _timer = Timeout::start(timeout.seconds(), move || controller.abort());
    let timed_out = || Transport::Timeout {
        seconds: timeout.seconds(),
    };

    let mut builder = RequestBuilder::new(&request.url)
        .method(match request.method {
            Method::Get => HttpMethod::GET,
            Method::Put => HttpMethod::PUT,
            Method::Delete => HttpMethod::DELETE,
        })
        .abort_signal(Some(&signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    }
    .map_err(|e| Transport::Network {
        detail: e.to_string(),
    })?;
    let failed = |e: gloo_net::Error| {
        if signal.aborted() {
            timed_out()
        } else if offline() {
            Transport::Offline
        } else {
            Transport::Network {
                detail: e.to_string(),
            }
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

fn network(e: JsValue) -> Transport {
    Transport::Network {
        detail: format!("{e:?}"),
    }
}
