//! Each year's suppression cube, worked out once and reused until a new submission arrives.
//! Suppression looks at every group of the year at once, which is the slow part of a results
//! request; the figures themselves are always fresh from SQL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use shared::results::cube::Cube;

use crate::store::{Store, StoreResult};

#[derive(Default)]
pub struct CubeCache {
    cubes: Mutex<HashMap<i32, (String, Arc<Cube>)>>,
}

impl CubeCache {
    /// `year`'s cube as the data stand now.
    pub async fn cube(&self, store: &dyn Store, year: i32, k: u32) -> StoreResult<Arc<Cube>> {
        let version = format!("{k}/{}", store.results_version().await?);
        if let Some((seen, cube)) = self.cubes.lock().expect("cube cache").get(&year)
            && *seen == version
        {
            return Ok(cube.clone());
        }
        let leaves = store.result_leaves(year).await?;
        // Suppression is CPU work: keep it off the async workers.
        let cube = tokio::task::spawn_blocking(move || Arc::new(Cube::build(year, &leaves, k)))
            .await
            .map_err(|e| crate::store::StoreError::Database(sqlx::Error::Protocol(e.to_string())))?;
        self.cubes
            .lock()
            .expect("cube cache")
            .insert(year, (version, cube.clone()));
        Ok(cube)
    }
}
