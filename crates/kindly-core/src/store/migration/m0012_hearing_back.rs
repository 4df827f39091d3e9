use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_hearing_back"
    }
}

/// What a message from the inbox is (a reply, an auto-reply, a score), the reference it
/// answers and the thread it belongs to; and, on a sent message, the thread it continues and
/// when it bounced.
#[derive(DeriveIden)]
enum Replies {
    Table,
    Kind,
    Score,
    RefereeId,
    ThreadReferences,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    InReplyTo,
    ThreadReferences,
    BouncedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Replies::Kind)
                .text()
                .not_null()
                .default("reply")
                .to_owned(),
            ColumnDef::new(Replies::Score).integer().null().to_owned(),
            ColumnDef::new(Replies::RefereeId)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Replies::ThreadReferences)
                .text()
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Replies::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        for col in [
            ColumnDef::new(Messages::InReplyTo).text().null().to_owned(),
            ColumnDef::new(Messages::ThreadReferences)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Messages::BouncedAt)
                .timestamp_with_time_zone()
                .null()
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
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in [
            Replies::Kind,
            Replies::Score,
            Replies::RefereeId,
            Replies::ThreadReferences,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Replies::Table)
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        for c in [
            Messages::InReplyTo,
            Messages::ThreadReferences,
            Messages::BouncedAt,
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
