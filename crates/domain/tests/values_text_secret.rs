//! `quoted`, secret refusal (in every text-taking constructor), and the
//! free-text newtypes.

use domain::values::{
    quoted, refuse_secret, ApplicationUrl, Description, DescriptionError, Email, EndpointUrl,
    EnvironmentName, Guid, Justification, JustificationError, KeyVaultUri, Name, NameError,
    SecretKind, SecretName, SecretRefused, SequenceName, Tenant, UserId, VaultName,
};

const SAS: &str = "?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&sig=abc%3D";
const CONNECTION: &str =
    "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc==;EndpointSuffix=core.windows.net";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig";

#[test]
fn quoted_shows_at_most_40_characters_and_escapes() {
    assert_eq!(quoted("ab"), "'ab'");
    assert_eq!(quoted(""), "''");
    let forty = "a".repeat(40);
    assert_eq!(quoted(&forty), format!("'{forty}'"));
    assert_eq!(quoted(&"a".repeat(41)), format!("'{forty}…'"));
    assert_eq!(quoted(&"é".repeat(50)), format!("'{}…'", "é".repeat(40)));
    assert_eq!(quoted("a\0b"), "'a\\0b'");
    assert_eq!(quoted("a\nb\r\t"), "'a\\nb\\r\\t'");
    assert_eq!(quoted("x\u{202e}y"), "'x\\u{202e}y'");
    assert_eq!(quoted("\u{7}"), "'\\u{7}'");
    assert_eq!(quoted("\u{200b}\u{feff}"), "'\\u{200b}\\u{feff}'");
    let long_control = "\n".repeat(100);
    assert!(!quoted(&long_control).contains('\n'));
}

#[test]
fn secret_detection() {
    let kind = |s: &str| refuse_secret(s).err().map(|e| e.kind);
    assert_eq!(kind(SAS), Some(SecretKind::SasToken));
    assert_eq!(
        kind("https://acct.blob.core.windows.net/c?sv=2022-11-02&se=2026-01-01&sig=x"),
        Some(SecretKind::SasToken)
    );
    assert_eq!(kind("sp=r&SIG=abc"), Some(SecretKind::SasToken));
    assert_eq!(kind("SV=2020-01-01&SE=2021"), Some(SecretKind::SasToken));
    assert_eq!(
        kind("SharedAccessSignature=sv=2020"),
        Some(SecretKind::SasToken)
    );
    assert_eq!(kind(CONNECTION), Some(SecretKind::ConnectionString));
    assert_eq!(kind("accountkey=abc"), Some(SecretKind::ConnectionString));
    assert_eq!(
        kind("defaultendpointsprotocol=https"),
        Some(SecretKind::ConnectionString)
    );
    assert_eq!(
        kind("https://acct.blob.CORE.windows.net/container"),
        Some(SecretKind::StorageAccountUrl)
    );
    assert_eq!(kind(JWT), Some(SecretKind::Jwt));
    assert_eq!(kind(&format!("Bearer {JWT}")), Some(SecretKind::Jwt));
    assert_eq!(kind(&format!("token={JWT}")), Some(SecretKind::Jwt));

    for fine in [
        "",
        "Contoso signing certificate",
        "use=1; close=2",         // `se=` inside words is not a SAS parameter
        "csv=yes",                // `sv=` inside a word, no `se=`
        "sv=2020 only a version", // `sv=` without `se=`
        "design=ok",
        "eyJabc",                      // no dots
        "eyJabc.def",                  // one dot
        "Eyjafjallajokull.volcano.is", // not `eyJ`
        "https://contoso.vault.azure.net/",
        "storage account key",
    ] {
        assert_eq!(kind(fine), None, "{fine:?}");
    }
}

#[test]
fn secret_message_says_what_to_do_and_never_repeats_the_secret() {
    let e = refuse_secret(SAS).unwrap_err();
    assert_eq!(
        e.to_string(),
        "This looks like a SAS token. Never enter a secret's value here: store it in Key Vault as a secret and enter the secret's name."
    );
    for s in [SAS, CONNECTION, JWT] {
        let msg = refuse_secret(s).unwrap_err().to_string();
        assert!(msg.contains("Key Vault"), "{msg}");
        assert!(!msg.contains("abc"), "{msg}");
        assert!(!msg.contains("eyJ"), "{msg}");
    }
}

