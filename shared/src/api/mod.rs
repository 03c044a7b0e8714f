//! Request and response types of the JSON API under `/api/`, one module per domain.

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod case_audits;
pub mod directory;
pub mod health;
pub mod notes;
pub mod record_history;
pub mod risk_enablement;
pub mod shortlists;
pub mod teams;
pub mod templates;
pub mod unmet;
pub mod users;
