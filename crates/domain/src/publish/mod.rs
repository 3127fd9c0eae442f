//! The publish client, without the browser: every request the page sends
//! to the service endpoint (`publish-api.md`), built as plain data, and
//! every decision the page takes about the answers.
//!
//! The page's HTTP code only moves these [`Request`]s over `fetch` and hands
//! back status, `Retry-After` and body; what to send (URL, headers,
//! precondition, idempotency key), whether to retry, what an answer means
//! and what the administrator is told are decided here, where they are
//! tested natively.
//!
//! - [`request`]: URLs (names percent-encoded) and headers of each call.
//! - [`token`]: the access token, checked so it cannot break a header,
//!   never serialised and redacted from debug output.
//! - [`attempt`]: one publish attempt of one content, with the idempotency
//!   key a retry of the same content reuses.
//! - [`retry`]: the bounded automatic retries of `429`/`503`.
//! - [`explain`]: what each failure means, in an administrator's words.
//! - [`placed`]: a service error's JSON pointer turned into the item and
//!   field it names.
//! - [`held`]: what the service holds compared with what this browser last
//!   published.
//! - [`sequences`]: the answers of the number-sequence calls.
//! - [`policy`] and [`destination`]: whether the page may send to an
//!   endpoint at all (https page → https endpoint; the page's own Content
//!   Security Policy), checked before any request.

pub mod attempt;
pub mod destination;
pub mod explain;
pub mod held;
pub mod placed;
pub mod policy;
pub mod request;
pub mod retry;
pub mod sequences;
pub mod token;

pub use attempt::{IdempotencyKey, Precondition, PublishAttempt};
pub use destination::{check_destination, DestinationRefused, PageContext};
pub use explain::{read_answer, refusal, service_words, Failure, ServiceError, TransportError};
pub use held::{
    by_whom, compare, read_held_detail, read_held_list, shown_time, Comparison, ServiceView,
};
pub use placed::{place, PlacedError};
pub use policy::ConnectPolicy;
pub use request::{encode_segment, Method, Request, Service};
pub use retry::RetryPolicy;
pub use sequences::{classify_sequence_change, classify_sequence_list};
pub use token::{AccessToken, AccessTokenError, BoundToken};
