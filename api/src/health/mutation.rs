//! The health-information mutations: the caseworker's request and messages, the integration's
//! deliveries from the clinician.

use async_graphql::{Context, ErrorExtensions, Object, Result};

use super::{service, views::*};
use crate::{
    auth::{Role, RoleGuard},
    kernel::context::{clock, db, staff, viewer},
};

#[derive(Default)]
pub struct HealthMutation;

#[Object]
impl HealthMutation {
    /// Asks a clinician for health information on a case assigned to you (UC2): a certificate
    /// type, the recipient and at least one question written for this case. The answer is due
    /// after the certificate type's answer days; until then the request is `REQUESTED`, after
    /// it `OVERDUE`.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn request_health_information(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case, the clinician, the certificate type and the questions.")]
        input: RequestHealthInformationInput,
    ) -> Result<HealthRequestPayload> {
        service::request(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// Writes to the clinician in a request's thread, on a case assigned to you.
    #[graphql(guard = "RoleGuard::new(Role::JOBCENTRE_STAFF)")]
    async fn send_health_message(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request and the message.")] input: SendHealthMessageInput,
    ) -> Result<HealthMessagePayload> {
        service::send_message(db(ctx)?, &clock(ctx)?, staff(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// For the clinicians' system (role `integration`): a clinician's document for a request.
    /// The request becomes `RECEIVED`; the document is filed on the case (`FILED`) and the
    /// caseworker alerted shortly after. Delivering the same `externalId` again changes nothing.
    #[graphql(guard = "RoleGuard::new(&[Role::Integration])")]
    async fn deliver_health_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request and the document.")] input: DeliverHealthDocumentInput,
    ) -> Result<HealthDeliveryPayload> {
        service::deliver_document(db(ctx)?, &clock(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }

    /// For the clinicians' system (role `integration`): a clinician's message in a request's
    /// thread; the caseworker is alerted.
    #[graphql(guard = "RoleGuard::new(&[Role::Integration])")]
    async fn post_clinician_message(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request and the message.")] input: PostClinicianMessageInput,
    ) -> Result<HealthDeliveryPayload> {
        service::post_clinician_message(db(ctx)?, &clock(ctx)?, viewer(ctx)?, input)
            .await
            .map_err(|e| e.extend())
    }
}
