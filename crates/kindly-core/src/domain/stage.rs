//! The pipeline an application moves through, and which moves are allowed.
//!
//! ```text
//! applied → interviewing → interviewed → finalist → offer → hired
//!    └──────────┴──────────────┴────────────┴─────────┴──→ rejected | withdrawn
//! ```
//! A move goes one stage forward, or one stage back to correct a mistake. Any open stage
//! can close as `rejected` or `withdrawn`. A closed application is reopened into one of the
//! early stages (applied to finalist) first; it never jumps straight to an offer or a hire.
//! `hired` is final.

use crate::error::{CoreError, ErrorCode};

stored! {
    pub enum Stage {
        Applied,
        Interviewing,
        Interviewed,
        Finalist,
        Offer,
        Hired,
        Rejected,
        Withdrawn,
    }
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Applied,
        Stage::Interviewing,
        Stage::Interviewed,
        Stage::Finalist,
        Stage::Offer,
        Stage::Hired,
        Stage::Rejected,
        Stage::Withdrawn,
    ];

    /// The forward path, in order.
    const PATH: [Stage; 6] = [
        Stage::Applied,
        Stage::Interviewing,
        Stage::Interviewed,
        Stage::Finalist,
        Stage::Offer,
        Stage::Hired,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Applied => "Applied",
            Stage::Interviewing => "Interviewing",
            Stage::Interviewed => "Interviewed",
            Stage::Finalist => "Finalist",
            Stage::Offer => "Offer",
            Stage::Hired => "Hired",
            Stage::Rejected => "Rejected",
            Stage::Withdrawn => "Withdrawn",
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Hired | Stage::Rejected | Stage::Withdrawn)
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Rejected | Stage::Withdrawn)
    }

    fn path_index(self) -> Option<usize> {
        Stage::PATH.iter().position(|s| *s == self)
    }

    /// May an application at `self` move to `to`?
    pub fn can_move_to(self, to: Stage) -> bool {
        if self == to {
            return false;
        }
        if self.is_closed() {
            // Reopen into an early stage only.
            return matches!(
                to,
                Stage::Applied | Stage::Interviewing | Stage::Interviewed | Stage::Finalist
            );
        }
        if self == Stage::Hired {
            return false;
        }
        if to.is_closed() {
            return true;
        }
        match (self.path_index(), to.path_index()) {
            (Some(from), Some(to)) => to == from + 1 || to + 1 == from,
            _ => false,
        }
    }

    /// Every stage `self` may move to, in pipeline order.
    pub fn next_stages(self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|to| self.can_move_to(*to))
            .collect()
    }

    /// Check a move, with a message that says what to do instead.
    pub fn check_move(self, to: Stage) -> Result<(), CoreError> {
        if self.can_move_to(to) {
            return Ok(());
        }
        let why = if self == to {
            format!("the application is already {}", self)
        } else if self == Stage::Hired {
            "a hired candidate's application is final".to_string()
        } else if self.is_closed() {
            format!(
                "a {} application must be reopened (to applied, interviewing, interviewed or finalist) before it can move to {}",
                self,
                to
            )
        } else {
            let allowed: Vec<String> = self.next_stages().iter().map(|s| s.to_string()).collect();
            format!(
                "an application cannot move from {} to {}; from {} it can move to {}",
                self,
                to,
                self,
                allowed.join(", ")
            )
        };
        Err(CoreError {
            code: ErrorCode::ForbiddenTransition,
            message: format!("stage: {why}"),
            field: Some("stage".into()),
        })
    }
}

stored! {
    pub enum RoleStatus {
        Open,
        Filled,
        Closed,
    }
}

#[cfg(test)]
mod tests {
    use super::Stage::{self, *};

    /// The full table of allowed moves: every (from, to) pair not listed is forbidden.
    const ALLOWED: &[(Stage, Stage)] = &[
        (Applied, Interviewing),
        (Applied, Rejected),
        (Applied, Withdrawn),
        (Interviewing, Applied),
        (Interviewing, Interviewed),
        (Interviewing, Rejected),
        (Interviewing, Withdrawn),
        (Interviewed, Interviewing),
        (Interviewed, Finalist),
        (Interviewed, Rejected),
        (Interviewed, Withdrawn),
        (Finalist, Interviewed),
        (Finalist, Offer),
        (Finalist, Rejected),
        (Finalist, Withdrawn),
        (Offer, Finalist),
        (Offer, Hired),
        (Offer, Rejected),
        (Offer, Withdrawn),
        (Rejected, Applied),
        (Rejected, Interviewing),
        (Rejected, Interviewed),
        (Rejected, Finalist),
        (Withdrawn, Applied),
        (Withdrawn, Interviewing),
        (Withdrawn, Interviewed),
        (Withdrawn, Finalist),
    ];

    #[test]
    fn every_pair_is_allowed_or_forbidden_as_the_table_says() {
        for from in Stage::ALL {
            for to in Stage::ALL {
                let expected = ALLOWED.contains(&(from, to));
                assert_eq!(from.can_move_to(to), expected, "{} -> {}", from, to);
                assert_eq!(from.check_move(to).is_ok(), expected);
            }
        }
    }

    #[test]
    fn a_rejected_candidate_needs_reopening_before_an_offer() {
        let err = Rejected.check_move(Offer).unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::ForbiddenTransition);
        assert!(err.message.contains("reopened"), "{}", err.message);
        assert!(Rejected.can_move_to(Finalist));
        assert!(Finalist.can_move_to(Offer));
    }

    #[test]
    fn forbidden_forward_jump_lists_what_is_allowed() {
        let err = Applied.check_move(Hired).unwrap_err();
        assert_eq!(
            err.message,
            "stage: an application cannot move from applied to hired; from applied it can move to interviewing, rejected, withdrawn"
        );
        assert_eq!(err.field.as_deref(), Some("stage"));
    }

    #[test]
    fn hired_is_final() {
        assert!(Hired.next_stages().is_empty());
        assert!(Hired
            .check_move(Rejected)
            .unwrap_err()
            .message
            .contains("final"));
    }

    #[test]
    fn names_round_trip_and_the_window_uses_the_same_ones() {
        use sea_orm::ActiveEnum;
        for s in Stage::ALL {
            assert_eq!(Stage::try_from_value(&s.to_value()), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.to_value().as_str());
        }
        assert!(Stage::try_from_value(&"Hired".to_string()).is_err());
    }
}
