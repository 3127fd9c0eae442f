//! How long the page waits for the service before it stops a request.
//!
//! The contract's default is 30 seconds. A slow private gateway may need
//! more and a test double less, so the administrator may choose from 1 to
//! 300 seconds; beyond that a page that seems frozen is worse than a clear
//! "no answer" and a retry.

use serde::{Deserialize, Serialize};

/// Seconds to wait for an answer, 1 to 300.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RequestTimeout(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestTimeoutError {
    #[error(
        "Enter how many seconds to wait for the service, from {} to {}.",
        RequestTimeout::MIN,
        RequestTimeout::MAX
    )]
    NotANumber,
    #[error(
        "Wait from {} to {} seconds for the service; {seconds} is out of range.",
        RequestTimeout::MIN,
        RequestTimeout::MAX
    )]
    OutOfRange { seconds: u64 },
}

impl RequestTimeout {
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 300;
    pub const DEFAULT: RequestTimeout = RequestTimeout(30);

    pub fn parse(input: &str) -> Result<RequestTimeout, RequestTimeoutError> {
        let seconds: u64 = input
            .trim()
            .parse()
            .map_err(|_| RequestTimeoutError::NotANumber)?;
        RequestTimeout::try_from(u32::try_from(seconds).unwrap_or(u32::MAX))
            .map_err(|_| RequestTimeoutError::OutOfRange { seconds })
    }

    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl Default for RequestTimeout {
    fn default() -> RequestTimeout {
        RequestTimeout::DEFAULT
    }
}

impl TryFrom<u32> for RequestTimeout {
    type Error = RequestTimeoutError;
    fn try_from(seconds: u32) -> Result<Self, Self::Error> {
        if (Self::MIN..=Self::MAX).contains(&seconds) {
            Ok(RequestTimeout(seconds))
        } else {
            Err(RequestTimeoutError::OutOfRange {
                seconds: seconds.into(),
            })
        }
    }
}

impl From<RequestTimeout> for u32 {
    fn from(value: RequestTimeout) -> u32 {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_from_1_to_300_are_accepted_and_the_default_is_30() {
        assert_eq!(RequestTimeout::parse(" 5 ").unwrap().seconds(), 5);
        assert_eq!(RequestTimeout::parse("300").unwrap().seconds(), 300);
        assert_eq!(RequestTimeout::default().seconds(), 30);
    }

    #[test]
    fn other_input_is_refused_with_the_range() {
        assert_eq!(
            RequestTimeout::parse("0"),
            Err(RequestTimeoutError::OutOfRange { seconds: 0 })
        );
        assert_eq!(
            RequestTimeout::parse("99999999999"),
            Err(RequestTimeoutError::OutOfRange {
                seconds: 99_999_999_999
            })
        );
        assert_eq!(
            RequestTimeout::parse("thirty"),
            Err(RequestTimeoutError::NotANumber)
        );
        assert!(RequestTimeout::parse("-1")
            .unwrap_err()
            .to_string()
            .contains("from 1 to 300"));
    }
}
