//! The states and kinds Kindly keeps about messages, reminders, offers, consent, references and
//! background checks: each is a text column, and each has one name per variant (see `stored!`).

stored! {
    /// Where a message is on its way out.
    pub enum MessageStatus {
        /// Waiting for its time (undo window, schedule, or a retry's backoff).
        Queued,
        /// Handed to the server right now.
        Sending,
        Sent,
        /// Refused for good, or out of retries; `last_error` says why.
        Failed,
        /// Kindly stopped while sending it: it may or may not have arrived. The owner decides.
        Unknown,
        Cancelled,
        /// Sent, and then a delivery-status report said it did not arrive; `last_error` holds
        /// the server's diagnostic. The candidate was not told.
        Bounced,
    }
}

stored! {
    /// What a message from the owner's inbox is.
    pub enum ReplyKind {
        /// Written by the person: read on Today, notified.
        Reply,
        /// An out-of-office or other automatic answer: kept on their page, nothing more.
        AutoReply,
        /// Just a number from 1 to 5 answering "How did we do?": counted in the pulse.
        Score,
    }
}

stored! {
    /// What a reminder is about.
    pub enum ReminderKind {
        PromisedFollowUp,
        StayInTouch,
        ReferenceChase,
        OfferExpiry,
        WelcomeStep,
        BackgroundCheck,
        /// A candidate asked to erase their data or for a copy of it: due on the date it must
        /// be answered by, and on Today from the day it came.
        PrivacyRequest,
        Custom,
    }
}

stored! {
    /// An offer's answer. `Expired` is never stored: an offer still `extended` after the end
    /// of its expiry day reads as expired.
    pub enum OfferStatus {
        /// Waiting for the candidate's answer.
        Extended,
        /// Still unanswered after the end of its expiry date.
        Expired,
        Accepted,
        Declined,
        Withdrawn,
    }
}

stored! {
    /// How a background check is going.
    pub enum CheckStatus {
        NotStarted,
        Requested,
        InProgress,
        Clear,
        NeedsReview,
    }
}

impl CheckStatus {
    /// Requested and not yet back.
    pub fn pending(self) -> bool {
        matches!(self, CheckStatus::Requested | CheckStatus::InProgress)
    }
    /// Back, clear or not.
    pub fn done(self) -> bool {
        matches!(self, CheckStatus::Clear | CheckStatus::NeedsReview)
    }
}

stored! {
    /// What a candidate consented to.
    pub enum ConsentKind {
        /// To keep their details and contact them about future roles.
        TalentPool,
        /// To contact the references they named, for one application.
        References,
    }
}

stored! {
    /// How the consent was given.
    pub enum ConsentMethod {
        EmailReply,
        InPerson,
        Form,
        Phone,
    }
}

stored! {
    /// Who a referee is to the candidate.
    pub enum Relationship {
        Supervisor,
        Colleague,
        DirectReport,
        Client,
    }
}

stored! {
    /// Would the referee work with them again.
    pub enum WorkAgain {
        Yes,
        No,
        Unsure,
    }
}

stored! {
    /// How the connection to the mail server is protected.
    pub enum Security {
        /// Connect in plain text, then upgrade (usually port 587).
        Starttls,
        /// TLS from the first byte (usually port 465).
        Tls,
        /// No encryption: only for a server on this computer.
        None,
    }
}
