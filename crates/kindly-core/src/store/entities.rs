//! sea-orm entities: one module per table. Timestamps are UTC; tags are a JSON array in text.

pub mod role {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "roles")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        pub department: Option<String>,
        pub location: Option<String>,
        pub tags: String,
        pub status: crate::domain::RoleStatus,
        pub opened_on: Date,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Goes up by one with every change: a save based on an older one is a conflict.
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::application::Entity")]
        Application,
    }

    impl Related<super::application::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Application.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod candidate {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "candidates")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub first_name: String,
        pub last_name: String,
        pub email: String,
        /// Lower-cased email: unique, so `Ana@x.org` and `ana@x.org` are one person.
        #[sea_orm(unique)]
        pub email_norm: String,
        pub phone: Option<String>,
        pub location: Option<String>,
        pub source: Option<String>,
        pub tags: String,
        pub notes: Option<String>,
        /// Lower-cased "first last email", what the search box matches.
        pub search_key: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Goes up by one with every change: a save based on an older one is a conflict.
        pub version: i32,
        /// The desktop's person who made the last change (team mode).
        pub updated_by: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::application::Entity")]
        Application,
        #[sea_orm(has_many = "super::activity::Entity")]
        Activity,
    }

    impl Related<super::application::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Application.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// "Ana Lopez" (or just "Ana" when there is no last name): how a candidate is named in
        /// lists, messages and figures.
        pub fn full_name(&self) -> String {
            format!("{} {}", self.first_name, self.last_name)
                .trim()
                .to_string()
        }
    }
}

