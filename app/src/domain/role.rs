use serde::{Deserialize, Serialize};

use super::ParseError;

/// What a member of the newsroom may do. Readers have no role. Each role
/// can do all that the ones before it can: an editor also writes, an admin
/// also edits and publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Writes stories and submits them for review.
    Writer,
    /// Reviews, edits, publishes, schedules and unpublishes any story.
    Editor,
    /// Also grants and takes away roles, and reads the audit log.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Writer, Role::Editor, Role::Admin];

    /// The role's name in URLs, forms, the database and the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Exactly one of the codes: no other spelling or case.
    pub fn parse(raw: &str) -> Result<Role, ParseError> {
        Role::ALL
            .into_iter()
            .find(|role| role.code() == raw)
            .ok_or(ParseError::UnknownRole)
    }

    /// How forms, the command line and the audit log write "no role".
    pub const READER: &'static str = "reader";

    /// A role's code, or `reader` for none.
    pub fn code_or_reader(role: Option<Role>) -> &'static str {
        role.map_or(Role::READER, Role::code)
    }

    /// A role, or `None` for exactly `reader`.
    pub fn parse_or_reader(raw: &str) -> Result<Option<Role>, ParseError> {
        if raw == Role::READER {
            Ok(None)
        } else {
            Role::parse(raw).map(Some)
        }
    }

    /// Whether someone with this role may do what `needed` may.
    pub fn includes(self, needed: Role) -> bool {
        self >= needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_role_and_nothing_else_does() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Ok(role));
        }
        for bad in ["", "Admin", " admin", "reader", "editors", "root"] {
            assert_eq!(Role::parse(bad), Err(ParseError::UnknownRole), "{bad:?}");
        }
    }

    #[test]
    fn reader_stands_for_no_role_both_ways() {
        for role in [
            None,
            Some(Role::Writer),
            Some(Role::Editor),
            Some(Role::Admin),
        ] {
            assert_eq!(Role::parse_or_reader(Role::code_or_reader(role)), Ok(role));
        }
        assert_eq!(
            Role::parse_or_reader("Reader"),
            Err(ParseError::UnknownRole)
        );
    }

    #[test]
    fn each_role_can_do_what_the_roles_below_it_can_and_no_more() {
        assert!(Role::Admin.includes(Role::Editor) && Role::Admin.includes(Role::Writer));
        assert!(Role::Editor.includes(Role::Writer) && Role::Editor.includes(Role::Editor));
        assert!(!Role::Editor.includes(Role::Admin));
        assert!(!Role::Writer.includes(Role::Editor));
    }
}
