//! Aggregated self-assessment results for the workforce team, and the confidentiality rules that
//! every page, API answer and export of them obeys.

#[cfg(feature = "release")]
pub mod bounds;
pub mod cube;
pub mod period;
#[cfg(feature = "release")]
pub mod release;
pub mod stats;
pub mod suppression;
pub mod timing;
pub mod view;
