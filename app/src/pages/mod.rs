//! One route component per file.

pub mod account;
pub mod admin;
pub mod assessments;
pub mod case_audits;
pub mod directory;
pub mod find;
pub mod guidance;
pub mod home;
pub mod not_found;
pub mod notes;
pub mod results;
pub mod risk;
pub mod role_home;
pub mod shortlists;
pub mod sign_in;
pub mod sign_out;
pub mod sync_problems;
pub mod templates;
