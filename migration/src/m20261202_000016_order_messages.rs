//! Messages and documents per order between a provider and the job centre's team mailbox (not
//! one person), `docs/data-model.md`:
//!
//! - `order_messages`: one message on one order, from the provider or from the job centre. A
//!   provider's message is due an answer within three Danish workdays; any later message from
//!   the job centre on the order answers it.
//! - `order_message_attachments`: the files sent with a message, in the stored files of plans.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{Citizens, Jobcentres, Providers, enum_text, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SENDERS: &[&str] = &["PROVIDER", "JOBCENTRE"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(pk_uuid(Messages::Id))
                    .col(uuid(Messages::JobcentreId))
                    .col(uuid(Messages::ServiceOrderId))
                    .col(uuid(Messages::CitizenId))
                    .col(uuid(Messages::ProviderId))
                    .col(enum_text(Messages::Sender, SENDERS))
                    .col(uuid(Messages::AuthorSubject))
                    .col(text(Messages::Body))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .col(date_null(Messages::AnswerDueOn))
                    .col(timestamp_with_time_zone_null(Messages::AnsweredAt))
                    .check(Expr::cust("trim(body) <> ''"))
                    // Only a provider's message waits for an answer.
                    .check(Expr::cust(
                        "(sender = 'PROVIDER') = (answer_due_on IS NOT NULL) \
                         AND (answered_at IS NULL OR sender = 'PROVIDER')",
                    ))
                    .foreign_key(&mut fk(
                        Messages::Table,
                        Messages::JobcentreId,
                        Jobcentres::Table,
                        Jobcentres::Id,
                    ))
                    .foreign_key(&mut fk(
                        Messages::Table,
                        Messages::ServiceOrderId,
                        ServiceOrders::Table,
                        ServiceOrders::Id,
                    ))
                    .foreign_key(&mut fk(
                        Messages::Table,
                        Messages::CitizenId,
                        Citizens::Table,
                        Citizens::Id,
                    ))
                    .foreign_key(&mut fk(
                        Messages::Table,
                        Messages::ProviderId,
                        Providers::Table,
                        Providers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                Messages::Table,
                &[Messages::ServiceOrderId, Messages::CreatedAt],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                Messages::Table,
                &[Messages::JobcentreId, Messages::AnswerDueOn],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(pk_uuid(Attachments::Id))
                    .col(uuid(Attachments::MessageId))
                    .col(text(Attachments::FileKey))
                    .col(text(Attachments::Filename))
                    .col(text(Attachments::ContentType))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .foreign_key(
                        fk(
                            Attachments::Table,
                            Attachments::MessageId,
                            Messages::Table,
                            Messages::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut fk(
                        Attachments::Table,
                        Attachments::FileKey,
                        StoredFiles::Table,
                        StoredFiles::Key,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Attachments::Table, &[Attachments::MessageId], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Attachments::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(Messages::Table).take())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceOrders {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum StoredFiles {
    Table,
    Key,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    #[sea_orm(iden = "order_messages")]
    Table,
    Id,
    JobcentreId,
    ServiceOrderId,
    CitizenId,
    ProviderId,
    Sender,
    AuthorSubject,
    Body,
    CreatedAt,
    AnswerDueOn,
    AnsweredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Attachments {
    #[sea_orm(iden = "order_message_attachments")]
    Table,
    Id,
    MessageId,
    FileKey,
    Filename,
    ContentType,
    SizeBytes,
    CreatedAt,
}
