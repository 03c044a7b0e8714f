//! What every device needs to rate a risk as the server will: the council's matrix. Devices keep
//! it for offline use (fetched at sign-in), so a form drafted offline is judged by the same words
//! and bands when it syncs.

use axum::Json;
use axum::extract::State;
use shared::risk::scoring::Matrix;

use crate::error::Result;
use crate::session::CurrentUser;
use crate::state::AppState;

/// The council's risk matrix: the words for each likelihood and impact, the bands' names and
/// where each band starts.
#[utoipa::path(get, path = "/risk/matrix", tag = "risk", responses(
    (status = 200, body = Matrix),
    (status = 401, body = shared::ErrorBody),
))]
pub async fn get_matrix(State(state): State<AppState>, CurrentUser(_): CurrentUser) -> Result<Json<Matrix>> {
    Ok(Json(Matrix::clone(&state.settings.risk_matrix)))
}
