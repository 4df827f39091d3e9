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

fn stored_by_secret_tool(service: &str) -> String {
    let out = std::process::Command::new("secret-tool")
        .args(["lookup", "service", service, "username", "smtp-password"])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by make test");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[tokio::test]
async fn save_read_replace_and_remove_the_password() {
    let k = keychain("cycle");
    assert_eq!(k.smtp_password().await.unwrap(), None);
    k.set_smtp_password(Secret::new("first-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.smtp_password().await.unwrap(),
        Some(Secret::new("first-pass"))
    );
    // It is really in the Secret Service, where other programs see it.
    assert_eq!(stored_by_secret_tool(k.service()), "first-pass");
    k.set_smtp_password(Secret::new("second-pass"))
        .await
        .unwrap();
    assert_eq!(
        k.smtp_password().await.unwrap(),
        Some(Secret::new("second-pass"))
    );
    k.remove_smtp_password().await.unwrap();
    assert_eq!(k.smtp_password().await.unwrap(), None);
    assert_eq!(stored_by_secret_tool(k.service()), "");
    // Removing twice is fine.
    k.remove_smtp_password().await.unwrap();
    let e = k.set_smtp_password(Secret::new("")).await.unwrap_err();
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
        k.smtp_password().await.unwrap_err(),
        k.set_smtp_password(Secret::new("x")).await.unwrap_err(),
        k.remove_smtp_password().await.unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::KeychainUnavailable, "{}", e.message);
        assert!(e
            .message
            .contains("Everything else in Kindly keeps working"));
    }
}
