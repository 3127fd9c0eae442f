//! User ID (alias) and Email.

use domain::values::{Email, EmailError as M, UserId, UserIdError as U};

#[test]
fn user_id_good() {
    for (input, stored) in [
        ("ana", "ana"),
        ("  Ana.Smith ", "Ana.Smith"),
        ("o'brien", "o'brien"),
        ("a-b_c!d#e^f~g", "a-b_c!d#e^f~g"),
        ("x", "x"),
    ] {
        let id = UserId::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(id.as_str(), stored);
        assert_eq!(UserId::parse(id.as_str()), Ok(id.clone()));
    }
    assert_eq!(UserId::parse("Ana.Smith").unwrap().key(), "ana.smith");
    assert!(UserId::parse(&"a".repeat(64)).is_ok());
}

#[test]
fn user_id_bad() {
    let e = |s: &str| UserId::parse(s).expect_err(s);
    assert!(matches!(e(""), U::Empty));
    assert!(matches!(e("   "), U::Empty));
    assert!(matches!(e("ana@contoso.com"), U::ContainsAt { alias, .. } if alias == "ana"));
    assert!(matches!(e(&"a".repeat(65)), U::TooLong { count: 65, .. }));
    assert!(matches!(
        e("ana smith"),
        U::BadCharacter { character: ' ', .. }
    ));
    assert!(matches!(
        e("anä"),
        U::BadCharacter {
            character: 'ä', ..
        }
    ));
    assert!(matches!(e("a+b"), U::BadCharacter { character: '+', .. }));
    assert!(matches!(e(".ana"), U::LeadingDot { .. }));
    assert!(matches!(e("ana."), U::TrailingDot { .. }));
    assert!(matches!(e("an..a"), U::ConsecutiveDots { .. }));

    let at = e("ana@contoso.com").to_string();
    assert!(at.contains("only the part before '@'"), "{at}");
    assert!(at.contains("'ana'"), "{at}");
    assert!(e("a+b").to_string().contains("'+'"));
}

#[test]
fn email_good() {
    for (input, stored) in [
        ("ana@contoso.com", "ana@contoso.com"),
        ("  Ana.Smith@Contoso.com ", "Ana.Smith@Contoso.com"),
        (
            "ana+invoices@mail.contoso.co.uk",
            "ana+invoices@mail.contoso.co.uk",
        ),
        ("o'brien@contoso.com", "o'brien@contoso.com"),
        (
            "user_1@sub-domain.example.org",
            "user_1@sub-domain.example.org",
        ),
    ] {
        let e = Email::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(e.as_str(), stored);
        assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
    }
    assert_eq!(
        Email::parse("Ana@Contoso.COM").unwrap().key(),
        "ana@contoso.com"
    );
    // 254 characters is the limit.
    let local = "a".repeat(64);
    let domain = format!(
        "{}.{}.{}.com",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(57)
    );
    let longest = format!("{local}@{domain}");
    assert_eq!(longest.len(), 254);
    assert!(Email::parse(&longest).is_ok(), "{longest}");
}

#[test]
fn email_bad() {
    let e = |s: &str| Email::parse(s).expect_err(s);
    assert!(matches!(e(""), M::Empty));
    assert!(matches!(e("Ana <ana@contoso.com>"), M::DisplayName { .. }));
    assert!(matches!(e("<ana@contoso.com>"), M::DisplayName { .. }));
    assert!(matches!(
        e("josé@contoso.com"),
        M::NotAscii {
            character: 'é', ..
        }
    ));
    assert!(matches!(
        e("ana@contosö.com"),
        M::NotAscii {
            character: 'ö', ..
        }
    ));
    let too_long = format!("{}@{}.com", "a".repeat(64), "b".repeat(200));
    assert!(matches!(e(&too_long), M::TooLong { count: 269, .. }));
    assert!(matches!(e("ana.contoso.com"), M::MissingAt { .. }));
    assert!(matches!(e("ana@[127.0.0.1]"), M::DomainLiteral { .. }));
    assert!(matches!(e("ana@localhost"), M::Invalid { .. }));
    assert!(matches!(e("ana@@contoso.com"), M::Invalid { .. }));
    assert!(matches!(e("ana smith@contoso.com"), M::Invalid { .. }));
    assert!(matches!(e("@contoso.com"), M::Invalid { .. }));
    assert!(matches!(e("ana@"), M::Invalid { .. }));
    assert!(matches!(e("ana@contoso..com"), M::Invalid { .. }));
    assert!(matches!(e("\"a\tb\"@contoso.com"), M::Invalid { .. }));

    let accents = e("josé@contoso.com").to_string();
    assert!(accents.contains("accents"), "{accents}");
    assert!(accents.contains("'é'"), "{accents}");
    assert!(e("Ana <ana@contoso.com>")
        .to_string()
        .contains("display name"));
    assert!(e(&too_long).to_string().contains("254"));
}

#[test]
fn serde_revalidates() {
    let e: Email = serde_json::from_str("\" ana@contoso.com \"").unwrap();
    assert_eq!(serde_json::to_string(&e).unwrap(), "\"ana@contoso.com\"");
    assert!(serde_json::from_str::<Email>("\"Ana <ana@contoso.com>\"").is_err());
    assert!(serde_json::from_str::<UserId>("\"ana@contoso.com\"").is_err());
}
