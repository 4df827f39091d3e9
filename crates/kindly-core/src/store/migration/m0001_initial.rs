use sea_orm_migration::prelude::*;

pub struct Migration;

/// The name recorded in `seaql_migrations`; never change it once released.
impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_initial"
    }
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    Id,
    Title,
    Department,
    Location,
    Tags,
    Status,
    OpenedOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Candidates {
    Table,
    Id,
    FirstName,
    LastName,
    Email,
    EmailNorm,
    Phone,
    Location,
    Source,
    Tags,
    Notes,
    SearchKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    CandidateId,
    RoleId,
    Stage,
    Place,
    StageChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
    ApplicationId,
    HeldOn,
    Notes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    CandidateId,
    ApplicationId,
    Kind,
    Summary,
    At,
}

fn pk(c: impl IntoIden) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}
fn text(c: impl IntoIden) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}
fn text_null(c: impl IntoIden) -> ColumnDef {
    ColumnDef::new(c).text().null().to_owned()
}
fn ts(c: impl IntoIden) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}
fn int(c: impl IntoIden) -> ColumnDef {
    ColumnDef::new(c).integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Roles::Table)
                .col(pk(Roles::Id))
                .col(text(Roles::Title))
                .col(text_null(Roles::Department))
                .col(text_null(Roles::Location))
                .col(text(Roles::Tags))
                .col(text(Roles::Status))
                .col(ColumnDef::new(Roles::OpenedOn).date().not_null())
                .col(ts(Roles::CreatedAt))
                .col(ts(Roles::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Candidates::Table)
                .col(pk(Candidates::Id))
                .col(text(Candidates::FirstName))
                .col(text(Candidates::LastName))
                .col(text(Candidates::Email))
                .col(text(Candidates::EmailNorm))
                .col(text_null(Candidates::Phone))
                .col(text_null(Candidates::Location))
                .col(text_null(Candidates::Source))
                .col(text(Candidates::Tags))
                .col(text_null(Candidates::Notes))
                .col(text(Candidates::SearchKey))
                .col(ts(Candidates::CreatedAt))
                .col(ts(Candidates::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_candidates_email_norm")
                .table(Candidates::Table)
                .col(Candidates::EmailNorm)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_candidates_name")
                .table(Candidates::Table)
                .col(Candidates::LastName)
                .col(Candidates::FirstName)
                .col(Candidates::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_candidates_created")
                .table(Candidates::Table)
                .col(Candidates::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_candidates_updated")
                .table(Candidates::Table)
                .col(Candidates::UpdatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Applications::Table)
                .col(pk(Applications::Id))
                .col(int(Applications::CandidateId))
                .col(int(Applications::RoleId))
                .col(text(Applications::Stage))
                .col(ColumnDef::new(Applications::Place).integer().null())
                .col(ts(Applications::StageChangedAt))
                .col(ts(Applications::CreatedAt))
                .col(ts(Applications::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Applications::Table, Applications::CandidateId)
                        .to(Candidates::Table, Candidates::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Applications::Table, Applications::RoleId)
                        .to(Roles::Table, Roles::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_applications_candidate_role")
                .table(Applications::Table)
                .col(Applications::CandidateId)
                .col(Applications::RoleId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_applications_role_stage")
                .table(Applications::Table)
                .col(Applications::RoleId)
                .col(Applications::Stage)
                .col(Applications::CandidateId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_applications_stage")
                .table(Applications::Table)
                .col(Applications::Stage)
                .col(Applications::CandidateId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Interviews::Table)
                .col(pk(Interviews::Id))
                .col(int(Interviews::ApplicationId))
                .col(ColumnDef::new(Interviews::HeldOn).date().not_null())
                .col(text_null(Interviews::Notes))
                .col(ts(Interviews::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Interviews::Table, Interviews::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_interviews_application")
                .table(Interviews::Table)
                .col(Interviews::ApplicationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Activities::Table)
                .col(pk(Activities::Id))
                .col(int(Activities::CandidateId))
                .col(ColumnDef::new(Activities::ApplicationId).integer().null())
                .col(text(Activities::Kind))
                .col(text(Activities::Summary))
                .col(ts(Activities::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(Activities::Table, Activities::CandidateId)
                        .to(Candidates::Table, Candidates::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Activities::Table, Activities::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_activities_candidate_at")
                .table(Activities::Table)
                .col(Activities::CandidateId)
                .col(Activities::At)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Activities::Table.into_iden(),
            Interviews::Table.into_iden(),
            Applications::Table.into_iden(),
            Candidates::Table.into_iden(),
            Roles::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
