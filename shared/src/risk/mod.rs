//! Risk enablement (`../shared/RISK-ENABLEMENT.md`): the rules a positive risk-taking record is
//! built on, shared so the device (offline) and the server work them out alike — rating a risk
//! on the council's matrix, the capacity record in the law's order, when an advocate is needed,
//! and when the plan is reviewed.

pub mod advocacy;
pub mod capacity;
pub mod labels;
pub mod review;
pub mod scoring;
pub mod text;
pub mod workflow;
