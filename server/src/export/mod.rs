//! Exporting the whole directory, every service whatever its status: as ORUK JSON (a list of
//! whole services, exactly as `/oruk/services/{id}` gives each) and as an HSDS 3.0 CSV data
//! package (a zip of one CSV file per table with its `datapackage.json`). Both import again.

pub mod csv_package;

use std::collections::HashMap;

use shared::directory::{Location, Organization, Service, Taxonomy};
use uuid::Uuid;

use crate::oruk::wire::{OrukService, Related};
use crate::store::{Store, StoreResult};

/// Everything in the directory, read once.
pub struct Everything {
    pub services: Vec<Service>,
    pub organizations: Vec<Organization>,
    pub locations: Vec<Location>,
    pub taxonomies: Vec<Taxonomy>,
}

pub async fn everything(store: &dyn Store) -> StoreResult<Everything> {
    let directory = store.directory();
    let ids = directory.service_ids().await?;
    let services = directory.services(&ids).await?;
    let mut organizations = Vec::new();
    let mut page = 1;
    loop {
        let batch = directory
            .list_organizations(page, shared::api::directory::PER_PAGE_MAX)
            .await?;
        let last = batch.last_page;
        organizations.extend(batch.contents);
        if last {
            break;
        }
        page += 1;
    }
    Ok(Everything {
        services,
        organizations,
        locations: directory.list_locations().await?,
        taxonomies: directory.taxonomies().await?,
    })
}

/// Every service whole, in ORUK 3.0's shape.
pub fn oruk_json(all: &Everything) -> Vec<OrukService> {
    let orgs: HashMap<Uuid, &Organization> = all.organizations.iter().map(|o| (o.id, o)).collect();
    let terms: Vec<_> = all
        .taxonomies
        .iter()
        .flat_map(|t| {
            t.terms
                .iter()
                .map(move |term| (term.clone(), t.id, t.name.clone()))
        })
        .collect();
    all.services
        .iter()
        .map(|s| {
            let related = Related {
                organization: orgs.get(&s.organization_id).copied(),
                locations: &all.locations,
                terms: &terms,
            };
            OrukService::new(s, &related)
        })
        .collect()
}
