//! `docs/workspace-file.md` stays true: its example is exactly what an
//! export writes, and it documents every rule code and limit.

use domain::file::{
    export, import, rule, MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_LIST_ITEMS, MAX_USERS,
};

const DOC: &str = include_str!("../../../docs/workspace-file.md");

fn example() -> &'static str {
    let from = DOC.find("## Example").expect("an Example section");
    let start = DOC[from..].find("```json\n").expect("a json block") + from + "```json\n".len();
    let end = DOC[start..].find("\n```").expect("the block ends") + start;
    &DOC[start..=end]
}

#[test]
fn the_example_imports_and_is_what_an_export_writes() {
    let ws = import(example()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(export(&ws), example());
    assert_eq!(ws.environments().len(), 2);
    let prod = &ws.environments()[1];
    assert_eq!(ws.problems(prod.id()).len(), 1, "PROD has no users");
}

#[test]
fn every_rule_code_is_documented() {
    for code in rule::ALL {
        assert!(
            DOC.contains(&format!("| `{code}` |")),
            "{code} is not in the rule table"
        );
    }
}

#[test]
fn the_limits_are_the_documented_ones() {
    assert_eq!(MAX_BYTES, 10_485_760);
    assert!(DOC.contains("10,485,760 bytes"));
    assert!(DOC.contains(&format!("{MAX_DEPTH} levels")));
    assert_eq!(
        (MAX_ITEMS, MAX_LIST_ITEMS, MAX_USERS),
        (100_000, 1_000, 30_000)
    );
    assert!(DOC.contains("100,000") && DOC.contains("1,000 items") && DOC.contains("30,000 users"));
}
