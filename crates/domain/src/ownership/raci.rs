//! The RACI letters and the rules every (component, activity) row in use must keep:
//! exactly one Accountable, who is a person; at least one Responsible; nobody deactivated
//! holding R or A. The same checks run in the browser while a row is edited and on the
//! server for every write and import.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Responsible, Accountable, Supportive (RASCI only), Consulted, Informed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Letter {
    R,
    A,
    S,
    C,
    I,
}

impl Letter {
    pub const ALL: [Letter; 5] = [Letter::A, Letter::R, Letter::S, Letter::C, Letter::I];

    pub fn as_str(self) -> &'static str {
        match self {
            Letter::R => "R",
            Letter::A => "A",
            Letter::S => "S",
            Letter::C => "C",
            Letter::I => "I",
        }
    }

    pub fn parse(s: &str) -> Option<Letter> {
        let s = s.trim();
        Letter::ALL.into_iter().find(|l| l.as_str().eq_ignore_ascii_case(s))
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Letter::R => "responsible: does the work",
            Letter::A => "accountable: answers for it, one person",
            Letter::S => "supportive: helps the responsible",
            Letter::C => "consulted before",
            Letter::I => "informed after",
        }
    }

    /// R and A carry the work; a deactivated person may hold neither.
    pub fn carries_work(self) -> bool {
        matches!(self, Letter::R | Letter::A)
    }
}

/// Who holds a letter: a person or a team, never both, never neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holder {
    Person(Uuid),
    Team(Uuid),
}

impl Holder {
    /// From the wire's pair of ids; `None` unless exactly one is given.
    pub fn from_ids(person_id: Option<Uuid>, team_id: Option<Uuid>) -> Option<Holder> {
        match (person_id, team_id) {
            (Some(p), None) => Some(Holder::Person(p)),
            (None, Some(t)) => Some(Holder::Team(t)),
            _ => None,
        }
    }

    /// The wire's pair of ids (person, team).
    pub fn ids(self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Holder::Person(p) => (Some(p), None),
            Holder::Team(t) => (None, Some(t)),
        }
    }

    /// A form value naming the holder (`p:<id>`, `t:<id>`), for one `<select>` offering
    /// people and teams together; [`Holder::from_key`] reads it back.
    pub fn key(self) -> String {
        match self {
            Holder::Person(p) => format!("p:{p}"),
            Holder::Team(t) => format!("t:{t}"),
        }
    }

    pub fn from_key(key: &str) -> Option<Holder> {
        if let Some(id) = key.strip_prefix("p:") {
            id.parse().ok().map(Holder::Person)
        } else {
            key.strip_prefix("t:").and_then(|id| id.parse().ok()).map(Holder::Team)
        }
    }
}

/// One letter on a row, held by a person or a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub letter: Letter,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
}

impl Assignment {
    pub fn holder(&self) -> Option<Holder> {
        Holder::from_ids(self.person_id, self.team_id)
    }
}

/// What the rules need to know about whoever holds a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub letter: Letter,
    pub is_team: bool,
    /// Deactivated people still appear on old rows until reassigned.
    pub active: bool,
    pub name: String,
}

/// Which rule a row breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    NoAccountable,
    SeveralAccountable,
    AccountableIsTeam,
    NoResponsible,
    InactiveHolder,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::NoAccountable,
        Rule::SeveralAccountable,
        Rule::AccountableIsTeam,
        Rule::NoResponsible,
        Rule::InactiveHolder,
    ];

    /// The rule's key, as JSON writes it (`no_accountable`): field problems name it
    /// (`rules.no_accountable`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NoAccountable => "no_accountable",
            Rule::SeveralAccountable => "several_accountable",
            Rule::AccountableIsTeam => "accountable_is_team",
            Rule::NoResponsible => "no_responsible",
            Rule::InactiveHolder => "inactive_holder",
        }
    }
}

/// A broken rule with a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleBreak {
    pub rule: Rule,
    pub message: String,
}

impl RuleBreak {
    fn new(rule: Rule, message: impl Into<String>) -> RuleBreak {
        RuleBreak { rule, message: message.into() }
    }
}

/// The rules a row as written breaks (empty: the row is sound). Writing no letters takes
/// the row out of use, which breaks nothing.
pub fn breaks(row: &[Holding]) -> Vec<RuleBreak> {
    if row.is_empty() { vec![] } else { breaks_in_use(row) }
}

