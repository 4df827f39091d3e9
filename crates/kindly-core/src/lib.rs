//! Kindly's core: the hiring domain, its storage, and (later) mail, secrets and scheduling.
//!
//! Nothing here knows about Tauri. The desktop shell parses input, calls a service in
//! [`service`], and maps the result; every rule lives here so it is tested without a window.

/// A value Kindly keeps in a text column and sends to the window. One name for each variant,
/// its snake_case form, for the database (sea-orm) and the window (serde) alike; a value the
/// database holds that this Kindly does not know is an error naming its column (see
/// `error::STORED_IN`), never silently another value.
macro_rules! stored {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum,
            serde::Serialize, serde::Deserialize, specta::Type,
        )]
        #[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $($body)* }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&sea_orm::ActiveEnum::to_value(self))
            }
        }
    };
}

pub mod clock;
pub mod desktop;
pub mod domain;
pub mod error;
pub mod file;
pub mod ics;
pub mod mail;
pub mod sample;
pub mod schedule;
pub mod secrets;
pub mod service;
pub mod store;

pub use error::{CoreError, ErrorCode};
pub use store::Store;

/// Open the database (migrated) with Kindly's built-in templates in place: what the app and
/// every tool that works on a data folder start from.
pub async fn open(
    data_dir: &std::path::Path,
    database_url: Option<&str>,
) -> Result<Store, CoreError> {
    open_with(data_dir, database_url, None).await
}

/// `open`, with a team server's password from the keychain.
pub async fn open_with(
    data_dir: &std::path::Path,
    database_url: Option<&str>,
    database_password: Option<&str>,
) -> Result<Store, CoreError> {
    let store = Store::open_with(data_dir, database_url, database_password).await?;
    service::templates::seed_builtins(&store).await?;
    Ok(store)
}
