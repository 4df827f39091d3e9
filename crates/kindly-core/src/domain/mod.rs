//! The hiring domain: the pipeline's stages and the rules for input.

pub mod stage;
pub mod tone;
pub mod validate;

pub use stage::{RoleStatus, Stage};
