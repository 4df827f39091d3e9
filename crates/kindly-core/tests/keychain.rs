//! The SMTP password in a real keychain: gnome-keyring in its own D-Bus session
//! (scripts/with-keyring.sh), and the coded error when there is no Secret Service.

use kindly_core::secrets::{Keychain, Place, Secret, Service};
use kindly_core::ErrorCode;

fn keychain(name: &str) -> Keychain {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run the tests with `make test` (scripts/with-keyring.sh starts gnome-keyring)"
    );
    Keychain::new(format!("kindly-test-{name}-{}", std::process::id()))
}

const HOST: &str = "smtp.example.com";
const USER: &str = "maria@example.com";

fn stored_by_secret_tool(service: &str) -> String {
    let out = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            service,
            "username",
            "mail-password:smtp",
        ])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by make test");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A fresh store in a temp folder (kept alive by the folder).
async fn store() -> (tempfile::TempDir, kindly_core::Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    (dir, s)
}

/// The owner's server at HOST, reading at `imap_host` ("" for none).
fn server(imap_host: &str) -> kindly_core::mail::smtp::SmtpSettings {
    kindly_core::mail::smtp::SmtpSettings {
        host: HOST.into(),
        port: 587,
        security: kindly_core::mail::smtp::Security::Starttls,
        username: USER.into(),
        from_address: USER.into(),
        imap_host: imap_host.into(),
        ..Default::default()
    }
}

fn place() -> Place {
    Place::new(Service::Smtp, HOST, 587, USER)
}

#[tokio::test]
async fn save_read_replace_and_remove_the_password() {
    let k = keychain("cycle");
    assert!(k.mail_password(Service::Smtp).await.unwrap().is_none());
    k.set_mail_password(&place(), Secret::new("first-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.mail_password(Service::Smtp).await.unwrap(),
        Some((place(), Secret::new("first-pass")))
    );
    // It is really in the Secret Service, where other programs see it, with the place it was
    // given for.
    let seen = stored_by_secret_tool(k.service());
    assert!(seen.contains("first-pass") && seen.contains(HOST), "{seen}");
    k.set_mail_password(&place(), Secret::new("second-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.mail_password(Service::Smtp).await.unwrap(),
        Some((place(), Secret::new("second-pass")))
    );
    // The other service is another entry.
    assert!(k.mail_password(Service::Imap).await.unwrap().is_none());
    k.remove_mail_passwords(HOST, USER).await.unwrap();
    assert!(k.mail_password(Service::Smtp).await.unwrap().is_none());
    assert_eq!(stored_by_secret_tool(k.service()), "");
    // Removing twice is fine.
    k.remove_mail_passwords(HOST, USER).await.unwrap();
    let e = k
        .set_mail_password(&place(), Secret::new(""))
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("password"));
}

#[tokio::test]
async fn without_a_secret_service_the_error_is_coded_and_says_what_to_do() {
    // This test runs in its own process (nextest): point it at a bus that does not exist.
    unsafe {
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/kindly-bus",
        )
    };
    let k = Keychain::new("kindly-test-nobus");
    for e in [
        k.mail_password(Service::Smtp).await.unwrap_err(),
        k.set_mail_password(&place(), Secret::new("x"))
            .await
            .unwrap_err(),
        k.remove_mail_passwords(HOST, USER).await.unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::KeychainUnavailable, "{}", e.message);
        assert!(e
            .message
            .contains("Everything else in Kindly keeps working"));
    }
}

/// The password is kept for the server and username it was typed for: whoever changes either
/// (in Settings, or by writing the database) gets no password until the owner types it again,
/// and is told so by name (`mail_server_changed`, the field, both servers).
#[tokio::test]
async fn a_changed_host_or_username_asks_for_the_password_again() {
    use kindly_core::mail::smtp::{Security, SmtpSettings};
    use kindly_core::service::mail;
    let k = keychain("keyed");
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    let server = |host: &str, username: &str| SmtpSettings {
        host: host.into(),
        port: 587,
        security: Security::Starttls,
        username: username.into(),
        from_address: USER.into(),
        ..Default::default()
    };
    // No server saved yet: nothing to tie a password to.
    let e = mail::set_password(&s, &k, "pass".into()).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("password"));
    mail::save_smtp_settings(&s, server(HOST, USER))
        .await
        .unwrap();
    mail::set_password(&s, &k, "s3cret".into()).await.unwrap();
    assert!(mail::setup(&s, &k).await.unwrap().password_stored);
    mail::ready(&s, &k).await.unwrap();
    for (host, user) in [
        ("mail.attacker.example", USER),
        (HOST, "someone@else.example"),
    ] {
        mail::save_smtp_settings(&s, server(host, user))
            .await
            .unwrap();
        let setup = mail::setup(&s, &k).await.unwrap();
        assert!(!setup.password_stored, "{host} {user}");
        let changed = setup.server_changed.expect("the window is told");
        let e = mail::ready(&s, &k).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::MailServerChanged, "{host} {user}");
        assert_eq!(e, changed);
        assert_eq!(e.field.as_deref(), Some("host"));
        assert!(
            e.message.contains(&format!("{}:587", host.to_lowercase()))
                && e.message.contains(&format!("{HOST}:587")),
            "{}",
            e.message
        );
    }
    // Back to the owner's own server: its password is still there.
    mail::save_smtp_settings(&s, server("SMTP.Example.com", USER))
        .await
        .unwrap();
    let setup = mail::setup(&s, &k).await.unwrap();
    assert!(setup.password_stored && setup.server_changed.is_none());
    mail::remove_password(&s, &k).await.unwrap();
    assert!(!mail::setup(&s, &k).await.unwrap().password_stored);
}

