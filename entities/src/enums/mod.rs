//! Enumerated text columns.
//!
//! Every enumeration is stored as upper-case text guarded by a CHECK constraint (see
//! `docs/data-model.md`); the stored value, the GraphQL value and the serde form are all the
//! same SCREAMING_SNAKE_CASE name, e.g. `JOB_READY`.
//!
//! The enums live in one file per domain and everything in those files is re-exported here, so
//! each enum (and the `…Enum` and `…Variant` helpers `DeriveActiveEnum` generates beside it) is
//! used as `enums::Name`.

/// Declares a text enum: stored as its SCREAMING_SNAKE_CASE value, the same in GraphQL and
/// serde.
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            EnumIter,
            DeriveActiveEnum,
            async_graphql::Enum,
            Serialize,
            Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $value)] $variant,)*
        }
    };
}

mod absences;
mod citizens;
mod communication;
mod companies;
mod health;
mod invoicing;
mod meetings;
mod plans;
mod privacy;
mod providers;

pub use absences::*;
pub use citizens::*;
pub use communication::*;
pub use companies::*;
pub use health::*;
pub use invoicing::*;
pub use meetings::*;
pub use plans::*;
pub use privacy::*;
pub use providers::*;

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, EnumType, Object, Schema};
    use sea_orm::ActiveEnum;
    use serde::Serialize;

    /// The stored value, the GraphQL name and the serde form of every variant are the same.
    fn same_names<E>() -> Result<(), String>
    where
        E: ActiveEnum<Value = String> + EnumType + Serialize + std::fmt::Debug,
    {
        let items = E::items();
        if items.len() != E::iter().count() {
            return Err(format!(
                "{}: variant count differs",
                std::any::type_name::<E>()
            ));
        }
        for item in items {
            let stored = item.value.to_value();
            let json = serde_json::to_string(&item.value).map_err(|e| e.to_string())?;
            if stored != item.name || json != format!("\"{stored}\"") {
                return Err(format!(
                    "{:?}: stored {stored}, GraphQL {}, serde {json}",
                    item.value, item.name
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn stored_graphql_and_serde_names_agree() -> Result<(), String> {
        same_names::<Channel>()?;
        same_names::<VisitationCategory>()?;
        same_names::<DeregistrationReason>()?;
        same_names::<ProviderUserRole>()?;
        same_names::<ServiceOrderStatus>()?;
        same_names::<PriceKind>()?;
        same_names::<AttendanceKind>()?;
        same_names::<BenefitsNoticeKind>()?;
        same_names::<NoShowStatus>()?;
        same_names::<SupplierReportKind>()?;
        same_names::<ReportSection>()?;
        same_names::<ReportPolicyMode>()?;
        same_names::<NextStep>()?;
        same_names::<ChangeKind>()?;
        same_names::<ChangeRequestStatus>()?;
        same_names::<MessageSender>()?;
        same_names::<JobOrderStatus>()?;
        same_names::<CandidateStatus>()?;
        same_names::<PlacementStatus>()?;
        same_names::<PlacementStep>()?;
        same_names::<PlacementProposalStatus>()?;
        same_names::<PlacementProposer>()?;
        same_names::<ExtensionStatus>()?;
        same_names::<CaseEventKind>()?;
        same_names::<HealthRecipientKind>()?;
        same_names::<HealthRequestState>()?;
        same_names::<HealthMessageSender>()?;
        same_names::<CompanyNotificationKind>()?;
        same_names::<ContactChannel>()?;
        same_names::<WeekSplitRule>()?;
        same_names::<OutcomeKind>()?;
        same_names::<InvoiceBasisStatus>()?;
        same_names::<InvoiceFindingSeverity>()?;
        same_names::<ConsentPurpose>()?;
        same_names::<AuditCategory>()?;
        same_names::<AbsenceKind>()?;
        same_names::<LetterStatus>()?;
        same_names::<MeetingType>()?;
        same_names::<MeetingChannel>()?;
        same_names::<MeetingOrigin>()?;
        same_names::<MeetingStatus>()?;
        same_names::<ParticipantKind>()?;
        same_names::<BookingDeadlineStatus>()?;
        same_names::<AbsenceReporter>()?;
        same_names::<CadenceSource>()?;
        same_names::<PlanDelivery>()?;
        same_names::<AcknowledgementChannel>()?;
        same_names::<LanguageRequestStatus>()?;
        same_names::<FundNotificationKind>()?;
        same_names::<NoticeStatus>()?;
        same_names::<FollowUpAuthor>()
    }

    struct Query;

    #[Object]
    impl Query {
        async fn channel(&self) -> Channel {
            Channel::Portal
        }
        async fn visitation_category(&self) -> VisitationCategory {
            VisitationCategory::JobReady
        }
        async fn meeting_status(&self) -> MeetingStatus {
            MeetingStatus::NoShow
        }
        async fn plan_delivery(&self) -> PlanDelivery {
            PlanDelivery::Portal
        }
    }

    #[test]
    fn doc_comments_become_schema_descriptions() {
        let sdl = Schema::new(Query, EmptyMutation, EmptySubscription).sdl();
        assert!(sdl.contains("enum VisitationCategory"), "{sdl}");
        assert!(sdl.contains("Job-ready (jobparat)"), "{sdl}");
        assert!(sdl.contains("JOB_READY"), "{sdl}");
        assert!(sdl.contains("kommunikationskanal"), "{sdl}");
        assert!(sdl.contains("enum MeetingStatus"), "{sdl}");
        assert!(sdl.contains("samtalestatus"), "{sdl}");
        assert!(sdl.contains("without a reason (udeblivelse)"), "{sdl}");
        assert!(sdl.contains("NO_SHOW"), "{sdl}");
        assert!(sdl.contains("enum PlanDelivery"), "{sdl}");
        assert!(sdl.contains("self-service portal (Min Plan)"), "{sdl}");
        assert!(sdl.contains("DIGITAL_POST"), "{sdl}");
    }
}
