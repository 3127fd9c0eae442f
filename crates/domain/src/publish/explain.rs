//! What went wrong, in an administrator's words.
//!
//! Every failure says what happened, that nothing changed in the page (the
//! status and every edit are kept), and what to do next. The service's own
//! words (a problem document's `title`/`detail`) are quoted when it sent
//! them.

use crate::answers::{ProblemDetails, PublishOutcome};
use crate::values::shown;

/// A request that got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub enum TransportError {
    /// No answer within the page's timeout; the request was aborted.
    Timeout { seconds: u32 },
    /// `fetch` failed: no network, a wrong host, or a CORS refusal (the
    /// browser does not tell these apart).
    Network { detail: String },
    /// The browser says it is offline.
    Offline,
}

/// Why a publish did not end in Published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The service answered, and not with a receipt.
    Answer(PublishOutcome),
    /// The service stayed busy through every automatic retry.
    StillBusy { status: u16, retries: u32 },
    /// No answer at all.
    Transport(TransportError),
}

const KEPT: &str = "Nothing changed here: the status and every edit are kept.";

/// The service's own words from a problem document, if it sent any: on one
/// line, hidden characters escaped and at most 500 characters (see
/// [`shown`]), since they are whatever the service (or a proxy in front of
/// it) wrote.
pub fn service_words(problem: Option<&ProblemDetails>) -> Option<String> {
    let problem = problem?;
    let words = match (problem.title.as_deref(), problem.detail.as_deref()) {
        (Some(t), Some(d)) if !d.trim().is_empty() && !t.trim().is_empty() => {
            format!("{}: {}", t.trim(), d.trim())
        }
        (_, Some(d)) if !d.trim().is_empty() => d.to_string(),
        (Some(t), _) if !t.trim().is_empty() => t.to_string(),
        _ => return None,
    };
    Some(shown(&words))
}

fn with_words(base: String, problem: Option<&ProblemDetails>) -> String {
    match service_words(problem) {
        Some(words) => format!("{base} The service said: “{words}”"),
        None => base,
    }
}

/// What a `401`/`403` means.
pub fn not_authorized(status: u16, problem: Option<&ProblemDetails>) -> String {
    let base = if status == 401 {
        format!("The service did not accept the access token ({status}): it is missing, mistyped or has expired. Enter a new token in Settings, then try again. {KEPT}")
    } else {
        format!("The access token is valid but lacks the rights for this ({status}). Use a token of an account with the Electronic invoicing administrator role, then try again. {KEPT}")
    };
    with_words(base, problem)
}

impl TransportError {
    pub fn message(&self) -> String {
        match self {
            TransportError::Timeout { seconds } => format!(
                "The service did not answer within {seconds} seconds, so the request was stopped. {KEPT} Publish again to retry: the retry carries the same idempotency key, so the service applies it at most once."
            ),
            TransportError::Network { .. } => format!(
                "The service endpoint could not be reached: the network is down, the endpoint URL in Settings is wrong, or the service refused this page's cross-origin request (CORS). {KEPT}"
            ),
            TransportError::Offline => format!(
                "This browser is offline, so nothing was sent. {KEPT} Publish again once the network is back."
            ),
        }
    }
}

