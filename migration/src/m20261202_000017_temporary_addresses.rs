//! A citizen's temporary (c/o) address, `docs/data-model.md`: providers must reach the citizen
//! by letter, and a temporary address that does not reach the order leaves them none
//! (`003:2852-2858`). Four nullable columns on `citizens`, all set or none.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for col in [
            Citizens::CoName,
            Citizens::CoStreet,
            Citizens::CoPostalCode,
            Citizens::CoCity,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Citizens::Table)
                        .add_column(text_null(col))
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Citizens::CoName,
            Citizens::CoStreet,
            Citizens::CoPostalCode,
            Citizens::CoCity,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Citizens::Table)
                        .drop_column(col)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Citizens {
    Table,
    CoName,
    CoStreet,
    CoPostalCode,
    CoCity,
}
