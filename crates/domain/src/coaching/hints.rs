//! Quality hints for feedback written in SBI form (situation, behaviour, impact). They run
//! in the browser as the author types and on the server when the entry is saved (the
//! answer carries them), and they only guide: nothing here refuses an entry.
//!
//! Each rule is a plain word list read against whole words, lower-cased, so an author can
//! see why a hint showed and a reviewer can see what a rule catches:
//! - a behaviour that judges the person ("lazy", "not a team player", "you are careless")
//!   instead of saying what they did;
//! - sweeping words ("always", "never", "everyone") in any part: one situation is what
//!   the entry is about;
//! - an impact that names no consequence ("it was bad"): who or what was affected, how;
//! - a situation with no when or where ("in the meeting", "on Tuesday", "during the
//!   outage").

use serde::{Deserialize, Serialize};

/// What a hint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HintKind {
    /// The behaviour judges the person rather than describing what they did.
    Judgement,
    /// A word that makes one situation into every situation.
    Sweeping,
    /// The impact says no consequence.
    NoConsequence,
    /// The situation says neither when nor where.
    NoWhenOrWhere,
}

/// One hint: the field it is about (`situation`, `behaviour`, `impact`), the words that
/// raised it (empty when it is about something missing) and a plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hint {
    pub field: String,
    pub kind: HintKind,
    pub words: String,
    pub message: String,
}

/// Words and phrases that describe a person's character or attitude rather than an act.
/// Praise counts too: "a rockstar" tells the reader as little as "lazy" does.
const JUDGEMENTS: &[&str] = &[
    "lazy",
    "careless",
    "sloppy",
    "rude",
    "arrogant",
    "unprofessional",
    "incompetent",
    "selfish",
    "stubborn",
    "difficult",
    "disrespectful",
    "aggressive",
    "negative",
    "toxic",
    "clueless",
    "unreliable",
    "disorganised",
    "disorganized",
    "immature",
    "defensive",
    "bad attitude",
    "poor attitude",
    "great attitude",
    "not a team player",
    "team player",
    "doesn't care",
    "does not care",
    "didn't care",
    "did not care",
    "lacks ownership",
    "no ownership",
    "rockstar",
    "rock star",
    "genius",
    "ninja",
    "superstar",
];

/// "You are …", "he is …": a sentence about who someone is.
const BEING: &[&str] = &[
    "you are",
    "you're",
    "you were",
    "he is",
    "he's",
    "he was",
    "she is",
    "she's",
    "she was",
    "they are",
    "they're",
    "they were",
];

/// Adjectives that, after "you are" and the like, judge (on top of `JUDGEMENTS`).
const BEING_ADJECTIVES: &[&str] =
    &["bad", "good", "great", "terrible", "awful", "amazing", "brilliant", "useless", "smart", "weak", "slow"];

/// Words that make one situation into all of them.
const SWEEPING: &[&str] = &[
    "always",
    "never",
    "constantly",
    "continually",
    "every time",
    "everyone",
    "everybody",
    "nobody",
    "no one",
    "all the time",
    "each and every",
];

/// Words that tie an impact to a consequence: a cause, an effect, who was affected, a
/// measure. One is enough; so is an impact long enough to tell a small story.
const CONSEQUENCES: &[&str] = &[
    "because",
    "so",
    "which",
    "meant",
    "means",
    "led",
    "leads",
    "caused",
    "causes",
    "result",
    "resulted",
    "as a",
    "delayed",
    "delay",
    "saved",
    "save",
    "cut",
    "reduced",
    "increased",
    "helped",
    "let",
    "allowed",
    "could",
    "couldn't",
    "could not",
    "had to",
    "lost",
    "missed",
    "avoided",
    "prevented",
    "fixed",
    "restored",
    "unblocked",
    "blocked",
    "customer",
    "customers",
    "user",
    "users",
    "team",
    "teams",
    "we",
    "i",
    "us",
    "minutes",
    "hours",
    "days",
    "weeks",
    "money",
    "cost",
    "risk",
    "outage",
    "incident",
    "release",
    "deadline",
    "%",
    "percent",
];

/// An impact of at least this many words is taken to say a consequence even without one
/// of the `CONSEQUENCES` words.
const TELLING_LENGTH: usize = 12;

/// Words that place a situation in time or space.
const WHEN_OR_WHERE: &[&str] = &[
    "when",
    "during",
    "while",
    "after",
    "before",
    "yesterday",
    "today",
    "tonight",
    "this morning",
    "this afternoon",
    "last week",
    "last month",
    "this week",
    "this sprint",
    "last sprint",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "meeting",
    "standup",
    "stand-up",
    "retro",
    "retrospective",
    "review",
    "demo",
    "planning",
    "one-on-one",
    "1:1",
    "incident",
    "outage",
    "on-call",
    "release",
    "deploy",
    "deployment",
    "migration",
    "cut-over",
    "cutover",
    "workshop",
    "call",
    "interview",
    "at the",
    "in the",
    "on the",
];

