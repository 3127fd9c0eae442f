//! GUIDs, tenants, environment and sequence names, Key Vault object names.

use domain::values::{
    DnsNameError as D, EnvironmentName, EnvironmentNameError as N, Guid, GuidError as G,
    SecretName, SecretNameError as S, SequenceName, SequenceNameError as Q, Tenant,
    TenantError as T, SERVICE_APPLICATION_ID,
};

const ID: &str = "0cdb527f-a8d1-4bf8-9436-b352c68682b2";

#[test]
fn guid_good() {
    for input in [
        "0cdb527f-a8d1-4bf8-9436-b352c68682b2",
        "0CDB527F-A8D1-4BF8-9436-B352C68682B2",
        "{0cdb527f-a8d1-4bf8-9436-b352c68682b2}",
        "  {0CDB527F-a8d1-4bf8-9436-b352c68682b2}\n",
        "\t0cdb527f-a8d1-4bf8-9436-b352c68682b2 ",
    ] {
        let g = Guid::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(g.as_str(), ID, "{input:?}");
        assert_eq!(g.uuid().to_string(), ID);
        assert_eq!(Guid::parse(g.as_str()), Ok(g.clone()));
    }
    assert!(Guid::parse(SERVICE_APPLICATION_ID).is_ok());
    assert_eq!(
        Guid::parse("00000000-0000-0000-0000-000000000000")
            .unwrap()
            .as_str(),
        "00000000-0000-0000-0000-000000000000"
    );
}

#[test]
fn guid_bad() {
    let e = |s: &str| Guid::parse(s).expect_err(s);
    assert!(matches!(e(""), G::Empty));
    assert!(matches!(e("{}"), G::Empty));
    assert!(matches!(
        e("0cdb527fa8d14bf89436b352c68682b2"),
        G::NoHyphens { .. }
    ));
    assert!(matches!(
        e("urn:uuid:0cdb527f-a8d1-4bf8-9436-b352c68682b2"),
        G::Urn { .. }
    ));
    assert!(matches!(
        e("\"0cdb527f-a8d1-4bf8-9436-b352c68682b2\""),
        G::Punctuation { character: '"', .. }
    ));
    assert!(matches!(
        e("'0cdb527f-a8d1-4bf8-9436-b352c68682b2'"),
        G::Punctuation {
            character: '\'',
            ..
        }
    ));
    assert!(matches!(
        e("“0cdb527f-a8d1-4bf8-9436-b352c68682b2”"),
        G::Punctuation {
            character: '“', ..
        }
    ));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-9436-b352c68682b2,"),
        G::Punctuation { character: ',', .. }
    ));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-9436-b352c68682b2."),
        G::Punctuation { character: '.', .. }
    ));
    assert!(matches!(
        e("0cdb527f a8d1 4bf8 9436 b352c68682b2"),
        G::Punctuation { character: ' ', .. }
    ));
    assert!(matches!(
        e("{ 0cdb527f-a8d1-4bf8-9436-b352c68682b2 }"),
        G::Punctuation { .. }
    ));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-9436-b352c68682b"),
        G::WrongLength { count: 35, .. }
    ));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-9436-b352c68682b2a"),
        G::WrongLength { count: 37, .. }
    ));
    assert!(matches!(
        e("{{0cdb527f-a8d1-4bf8-9436-b352c68682b2}}"),
        G::WrongLength { count: 38, .. }
    ));
    assert!(matches!(
        e("0cdb527g-a8d1-4bf8-9436-b352c68682b2"),
        G::NotHex { character: 'g', .. }
    ));
    assert!(matches!(
        e("0cdb527é-a8d1-4bf8-9436-b352c68682b2"),
        G::NotHex {
            character: 'é', ..
        }
    ));
    assert!(matches!(
        e("0cdb527fa-8d1-4bf8-9436-b352c68682b2"),
        G::MisplacedHyphens { .. }
    ));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-9436b-352c68682b2"),
        G::MisplacedHyphens { .. }
    ));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-94369b352c68682b-"),
        G::MisplacedHyphens { .. }
    ));

    assert!(e("'x'")
        .to_string()
        .contains("only a GUID, without spaces, commas, periods or quotes"));
    let length = e("0cdb527f-a8d1").to_string();
    assert!(
        length.contains("36 characters") && length.contains("has 13"),
        "{length}"
    );
    assert!(e("0cdb527fa8d14bf89436b352c68682b2")
        .to_string()
        .contains("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"));
    assert!(e("urn:uuid:0cdb527f-a8d1-4bf8-9436-b352c68682b2")
        .to_string()
        .contains("urn:uuid:"));
    assert!(e("0cdb527g-a8d1-4bf8-9436-b352c68682b2")
        .to_string()
        .contains("'g'"));
}

