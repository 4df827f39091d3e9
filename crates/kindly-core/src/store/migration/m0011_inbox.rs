use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_inbox"
    }
}

/// What Kindly heard back: replies from the owner's inbox that belong to a conversation it
/// started (nothing else is stored), and how far it has read each mailbox.
#[derive(DeriveIden)]
enum Replies {
    Table,
    Id,
    MessageRef,
    CandidateId,
    RfcMessageId,
    FromAddress,
    FromName,
    Subject,
    ReceivedAt,
    Text,
    Attachments,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MailboxState {
    Table,
    Mailbox,
    UidValidity,
    LastUid,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Replies::Table)
                .col(
                    ColumnDef::new(Replies::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Replies::MessageRef).integer().null())
                .col(ColumnDef::new(Replies::CandidateId).integer().null())
                .col(
                    ColumnDef::new(Replies::RfcMessageId)
                        .text()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Replies::FromAddress).text().not_null())
                .col(ColumnDef::new(Replies::FromName).text().not_null())
                .col(ColumnDef::new(Replies::Subject).text().not_null())
                .col(
                    ColumnDef::new(Replies::ReceivedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Replies::Text).text().not_null())
                .col(ColumnDef::new(Replies::Attachments).text().not_null())
                .col(
                    ColumnDef::new(Replies::ReadAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Replies::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_replies_candidate")
                .table(Replies::Table)
                .col(Replies::CandidateId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MailboxState::Table)
                .col(
                    ColumnDef::new(MailboxState::Mailbox)
                        .text()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(MailboxState::UidValidity)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MailboxState::LastUid)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MailboxState::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MailboxState::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Replies::Table).to_owned())
            .await
    }
}
