use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_privacy"
    }
}

#[derive(DeriveIden)]
enum Candidates {
    Table,
    Id,
}

/// What is left of an erased candidate: counts, no personal data.
#[derive(DeriveIden)]
enum Erasures {
    Table,
    Id,
    ErasedAt,
    Applications,
    FinalStages,
    MessagesSent,
}

#[derive(DeriveIden)]
enum RetentionHolds {
    Table,
    Id,
    CandidateId,
    Until,
    Reason,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Erasures::Table)
                .col(
                    ColumnDef::new(Erasures::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Erasures::ErasedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Erasures::Applications).integer().not_null())
                .col(ColumnDef::new(Erasures::FinalStages).text().not_null())
                .col(ColumnDef::new(Erasures::MessagesSent).integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RetentionHolds::Table)
                .col(
                    ColumnDef::new(RetentionHolds::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(RetentionHolds::CandidateId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(RetentionHolds::Until).date().not_null())
                .col(ColumnDef::new(RetentionHolds::Reason).text().not_null())
                .col(
                    ColumnDef::new(RetentionHolds::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RetentionHolds::Table, RetentionHolds::CandidateId)
                        .to(Candidates::Table, Candidates::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RetentionHolds::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Erasures::Table).to_owned())
            .await
    }
}
