use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_reminders"
    }
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
    Title,
    Kind,
    CandidateId,
    RoleId,
    ApplicationId,
    DueLocal,
    TimeZone,
    DueAt,
    RepeatEvery,
    RepeatUnit,
    SnoozedUntil,
    DoneAt,
    Source,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Candidates {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let ts = |c: Reminders| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        let ts_null = |c: Reminders| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .null()
                .to_owned()
        };
        m.create_table(
            Table::create()
                .table(Reminders::Table)
                .col(
                    ColumnDef::new(Reminders::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Reminders::Title).text().not_null())
                .col(ColumnDef::new(Reminders::Kind).text().not_null())
                .col(ColumnDef::new(Reminders::CandidateId).integer().null())
                .col(ColumnDef::new(Reminders::RoleId).integer().null())
                .col(ColumnDef::new(Reminders::ApplicationId).integer().null())
                .col(ColumnDef::new(Reminders::DueLocal).text().not_null())
                .col(ColumnDef::new(Reminders::TimeZone).text().not_null())
                .col(ts(Reminders::DueAt))
                .col(ColumnDef::new(Reminders::RepeatEvery).integer().null())
                .col(ColumnDef::new(Reminders::RepeatUnit).text().null())
                .col(ts_null(Reminders::SnoozedUntil))
                .col(ts_null(Reminders::DoneAt))
                .col(ColumnDef::new(Reminders::Source).text().null())
                .col(ts(Reminders::CreatedAt))
                .col(ts(Reminders::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Reminders::Table, Reminders::CandidateId)
                        .to(Candidates::Table, Candidates::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_reminders_open_due")
                .table(Reminders::Table)
                .col(Reminders::DoneAt)
                .col(Reminders::DueAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Reminders::Table).to_owned())
            .await?;
        Ok(())
    }
}
