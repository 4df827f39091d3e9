//! Schema migrations, applied in order at start. Kept in their own module: sea-orm's prelude
//! and sea-orm-migration's both export `ColumnDef`.

use sea_orm_migration::prelude::*;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_templates::Migration),
            Box::new(m0003_outbox::Migration),
            Box::new(m0004_reminders::Migration),
            Box::new(m0005_promises::Migration),
            Box::new(m0006_decisions::Migration),
            Box::new(m0007_pool_references::Migration),
            Box::new(m0008_privacy::Migration),
            Box::new(m0009_pulse::Migration),
            Box::new(m0010_sent_copy::Migration),
            Box::new(m0011_inbox::Migration),
            Box::new(m0012_hearing_back::Migration),
            Box::new(m0013_erasure_ledger::Migration),
            Box::new(m0014_team::Migration),
            Box::new(m0015_live::Migration),
            Box::new(m0016_search::Migration),
            Box::new(m0017_search_steady::Migration),
        ]
    }
}

mod m0001_initial;
mod m0002_templates;
mod m0003_outbox;
mod m0004_reminders;
mod m0005_promises;
mod m0006_decisions;
mod m0007_pool_references;
mod m0008_privacy;
mod m0009_pulse;
mod m0010_sent_copy;
mod m0011_inbox;
mod m0012_hearing_back;
mod m0013_erasure_ledger;
mod m0014_team;
mod m0015_live;
pub mod m0016_search;
mod m0017_search_steady;
