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