#[test]
fn guid_serde() {
    let g: Guid = serde_json::from_str("\"{0CDB527F-A8D1-4BF8-9436-B352C68682B2}\"").unwrap();
    assert_eq!(serde_json::to_string(&g).unwrap(), format!("\"{ID}\""));
    assert!(serde_json::from_str::<Guid>("\"0cdb527fa8d14bf89436b352c68682b2\"").is_err());
}

#[test]
fn tenant() {
    let by_id = Tenant::parse(" {0CDB527F-A8D1-4BF8-9436-B352C68682B2} ").unwrap();
    assert_eq!(by_id.as_str(), ID);
    assert_eq!(by_id.guid().map(Guid::as_str), Some(ID));
    assert_eq!(by_id.domain(), None);

    for (input, stored) in [
        ("contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
        ("Contoso.COM", "contoso.com"),
        ("fabrikam-eu.co.uk", "fabrikam-eu.co.uk"),
        ("x1.io", "x1.io"),
    ] {
        let t = Tenant::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(t.as_str(), stored);
        assert_eq!(t.domain(), Some(stored));
        assert!(t.guid().is_none());
        assert_eq!(Tenant::parse(t.as_str()), Ok(t.clone()));
    }
    let label63 = format!("{}.com", "a".repeat(63));
    assert!(Tenant::parse(&label63).is_ok());

    let e = |s: &str| Tenant::parse(s).expect_err(s);
    assert!(matches!(e(""), T::Empty));
    assert!(matches!(
        e("0cdb527f-a8d1-4bf8-9436"),
        T::Guid(G::WrongLength { .. })
    ));
    assert!(matches!(
        e("contoso"),
        T::Domain {
            reason: D::TooFewLabels,
            ..
        }
    ));
    assert!(matches!(
        e("contoso..com"),
        T::Domain {
            reason: D::EmptyLabel,
            ..
        }
    ));
    assert!(matches!(
        e("contoso.com."),
        T::Domain {
            reason: D::EmptyLabel,
            ..
        }
    ));
    assert!(matches!(
        e("-contoso.com"),
        T::Domain {
            reason: D::LabelHyphen { .. },
            ..
        }
    ));
    assert!(matches!(
        e("contoso-.com"),
        T::Domain {
            reason: D::LabelHyphen { .. },
            ..
        }
    ));
    assert!(matches!(
        e("contoso.c0m"),
        T::Domain {
            reason: D::LastLabelNotAlphabetic { .. },
            ..
        }
    ));
    assert!(matches!(
        e("10.0.0.1"),
        T::Domain {
            reason: D::LastLabelNotAlphabetic { .. },
            ..
        }
    ));
    assert!(matches!(
        e("contoso_eu.com"),
        T::Domain {
            reason: D::BadCharacter { character: '_' },
            ..
        }
    ));
    assert!(matches!(
        e("contosö.com"),
        T::Domain {
            reason: D::BadCharacter { character: 'ö' },
            ..
        }
    ));
    assert!(matches!(
        e(&format!("{}.com", "a".repeat(64))),
        T::Domain {
            reason: D::LabelTooLong { count: 64, .. },
            ..
        }
    ));
    let too_long = format!("{}.com", vec!["a".repeat(60); 5].join("."));
    assert!(matches!(
        e(&too_long),
        T::Domain {
            reason: D::TooLong { .. },
            ..
        }
    ));
    for bad in ["", "contoso", "0cdb527f", "contoso_eu.com"] {
        let msg = e(bad).to_string();
        assert!(
            msg.contains("a GUID or a verified domain such as contoso.onmicrosoft.com"),
            "{msg}"
        );
    }
    let t: Tenant = serde_json::from_str("\"CONTOSO.onmicrosoft.com\"").unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        "\"contoso.onmicrosoft.com\""
    );
}

