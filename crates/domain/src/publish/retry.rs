//! The bounded automatic retries of a busy service (`429`, `503`).
//!
//! A retry resends the same attempt, so the same `Idempotency-Key`: the
//! service applies it once however many times it arrives. The number of
//! retries and each wait are capped, so a service that stays busy (or asks
//! for an hour) ends in a message and a manual retry, never in a page that
//! waits forever.

use crate::answers::PublishOutcome;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Automatic retries after the first attempt.
    pub max_retries: u32,
    /// Wait when the service sent no usable `Retry-After`, in seconds.
    pub default_wait: u64,
    /// Longest wait retried automatically, in seconds; a longer
    /// `Retry-After` is left to the administrator.
    pub longest_wait: u64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            default_wait: 2,
            longest_wait: 60,
        }
    }
}

impl RetryPolicy {
    /// Seconds to wait before retrying after `outcome`, when `retries_done`
    /// automatic retries have already been made; `None` when the outcome is
    /// final or the retries are used up.
    pub fn wait_before_retry(&self, retries_done: u32, outcome: &PublishOutcome) -> Option<u64> {
        let PublishOutcome::RetryLater { after_seconds, .. } = outcome else {
            return None;
        };
        if retries_done >= self.max_retries {
            return None;
        }
        let wait = after_seconds.unwrap_or(self.default_wait);
        (wait <= self.longest_wait).then_some(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy(after: Option<u64>) -> PublishOutcome {
        PublishOutcome::RetryLater {
            status: 503,
            after_seconds: after,
        }
    }

    #[test]
    fn a_busy_service_is_retried_after_the_wait_it_asks_for_up_to_three_times() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before_retry(0, &busy(Some(1))), Some(1));
        assert_eq!(policy.wait_before_retry(2, &busy(Some(5))), Some(5));
        assert_eq!(policy.wait_before_retry(3, &busy(Some(1))), None);
    }

    #[test]
    fn without_retry_after_the_default_wait_applies_and_long_waits_are_left_to_the_administrator() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_before_retry(0, &busy(None)), Some(2));
        assert_eq!(policy.wait_before_retry(0, &busy(Some(60))), Some(60));
        assert_eq!(policy.wait_before_retry(0, &busy(Some(3600))), None);
    }

    #[test]
    fn final_answers_are_never_retried() {
        let policy = RetryPolicy::default();
        for outcome in [
            PublishOutcome::Unexpected {
                status: 500,
                reason: "x".into(),
            },
            PublishOutcome::Conflict {
                status: 412,
                problem: None,
            },
            PublishOutcome::NotAuthorized {
                status: 401,
                problem: None,
            },
        ] {
            assert_eq!(policy.wait_before_retry(0, &outcome), None);
        }
    }
}
