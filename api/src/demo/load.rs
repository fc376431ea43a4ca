//! The state the steps of a demo load share: one transaction, the random stream and the ids in
//! their one fixed order, the creation time, the job centre and the counts so far.

use chrono::{DateTime, TimeZone, Utc};
use jobbro_entities::jobcentre;
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel};

use super::{
    DemoSummary,
    rng::{Ids, Rng},
    staff,
};

/// Rows per INSERT statement (well under both engines' bind-parameter limits).
const BATCH: usize = 400;

/// A demo load in progress. Every step draws from `rng` and `ids` in turn, so the order of the
/// steps, and of the draws within them, is what keeps the demo the same.
pub(super) struct Load {
    txn: crate::kernel::db::WriteTransaction,
    pub(super) rng: Rng,
    pub(super) ids: Ids,
    /// When every row counts as created (job orders and candidates are spread after it).
    pub(super) created: DateTime<Utc>,
    pub(super) centre: jobcentre::Model,
    pub(super) summary: DemoSummary,
}

impl Load {
    /// Opens the transaction and inserts the job centre, the first row of the demo.
    pub(super) async fn begin(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let created = at(2025, 1, 6);
        let mut ids = Ids::new(Rng::new(0x1d5), created.timestamp_millis() as u64);
        let centre = staff::centre(&mut ids, created);
        let load = Self {
            txn: crate::kernel::db::begin_write(db).await?,
            rng: Rng::new(0x6a6f_6262_726f),
            ids,
            created,
            centre,
            summary: DemoSummary::default(),
        };
        jobcentre::Entity::insert(load.centre.clone().into_active_model())
            .exec_without_returning(&*load.txn)
            .await?;
        Ok(load)
    }

    /// Inserts `rows` in statements of at most [`BATCH`] rows.
    pub(super) async fn insert<M, A>(&self, rows: impl IntoIterator<Item = M>) -> Result<(), DbErr>
    where
        M: IntoActiveModel<A>,
        A: ActiveModelTrait + Send,
    {
        crate::kernel::db::insert_batched(&*self.txn, rows, BATCH).await
    }

    /// Commits everything and gives the counts.
    pub(super) async fn commit(self) -> Result<DemoSummary, DbErr> {
        self.txn.commit().await?;
        Ok(self.summary)
    }
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
        .single()
        .unwrap_or_default()
}
