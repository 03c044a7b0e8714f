//! Aggregated confidence for the workforce team: views, comparisons and exports over submitted
//! self-assessments, every group a cell of a suppressed cube (`shared::results::cube`).

pub mod cache;
pub mod compare;
pub mod export;
mod labels;
pub mod view;