impl Failure {
    pub fn message(&self) -> String {
        match self {
            Failure::Answer(outcome) => match outcome {
                PublishOutcome::Published(_) => "Published.".into(),
                PublishOutcome::Invalid(problem) => with_words(
                    format!(
                        "The service refused the environment ({}). Each field it named is marked below; correct them and publish again. {KEPT}",
                        problem.status.unwrap_or(422)
                    ),
                    Some(problem),
                ),
                PublishOutcome::NotAuthorized { status, problem } => {
                    not_authorized(*status, problem.as_ref())
                }
                PublishOutcome::Conflict { status, problem } => with_words(
                    format!(
                        "Someone else published this environment since this browser last did ({status}), so the service kept their version. Compare it below, then overwrite it with yours or reload theirs. {KEPT}"
                    ),
                    problem.as_ref(),
                ),
                PublishOutcome::RetryLater { status, after_seconds } => format!(
                    "The service is busy ({status}){}. {KEPT} Publish again later: the same publish is sent again, so it cannot be applied twice.",
                    match after_seconds {
                        Some(s) => format!(" and asked to wait {s} seconds"),
                        None => String::new(),
                    }
                ),
                PublishOutcome::Unexpected { status, reason } => format!(
                    "The publish failed: {reason}{}. {KEPT} Check the service endpoint in Settings and publish again; a retry of the same content is applied at most once.",
                    if reason.contains(&status.to_string()) { String::new() } else { format!(" (status {status})") }
                ),
            },
            Failure::StillBusy { status, retries } => format!(
                "The service is busy ({status}) and still was after {retries} automatic retries. {KEPT} Publish again in a moment: the same publish is sent again, so it cannot be applied twice."
            ),
            Failure::Transport(t) => t.message(),
        }
    }

    /// The short result kept in the publish history.
    pub fn summary(&self) -> String {
        match self {
            Failure::Answer(outcome) => match outcome {
                PublishOutcome::Published(_) => "Published".into(),
                PublishOutcome::Invalid(p) => {
                    format!("Refused by the service ({})", p.status.unwrap_or(422))
                }
                PublishOutcome::NotAuthorized { status, .. } => {
                    format!("Not authorised ({status})")
                }
                PublishOutcome::Conflict { status, .. } => {
                    format!("Published by someone else ({status})")
                }
                PublishOutcome::RetryLater { status, .. } => format!("Service busy ({status})"),
                PublishOutcome::Unexpected { status, .. } => {
                    format!("Unexpected answer ({status})")
                }
            },
            Failure::StillBusy { status, .. } => format!("Service busy ({status})"),
            Failure::Transport(TransportError::Timeout { seconds }) => {
                format!("No answer within {seconds} s")
            }
            Failure::Transport(TransportError::Network { .. }) => "Service unreachable".into(),
            Failure::Transport(TransportError::Offline) => "Offline".into(),
        }
    }
}

/// An answer to one of the other calls (what the service holds, number
/// sequences) that is not what was asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ServiceError {
    pub status: u16,
    pub message: String,
}

/// Reads a JSON answer of a non-publish call: `T` on `200`/`201`, otherwise
/// what went wrong in plain words (`doing` says what was being done, e.g.
/// "read what the service holds").
pub fn read_answer<T: serde::de::DeserializeOwned>(
    doing: &str,
    status: u16,
    body: &str,
) -> Result<T, ServiceError> {
    match status {
        200 | 201 => serde_json::from_str(body).map_err(|e| ServiceError {
            status,
            message: format!(
                "Could not {doing}: the service's answer is not what the contract says ({}).",
                shown(&e.to_string())
            ),
        }),
        _ => Err(refusal(doing, status, body)),
    }
}

