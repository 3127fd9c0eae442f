//! The answers of the number-sequence calls. A sequence change takes effect
//! at once on the service, so the page applies it locally only after the
//! service said yes; a refusal (`409` while in use) is shown in the
//! service's words and changes nothing.

use crate::answers::HeldNumberSequence;

use super::explain::{read_answer, refusal, ServiceError};

/// A `PUT` or `DELETE` of one sequence: done, or why not.
pub fn classify_sequence_change(doing: &str, status: u16, body: &str) -> Result<(), ServiceError> {
    match status {
        200 | 201 | 204 => Ok(()),
        _ => Err(refusal(doing, status, body)),
    }
}

/// `GET …/number-sequences`: the sequences the service holds, with In use
/// and Current value.
pub fn classify_sequence_list(
    status: u16,
    body: &str,
) -> Result<Vec<HeldNumberSequence>, ServiceError> {
    read_answer("read the number sequences the service holds", status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_succeed_on_2xx_and_a_409_carries_the_service_message() {
        assert!(classify_sequence_change("create", 201, "").is_ok());
        assert!(classify_sequence_change("delete", 204, "").is_ok());
        let e = classify_sequence_change(
            "delete number sequence 'INV'",
            409,
            r#"{"status":409,"detail":"Number sequence 'INV' is in use and cannot be deleted."}"#,
        )
        .unwrap_err();
        assert!(
            e.message.contains("is in use and cannot be deleted"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_list_is_read_with_usage() {
        let list = classify_sequence_list(
            200,
            r#"[{"name":"INV","description":"Invoices","inUse":true,"current":1042},{"name":"CN","description":"","inUse":false,"current":null}]"#,
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert!(list[0].in_use);
        assert_eq!(list[0].current, Some(1042));
        assert_eq!(list[1].current, None);
    }
}
