//! Server functions: the browser's way into `service`. Each reads the [`Services`] handle
//! from the request and calls the same use case the JSON API calls.
//!
//! [`Services`]: https://docs.rs/ (service::Services, server side only)

use crate::error::UiError;
use domain::status::ServerStatus;
use leptos::prelude::*;

/// Versions and counts for the home page.
#[server(prefix = "/sfn")]
pub async fn get_status() -> Result<ServerStatus, UiError> {
    let services = services().await?;
    Ok(service::status::server_status(&services).await?)
}

#[cfg(feature = "ssr")]
async fn services() -> Result<actix_web::web::Data<service::Services>, UiError> {
    leptos_actix::extract::<actix_web::web::Data<service::Services>>()
        .await
        .map_err(|e| UiError(domain::ApiErrorBody::new(domain::ErrorCode::Internal, e.to_string())))
}
