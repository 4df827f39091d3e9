use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_decisions"
    }
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    DecisionReason,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    ApplicationId,
    Terms,
    StartDate,
    ExpiresOn,
    TimeZone,
    Status,
    Reason,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let ts = |c: Offers| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        m.alter_table(
            Table::alter()
                .table(Applications::Table)
                .add_column(ColumnDef::new(Applications::DecisionReason).text().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Offers::Table)
                .col(
                    ColumnDef::new(Offers::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Offers::ApplicationId).integer().not_null())
                .col(ColumnDef::new(Offers::Terms).text().not_null())
                .col(ColumnDef::new(Offers::StartDate).date().not_null())
                .col(ColumnDef::new(Offers::ExpiresOn).date().not_null())
                .col(ColumnDef::new(Offers::TimeZone).text().not_null())
                .col(ColumnDef::new(Offers::Status).text().not_null())
                .col(ColumnDef::new(Offers::Reason).text().null())
                .col(
                    ColumnDef::new(Offers::DecidedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ts(Offers::CreatedAt))
                .col(ts(Offers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Offers::Table, Offers::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_offers_application")
                .table(Offers::Table)
                .col(Offers::ApplicationId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Offers::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Applications::Table)
                .drop_column(Applications::DecisionReason)
                .to_owned(),
        )
        .await
    }
}