#[test]
fn environment_name() {
    for (input, stored) in [("UAT", "UAT"), (" PROD-eu_1 ", "PROD-eu_1"), ("x", "x")] {
        let n = EnvironmentName::parse(input).unwrap();
        assert_eq!(n.as_str(), stored);
        assert_eq!(EnvironmentName::parse(n.as_str()), Ok(n.clone()));
    }
    assert_eq!(EnvironmentName::parse("Prod").unwrap().key(), "prod");
    assert!(EnvironmentName::parse(&"e".repeat(64)).is_ok());
    assert!(matches!(EnvironmentName::parse(""), Err(N::Empty)));
    assert!(matches!(
        EnvironmentName::parse(&"e".repeat(65)),
        Err(N::TooLong { count: 65, .. })
    ));
    assert!(matches!(
        EnvironmentName::parse("my env"),
        Err(N::BadCharacter { character: ' ', .. })
    ));
    assert!(matches!(
        EnvironmentName::parse("prod/eu"),
        Err(N::BadCharacter { character: '/', .. })
    ));
    assert!(matches!(
        EnvironmentName::parse("prodé"),
        Err(N::BadCharacter {
            character: 'é', ..
        })
    ));
    let msg = EnvironmentName::parse("a.b").unwrap_err().to_string();
    assert!(
        msg.contains("Environment field") && msg.contains("URLs") && msg.contains("'.'"),
        "{msg}"
    );
}

#[test]
fn sequence_name() {
    let s = SequenceName::parse(" INV_Seq-1 ").unwrap();
    assert_eq!(s.as_str(), "INV_Seq-1");
    assert_eq!(s.key(), "inv_seq-1");
    assert!(matches!(SequenceName::parse(""), Err(Q::Empty)));
    assert!(matches!(
        SequenceName::parse(&"s".repeat(65)),
        Err(Q::TooLong { count: 65, .. })
    ));
    assert!(matches!(
        SequenceName::parse("seq#1"),
        Err(Q::BadCharacter { character: '#', .. })
    ));
}

#[test]
fn secret_name() {
    for (input, stored) in [
        ("StorageSas", "StorageSas"),
        (" cert-1 ", "cert-1"),
        ("A", "A"),
    ] {
        let n = SecretName::parse(input).unwrap();
        assert_eq!(n.as_str(), stored);
        assert_eq!(SecretName::parse(n.as_str()), Ok(n.clone()));
    }
    let a = SecretName::parse("StorageSas").unwrap();
    let b = SecretName::parse("storagesas").unwrap();
    assert_ne!(a, b, "kept as typed");
    assert!(a.eq_ignore_case(&b));
    assert_eq!(a.key(), b.key());
    assert_eq!(a.key(), "storagesas");
    assert!(SecretName::parse(&"s".repeat(127)).is_ok());
    assert!(matches!(SecretName::parse(""), Err(S::Empty)));
    assert!(matches!(
        SecretName::parse(&"s".repeat(128)),
        Err(S::TooLong { count: 128, .. })
    ));
    assert!(matches!(
        SecretName::parse("storage_sas"),
        Err(S::BadCharacter { character: '_', .. })
    ));
    assert!(matches!(
        SecretName::parse("storage sas"),
        Err(S::BadCharacter { character: ' ', .. })
    ));
    assert!(SecretName::parse("sas.token")
        .unwrap_err()
        .to_string()
        .contains("'.'"));
}
