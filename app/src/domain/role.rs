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
    fn each_role_can_do_what_the_roles_below_it_can_and_no_more() {
        assert!(Role::Admin.includes(Role::Editor) && Role::Admin.includes(Role::Writer));
        assert!(Role::Editor.includes(Role::Writer) && Role::Editor.includes(Role::Editor));
        assert!(!Role::Editor.includes(Role::Admin));
        assert!(!Role::Writer.includes(Role::Editor));
    }
}
