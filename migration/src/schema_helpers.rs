//! Column, foreign-key and index builders shared by the migrations, so every table names its
//! constraints the same way: `fk_<table>_<column>`, `idx_<table>_<columns>`, `ux_…` when unique.

use sea_orm_migration::{prelude::*, schema::*};

/// A NOT NULL text column restricted to `values` by a CHECK constraint.
pub fn enum_text<T: Iden + Copy + 'static>(col: T, values: &[&'static str]) -> ColumnDef {
    text(col)
        .check(Expr::col(col).is_in(values.iter().copied()))
        .take()
}

/// A nullable text column restricted to `values` (or NULL) by a CHECK constraint.
pub fn enum_text_null<T: Iden + Copy + 'static>(col: T, values: &[&'static str]) -> ColumnDef {
    text_null(col)
        .check(Expr::col(col).is_in(values.iter().copied()))
        .take()
}

/// A foreign key `from_tbl.from_col → to_tbl.to_col`, named `fk_<from_tbl>_<from_col>`.
pub fn fk<A, B, C, D>(from_tbl: A, from_col: B, to_tbl: C, to_col: D) -> ForeignKeyCreateStatement
where
    A: Iden + Copy + 'static,
    B: Iden + Copy + 'static,
    C: Iden + 'static,
    D: Iden + 'static,
{
    ForeignKey::create()
        .name(format!(
            "fk_{}_{}",
            from_tbl.to_string(),
            from_col.to_string()
        ))
        .from(from_tbl, from_col)
        .to(to_tbl, to_col)
        .take()
}

/// An index on `cols` of `table`, named `idx_<table>_<cols…>` (`ux_` when unique).
pub fn index<T, C>(table: T, cols: &[C], unique: bool) -> IndexCreateStatement
where
    T: Iden + Copy + 'static,
    C: Iden + Copy + 'static,
{
    let mut name = format!(
        "{}_{}",
        if unique { "ux" } else { "idx" },
        table.to_string()
    );
    let mut stmt = Index::create();
    stmt.table(table);
    for col in cols {
        name.push('_');
        name.push_str(&col.to_string());
        stmt.col(*col);
    }
    if unique {
        stmt.unique();
    }
    stmt.name(name).take()
}

// The core tables that later migrations point foreign keys at (their key column only; the core
// migration itself names every column).

/// `jobcentres`, as referenced by later migrations.
#[derive(DeriveIden, Clone, Copy)]
pub enum Jobcentres {
    Table,
    Id,
}

/// `caseworkers`, as referenced by later migrations.
#[derive(DeriveIden, Clone, Copy)]
pub enum Caseworkers {
    Table,
    Id,
}

/// `citizens`, as referenced by later migrations.
#[derive(DeriveIden, Clone, Copy)]
pub enum Citizens {
    Table,
    Id,
}

/// `provider_users`, as referenced by later migrations.
#[derive(DeriveIden, Clone, Copy)]
pub enum ProviderUsers {
    Table,
    Id,
}

/// `providers`, as referenced by later migrations.
#[derive(DeriveIden, Clone, Copy)]
pub enum Providers {
    Table,
    Id,
}

/// `companies`, as referenced by later migrations.
#[derive(DeriveIden, Clone, Copy)]
pub enum Companies {
    Table,
    Id,
}

