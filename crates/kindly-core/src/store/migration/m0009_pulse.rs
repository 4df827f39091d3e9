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
