//! The community-assets directory: Open Referral UK (HSDS 3.0) services, the organisations that
//! run them, where and when they happen, and the categories they are found by.

pub mod schedule;
pub mod taxonomy;
