//! Administration: users, teams and the security audit log.

pub mod audit;
pub mod team_edit;
pub mod teams;
pub mod user_edit;
pub mod user_form;
pub mod user_new;
pub mod users;

use shared::Role;

pub const ADMIN: &[Role] = &[Role::Admin];
