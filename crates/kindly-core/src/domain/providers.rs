//! Mail providers Kindly recognises from an email address: their servers, how one signs in,
//! what to do for an app password, and their sending limits. The table is a data file
//! (`data/providers.json`, modelled on Thunderbird's autoconfig database), so a provider is
//! added without touching code.

use super::states::Security;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::OnceLock;

/// A server of the provider's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// How the owner signs in to send through the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    #[default]
    Password,
    AppPassword,
    OauthGoogle,
    OauthMicrosoft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Provider {
    pub id: String,
    pub name: String,
    /// The part after @ that means this provider.
    pub domains: Vec<String>,
    /// Endings of MX hosts that mean this provider for a domain of the owner's own.
    pub mx: Vec<String>,
    pub smtp: Server,
    pub imap: Server,
    /// The ways to sign in, the one to suggest first.
    pub sign_in: Vec<SignIn>,
    /// The server keeps a copy of what is sent in the Sent folder by itself.
    pub sent_copy: bool,
    /// At most this many messages a day from one account.
    pub daily_cap: u32,
    /// And at most this many a minute.
    pub per_minute: u32,
    /// In plain words: how to get the password Kindly needs.
    pub app_password_help: String,
    /// Where that is done ("" when it is not).
    pub app_password_url: String,
}

impl SignIn {
    pub fn is_oauth(self) -> bool {
        matches!(self, SignIn::OauthGoogle | SignIn::OauthMicrosoft)
    }
}

/// Where a provider's OAuth 2.0 sign-in happens (authorization code with PKCE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OAuthEndpoints {
    /// "Google", "Microsoft"
    pub name: String,
    pub auth_url: String,
    pub token_url: String,
    /// Where a grant is given back when the owner signs out ("" when there is none).
    pub revoke_url: String,
    pub scopes: Vec<String>,
    /// More parameters for the authorization request (Google's offline access).
    pub extra: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Table {
    oauth: std::collections::HashMap<SignIn, OAuthEndpoints>,
    providers: Vec<Provider>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str::<Table>(include_str!("../../data/providers.json"))
            .expect("data/providers.json is checked by the tests")
    })
}

/// Every provider in the table.
pub fn all() -> &'static [Provider] {
    &table().providers
}

/// The OAuth endpoints for a way of signing in (`None` for a password).
pub fn oauth(sign_in: SignIn) -> Option<&'static OAuthEndpoints> {
    table().oauth.get(&sign_in)
}

/// The domain of an address, lower-case (`Owner@GMail.com` → `gmail.com`).
pub fn domain_of(address: &str) -> Option<String> {
    let (_, domain) = address.trim().rsplit_once('@')?;
    let d = domain.trim().trim_end_matches('.').to_lowercase();
    (!d.is_empty()).then_some(d)
}

/// The provider whose own addresses end in this domain (gmail.com, outlook.com…).
pub fn for_domain(domain: &str) -> Option<&'static Provider> {
    all().iter().find(|p| p.domains.iter().any(|d| d == domain))
}

/// The provider that runs mail for a domain whose MX hosts are these
/// (`aspmx.l.google.com` → Google Workspace).
pub fn for_mx(hosts: &[String]) -> Option<&'static Provider> {
    hosts.iter().find_map(|h| {
        let h = h.trim_end_matches('.').to_lowercase();
        all().iter().find(|p| {
            p.mx.iter()
                .any(|m| h == *m || h.ends_with(&format!(".{m}")))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_covers_the_big_providers() {
        let ids: Vec<&str> = all().iter().map(|p| p.id.as_str()).collect();
        for id in [
            "gmail",
            "google_workspace",
            "outlook",
            "microsoft365",
            "icloud",
            "yahoo",
            "aol",
            "fastmail",
            "zoho",
            "gmx",
            "proton",
        ] {
            assert!(ids.contains(&id), "{id} is in the table");
        }
        for p in all() {
            assert!(!p.sign_in.is_empty(), "{}: a way to sign in", p.id);
            for s in p.sign_in.iter().filter(|s| s.is_oauth()) {
                assert!(oauth(*s).is_some(), "{}: {s:?} has its endpoints", p.id);
            }
            assert!(p.smtp.port > 0 && !p.smtp.host.is_empty(), "{}", p.id);
            assert!(
                p.app_password_help.ends_with('.'),
                "{}: help is a sentence",
                p.id
            );
            assert!(p.daily_cap > 0 && p.per_minute > 0, "{}", p.id);
        }
    }

    #[test]
    fn an_address_finds_its_provider() {
        assert_eq!(domain_of(" Owner@GMail.com "), Some("gmail.com".into()));
        assert_eq!(for_domain("gmail.com").unwrap().smtp.host, "smtp.gmail.com");
        assert_eq!(for_domain("hotmail.co.uk").unwrap().id, "outlook");
        assert!(for_domain("riverside-cafe.example").is_none());
        assert_eq!(domain_of("no-at-sign"), None);
    }

    #[test]
    fn mx_records_name_the_provider_of_a_custom_domain() {
        let google = vec!["ASPMX.L.GOOGLE.COM.".to_string()];
        assert_eq!(for_mx(&google).unwrap().id, "google_workspace");
        let ms = vec!["riverside-cafe.mail.protection.outlook.com".to_string()];
        assert_eq!(for_mx(&ms).unwrap().id, "microsoft365");
        assert!(for_mx(&["mx.riverside-cafe.example".to_string()]).is_none());
        // A suffix only counts at a dot: notgoogle.com is not Google.
        assert!(for_mx(&["mx.notgoogle.com".to_string()]).is_none());
    }
}
