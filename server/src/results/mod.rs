//! Aggregated confidence for the workforce team: views, comparisons and exports over submitted
//! self-assessments, every group a cell of its period's release (`shared::results::release`),
//! made once by `releases` and never changed.

pub mod compare;
pub mod export;
mod groups;
mod items;
mod labels;
mod released;
pub mod releases;
mod summary;
pub mod view;