/// The hints for an entry's three parts, in the form's order (situation, behaviour,
/// impact). Empty parts get none here: they are required, and the form says so on its own.
pub fn hints(situation: &str, behaviour: &str, impact: &str) -> Vec<Hint> {
    let (situation, behaviour, impact) = (Words::of(situation), Words::of(behaviour), Words::of(impact));
    let mut out = Vec::new();
    let mut add = |field: &str, kind: HintKind, words: String, message: &str| {
        out.push(Hint { field: field.into(), kind, words, message: message.into() });
    };

    if let Some(w) = sweeping(&situation) {
        add("situation", HintKind::Sweeping, w, SWEEPING_MESSAGE);
    }
    if !situation.is_empty() && !WHEN_OR_WHERE.iter().any(|w| situation.has(w)) && !situation.has_number() {
        add(
            "situation",
            HintKind::NoWhenOrWhere,
            String::new(),
            "Say when or where it happened (\"in Tuesday's change review\", \"during the payroll outage\") so \
             the reader can place it.",
        );
    }

    if let Some(words) = judgement(&behaviour) {
        add(
            "behaviour",
            HintKind::Judgement,
            words,
            "This describes the person rather than what they did. Say what you saw or heard them do, as a camera \
             would have recorded it.",
        );
    }
    if let Some(w) = sweeping(&behaviour) {
        add("behaviour", HintKind::Sweeping, w, SWEEPING_MESSAGE);
    }

    if let Some(w) = sweeping(&impact) {
        add("impact", HintKind::Sweeping, w, SWEEPING_MESSAGE);
    }
    if !impact.is_empty() && impact.len() < TELLING_LENGTH && !CONSEQUENCES.iter().any(|w| impact.has(w)) {
        add(
            "impact",
            HintKind::NoConsequence,
            String::new(),
            "Say what happened because of it: who or what was affected, and how (time saved, a customer kept \
             waiting, a risk avoided).",
        );
    }
    out
}

const SWEEPING_MESSAGE: &str = "Words like this turn one moment into every moment, and invite an argument about \
                                the exceptions. Keep to the situation you describe.";

/// The sweeping words of a part, if any.
fn sweeping(words: &Words) -> Option<String> {
    let found: Vec<&str> = SWEEPING.iter().copied().filter(|w| words.has(w)).collect();
    (!found.is_empty()).then(|| found.join(", "))
}

