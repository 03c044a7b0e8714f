use shared::results::view::{Comparison, ResultsPeriods, ResultsView};

use super::ApiError;

pub async fn periods() -> Result<ResultsPeriods, ApiError> {
    super::get("/api/results/periods").await
}

/// `query` is a ready query string (`period=2026-Q3&cut=team`).
pub async fn view(query: String) -> Result<ResultsView, ApiError> {
    super::get(&format!("/api/results?{query}")).await
}

pub async fn compare(query: String) -> Result<Comparison, ApiError> {
    super::get(&format!("/api/results/compare?{query}")).await
}
