//! Touchstone's shared vocabulary.
//!
//! Everything the server and the browser app must agree on lives here: the API request and
//! response types, ids, roles and PCF levels, the wire error body, and validation. The server and
//! the forms call the same `validate()` so a user sees the same message offline and online, and
//! the server never trusts the client.

pub mod api;
pub mod areas;
pub mod dates;
pub mod directory;
pub mod error;
pub mod ids;
pub mod records;
pub mod results;
pub mod risk;
pub mod roles;
pub mod sync;
pub mod validate;

pub use error::{ErrorBody, ErrorCode, FieldErrors};
pub use ids::{ClientId, RecordId, TeamId, TemplateId, UserId};
pub use roles::{PcfLevel, Role};
