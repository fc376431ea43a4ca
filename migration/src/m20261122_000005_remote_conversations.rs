//! Which offers allow conversations by phone or video (rule 11, `003:1254-1296`): personal
//! attendance is the rule, but a citizen taking part in an offer under LAB chapters 10-12
//! (guidance and upskilling, company internship, wage subsidy) may have job conversations "by
//! phone, digitally or otherwise". Held on the offer kinds as data.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Offer kinds under LAB chapters 10-12.
const REMOTE: &[&str] = &[
    "SEKS_UGERS_JOBRETTET_UDDANNELSE",
    "VEJLEDNING_OPKVALIFICERING",
    "VIRKSOMHEDSPRAKTIK",
    "LOENTILSKUD",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OfferKinds::Table)
                    .add_column(
                        ColumnDef::new(OfferKinds::RemoteConversations)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        let update = Query::update()
            .table(OfferKinds::Table)
            .value(OfferKinds::RemoteConversations, true)
            .and_where(Expr::col(OfferKinds::Code).is_in(REMOTE.iter().copied()))
            .to_owned();
        manager.exec_stmt(update).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OfferKinds::Table)
                    .drop_column(OfferKinds::RemoteConversations)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum OfferKinds {
    Table,
    Code,
    RemoteConversations,
}
