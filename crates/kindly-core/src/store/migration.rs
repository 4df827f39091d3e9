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
        ]
    }
}

mod m0001_initial {
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
}

mod m0002_templates {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0002_templates"
        }
    }

    #[derive(DeriveIden)]
    enum Templates {
        Table,
        Id,
        Purpose,
        Name,
        Subject,
        Body,
        Builtin,
        CreatedAt,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum Settings {
        Table,
        Key,
        Value,
        UpdatedAt,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.create_table(
                Table::create()
                    .table(Templates::Table)
                    .col(
                        ColumnDef::new(Templates::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Templates::Purpose).text().not_null())
                    .col(ColumnDef::new(Templates::Name).text().not_null())
                    .col(ColumnDef::new(Templates::Subject).text().not_null())
                    .col(ColumnDef::new(Templates::Body).text().not_null())
                    .col(ColumnDef::new(Templates::Builtin).boolean().not_null())
                    .col(
                        ColumnDef::new(Templates::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Templates::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name("ix_templates_purpose")
                    .table(Templates::Table)
                    .col(Templates::Purpose)
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(
                        ColumnDef::new(Settings::Key)
                            .text()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Settings::Value).text().not_null())
                    .col(
                        ColumnDef::new(Settings::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
            Ok(())
        }

        async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.drop_table(Table::drop().table(Settings::Table).to_owned())
                .await?;
            m.drop_table(Table::drop().table(Templates::Table).to_owned())
                .await?;
            Ok(())
        }
    }
}

mod m0003_outbox {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0003_outbox"
        }
    }

    #[derive(DeriveIden)]
    enum Messages {
        Table,
        Id,
        CandidateId,
        ApplicationId,
        TemplateId,
        BatchId,
        ToName,
        ToAddress,
        Subject,
        Body,
        MessageId,
        Status,
        Attempts,
        NotBefore,
        LastError,
        ErrorCode,
        CreatedAt,
        UpdatedAt,
        SentAt,
    }

    #[derive(DeriveIden)]
    enum Candidates {
        Table,
        Id,
    }

    fn ts(c: Messages) -> ColumnDef {
        ColumnDef::new(c)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(
                        ColumnDef::new(Messages::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Messages::CandidateId).integer().null())
                    .col(ColumnDef::new(Messages::ApplicationId).integer().null())
                    .col(ColumnDef::new(Messages::TemplateId).integer().null())
                    .col(ColumnDef::new(Messages::BatchId).text().null())
                    .col(ColumnDef::new(Messages::ToName).text().not_null())
                    .col(ColumnDef::new(Messages::ToAddress).text().not_null())
                    .col(ColumnDef::new(Messages::Subject).text().not_null())
                    .col(ColumnDef::new(Messages::Body).text().not_null())
                    .col(ColumnDef::new(Messages::MessageId).text().not_null())
                    .col(ColumnDef::new(Messages::Status).text().not_null())
                    .col(ColumnDef::new(Messages::Attempts).integer().not_null())
                    .col(ts(Messages::NotBefore))
                    .col(ColumnDef::new(Messages::LastError).text().null())
                    .col(ColumnDef::new(Messages::ErrorCode).text().null())
                    .col(ts(Messages::CreatedAt))
                    .col(ts(Messages::UpdatedAt))
                    .col(
                        ColumnDef::new(Messages::SentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::CandidateId)
                            .to(Candidates::Table, Candidates::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name("ux_messages_message_id")
                    .table(Messages::Table)
                    .col(Messages::MessageId)
                    .unique()
                    .to_owned(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name("ix_messages_due")
                    .table(Messages::Table)
                    .col(Messages::Status)
                    .col(Messages::NotBefore)
                    .to_owned(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name("ix_messages_candidate")
                    .table(Messages::Table)
                    .col(Messages::CandidateId)
                    .to_owned(),
            )
            .await?;
            Ok(())
        }

        async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.drop_table(Table::drop().table(Messages::Table).to_owned())
                .await?;
            Ok(())
        }
    }
}

mod m0004_reminders {
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
}

mod m0005_promises {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0005_promises"
        }
    }

    #[derive(DeriveIden)]
    enum Messages {
        Table,
        PromiseDate,
        PromiseZone,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // Two statements: SQLite adds one column per ALTER TABLE.
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .add_column(ColumnDef::new(Messages::PromiseDate).text().null())
                    .to_owned(),
            )
            .await?;
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .add_column(ColumnDef::new(Messages::PromiseZone).text().null())
                    .to_owned(),
            )
            .await
        }

        async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
            for c in [Messages::PromiseDate, Messages::PromiseZone] {
                m.alter_table(
                    Table::alter()
                        .table(Messages::Table)
                        .drop_column(c)
                        .to_owned(),
                )
                .await?;
            }
            Ok(())
        }
    }
}

mod m0006_decisions {
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
}

mod m0007_pool_references {
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
}

mod m0008_privacy {
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
}

mod m0009_pulse {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0009_pulse"
        }
    }

    /// What the pulse check reads from each message: what it was for, whether a rejection
    /// carried personal feedback, and how many tone warnings the owner sent it with.
    #[derive(DeriveIden)]
    enum Messages {
        Table,
        Purpose,
        FeedbackGiven,
        WarningsSent,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // One column per ALTER TABLE (SQLite).
            for col in [
                ColumnDef::new(Messages::Purpose).text().null().to_owned(),
                ColumnDef::new(Messages::FeedbackGiven)
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
                ColumnDef::new(Messages::WarningsSent)
                    .integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
            ] {
                m.alter_table(
                    Table::alter()
                        .table(Messages::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
            }
            // Messages written before this knew their purpose only through their template.
            m.get_connection()
                .execute_unprepared(
                    "UPDATE messages SET purpose = (SELECT t.purpose FROM templates t \
                     WHERE t.id = messages.template_id) WHERE template_id IS NOT NULL",
                )
                .await?;
            Ok(())
        }

        async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
            for c in [
                Messages::Purpose,
                Messages::FeedbackGiven,
                Messages::WarningsSent,
            ] {
                m.alter_table(
                    Table::alter()
                        .table(Messages::Table)
                        .drop_column(c)
                        .to_owned(),
                )
                .await?;
            }
            Ok(())
        }
    }
}
