//! The SMTP password in a real keychain: gnome-keyring in its own D-Bus session
//! (scripts/with-keyring.sh), and the coded error when there is no Secret Service.

use kindly_core::secrets::{Keychain, Secret};
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
            &kindly_core::secrets::smtp_account(HOST, USER),
        ])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by make test");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[tokio::test]
async fn save_read_replace_and_remove_the_password() {
    let k = keychain("cycle");
    assert_eq!(k.smtp_password(HOST, USER).await.unwrap(), None);
    k.set_smtp_password(HOST, USER, Secret::new("first-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.smtp_password(HOST, USER).await.unwrap(),
        Some(Secret::new("first-pass"))
    );
    // It is really in the Secret Service, where other programs see it.
    assert_eq!(stored_by_secret_tool(k.service()), "first-pass");
    k.set_smtp_password(HOST, USER, Secret::new("second-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.smtp_password(HOST, USER).await.unwrap(),
        Some(Secret::new("second-pass"))
    );
    k.remove_smtp_password(HOST, USER).await.unwrap();
    assert_eq!(k.smtp_password(HOST, USER).await.unwrap(), None);
    assert_eq!(stored_by_secret_tool(k.service()), "");
    // Removing twice is fine.
    k.remove_smtp_password(HOST, USER).await.unwrap();
    let e = k
        .set_smtp_password(HOST, USER, Secret::new(""))
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
        k.smtp_password(HOST, USER).await.unwrap_err(),
        k.set_smtp_password(HOST, USER, Secret::new("x"))
            .await
            .unwrap_err(),
        k.remove_smtp_password(HOST, USER).await.unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::KeychainUnavailable, "{}", e.message);
        assert!(e
            .message
            .contains("Everything else in Kindly keeps working"));
    }
}

/// The password is kept for the server and username it was typed for: whoever changes either
/// (in Settings, or by writing the database) gets no password until the owner types it again.
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
        assert!(
            !mail::setup(&s, &k).await.unwrap().password_stored,
            "{host} {user}"
        );
        assert_eq!(
            mail::ready(&s, &k).await.unwrap_err().code,
            ErrorCode::MailNotSetUp,
            "{host} {user}"
        );
    }
    // Back to the owner's own server: its password is still there.
    mail::save_smtp_settings(&s, server("SMTP.Example.com", USER))
        .await
        .unwrap();
    assert!(mail::setup(&s, &k).await.unwrap().password_stored);
    mail::remove_password(&s, &k).await.unwrap();
    assert!(!mail::setup(&s, &k).await.unwrap().password_stored);
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