/// Every text-taking constructor refuses the three samples with
/// `SecretRefused`, and its message is the secret message.
#[test]
fn every_text_type_refuses_secrets() {
    fn check<T: std::fmt::Debug, E: std::fmt::Display>(
        what: &str,
        f: impl Fn(&str) -> Result<T, E>,
    ) {
        for (sample, kind) in [
            (SAS, SecretKind::SasToken),
            (CONNECTION, SecretKind::ConnectionString),
            (JWT, SecretKind::Jwt),
        ] {
            let err = f(sample).expect_err(what);
            assert_eq!(
                err.to_string(),
                SecretRefused { kind }.to_string(),
                "{what} with {sample:?}"
            );
        }
    }
    check("Name", Name::parse);
    check("Description", Description::parse);
    check("Justification", Justification::parse);
    check("KeyVaultUri", KeyVaultUri::parse);
    check("VaultName", VaultName::parse);
    check("SecretName", SecretName::parse);
    check("UserId", UserId::parse);
    check("Email", Email::parse);
    check("Guid", Guid::parse);
    check("EnvironmentName", EnvironmentName::parse);
    check("SequenceName", SequenceName::parse);
    check("Tenant", Tenant::parse);
    check("ApplicationUrl", ApplicationUrl::parse);
    check("EndpointUrl", EndpointUrl::parse);
    assert!(matches!(Name::parse(SAS), Err(NameError::Secret(_))));
    assert!(matches!(
        Description::parse(JWT),
        Err(DescriptionError::Secret(_))
    ));
    assert!(matches!(
        Justification::parse(CONNECTION),
        Err(JustificationError::Secret(_))
    ));
}

#[test]
fn name() {
    for (input, stored) in [
        ("Contoso Key Vault", "Contoso Key Vault"),
        ("  padded\t", "padded"),
        ("Ünïcödé 名前", "Ünïcödé 名前"),
        ("x", "x"),
    ] {
        let n = Name::parse(input).unwrap();
        assert_eq!(n.as_str(), stored);
        assert_eq!(Name::parse(n.as_str()), Ok(n.clone()));
    }
    assert_eq!(Name::parse("ABC").unwrap().key(), "abc");
    // 100 characters (counted as characters, not bytes) is the limit.
    assert!(Name::parse(&"é".repeat(100)).is_ok());
    assert!(matches!(
        Name::parse(&"é".repeat(101)),
        Err(NameError::TooLong { count: 101, .. })
    ));
    assert!(matches!(Name::parse(""), Err(NameError::Empty)));
    assert!(matches!(Name::parse(" \n "), Err(NameError::Empty)));
    assert!(matches!(
        Name::parse("a\nb"),
        Err(NameError::ControlCharacter {
            character: '\n',
            ..
        })
    ));
    assert!(matches!(
        Name::parse("a\0b"),
        Err(NameError::ControlCharacter {
            character: '\0',
            ..
        })
    ));
    assert!(matches!(
        Name::parse("a\u{202e}b"),
        Err(NameError::ControlCharacter {
            character: '\u{202e}',
            ..
        })
    ));
    let msg = Name::parse("evil\u{202e}txt.exe").unwrap_err().to_string();
    assert!(msg.contains("\\u{202e}"), "{msg}");
    assert!(!msg.contains('\u{202e}'), "{msg}");
    assert!(Name::parse(&"a".repeat(101))
        .unwrap_err()
        .to_string()
        .contains("101"));
}

#[test]
fn description() {
    assert_eq!(Description::parse("").unwrap(), Description::empty());
    assert!(Description::parse("   ").unwrap().is_empty());
    assert_eq!(
        Description::parse(" line 1\r\nline 2\rline 3 \n")
            .unwrap()
            .as_str(),
        "line 1\nline 2\nline 3"
    );
    assert!(Description::parse(&"d".repeat(1000)).is_ok());
    assert!(matches!(
        Description::parse(&"d".repeat(1001)),
        Err(DescriptionError::TooLong { count: 1001, .. })
    ));
    assert!(matches!(
        Description::parse("a\tb"),
        Err(DescriptionError::ControlCharacter {
            character: '\t',
            ..
        })
    ));
    assert!(matches!(
        Description::parse("a\u{2066}b"),
        Err(DescriptionError::ControlCharacter { .. })
    ));
    let d: Description = serde_json::from_str("\"  x  \"").unwrap();
    assert_eq!(d.as_str(), "x");
}

#[test]
fn justification() {
    assert!(matches!(
        Justification::parse(""),
        Err(JustificationError::Empty)
    ));
    assert!(matches!(
        Justification::parse(" \r\n "),
        Err(JustificationError::Empty)
    ));
    assert_eq!(
        Justification::parse("We post invoices\r\nfrom our ERP.")
            .unwrap()
            .as_str(),
        "We post invoices\nfrom our ERP."
    );
    assert!(Justification::parse(&"j".repeat(2000)).is_ok());
    assert!(matches!(
        Justification::parse(&"j".repeat(2001)),
        Err(JustificationError::TooLong { count: 2001, .. })
    ));
    assert!(matches!(
        Justification::parse("a\u{1b}[31m"),
        Err(JustificationError::ControlCharacter {
            character: '\u{1b}',
            ..
        })
    ));
    assert!(serde_json::from_str::<Justification>("\"\"").is_err());
}
