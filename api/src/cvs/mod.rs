//! The citizen's CV (`004:77-99`, `004:756-766`): job wishes (occupations from the reference
//! list), skills, education, driving licences, how far the citizen will travel and informal
//! competences in their own words. The citizen writes it in the portal; job-centre staff read
//! it. While the citizen is registered as a jobseeker and no absence suspends their
//! availability, the CV is open to the job centre's matching and cannot be hidden
//! (`004:85-87`); whether a company may see it is a matter of consent (rule 6), decided where
//! candidates are presented.
//!
//! The occupation list and the postal areas (for distances) are reference data kept here.

pub mod matching;
pub mod mutation;
pub mod occupations;
pub mod service;
pub mod views;

/// A skill as matching compares it: trimmed, lower case, single spaces.
pub fn skill_key(skill: &str) -> String {
    skill
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::skill_key;

    #[test]
    fn skills_compare_without_case_or_extra_spaces() {
        assert_eq!(skill_key("  Kørekort   B "), "kørekort b");
        assert_eq!(skill_key("HACCP"), skill_key("haccp"));
    }
}
