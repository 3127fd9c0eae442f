//! The DNS host-name rule shared by [`Tenant`](super::Tenant) domains,
//! [`ApplicationUrl`](super::ApplicationUrl) and
//! [`EndpointUrl`](super::EndpointUrl) hosts: lowercase ASCII labels of 1–63
//! letters, digits and hyphens, not starting or ending with `-`, at least two
//! labels, at most 253 characters, the last label letters only.

use super::text::{quoted, quoted_char};

const MAX_NAME: usize = 253;
const MAX_LABEL: usize = 63;

/// Why a domain name was refused: a reason, phrased to follow the value it
/// is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DnsNameError {
    #[error("the domain name is empty")]
    Empty,
    #[error("it contains {}, but a domain name may contain only letters a–z, digits, hyphens and dots", quoted_char(*.character))]
    BadCharacter { character: char },
    #[error("a domain name must be at most 253 characters; it has {count}")]
    TooLong { count: usize },
    #[error("it has an empty label (two dots in a row, or a dot at the start or end)")]
    EmptyLabel,
    #[error("each label must be at most 63 characters; {} has {count}", quoted(.label))]
    LabelTooLong { label: String, count: usize },
    #[error("a label must not start or end with a hyphen; {} does", quoted(.label))]
    LabelHyphen { label: String },
    #[error("it needs at least two labels separated by a dot, such as contoso.com")]
    TooFewLabels,
    #[error("the last label must be letters only, such as com; {} is not (IP addresses are not accepted)", quoted(.label))]
    LastLabelNotAlphabetic { label: String },
}

/// Checks `host` (any case) and returns it lowercase.
pub(crate) fn check_dns_name(host: &str) -> Result<String, DnsNameError> {
    if host.is_empty() {
        return Err(DnsNameError::Empty);
    }
    if let Some(character) = host
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    {
        return Err(DnsNameError::BadCharacter { character });
    }
    if host.len() > MAX_NAME {
        return Err(DnsNameError::TooLong { count: host.len() });
    }
    let lower = host.to_ascii_lowercase();
    let mut labels = 0usize;
    let mut last = "";
    for label in lower.split('.') {
        if label.is_empty() {
            return Err(DnsNameError::EmptyLabel);
        }
        if label.len() > MAX_LABEL {
            return Err(DnsNameError::LabelTooLong {
                label: label.to_owned(),
                count: label.len(),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(DnsNameError::LabelHyphen {
                label: label.to_owned(),
            });
        }
        labels += 1;
        last = label;
    }
    if labels < 2 {
        return Err(DnsNameError::TooFewLabels);
    }
    if !last.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(DnsNameError::LastLabelNotAlphabetic {
            label: last.to_owned(),
        });
    }
    Ok(lower)
}
