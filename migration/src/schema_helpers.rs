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
