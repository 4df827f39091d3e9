//! Setting up email from an address: the provider table by domain, a custom domain
//! recognised by its MX records, asked of a real DNS server on loopback (dnsmasq, started by
//! `scripts/with-dns.sh` with MX records for bakery.example, shop.example and plain.example),
//! and else a mail server found at smtp.<domain> (probe.example, pointing at the test SMTP
//! server).

use kindly_core::service::mail;
use std::net::SocketAddr;

fn dns() -> SocketAddr {
    std::env::var("KINDLY_TEST_DNS")
        .expect("KINDLY_TEST_DNS is not set: run the tests with `make test` (scripts/with-dns.sh)")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_custom_domain_is_recognised_by_its_mx_records() {
    let s = mail::suggest("maria@bakery.example", Some(dns()), &mail::USUAL_PORTS)
        .await
        .unwrap();
    assert!(s.by_mx);
    assert_eq!(s.provider.as_ref().unwrap().id, "google_workspace");
    let settings = s.settings.unwrap();
    assert_eq!(
        (settings.host.as_str(), settings.port),
        ("smtp.gmail.com", 587)
    );
    assert_eq!(settings.username, "maria@bakery.example");

    let s = mail::suggest("sam@Shop.Example", Some(dns()), &mail::USUAL_PORTS)
        .await
        .unwrap();
    assert_eq!(s.provider.unwrap().id, "microsoft365");

    // Mail of its own, and a domain with no MX at all: the owner fills in the server.
    for address in ["owner@plain.example", "owner@nowhere.example"] {
        let s = mail::suggest(address, Some(dns()), &mail::USUAL_PORTS)
            .await
            .unwrap();
        assert!(s.provider.is_none() && s.settings.is_none(), "{address}");
        assert!(!s.by_mx);
    }
}

#[tokio::test]
async fn a_known_provider_needs_no_dns_and_a_bad_address_is_refused() {
    // Nothing listens on port 9: the table alone answers for gmail.com.
    let nowhere: SocketAddr = "127.0.0.1:9".parse().unwrap();
    let s = mail::suggest("owner@gmail.com", Some(nowhere), &mail::USUAL_PORTS)
        .await
        .unwrap();
    assert_eq!(s.provider.unwrap().id, "gmail");
    assert!(!s.by_mx);
    // An unknown domain with no answer from DNS is simply not recognised.
    let s = mail::suggest("owner@bakery.example", Some(nowhere), &mail::USUAL_PORTS)
        .await
        .unwrap();
    assert!(s.provider.is_none());
    let e = mail::suggest("owner@", Some(nowhere), &mail::USUAL_PORTS)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("address"));
}

#[tokio::test]
async fn an_unknown_domain_s_own_server_is_found_on_the_usual_ports() {
    use kindly_core::mail::smtp::Security;
    let port = |k: &str| -> u16 {
        std::env::var(k)
            .expect("run under with-smtp.sh")
            .parse()
            .unwrap()
    };
    // The test's SMTP server stands in for ports 587 (STARTTLS) and 465 (TLS).
    let usual = [
        (port("KINDLY_TEST_SMTP_PORT"), Security::Starttls),
        (port("KINDLY_TEST_SMTP_TLS_PORT"), Security::Tls),
    ];
    let s = mail::suggest("maria@probe.example", Some(dns()), &usual)
        .await
        .unwrap();
    assert!(s.probed && s.provider.is_none() && !s.by_mx);
    let settings = s.settings.unwrap();
    assert_eq!(
        (settings.host.as_str(), settings.port, settings.security),
        ("smtp.probe.example", usual[0].0, Security::Starttls)
    );
    assert_eq!(settings.username, "maria@probe.example");
    // Only TLS answers: that is what is suggested.
    let tls_only = [(9, Security::Starttls), usual[1]];
    let s = mail::suggest("maria@probe.example", Some(dns()), &tls_only)
        .await
        .unwrap();
    let settings = s.settings.unwrap();
    assert_eq!(
        (settings.port, settings.security),
        (usual[1].0, Security::Tls)
    );
    // No smtp. or mail. host at all: nothing is made up.
    let s = mail::suggest("owner@plain.example", Some(dns()), &usual)
        .await
        .unwrap();
    assert!(!s.probed && s.settings.is_none());
}
