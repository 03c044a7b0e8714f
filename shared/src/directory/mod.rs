//! The community-assets directory: Open Referral UK (HSDS 3.0) services, the organisations that
//! run them, where and when they happen, and the categories they are found by.

mod checks;
pub mod copy;
pub mod leaflet;
pub mod localities;
pub mod location;
pub mod organization;
pub mod places;
pub mod postcodes;
pub mod schedule;
pub mod search;
pub mod service;
pub mod taxonomy;
pub mod timetable;

pub use checks::is_absolute_url;
pub use location::{Accessibility, Address, Location, LocationType};
pub use organization::Organization;
pub use schedule::{ByDay, Frequency, Schedule};
pub use service::{
    Contact, CostOption, Language, Phone, Service, ServiceArea, ServiceAtLocation, ServiceStatus,
};
pub use taxonomy::{Taxonomy, TaxonomyTerm};
