//! What the flows need from the platform they run on, and nothing more:
//! sending one request, the time and waiting, and random bytes.
//!
//! The futures need not be `Send`: the page runs them on its one thread.

use std::future::Future;

use domain::publish::{IdempotencyKey, Request, TransportError};

/// What came back from one request: any HTTP status counts as an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    pub body: String,
}

impl Answer {
    /// An answer without `Retry-After`.
    pub fn new(status: u16, body: impl Into<String>) -> Answer {
        Answer {
            status,
            retry_after: None,
            body: body.into(),
        }
    }
}

/// Sends requests the domain built as data.
pub trait Transport {
    /// Sends `request`, giving up after `timeout_seconds` (headers and body
    /// both count). `Err` only when no answer came: network, CORS, timeout,
    /// offline.
    fn send(
        &self,
        request: &Request,
        timeout_seconds: u32,
    ) -> impl Future<Output = Result<Answer, TransportError>>;
}

/// The time, and waiting.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Waits `seconds`.
    fn sleep(&self, seconds: u64) -> impl Future<Output = ()>;
}

/// No source of secure random numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this browser offers no secure random numbers (crypto.getRandomValues)")]
pub struct RandomUnavailable;

/// Cryptographically secure random bytes.
pub trait Random {
    fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable>;
}

/// `N` fresh random bytes.
pub fn random_bytes<const N: usize>(random: &impl Random) -> Result<[u8; N], RandomUnavailable> {
    let mut bytes = [0u8; N];
    random.fill(&mut bytes)?;
    Ok(bytes)
}

/// A fresh version 4 idempotency key.
pub fn fresh_key(random: &impl Random) -> Result<IdempotencyKey, RandomUnavailable> {
    random_bytes(random).map(IdempotencyKey::from_random_bytes)
}
