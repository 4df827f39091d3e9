use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_erasure_ledger"
    }
}

/// The erasure ledger: who was erased, as the candidate's id and a salted hash of their
/// email (never the address), so a restore or an import cannot quietly bring them back.
#[derive(DeriveIden)]
enum Erasures {
    Table,
    CandidateId,
    EmailHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Erasures::CandidateId)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Erasures::EmailHash).text().null().to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Erasures::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_erasures_email_hash")
                .table(Erasures::Table)
                .col(Erasures::EmailHash)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_erasures_email_hash").to_owned())
            .await?;
        for c in [Erasures::CandidateId, Erasures::EmailHash] {
            m.alter_table(
                Table::alter()
                    .table(Erasures::Table)
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
