//! The hiring domain, pure rules with no I/O: the pipeline's stages, the rules for input, the
//! templates Kindly writes from and their strict placeholders, and the tone check.

pub mod csv;
pub mod defaults;
pub mod providers;
pub mod replies;
pub mod reply_text;
pub mod stage;
pub mod states;
pub mod template;
pub mod tone;
pub mod validate;

pub use stage::{RoleStatus, Stage};
