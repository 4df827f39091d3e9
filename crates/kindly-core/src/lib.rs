//! Kindly's core: the hiring domain, its storage, and (later) mail, secrets and scheduling.
//!
//! Nothing here knows about Tauri. The desktop shell parses input, calls a service in
//! [`service`], and maps the result; every rule lives here so it is tested without a window.

pub mod clock;
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
