use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_pool_references"
    }
}

#[derive(DeriveIden)]
enum Candidates {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    CandidateId,
    ApplicationId,
    Kind,
    GivenOn,
    Method,
    ExpiresOn,
    Notes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PoolMembers {
    Table,
    Id,
    CandidateId,
    ApplicationId,
    JoinedAt,
    CadenceDays,
    TimeZone,
    LastContactAt,
    LeftAt,
    LeftReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Referees {
    Table,
    Id,
    ApplicationId,
    Name,
    Relationship,
    Company,
    Email,
    Phone,
    WorkedTogether,
    RequestedAt,
    AnsweredAt,
    TechnicalRating,
    TechnicalNotes,
    InterpersonalRating,
    InterpersonalNotes,
    Strengths,
    Growth,
    WorkAgain,
    Concerns,
    CallNotes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BackgroundChecks {
    Table,
    Id,
    ApplicationId,
    Provider,
    RequestedOn,
    Status,
    CompletedOn,
    Notes,
    CreatedAt,
    UpdatedAt,
}

fn id<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn text_null<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().null().to_owned()
}

fn ts<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Consents::Table)
                .col(id(Consents::Id))
                .col(ColumnDef::new(Consents::CandidateId).integer().not_null())
                .col(ColumnDef::new(Consents::ApplicationId).integer().null())
                .col(ColumnDef::new(Consents::Kind).text().not_null())
                .col(ColumnDef::new(Consents::GivenOn).date().not_null())
                .col(ColumnDef::new(Consents::Method).text().not_null())
                .col(ColumnDef::new(Consents::ExpiresOn).date().null())
                .col(text_null(Consents::Notes))
                .col(ts(Consents::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Consents::Table, Consents::CandidateId)
                        .to(Candidates::Table, Candidates::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Consents::Table, Consents::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PoolMembers::Table)
                .col(id(PoolMembers::Id))
                .col(
                    ColumnDef::new(PoolMembers::CandidateId)
                        .integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(PoolMembers::ApplicationId).integer().null())
                .col(ts(PoolMembers::JoinedAt))
                .col(
                    ColumnDef::new(PoolMembers::CadenceDays)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(PoolMembers::TimeZone).text().not_null())
                .col(ts(PoolMembers::LastContactAt))
                .col(ts_null(PoolMembers::LeftAt))
                .col(text_null(PoolMembers::LeftReason))
                .col(ts(PoolMembers::CreatedAt))
                .col(ts(PoolMembers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PoolMembers::Table, PoolMembers::CandidateId)
                        .to(Candidates::Table, Candidates::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PoolMembers::Table, PoolMembers::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Referees::Table)
                .col(id(Referees::Id))
                .col(ColumnDef::new(Referees::ApplicationId).integer().not_null())
                .col(ColumnDef::new(Referees::Name).text().not_null())
                .col(ColumnDef::new(Referees::Relationship).text().not_null())
                .col(text_null(Referees::Company))
                .col(text_null(Referees::Email))
                .col(text_null(Referees::Phone))
                .col(text_null(Referees::WorkedTogether))
                .col(ts_null(Referees::RequestedAt))
                .col(ts_null(Referees::AnsweredAt))
                .col(ColumnDef::new(Referees::TechnicalRating).integer().null())
                .col(text_null(Referees::TechnicalNotes))
                .col(
                    ColumnDef::new(Referees::InterpersonalRating)
                        .integer()
                        .null(),
                )
                .col(text_null(Referees::InterpersonalNotes))
                .col(text_null(Referees::Strengths))
                .col(text_null(Referees::Growth))
                .col(text_null(Referees::WorkAgain))
                .col(text_null(Referees::Concerns))
                .col(text_null(Referees::CallNotes))
                .col(ts(Referees::CreatedAt))
                .col(ts(Referees::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Referees::Table, Referees::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BackgroundChecks::Table)
                .col(id(BackgroundChecks::Id))
                .col(
                    ColumnDef::new(BackgroundChecks::ApplicationId)
                        .integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(BackgroundChecks::Provider).text().not_null())
                .col(ColumnDef::new(BackgroundChecks::RequestedOn).date().null())
                .col(ColumnDef::new(BackgroundChecks::Status).text().not_null())
                .col(ColumnDef::new(BackgroundChecks::CompletedOn).date().null())
                .col(text_null(BackgroundChecks::Notes))
                .col(ts(BackgroundChecks::CreatedAt))
                .col(ts(BackgroundChecks::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(BackgroundChecks::Table, BackgroundChecks::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, table, col) in [
            (
                "ix_consents_candidate",
                Consents::Table.into_iden(),
                Consents::CandidateId.into_iden(),
            ),
            (
                "ix_referees_application",
                Referees::Table.into_iden(),
                Referees::ApplicationId.into_iden(),
            ),
        ] {
            m.create_index(Index::create().name(name).table(table).col(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            BackgroundChecks::Table.into_iden(),
            Referees::Table.into_iden(),
            PoolMembers::Table.into_iden(),
            Consents::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
