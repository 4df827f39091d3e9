use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_team"
    }
}

/// Several desktops on one server: a version on every record people edit (a save based on an
/// old one is a conflict, not a lost update), who made each change, and which desktop holds a
/// message while it sends (with a lease, so only a desktop that died is recovered from).
#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Version,
    UpdatedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    Table,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Roles {
    Table,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Templates {
    Table,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Activities {
    Table,
    Actor,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    CreatedBy,
    ClaimedBy,
    LeaseUntil,
}

fn version() -> ColumnDef {
    ColumnDef::new(Alias::new("version"))
        .integer()
        .not_null()
        .default(1)
        .to_owned()
}

fn text(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).text().null().to_owned()
}

async fn add(m: &SchemaManager<'_>, table: impl IntoIden, col: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

async fn drop(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, Candidates::Table, version()).await?;
        add(m, Candidates::Table, text(Candidates::UpdatedBy)).await?;
        add(m, Applications::Table, version()).await?;
        add(m, Roles::Table, version()).await?;
        add(m, Templates::Table, version()).await?;
        add(m, Activities::Table, text(Activities::Actor)).await?;
        add(m, Messages::Table, text(Messages::CreatedBy)).await?;
        add(m, Messages::Table, text(Messages::ClaimedBy)).await?;
        add(
            m,
            Messages::Table,
            ColumnDef::new(Messages::LeaseUntil)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, Messages::Table, Messages::LeaseUntil).await?;
        drop(m, Messages::Table, Messages::ClaimedBy).await?;
        drop(m, Messages::Table, Messages::CreatedBy).await?;
        drop(m, Activities::Table, Activities::Actor).await?;
        drop(m, Templates::Table, Templates::Version).await?;
        drop(m, Roles::Table, Roles::Version).await?;
        drop(m, Applications::Table, Applications::Version).await?;
        drop(m, Candidates::Table, Candidates::UpdatedBy).await?;
        drop(m, Candidates::Table, Candidates::Version).await?;
        Ok(())
    }
}
