//! The server's integration tests, linked as one binary: each file below is a module, and
//! `common` their shared helpers. One binary rather than one per file keeps a clean build's disk
//! and link time down (fourteen binaries of the whole server each were ~300 MB of debug build).

mod common;

mod api;
mod assessments;
mod audit;
mod auth;
mod cli;
mod directory_api;
mod directory_import;
mod directory_store;
mod oruk_feed;
mod postcodes;
mod results;
mod risk_enablement;
mod sessions;
mod static_files;
mod store_story;
mod sync;
mod sync_simulation;
mod templates;
mod unmet_need;
