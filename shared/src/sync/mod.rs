//! Offline-first sync: the wire protocol, the server's decision rule, and the device's engine.

pub mod apply;
pub mod backoff;
pub mod engine;
pub mod protocol;
#[cfg(feature = "simulation")]
pub mod simulation;