/// Rebuilds `table` on SQLite from its own definition changed by `edit` (SQLite cannot change a
/// column's CHECK in place): the table is created anew as `<table>_rebuilt`, filled with every
/// row, swapped in, and given back its indexes and triggers. Views are dropped around the swap
/// and made again. The rows of `referring` tables (those with a foreign key to `table` that
/// cascades) wait aside while the old table is dropped and come back checked against the new
/// one. Fails if `edit` changed nothing, so a definition that is not as expected stops the
/// migration instead of leaving the old constraint.
pub async fn rebuild_sqlite_table(
    manager: &SchemaManager<'_>,
    table: &str,
    referring: &[&str],
    edit: impl Fn(&str) -> String,
) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
    let db = manager.get_connection();
    let definitions = async |sql: &str, values: Vec<sea_orm_migration::sea_orm::Value>| {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                sql,
                values,
            ))
            .await?;
        rows.iter()
            .map(|row| {
                Ok::<(String, String), DbErr>((row.try_get_by_index(0)?, row.try_get_by_index(1)?))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let own = definitions(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ?",
        vec![table.into()],
    )
    .await?;
    let Some((_, definition)) = own.first() else {
        return Err(DbErr::Migration(format!("the table {table} is missing")));
    };
    let extras = definitions(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') \
         AND tbl_name = ? AND sql IS NOT NULL",
        vec![table.into()],
    )
    .await?;
    let views = definitions(
        "SELECT name, sql FROM sqlite_master WHERE type = 'view'",
        vec![],
    )
    .await?;
    let edited = edit(definition);
    if edited == *definition {
        return Err(DbErr::Migration(format!(
            "the table {table} is not as expected: {definition}"
        )));
    }
    let rebuilt = edited.replacen(&format!("\"{table}\""), &format!("\"{table}_rebuilt\""), 1);
    let mut statements = Vec::new();
    for other in referring {
        statements.push(format!(
            "CREATE TEMP TABLE {other}_aside AS SELECT * FROM {other}"
        ));
        statements.push(format!("DELETE FROM {other}"));
    }
    for (name, _) in &views {
        statements.push(format!("DROP VIEW \"{name}\""));
    }
    statements.push(rebuilt);
    statements.push(format!(
        "INSERT INTO \"{table}_rebuilt\" SELECT * FROM \"{table}\""
    ));
    statements.push(format!("DROP TABLE \"{table}\""));
    statements.push(format!(
        "ALTER TABLE \"{table}_rebuilt\" RENAME TO \"{table}\""
    ));
    statements.extend(extras.into_iter().map(|(_, sql)| sql));
    statements.extend(views.into_iter().map(|(_, sql)| sql));
    for other in referring {
        statements.push(format!("INSERT INTO {other} SELECT * FROM {other}_aside"));
        statements.push(format!("DROP TABLE {other}_aside"));
    }
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

/// `column IN ('a', 'b', …)`, the CHECK of an enum column, as SQL.
pub fn in_list(column: &str, values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!("{column} IN ({})", quoted.join(", "))
}

/// `definition` (a table's SQL as SQLite keeps it) with the list of `column`'s `IN (…)` CHECK
/// replaced by `values`; unchanged when the column has no such CHECK.
pub fn with_check_list(definition: &str, column: &str, values: &[&str]) -> String {
    let start = format!("\"{column}\" IN (");
    let Some(from) = definition.find(&start) else {
        return definition.to_string();
    };
    let Some(len) = definition[from..].find(')') else {
        return definition.to_string();
    };
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!(
        "{}{start}{}{}",
        &definition[..from],
        quoted.join(", "),
        &definition[from + len..]
    )
}

/// Replaces the `IN (…)` CHECK of `table.column` by one allowing `values`, on either database:
/// in place on PostgreSQL (the constraint found by its definition, whatever it was named, and
/// named `<table>_<column>_check` again), by [`rebuild_sqlite_table`] on SQLite.
pub async fn set_check_list(
    manager: &SchemaManager<'_>,
    table: &str,
    column: &str,
    values: &[&'static str],
    referring: &[&str],
) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
    let db = manager.get_connection();
    if db.get_database_backend() != DbBackend::Postgres {
        return rebuild_sqlite_table(manager, table, referring, |definition| {
            with_check_list(definition, column, values)
        })
        .await;
    }
    let names: Vec<String> = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT conname FROM pg_constraint WHERE conrelid = CAST($1 AS regclass) \
             AND contype = 'c' AND conislocal AND pg_get_constraintdef(oid) LIKE $2",
            [table.into(), format!("%({column} %").into()],
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    if names.len() != 1 {
        return Err(DbErr::Migration(format!(
            "expected one CHECK on {table}.{column}, found {names:?}"
        )));
    }
    db.execute_unprepared(&format!(
        "ALTER TABLE {table} DROP CONSTRAINT \"{}\", ADD CONSTRAINT {table}_{column}_check \
         CHECK ({})",
        names[0],
        in_list(column, values)
    ))
    .await?;
    Ok(())
}
