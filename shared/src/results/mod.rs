//! Aggregated self-assessment results for the workforce team, and the confidentiality rules that
//! every page, API answer and export of them obeys.

pub mod cube;
pub mod period;
pub mod stats;
pub mod suppression;
pub mod view;
