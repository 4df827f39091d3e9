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
