use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::openapi::OpenApi;

/// This API's OpenAPI 3 document.
#[utoipa::path(get, path = "/openapi.json", tag = "system",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn get_openapi(Extension(doc): Extension<Arc<OpenApi>>) -> Json<OpenApi> {
    Json(doc.as_ref().clone())
}

/// Adds to every operation the answers the layers and extractors around its handler can give,
/// so the document says what the server does: a body that is not JSON (`415`), too large
/// (`413`) or of the wrong shape (`422`); a query it cannot read (`400`); an id that is not one
/// (`404`); no session (`401`, outside the public routes); a cross-site write, or anything
/// outside `/api/auth/` before an administrator-chosen password is changed (`403`); and a
/// request slower than the time limit (`503`). Answers a handler already documents are kept.
pub fn document_common_answers(doc: &mut OpenApi) {
    use utoipa::openapi::path::{Operation, ParameterIn};
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};

    const PUBLIC: [&str; 3] = ["/api/auth/sign-in", "/api/health", "/api/openapi.json"];
    let answer = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let public = PUBLIC.contains(&path.as_str());
        let account = path.starts_with("/api/auth/");
        let operations: [(&mut Option<Operation>, bool); 5] = [
            (&mut item.get, false),
            (&mut item.put, true),
            (&mut item.post, true),
            (&mut item.delete, true),
            (&mut item.patch, true),
        ];
        for (operation, writes) in operations {
            let Some(operation) = operation.as_mut() else {
                continue;
            };
            for parameter in operation.parameters.iter_mut().flatten() {
                widen_unsigned(parameter);
            }
            let takes = |place: ParameterIn| {
                operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == place)
            };
            let mut add: Vec<(&str, &str)> = Vec::new();
            if operation.request_body.is_some() {
                add.push(("415", "The body is not sent as application/json"));
                add.push(("413", "The body is larger than this route accepts"));
                add.push(("422", "The body is not valid JSON, or not of this shape"));
            }
            if takes(ParameterIn::Query) {
                add.push(("400", "A query parameter could not be read"));
            }
            if takes(ParameterIn::Path) {
                add.push(("404", "No such record (or an id that is not one)"));
            }
            if !public {
                add.push(("401", "Not signed in, or the session has ended"));
            }
            if !public && !account {
                add.push((
                    "403",
                    "Not allowed, sent from another site, or the password an administrator chose \
                     must be changed first",
                ));
            }
            if writes {
                add.push(("403", "Not allowed, or sent from another site"));
                add.push((
                    "409",
                    "It clashes with what is saved (an id already used, a stale version)",
                ));
            }
            add.push(("503", "The request took longer than the server's time limit"));
            for (status, description) in add {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| answer(description).into());
            }
        }
    }
}

/// utoipa describes a `u32` as a 32-bit *signed* integer at least 0, so a fuzzer takes
/// 2,147,483,648 for out of range, which the server reads as any `u32`. Say what it reads:
/// 0 to 4,294,967,295 (and a page or size beyond what exists is answered as the last one).
fn widen_unsigned(parameter: &mut utoipa::openapi::path::Parameter) {
    use utoipa::Number;
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{KnownFormat, Schema, SchemaFormat};
    let Some(RefOr::T(Schema::Object(object))) = parameter.schema.as_mut() else {
        return;
    };
    // (utoipa writes the minimum of an unsigned type as the float 0.)
    let is_zero = |n: &Option<Number>| match n {
        Some(Number::Int(0) | Number::UInt(0)) => true,
        Some(Number::Float(f)) => *f == 0.0,
        _ => false,
    };
    if object.format == Some(SchemaFormat::KnownFormat(KnownFormat::Int32)) && is_zero(&object.minimum) {
        object.format = Some(SchemaFormat::KnownFormat(KnownFormat::Int64));
        object.maximum = Some(Number::UInt(u32::MAX as usize));
    }
}
