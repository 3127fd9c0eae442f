//! Bulk add of users: pasted lines or a CSV file read line by line, each
//! problem reported with its line number, the good lines kept, duplicates
//! refused against the environment and against earlier lines, and a cap on
//! the size of one paste. Native only: the last test is a property test.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use domain::import::{parse_users, LineProblem, ParsedUsers, MAX_LINES};
use domain::model::*;
use domain::status::Status;
use proptest::prelude::*;

/// `(line, user ID, email)` of a user read.
type Read = (usize, String, String);

/// What was pasted, the users read, the messages of the lines refused.
type Row = (&'static str, &'static str, Vec<Read>, Vec<&'static str>);

fn users(parsed: &ParsedUsers) -> Vec<Read> {
    parsed
        .users
        .iter()
        .map(|(line, u)| (*line, u.user_id.to_string(), u.email.to_string()))
        .collect()
}

fn messages(problems: &[LineProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.message.as_str()).collect()
}

fn triple(line: usize, user_id: &str, email: &str) -> Read {
    (line, user_id.into(), email.into())
}

#[test]
fn good_lines_become_users_with_their_line_numbers() {
    let parsed = parse_users("ana,ana@contoso.com\nben,ben@contoso.com\n");
    assert_eq!(
        users(&parsed),
        [
            triple(1, "ana", "ana@contoso.com"),
            triple(2, "ben", "ben@contoso.com")
        ]
    );
    assert!(parsed.rejected.is_empty());
}

#[test]
fn a_bad_email_on_line_2_is_reported_and_lines_1_and_3_kept() {
    let parsed = parse_users("ana,ana@contoso.com\nben,ben.contoso.com\ncy,cy@contoso.com");
    assert_eq!(
        users(&parsed),
        [
            triple(1, "ana", "ana@contoso.com"),
            triple(3, "cy", "cy@contoso.com")
        ]
    );
    assert_eq!(
        parsed.rejected,
        [LineProblem {
            line: 2,
            text: "ben,ben.contoso.com".into(),
            message: "Line 2: An email address needs an '@' between the name and the domain, such as ana@contoso.com; 'ben.contoso.com' has none.".into(),
        }]
    );
}

/// Each row: the text pasted, the users read, the messages of the lines
/// refused.
#[test]
fn formats_spreadsheets_write() {
    let ana = || triple(1, "ana", "ana@contoso.com");
    let rows: Vec<Row> = vec![
        (
            "header User ID,Email skipped",
            "User ID,Email\nana,ana@contoso.com",
            vec![triple(2, "ana", "ana@contoso.com")],
            vec![],
        ),
        (
            "header userId;email skipped",
            "userId;email\nana;ana@contoso.com",
            vec![triple(2, "ana", "ana@contoso.com")],
            vec![],
        ),
        (
            "header ALIAS,EMAIL skipped",
            "ALIAS , EMAIL\nana,ana@contoso.com",
            vec![triple(2, "ana", "ana@contoso.com")],
            vec![],
        ),
        (
            "semicolons (Excel where the decimal separator is a comma)",
            "ana;ana@contoso.com\nben ; ben@contoso.com",
            vec![ana(), triple(2, "ben", "ben@contoso.com")],
            vec![],
        ),
        (
            "tabs (cells copied from a spreadsheet)",
            "alias\temail\nana\tana@contoso.com\n  ben\t ben@contoso.com ",
            vec![
                triple(2, "ana", "ana@contoso.com"),
                triple(3, "ben", "ben@contoso.com"),
            ],
            vec![],
        ),
        (
            "surrounding whitespace",
            "   ana  ,   ana@contoso.com   ",
            vec![ana()],
            vec![],
        ),
        (
            "quoted fields",
            "\"ana\" , \"ana@contoso.com\"",
            vec![ana()],
            vec![],
        ),
        (
            "a comma inside quotes does not separate",
            "\"ana,ben\",ana@contoso.com",
            vec![],
            vec!["Line 1: A user ID may contain only letters A–Z, digits and ' . - _ ! # ^ ~; 'ana,ben' contains ','."],
        ),
        (
            "\"\" inside quotes is one quote",
            "\"o\"\"brien\",obrien@contoso.com",
            vec![],
            vec!["Line 1: A user ID may contain only letters A–Z, digits and ' . - _ ! # ^ ~; 'o\"brien' contains '\"'."],
        ),
        (
            "CRLF line ends and a byte-order mark",
            "\u{feff}User ID,Email\r\nana,ana@contoso.com\r\nben,ben@contoso.com\r\n",
            vec![
                triple(2, "ana", "ana@contoso.com"),
                triple(3, "ben", "ben@contoso.com"),
            ],
            vec![],
        ),
        (
            "a byte-order mark before a user",
            "\u{feff}ana,ana@contoso.com",
            vec![ana()],
            vec![],
        ),
        (
            "CR line ends (old Mac files)",
            "ana,ana@contoso.com\rben,ben@contoso.com",
            vec![ana(), triple(2, "ben", "ben@contoso.com")],
            vec![],
        ),
        (
            "blank lines skipped, still counted",
            "\n  \nana,ana@contoso.com\n\n\t\nben,ben@contoso.com\n\n",
            vec![
                triple(3, "ana", "ana@contoso.com"),
                triple(6, "ben", "ben@contoso.com"),
            ],
            vec![],
        ),
        (
            "wrong number of fields",
            "ana,ana@contoso.com\nben\ncy,cy@contoso.com,Finance\ndee;dee@contoso.com;",
            vec![ana()],
            vec![
                "Line 2: expected 'alias,email' (2 fields); found 1.",
                "Line 3: expected 'alias,email' (2 fields); found 3.",
                "Line 4: expected 'alias,email' (2 fields); found 3.",
            ],
        ),
        (
            "an alias given as a full sign-in name",
            "ana@contoso.com,ana@contoso.com",
            vec![],
            vec!["Line 1: Enter only the part before '@' (the alias): 'ana' instead of 'ana@contoso.com'."],
        ),
        (
            "an empty alias",
            ",ana@contoso.com",
            vec![],
            vec!["Line 1: Enter the user's alias: the part of their sign-in name before '@'."],
        ),
        (
            "a quote left open",
            "\"ana,ana@contoso.com",
            vec![],
            vec!["Line 1: a quoted field has no closing '\"'. Close it; inside quotes, write a '\"' as '\"\"'."],
        ),
        (
            "text after a closing quote",
            "\"ana\"x,ana@contoso.com",
            vec![],
            vec!["Line 1: text follows the closing '\"' of a quoted field. Put the whole field in quotes; inside quotes, write a '\"' as '\"\"'."],
        ),
        (
            "a secret's value pasted by mistake",
            "ana,https://x.blob.core.windows.net/?sv=2024&se=2026&sig=abc",
            vec![],
            vec!["Line 1: This looks like a SAS token. Never enter a secret's value here: store it in Key Vault as a secret and enter the secret's name."],
        ),
        ("empty input", "", vec![], vec![]),
        ("only blank lines", "\n \r\n\t\n", vec![], vec![]),
        ("only a header", "User ID,Email\r\n", vec![], vec![]),
    ];
    for (what, text, expected_users, expected_messages) in rows {
        let parsed = parse_users(text);
        assert_eq!(users(&parsed), expected_users, "{what}");
        assert_eq!(messages(&parsed.rejected), expected_messages, "{what}");
    }
}

#[test]
fn a_rejected_line_is_kept_as_typed() {
    let parsed = parse_users("ana,ana@contoso.com\r\n  \"ben\" ; ben@@contoso.com  \r\n");
    assert_eq!(parsed.rejected.len(), 1);
    assert_eq!(parsed.rejected[0].line, 2);
    assert_eq!(parsed.rejected[0].text, "  \"ben\" ; ben@@contoso.com  ");
}

#[test]
fn duplicates_within_the_paste_and_against_existing_users_are_refused() {
    let mut ex = common::example(); // UAT has ana (ana@contoso.com)
    let parsed = parse_users(
        "User ID,Email\n\
         ANA,ana2@contoso.com\n\
         ben,ben@contoso.com\n\
         cy,Ana@Contoso.com\n\
         Ben,ben2@contoso.com\n\
         dee,BEN@contoso.com\n\
         eve,not-an-email\n\
         fay,fay@contoso.com\n",
    );
    let report = ex.ws.add_users(ex.uat, parsed).unwrap();
    assert_eq!(report.added, 2);
    assert_eq!(
        messages(&report.rejected),
        [
            "Line 2: User ID 'ANA' is already in this environment's users. Each user is listed once.",
            "Line 4: Email 'Ana@Contoso.com' is already in this environment's users. Each email is listed once.",
            "Line 5: User ID 'Ben' is already on line 3 of this paste. Each user is listed once.",
            "Line 6: Email 'BEN@contoso.com' is already on line 3 of this paste. Each email is listed once.",
            "Line 7: An email address needs an '@' between the name and the domain, such as ana@contoso.com; 'not-an-email' has none.",
        ]
    );
    assert_eq!(report.rejected[1].text, "cy,Ana@Contoso.com");
    let ids: Vec<&str> = ex
        .ws
        .environment(ex.uat)
        .unwrap()
        .users()
        .iter()
        .map(|u| u.user_id.as_str())
        .collect();
    assert_eq!(ids, ["ana", "ben", "fay"]);
    assert!(ex.ws.check().is_ok());
}

#[test]
fn a_paste_added_twice_adds_nothing_the_second_time() {
    let mut ex = common::example();
    let text = "ben,ben@contoso.com\ncy,cy@contoso.com";
    let first = ex.ws.add_users(ex.uat, parse_users(text)).unwrap();
    let second = ex.ws.add_users(ex.uat, parse_users(text)).unwrap();
    assert_eq!((first.added, first.rejected.len()), (2, 0));
    assert_eq!((second.added, second.rejected.len()), (0, 2));
    assert_eq!(ex.ws.environment(ex.uat).unwrap().users().len(), 3);
}

#[test]
fn adding_to_a_published_environment_makes_it_changed() {
    let mut ex = common::example();
    let sent = ex.ws.publish_payload(ex.uat).unwrap();
    ex.ws
        .record_publication(
            ex.uat,
            Publication {
                revision: domain::answers::Revision::parse("1").unwrap(),
                published_at: "2026-11-21T10:00:00Z".into(),
                snapshot: sent,
                published_by: None,
            },
        )
        .unwrap();
    ex.ws
        .add_users(ex.uat, parse_users("ben,ben@contoso.com"))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
}

#[test]
fn adding_to_an_unknown_environment_is_refused() {
    let mut ex = common::example();
    assert!(matches!(
        ex.ws.add_users(ex.kv, parse_users("ben,ben@contoso.com")),
        Err(WorkspaceError::NotFound { .. })
    ));
}

#[test]
fn at_most_20000_lines_are_read_from_one_paste() {
    assert_eq!(MAX_LINES, 20_000);
    let mut text = String::from("User ID,Email\n");
    for i in 1..=25_000 {
        text.push_str(&format!("u{i},u{i}@contoso.com\n"));
        if i % 1000 == 0 {
            text.push('\n'); // blank lines do not count
        }
    }
    let parsed = parse_users(&text);
    // The header is one of the 20,000 lines read.
    assert_eq!(parsed.users.len(), 19_999);
    assert_eq!(parsed.rejected.len(), 1);
    let problem = &parsed.rejected[0];
    assert_eq!(problem.text, "u20000,u20000@contoso.com");
    assert_eq!(problem.line, 20_001 + 19);
    assert_eq!(
        problem.message,
        "Line 20020: only the first 20,000 lines of a paste are read, and this paste has 25,001: the last 5,001, from this line on, were not read. Add them in another paste."
    );
    // What was read is added in one go, quickly.
    let mut ex = common::example();
    let report = ex.ws.add_users(ex.uat, parsed).unwrap();
    assert_eq!(report.added, 19_999);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(ex.ws.environment(ex.uat).unwrap().users().len(), 20_000);
}

#[test]
fn exactly_20000_lines_are_all_read() {
    let text: String = (1..=20_000)
        .map(|i| format!("u{i},u{i}@contoso.com\r\n"))
        .collect();
    let parsed = parse_users(&text);
    assert_eq!(parsed.users.len(), 20_000);
    assert!(parsed.rejected.is_empty());
}

proptest! {
    #[test]
    fn parse_users_never_panics_and_accounts_for_every_line(
        text in "(\u{feff})?([a-zA-Z0-9@.,;\t \"'_é\u{202e}-]{0,40}(\r\n|\n|\r)){0,12}[a-z,;@.\"]{0,20}",
    ) {
        let parsed = parse_users(&text);
        let lines = text.split(['\n', '\r']).count();
        let mut seen = std::collections::HashSet::new();
        for (line, _) in &parsed.users {
            prop_assert!(*line >= 1 && *line <= lines);
            prop_assert!(seen.insert(*line));
        }
        for problem in &parsed.rejected {
            prop_assert!(problem.line >= 1 && problem.line <= lines);
            prop_assert!(seen.insert(problem.line));
            let prefix = format!("Line {}: ", problem.line);
            prop_assert!(problem.message.starts_with(&prefix));
            let raw = problem.message.contains(['\n', '\r', '\u{202e}']);
            prop_assert!(!raw, "raw control characters in {:?}", problem.message);
        }
    }

    #[test]
    fn parse_users_never_panics_on_arbitrary_text(text in any::<String>()) {
        let parsed = parse_users(&text);
        let mut ex = common::example();
        let report = ex.ws.add_users(ex.uat, parsed).unwrap();
        prop_assert!(ex.ws.check().is_ok());
        prop_assert!(report.rejected.windows(2).all(|w| w[0].line <= w[1].line));
    }
}
