//! Mail: the templates Kindly writes from (and, next, the outbox and SMTP).

pub mod defaults;
pub mod outbox;
pub mod smtp;
pub mod template;