/// A password kept the way Kindly kept it before it bound passwords to their place is kept
/// again bound: for sending, to the server it was named after; for reading, only to an IMAP
/// server in that server's domain.
#[tokio::test]
async fn a_password_kept_the_older_way_is_bound_on_first_use() {
    use kindly_core::service::mail;
    let k = keychain("legacy");
    let (_dir, s) = store().await;
    mail::save_smtp_settings(&s, server("imap.attacker.example"))
        .await
        .unwrap();
    k.set_legacy_password(HOST, USER, Secret::new("old-pass"))
        .await
        .unwrap();
    let setup = mail::setup(&s, &k).await.unwrap();
    assert!(setup.password_stored);
    mail::ready(&s, &k).await.unwrap();
    // Reading at another domain's server: refused, and nothing is bound there.
    let e = mail::secret_for_test(&k, &server("imap.attacker.example"), Service::Imap)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::MailServerChanged);
    assert_eq!(e.field.as_deref(), Some("imap_host"));
    assert!(k.mail_password(Service::Imap).await.unwrap().is_none());
    // Its own domain's IMAP server: bound there from now on.
    let own = mail::secret_for_test(&k, &server("imap.example.com"), Service::Imap)
        .await
        .unwrap();
    assert_eq!(own, Some(Secret::new("old-pass")));
    assert_eq!(
        k.mail_password(Service::Imap).await.unwrap(),
        Some((
            Place::new(Service::Imap, "imap.example.com", 993, USER),
            Secret::new("old-pass")
        ))
    );
    mail::remove_password(&s, &k).await.unwrap();
}

/// Settings written into the database behind Settings' back (a restored file, a team's
/// server) are checked again before Kindly connects: plain text to a remote host is refused.
#[tokio::test]
async fn settings_are_checked_again_before_connecting() {
    use kindly_core::service::mail;
    let k = keychain("recheck");
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    mail::save_smtp_settings(
        &s,
        kindly_core::mail::smtp::SmtpSettings {
            host: HOST.into(),
            port: 587,
            security: kindly_core::mail::smtp::Security::Starttls,
            username: USER.into(),
            from_address: USER.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    mail::set_password(&s, &k, "s3cret".into()).await.unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(
        s.db(),
        "UPDATE settings SET value = 'none' WHERE key = 'smtp.security'",
    )
    .await
    .unwrap();
    let e = mail::send_test_email(&s, &k).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "{}", e.message);
    assert_eq!(e.field.as_deref(), Some("security"));
    mail::remove_password(&s, &k).await.unwrap();
}

/// A team server's password is kept per user, server and database, never from the address.
#[tokio::test]
async fn a_team_servers_password_is_kept_per_user_and_database() {
    let k = keychain("team");
    let sam = "postgres://sam@db.example.com:5432/hiring";
    k.set_database_password(sam, Secret::new("sams-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.database_password(sam).await.unwrap(),
        Some(Secret::new("sams-pass"))
    );
    // The same address with a password in it names the same entry; another user or database
    // asks again.
    assert_eq!(
        k.database_password("postgres://sam:other@db.example.com:5432/hiring?sslmode=require")
            .await
            .unwrap(),
        Some(Secret::new("sams-pass"))
    );
    for other in [
        "postgres://maria@db.example.com:5432/hiring",
        "postgres://sam@db.example.com:5432/payroll",
        "postgres://sam@evil.example:5432/hiring",
    ] {
        assert_eq!(k.database_password(other).await.unwrap(), None, "{other}");
    }
    // An empty password (a server that asks for none) removes it.
    k.set_database_password(sam, Secret::new("")).await.unwrap();
    assert_eq!(k.database_password(sam).await.unwrap(), None);
}

/// Reading added after the password was given: the sending password goes to a reading server
/// in the sending server's domain, never to one elsewhere (a typo, someone else's server).
#[tokio::test]
async fn reading_added_later_gets_the_password_only_in_the_sending_servers_domain() {
    use kindly_core::service::mail;
    let k = keychain("later");
    let (_dir, s) = store().await;
    mail::save_smtp_settings(&s, server("")).await.unwrap();
    mail::set_password(&s, &k, "s3cret".into()).await.unwrap();
    assert!(k.mail_password(Service::Imap).await.unwrap().is_none());
    // A typo'd domain: nothing released, and Settings says so.
    mail::save_smtp_settings(&s, server("imap.exmaple.com"))
        .await
        .unwrap();
    let e = mail::secret_for_test(&k, &server("imap.exmaple.com"), Service::Imap)
        .await
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::MailServerChanged, Some("imap_host"))
    );
    assert!(mail::setup(&s, &k).await.unwrap().server_changed.is_some());
    assert!(k.mail_password(Service::Imap).await.unwrap().is_none());
    // Its own domain: released, and bound there.
    mail::save_smtp_settings(&s, server("imap.example.com"))
        .await
        .unwrap();
    assert!(mail::setup(&s, &k).await.unwrap().server_changed.is_none());
    let p = mail::secret_for_test(&k, &server("imap.example.com"), Service::Imap)
        .await
        .unwrap();
    assert_eq!(p, Some(Secret::new("s3cret")));
    assert_eq!(
        k.mail_password(Service::Imap)
            .await
            .unwrap()
            .map(|(p, _)| p.host),
        Some("imap.example.com".to_string())
    );
    mail::remove_password(&s, &k).await.unwrap();
}
