//! Mail: the durable outbox and the SMTP connection it sends over. (What a message says, the
//! templates and their defaults, is domain: `crate::domain::{template, defaults}`.)

pub mod dns;
pub mod imap;
pub mod inbound;
pub mod oauth;
pub mod outbox;
pub mod smtp;
