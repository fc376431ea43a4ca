//! The citizen's access log says why their data was read: `access_purposes` maps the reader's
//! role and the operation that read it to a purpose in plain Danish, with a default per role
//! (`*`), as data a municipality can word its own way.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AccessPurposes {
    Table,
    ActorRole,
    Operation,
    Purpose,
}

/// (`actor_role`, `operation`, `purpose`); `*` is the role's default.
const PURPOSES: &[(&str, &str, &str)] = &[
    ("caseworker", "*", "Sagsbehandling i jobcentret"),
    (
        "manager",
        "*",
        "Ledelse og tilsyn med sagsbehandlingen i jobcentret",
    ),
    (
        "provider_coordinator",
        "*",
        "Gennemførelse af et tilbud hos en anden aktør",
    ),
    (
        "provider_staff",
        "*",
        "Gennemførelse af et tilbud hos en anden aktør",
    ),
    ("company", "*", "Formidling af kandidater til en virksomhed"),
    (
        "integration",
        "*",
        "Udveksling af oplysninger med et andet offentligt system",
    ),
    (
        "caseworker",
        "Caseload",
        "Overblik over sagsbehandlerens egne borgere",
    ),
    ("caseworker", "Citizen", "Opslag på borgerens sag"),
    (
        "caseworker",
        "CitizenTimeline",
        "Gennemgang af borgerens sagshistorik",
    ),
    (
        "caseworker",
        "HealthRequests",
        "Indhentning og læsning af helbredsoplysninger til sagen",
    ),
    (
        "caseworker",
        "CandidatesFor",
        "Match af kandidater til et job",
    ),
    ("caseworker", "FollowUp", "Opfølgning på kontaktforløbet"),
    (
        "caseworker",
        "InvoiceBasis",
        "Kontrol af afregning for tilbud",
    ),
    ("manager", "Caseload", "Overblik over borgere i jobcentret"),
    ("manager", "Citizen", "Opslag på borgerens sag"),
    (
        "manager",
        "InvoiceBasis",
        "Godkendelse af afregning for tilbud",
    ),
    (
        "provider_coordinator",
        "Participants",
        "Overblik over deltagere i tilbud",
    ),
    (
        "provider_staff",
        "Participants",
        "Overblik over deltagere i tilbud",
    ),
    (
        "provider_coordinator",
        "ParticipantPlan",
        "Borgerens plan for tilbuddet",
    ),
    (
        "provider_staff",
        "ParticipantPlan",
        "Borgerens plan for tilbuddet",
    ),
    ("company", "Candidates", "Kandidater til virksomhedens job"),
    (
        "company",
        "Placements",
        "Borgere i praktik eller job i virksomheden",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccessPurposes::Table)
                    .col(text(AccessPurposes::ActorRole))
                    .col(text(AccessPurposes::Operation))
                    .col(text(AccessPurposes::Purpose))
                    .primary_key(
                        Index::create()
                            .col(AccessPurposes::ActorRole)
                            .col(AccessPurposes::Operation),
                    )
                    .take(),
            )
            .await?;
        let mut rows = Query::insert();
        rows.into_table(AccessPurposes::Table).columns([
            AccessPurposes::ActorRole,
            AccessPurposes::Operation,
            AccessPurposes::Purpose,
        ]);
        for (role, operation, purpose) in PURPOSES {
            rows.values_panic([(*role).into(), (*operation).into(), (*purpose).into()]);
        }
        manager.exec_stmt(rows).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccessPurposes::Table).take())
            .await
    }
}