pub mod application {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "applications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub candidate_id: i32,
        pub role_id: i32,
        pub stage: crate::domain::Stage,
        pub place: Option<i32>,
        pub stage_changed_at: DateTimeUtc,
        /// Why the application was closed (rejected or withdrawn), in the owner's words.
        pub decision_reason: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Goes up by one with every change: a save based on an older one is a conflict.
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::candidate::Entity",
            from = "Column::CandidateId",
            to = "super::candidate::Column::Id",
            on_delete = "Cascade"
        )]
        Candidate,
        #[sea_orm(
            belongs_to = "super::role::Entity",
            from = "Column::RoleId",
            to = "super::role::Column::Id",
            on_delete = "Restrict"
        )]
        Role,
    }

    impl Related<super::candidate::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Candidate.def()
        }
    }

    impl Related<super::role::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Role.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod interview {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "interviews")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub application_id: i32,
        pub held_on: Date,
        pub notes: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::application::Entity",
            from = "Column::ApplicationId",
            to = "super::application::Column::Id",
            on_delete = "Cascade"
        )]
        Application,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod activity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "activities")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub candidate_id: i32,
        pub application_id: Option<i32>,
        pub kind: String,
        pub summary: String,
        pub at: DateTimeUtc,
        /// Who did it: the desktop's person (team mode), none on a desktop of one.
        pub actor: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::candidate::Entity",
            from = "Column::CandidateId",
            to = "super::candidate::Column::Id",
            on_delete = "Cascade"
        )]
        Candidate,
    }

    impl Related<super::candidate::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Candidate.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod template {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "templates")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub purpose: crate::domain::defaults::Purpose,
        pub name: String,
        pub subject: String,
        pub body: String,
        /// The built-in template for its purpose: it can be restored, not deleted.
        pub builtin: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Goes up by one with every change: a save based on an older one is a conflict.
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod setting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub value: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod message {
    use sea_orm::entity::prelude::*;

    /// One email in the outbox. Written before any network I/O; its status only moves
    /// forward: queued → sending → sent | failed | queued (retry) | unknown (crash mid-send).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub candidate_id: Option<i32>,
        pub application_id: Option<i32>,
        pub template_id: Option<i32>,
        pub batch_id: Option<String>,
        pub to_name: String,
        pub to_address: String,
        pub subject: String,
        pub body: String,
        #[sea_orm(unique)]
        pub message_id: String,
        pub status: crate::domain::states::MessageStatus,
        pub attempts: i32,
        pub not_before: DateTimeUtc,
        pub last_error: Option<String>,
        pub error_code: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
        /// The date this message promises news by (`YYYY-MM-DD`), kept as a reminder once sent.
        pub promise_date: Option<String>,
        /// The owner's time zone for that date.
        pub promise_zone: Option<String>,
        /// The template purpose it was written from (`rejection`, `thank_you`, …).
        pub purpose: Option<crate::domain::defaults::Purpose>,
        /// A rejection or runner-up message that carried the owner's personal feedback.
        pub feedback_given: bool,
        /// How many tone-check warnings the owner read and sent it with anyway.
        pub warnings_sent: i32,
        /// When its copy was saved in the owner's Sent folder (IMAP).
        pub copied_at: Option<DateTimeUtc>,
        /// Why the copy could not be saved: a warning, the message itself went.
        pub copy_warning: Option<String>,
        /// The reply this message answers (its Message-ID), so it sits in their thread.
        pub in_reply_to: Option<String>,
        /// The thread's Message-IDs, oldest first (the `References` header).
        pub thread_references: Option<String>,
        /// When a delivery-status report said it did not arrive (`status` is `bounced`).
        pub bounced_at: Option<DateTimeUtc>,
        /// The desktop's person who wrote it (team mode).
        pub created_by: Option<String>,
        /// The desktop sending it (its id) while it is `sending`.
        pub claimed_by: Option<String>,
        /// Until when that desktop holds it; renewed while the send goes on. A `sending`
        /// message whose lease ran out belongs to a desktop that stopped.
        pub lease_until: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod reply {
    use sea_orm::entity::prelude::*;

    /// A reply from the owner's inbox to a conversation Kindly started (matched by
    /// `In-Reply-To`/`References`, or from a person Kindly wrote to lately). Only these are
    /// stored: the text without the quoted history, and attachment names only.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "replies")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The message of Kindly's it answers (`messages.id`), when known.
        pub message_ref: Option<i32>,
        pub candidate_id: Option<i32>,
        /// The reply's own Message-ID: the same reply is never stored twice.
        #[sea_orm(unique)]
        pub rfc_message_id: String,
        pub from_address: String,
        pub from_name: String,
        pub subject: String,
        pub received_at: DateTimeUtc,
        pub text: String,
        /// JSON list of attachment file names.
        pub attachments: String,
        pub read_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        /// A reply, an auto-reply (out of office…), or a score (a number answering "How did
        /// we do?").
        pub kind: crate::domain::states::ReplyKind,
        /// The score from 1 to 5, for a `score`.
        pub score: Option<i32>,
        /// The reference it answers, for a reply to a reference request.
        pub referee_id: Option<i32>,
        /// The reply's own `References` header, to continue its thread.
        pub thread_references: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod mailbox_state {
    use sea_orm::entity::prelude::*;

    /// How far Kindly has read a mailbox: its UIDVALIDITY and the last UID looked at,
    /// committed with the replies found up to it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "mailbox_state")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub mailbox: String,
        pub uid_validity: i64,
        pub last_uid: i64,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod reminder {
    use sea_orm::entity::prelude::*;

    /// A promise or a task with a due date. The owner's local date-time and zone are kept
    /// (`due_local`, `time_zone`) and `due_at` is that moment in UTC, for queries.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reminders")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        pub kind: crate::domain::states::ReminderKind,
        pub candidate_id: Option<i32>,
        pub role_id: Option<i32>,
        pub application_id: Option<i32>,
        /// `YYYY-MM-DDTHH:MM` in `time_zone`.
        pub due_local: String,
        /// IANA zone, e.g. `Europe/London`.
        pub time_zone: String,
        pub due_at: DateTimeUtc,
        pub repeat_every: Option<i32>,
        /// `days` or `months`.
        pub repeat_unit: Option<crate::schedule::RepeatUnit>,
        pub snoozed_until: Option<DateTimeUtc>,
        pub done_at: Option<DateTimeUtc>,
        /// What created it: `message:12`, `application:3`…
        pub source: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod offer {
    use sea_orm::entity::prelude::*;

    /// A job offer on an application: extended, then accepted, declined or withdrawn.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "offers")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub application_id: i32,
        pub terms: String,
        pub start_date: Date,
        pub expires_on: Date,
        /// The owner's IANA zone when it was extended: the offer expires at the end of
        /// `expires_on` there.
        pub time_zone: String,
        /// `extended`, `accepted`, `declined` or `withdrawn`.
        pub status: crate::domain::states::OfferStatus,
        /// Why it was declined or withdrawn.
        pub reason: Option<String>,
        pub decided_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod consent {
    use sea_orm::entity::prelude::*;

    /// A candidate's consent: to stay in the talent pool (with an expiry), or to have their
    /// references contacted for one application.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "consents")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub candidate_id: i32,
        pub application_id: Option<i32>,
        /// `talent_pool` or `references`.
        pub kind: crate::domain::states::ConsentKind,
        pub given_on: Date,
        /// `email_reply`, `in_person`, `form` or `phone`.
        pub method: crate::domain::states::ConsentMethod,
        pub expires_on: Option<Date>,
        pub notes: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod pool_member {
    use sea_orm::entity::prelude::*;

    /// Someone in the talent pool, with their stay-in-touch cadence.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pool_members")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub candidate_id: i32,
        /// The application they were placed in, when they came from one.
        pub application_id: Option<i32>,
        pub joined_at: DateTimeUtc,
        pub cadence_days: i32,
        /// The owner's zone, for the stay-in-touch reminder.
        pub time_zone: String,
        pub last_contact_at: DateTimeUtc,
        pub left_at: Option<DateTimeUtc>,
        pub left_reason: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod referee {
    use sea_orm::entity::prelude::*;

    /// A reference for an application, and what they said.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "referees")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub application_id: i32,
        pub name: String,
        pub relationship: crate::domain::states::Relationship,
        pub company: Option<String>,
        pub email: Option<String>,
        pub phone: Option<String>,
        pub worked_together: Option<String>,
        pub requested_at: Option<DateTimeUtc>,
        pub answered_at: Option<DateTimeUtc>,
        pub technical_rating: Option<i32>,
        pub technical_notes: Option<String>,
        pub interpersonal_rating: Option<i32>,
        pub interpersonal_notes: Option<String>,
        pub strengths: Option<String>,
        pub growth: Option<String>,
        pub work_again: Option<crate::domain::states::WorkAgain>,
        pub concerns: Option<String>,
        pub call_notes: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod background_check {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "background_checks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub application_id: i32,
        pub provider: String,
        pub requested_on: Option<Date>,
        /// `not_started`, `requested`, `in_progress`, `clear` or `needs_review`.
        pub status: crate::domain::states::CheckStatus,
        pub completed_on: Option<Date>,
        pub notes: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod erasure {
    use sea_orm::entity::prelude::*;

    /// An erased candidate, as counts only, so figures stay right without personal data.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "erasures")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub erased_at: DateTimeUtc,
        pub applications: i32,
        /// JSON list of the stages their applications ended at.
        pub final_stages: String,
        pub messages_sent: i32,
        /// The erased candidate's id (ids are never reused), for the ledger.
        pub candidate_id: Option<i32>,
        /// A salted SHA-256 of their lower-cased email (`privacy::email_hash`), never the
        /// address: how a restore or an import recognises them.
        pub email_hash: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod retention_hold {
    use sea_orm::entity::prelude::*;

    /// The owner chose to keep a candidate's details longer, and why.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "retention_holds")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub candidate_id: i32,
        pub until: Date,
        pub reason: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
