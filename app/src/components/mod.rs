//! Presentational pieces in GOV.UK Frontend markup: props in, callbacks out, no HTTP.

pub mod absent;
pub mod fields;
pub mod form;
pub mod guard;
pub mod layout;
pub mod notices;
pub mod summary;