/// The rules a row that is in use breaks; one left with no letters has neither A nor R.
pub fn breaks_in_use(row: &[Holding]) -> Vec<RuleBreak> {
    let mut out = Vec::new();
    let accountable: Vec<&Holding> = row.iter().filter(|h| h.letter == Letter::A).collect();
    match accountable.len() {
        0 => out.push(RuleBreak::new(Rule::NoAccountable, "Nobody is accountable (A): name exactly one person.")),
        1 => {}
        n => out.push(RuleBreak::new(
            Rule::SeveralAccountable,
            format!(
                "{n} people are accountable ({}): keep exactly one A.",
                accountable.iter().map(|h| h.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
    for team in accountable.iter().filter(|h| h.is_team) {
        out.push(RuleBreak::new(
            Rule::AccountableIsTeam,
            format!("{} is a team; a team cannot be accountable: name one person.", team.name),
        ));
    }
    if !row.iter().any(|h| h.letter == Letter::R) {
        out.push(RuleBreak::new(Rule::NoResponsible, "Nobody is responsible (R): name at least one person or team."));
    }
    for h in row.iter().filter(|h| h.letter.carries_work() && !h.active && !h.is_team) {
        out.push(RuleBreak::new(
            Rule::InactiveHolder,
            format!("{} is deactivated and still holds {}: reassign it.", h.name, h.letter.as_str()),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(letter: Letter, name: &str) -> Holding {
        Holding { letter, is_team: false, active: true, name: name.into() }
    }

    fn rules(row: &[Holding]) -> Vec<Rule> {
        breaks(row).into_iter().map(|b| b.rule).collect()
    }

    #[test]
    fn a_sound_row_breaks_nothing() {
        assert!(breaks(&[h(Letter::A, "Ann"), h(Letter::R, "Rob"), h(Letter::I, "Ida")]).is_empty());
        // one person may be both A and R by holding A on a row where someone else is R… or
        // a team is R
        let team = Holding { letter: Letter::R, is_team: true, active: true, name: "Infra".into() };
        assert!(breaks(&[h(Letter::A, "Ann"), team]).is_empty());
    }

    #[test]
    fn an_unused_row_breaks_nothing() {
        assert!(breaks(&[]).is_empty());
        let rules: Vec<Rule> = breaks_in_use(&[]).into_iter().map(|b| b.rule).collect();
        assert_eq!(rules, vec![Rule::NoAccountable, Rule::NoResponsible], "a row in use left empty");
    }

    #[test]
    fn accountable_rules() {
        assert_eq!(rules(&[h(Letter::R, "Rob")]), vec![Rule::NoAccountable]);
        let two = breaks(&[h(Letter::A, "Ann"), h(Letter::A, "Bo"), h(Letter::R, "Rob")]);
        assert_eq!(two.len(), 1);
        assert_eq!(two[0].rule, Rule::SeveralAccountable);
        assert!(two[0].message.contains("Ann, Bo"), "{}", two[0].message);
        let team = Holding { letter: Letter::A, is_team: true, active: true, name: "Infra".into() };
        assert_eq!(rules(&[team, h(Letter::R, "Rob")]), vec![Rule::AccountableIsTeam]);
    }

    #[test]
    fn responsible_and_inactive_rules() {
        assert_eq!(rules(&[h(Letter::A, "Ann"), h(Letter::C, "Cy")]), vec![Rule::NoResponsible]);
        let gone = Holding { letter: Letter::R, is_team: false, active: false, name: "Old Timer".into() };
        let b = breaks(&[h(Letter::A, "Ann"), gone]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, Rule::InactiveHolder);
        assert!(b[0].message.contains("Old Timer"));
        // an inactive person who is only informed breaks nothing
        let informed = Holding { letter: Letter::I, is_team: false, active: false, name: "Old Timer".into() };
        assert!(breaks(&[h(Letter::A, "Ann"), h(Letter::R, "Rob"), informed]).is_empty());
    }

    #[test]
    fn letters_parse() {
        assert_eq!(Letter::parse(" a "), Some(Letter::A));
        assert_eq!(Letter::parse("s"), Some(Letter::S));
        assert_eq!(Letter::parse("X"), None);
        assert_eq!(Letter::parse("RA"), None);
    }
}

#[cfg(test)]
mod rule_key_tests {
    use super::Rule;

    #[test]
    fn a_holders_key_reads_back() {
        use super::Holder;
        let id = uuid::Uuid::from_u128(7);
        for h in [Holder::Person(id), Holder::Team(id)] {
            assert_eq!(Holder::from_key(&h.key()), Some(h));
            assert_eq!(Holder::from_ids(h.ids().0, h.ids().1), Some(h));
        }
        assert_eq!(Holder::from_key(""), None);
        assert_eq!(Holder::from_ids(Some(id), Some(id)), None);
    }

    #[test]
    fn a_rules_key_is_its_json_name() {
        for rule in Rule::ALL {
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.as_str());
        }
    }
}