/// The plain-words refusal of a non-publish call answered with `status`.
pub fn refusal(doing: &str, status: u16, body: &str) -> ServiceError {
    let problem: Option<ProblemDetails> = serde_json::from_str(body).ok();
    let message = match status {
        401 | 403 => not_authorized(status, problem.as_ref()),
        _ => with_words(
            format!("Could not {doing}: the service answered {status}. {KEPT}"),
            problem.as_ref(),
        ),
    };
    ServiceError { status, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_says_that_nothing_changed() {
        let failures = [
            Failure::Answer(PublishOutcome::Invalid(ProblemDetails::default())),
            Failure::Answer(PublishOutcome::NotAuthorized {
                status: 401,
                problem: None,
            }),
            Failure::Answer(PublishOutcome::NotAuthorized {
                status: 403,
                problem: None,
            }),
            Failure::Answer(PublishOutcome::Conflict {
                status: 409,
                problem: None,
            }),
            Failure::Answer(PublishOutcome::RetryLater {
                status: 429,
                after_seconds: Some(1),
            }),
            Failure::Answer(PublishOutcome::Unexpected {
                status: 500,
                reason: "the service answered with status 500".into(),
            }),
            Failure::StillBusy {
                status: 503,
                retries: 3,
            },
            Failure::Transport(TransportError::Timeout { seconds: 30 }),
            Failure::Transport(TransportError::Network {
                detail: "TypeError".into(),
            }),
            Failure::Transport(TransportError::Offline),
        ];
        for failure in failures {
            assert!(failure.message().contains(KEPT), "{failure:?}");
            assert!(!failure.summary().is_empty());
        }
    }

    #[test]
    fn offline_says_plainly_that_nothing_was_sent_and_the_edit_is_kept() {
        let offline = Failure::Transport(TransportError::Offline);
        let m = offline.message();
        assert!(
            m.starts_with("This browser is offline, so nothing was sent."),
            "{m}"
        );
        assert!(m.contains(KEPT) && m.ends_with("Publish again once the network is back."));
        assert!(!m.contains("could not be reached"), "{m}");
        assert_eq!(offline.summary(), "Offline");
        // Not the words of a network failure while online.
        let network = Failure::Transport(TransportError::Network {
            detail: "TypeError: Failed to fetch".into(),
        });
        assert_ne!(network.message(), m);
        assert_eq!(network.summary(), "Service unreachable");
    }

    #[test]
    fn the_service_words_are_quoted_and_statuses_named() {
        let problem = ProblemDetails {
            title: Some("Forbidden".into()),
            detail: Some("Role missing".into()),
            ..ProblemDetails::default()
        };
        let m = not_authorized(403, Some(&problem));
        assert!(
            m.contains("(403)") && m.contains("“Forbidden: Role missing”"),
            "{m}"
        );
        let m = Failure::Answer(PublishOutcome::Unexpected {
            status: 500,
            reason: "the service answered with status 500".into(),
        })
        .message();
        assert!(
            m.contains("status 500") && !m.contains("(status 500)"),
            "{m}"
        );
    }

    #[test]
    fn the_service_words_are_shown_on_one_line_escaped_and_cut() {
        // Found by the fuzz harness: a problem document's words reached the
        // message raw (a direction override, NUL, line breaks) and whole.
        let problem = ProblemDetails {
            title: Some("Bad\u{202e}txt".into()),
            detail: Some("line one\r\nline\0two".into()),
            ..ProblemDetails::default()
        };
        assert_eq!(
            service_words(Some(&problem)).unwrap(),
            "Bad\\u{202e}txt: line one  line\\0two"
        );
        let long = ProblemDetails {
            detail: Some("x".repeat(100_000)),
            ..ProblemDetails::default()
        };
        let words = service_words(Some(&long)).unwrap();
        assert_eq!(words.chars().count(), 501);
        assert!(words.ends_with('…'));
        let refused = refusal("read", 500, &serde_json::to_string(&long).unwrap());
        assert!(refused.message.chars().count() < 1_000);
        // serde quotes an unknown variant as it came.
        #[derive(Debug, serde::Deserialize)]
        enum Kind {
            Secret,
        }
        let bad = read_answer::<Vec<Kind>>("read", 200, "[\"\u{202e}x\"]").unwrap_err();
        assert!(
            !bad.message.contains('\u{202e}') && bad.message.contains("\\u{202e}x"),
            "{}",
            bad.message
        );
    }

    #[test]
    fn other_calls_read_their_json_or_say_why_not() {
        let ok: Vec<u32> = read_answer("read", 200, "[1,2]").unwrap();
        assert_eq!(ok, vec![1, 2]);
        let bad =
            read_answer::<Vec<u32>>("read what the service holds", 200, "<html>").unwrap_err();
        assert!(bad.message.starts_with("Could not read what the service holds: the service's answer is not what the contract says"));
        let refused = read_answer::<Vec<u32>>(
            "delete number sequence 'INV'",
            409,
            r#"{"title":"In use","detail":"INV is used by 3 pipelines"}"#,
        )
        .unwrap_err();
        assert_eq!(refused.status, 409);
        assert!(
            refused
                .message
                .contains("“In use: INV is used by 3 pipelines”"),
            "{}",
            refused.message
        );
    }
}