/// The judging words of a behaviour, if any: "you are careless" once, not also "careless";
/// "not a team player" once, not also "team player".
fn judgement(behaviour: &Words) -> Option<String> {
    let being = BEING.iter().find_map(|b| {
        let after = behaviour.after(b)?;
        let word =
            after.iter().find(|w| !matches!(w.as_str(), "so" | "very" | "really" | "too" | "quite" | "being"))?;
        (BEING_ADJECTIVES.contains(&word.as_str()) || JUDGEMENTS.contains(&word.as_str()))
            .then(|| format!("{b} {word}"))
    });
    let mut found: Vec<String> = being.into_iter().collect();
    for phrase in JUDGEMENTS.iter().filter(|w| behaviour.has(w)) {
        if !found.iter().any(|f| f.contains(phrase)) {
            found.retain(|f| !phrase.contains(f.as_str()));
            found.push(phrase.to_string());
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}

/// A text as lower-case words: letters, digits and the marks that belong inside words
/// (`'`, `-`, `:`, `%`).
struct Words(Vec<String>);

impl Words {
    fn of(text: &str) -> Words {
        let lower = text.to_lowercase().replace('’', "'");
        Words(
            lower
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '-' | ':' | '%')))
                .map(|w| w.trim_matches(|c| matches!(c, '\'' | '-' | ':')))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the phrase (one or more words) occurs, as whole words. A phrase of one
    /// word ending in `%` also matches a number written with it ("18%").
    fn has(&self, phrase: &str) -> bool {
        if phrase == "%" {
            return self.0.iter().any(|w| w.ends_with('%'));
        }
        self.position(phrase).is_some()
    }

    /// The words after the first occurrence of `phrase`.
    fn after(&self, phrase: &str) -> Option<&[String]> {
        let at = self.position(phrase)?;
        Some(&self.0[at + phrase.split(' ').count()..])
    }

    fn position(&self, phrase: &str) -> Option<usize> {
        let wanted: Vec<&str> = phrase.split(' ').collect();
        (0..self.0.len())
            .find(|&i| self.0.len() - i >= wanted.len() && wanted.iter().enumerate().all(|(j, w)| self.0[i + j] == *w))
    }

    fn has_number(&self) -> bool {
        self.0.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str, b: &str, i: &str) -> Vec<(String, HintKind)> {
        hints(s, b, i).into_iter().map(|h| (h.field, h.kind)).collect()
    }

    const GOOD_SITUATION: &str = "In Tuesday's change review for the firewall upgrade";
    const GOOD_BEHAVIOUR: &str = "you walked us through the rollback plan step by step and named who would call it";
    const GOOD_IMPACT: &str = "the change board approved it in ten minutes instead of asking for another round";

    #[test]
    fn a_well_formed_entry_gets_no_hint() {
        assert!(hints(GOOD_SITUATION, GOOD_BEHAVIOUR, GOOD_IMPACT).is_empty());
        assert!(
            hints(
                "During the payroll outage on 3 March",
                "She posted a status update every 30 minutes with what was tested and what was still unknown",
                "Finance stopped calling the service desk, so the on-call engineers could work"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_judgement_of_the_person_is_named() {
        let h = hints(GOOD_SITUATION, "You were lazy about the rollback plan", GOOD_IMPACT);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].field.as_str(), h[0].kind), ("behaviour", HintKind::Judgement));
        assert!(h[0].words.contains("lazy"), "{}", h[0].words);

        let h = hints(GOOD_SITUATION, "Tom is not a team player", GOOD_IMPACT);
        assert_eq!(h[0].words, "not a team player");
        assert_eq!(
            kinds(GOOD_SITUATION, "you are so terrible at estimates", GOOD_IMPACT),
            [("behaviour".to_string(), HintKind::Judgement)]
        );
        // praise that describes the person says as little
        assert_eq!(
            kinds(GOOD_SITUATION, "Aisha is a rockstar", GOOD_IMPACT),
            [("behaviour".to_string(), HintKind::Judgement)]
        );
        // the words only count whole: "negatively" and "lazily-loaded" are not judgements
        assert!(
            kinds(
                GOOD_SITUATION,
                "you disabled the lazily-loaded module that affected latency negatively",
                GOOD_IMPACT
            )
            .is_empty()
        );
        // "you are" followed by an act is not a judgement
        assert!(kinds(GOOD_SITUATION, "you were first to page the database team", GOOD_IMPACT).is_empty());
    }

    #[test]
    fn sweeping_words_are_named_in_the_part_they_are_in() {
        let h = hints(GOOD_SITUATION, "You always interrupt and never let anyone finish", GOOD_IMPACT);
        assert_eq!(h.len(), 1);
        assert_eq!(
            (h[0].field.as_str(), h[0].kind, h[0].words.as_str()),
            ("behaviour", HintKind::Sweeping, "always, never")
        );
        let h = hints(GOOD_SITUATION, GOOD_BEHAVIOUR, "everyone on the call was relieved because the plan was clear");
        assert_eq!((h[0].field.as_str(), h[0].kind), ("impact", HintKind::Sweeping));
        // a word inside another is not the word
        assert!(hints(GOOD_SITUATION, "you said nevertheless that the plan held", GOOD_IMPACT).is_empty());
    }

    #[test]
    fn an_impact_with_no_consequence_is_named() {
        assert_eq!(
            kinds(GOOD_SITUATION, GOOD_BEHAVIOUR, "It was not good."),
            [("impact".to_string(), HintKind::NoConsequence)]
        );
        assert_eq!(
            kinds(GOOD_SITUATION, GOOD_BEHAVIOUR, "Great job!"),
            [("impact".to_string(), HintKind::NoConsequence)]
        );
        // a consequence word, a measure, or a long enough story is enough
        assert!(kinds(GOOD_SITUATION, GOOD_BEHAVIOUR, "Customers waited an hour").is_empty());
        assert!(kinds(GOOD_SITUATION, GOOD_BEHAVIOUR, "Error rate fell to 2%").is_empty());
        assert!(
            kinds(
                GOOD_SITUATION,
                GOOD_BEHAVIOUR,
                "The auditors accepted the evidence pack on the first reading without any further questions"
            )
            .is_empty()
        );
        // an empty part is the form's business, not a hint
        assert!(kinds(GOOD_SITUATION, GOOD_BEHAVIOUR, "  ").is_empty());
    }

    #[test]
    fn a_situation_with_no_when_or_where_is_named() {
        assert_eq!(
            kinds("About the firewall", GOOD_BEHAVIOUR, GOOD_IMPACT),
            [("situation".to_string(), HintKind::NoWhenOrWhere)]
        );
        for placed in ["Yesterday", "During the cut-over", "In the retro", "on 12 May", "When the pager went off"] {
            assert!(kinds(placed, GOOD_BEHAVIOUR, GOOD_IMPACT).is_empty(), "{placed}");
        }
    }

    #[test]
    fn hints_add_up_and_keep_the_order_of_the_form() {
        let h = kinds("Generally", "You are careless and always late", "Bad");
        assert_eq!(
            h,
            [
                ("situation".to_string(), HintKind::NoWhenOrWhere),
                ("behaviour".to_string(), HintKind::Judgement),
                ("behaviour".to_string(), HintKind::Sweeping),
                ("impact".to_string(), HintKind::NoConsequence),
            ]
        );
        assert_eq!(hints("Generally", "You are careless and always late", "Bad")[1].words, "you are careless");
    }
}
