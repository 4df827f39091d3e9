use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_sent_copy"
    }
}

/// The copy of a sent message in the owner's Sent folder (IMAP): when it was saved, or why
/// it could not be (a warning on the message; the message itself went).
#[derive(DeriveIden)]
enum Messages {
    Table,
    CopiedAt,
    CopyWarning,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Messages::CopiedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Messages::CopyWarning)
                .text()
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
        for c in [Messages::CopiedAt, Messages::CopyWarning] {
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
