//! The exercises Hatrack ships with, for IT leadership roles: written by us, in plain
//! language, mapped to the built-in IT Lead framework's competencies by slug. A new
//! organization gets a copy it can edit; `key` keeps them apart from its own.

use super::exercise::{ExerciseInput, ExerciseKind, LevelGuide};

pub struct Builtin {
    pub key: &'static str,
    pub title: &'static str,
    pub kind: ExerciseKind,
    pub minutes: i32,
    pub brief: &'static str,
    pub materials: &'static str,
    /// Levels 1 to 5, in order.
    pub good: [&'static str; 5],
    pub competencies: &'static [&'static str],
}

impl Builtin {
    pub fn input(&self) -> ExerciseInput {
        ExerciseInput {
            title: self.title.into(),
            kind: self.kind,
            brief: self.brief.into(),
            materials: self.materials.into(),
            minutes: self.minutes,
            good_looks_like: (1..)
                .zip(self.good)
                .map(|(level, text)| LevelGuide { level, text: text.into() })
                .collect(),
            competencies: self.competencies.iter().map(|c| c.to_string()).collect(),
        }
    }
}

pub const LIBRARY: [Builtin; 6] = [
    Builtin {
        key: "outage-triage",
        title: "Outage triage role-play",
        kind: ExerciseKind::RolePlay,
        minutes: 40,
        brief: "It is 09:10 on a Monday. The service desk has twelve tickets in ten minutes: \
nobody at the branch offices can sign in to email or the file shares. Head office is fine. \
You are the incident lead. Two interviewers play an on-call engineer and the head of \
operations, who wants to know when the branches can work again. Run the first 30 minutes \
out loud: who does what, what you check first, what you tell people and when.",
        materials: "A one-page network sketch: head office, three branches on a shared VPN \
concentrator, identity provider in the cloud. A ticket export with timestamps. The \
interviewers have a script of what the checks reveal (the VPN certificate expired at 09:00).",
        good: [
            "Starts fixing things alone; nobody knows who leads or what has been tried.",
            "Names a lead and asks for checks, but updates are ad hoc and changes are not written down.",
            "Assigns roles (lead, hands-on, communications), sets a status cadence, and keeps a log \
of what was tested, what was changed and what is still unknown.",
            "Does all of level 3, narrows the fault by what the branches share before touching \
anything, and gives the head of operations a time for the next update rather than a guess at the fix.",
            "Does all of level 4, plans the way back (who confirms recovery, what to watch), and \
names the follow-ups: certificate expiry monitoring, an owner for the renewal, a blameless review.",
        ],
        competencies: &[
            "incident-response-recovery",
            "stakeholder-management-escalation",
            "plain-language-explanation",
        ],
    },
    Builtin {
        key: "migration-cutover",
        title: "Migration cut-over plan with rollback",
        kind: ExerciseKind::WorkSample,
        minutes: 120,
        brief: "We are moving 400 mailboxes and the shared calendars from an on-premises mail \
server to a hosted service over one weekend. Write the cut-over plan: the steps in order \
with their dependencies, who does each, how you know a step worked, the point after which \
you would not roll back, and how you roll back before it. Two pages at most; a table is fine.",
        materials: "An inventory: mailbox sizes, the DNS records involved (MX, autodiscover, SPF), \
three line-of-business applications that send mail through the old server, the help desk's \
weekend rota.",
        good: [
            "A list of tasks without order, owners or checks.",
            "Ordered steps with owners, but dependencies and checks are missing, and rollback is \
\"restore from backup\".",
            "Ordered steps with owners and a check for each; DNS changes timed with their TTL; a \
rollback for each phase and a clear point of no return.",
            "Does all of level 3, finds the applications that relay mail and plans for them, \
lowers TTLs days ahead, and says how users are told what changes on Monday.",
            "Does all of level 4, rehearses on a pilot group, sets go/no-go criteria with named \
decision makers, and plans the first-week support load.",
        ],
        competencies: &["change-release-management", "risk-contingency-planning", "planning-resource-allocation"],
    },
    Builtin {
        key: "plain-language-summary",
        title: "Explain a system problem to a non-technical stakeholder",
        kind: ExerciseKind::WorkSample,
        minutes: 45,
        brief: "The finance director asks why month-end reports took two days instead of two \
hours. The cause: the reporting database shares storage with backups, and a backup job moved \
into the month-end window after a change last week. Write the email you would send her: what \
happened, what it cost, what you are doing, and what you need from her, if anything.",
        materials: "A timeline of the change and the backup schedule, and the storage latency graph \
for the two days.",
        good: [
            "Technical detail she cannot act on; no answer to whether it will happen again.",
            "Says what happened in mostly plain words, but buries the impact or the next step.",
            "Short and plain: what happened, the effect on her team, what has been done, and when \
the next month-end is safe.",
            "Does all of level 3, owns the change that caused it without blame or excuse, and says \
how a change like this is now checked.",
            "Does all of level 4, and turns it into a decision she can make (for example, moving the \
reports to their own storage, with the cost and the risk of not doing it).",
        ],
        competencies: &[
            "plain-language-explanation",
            "stakeholder-management-escalation",
            "documentation-decision-records",
        ],
    },
    Builtin {
        key: "trade-off-discussion",
        title: "Trade-off and risk discussion",
        kind: ExerciseKind::Question,
        minutes: 30,
        brief: "Tell us about a decision where every option had a real cost: for example, keeping \
an ageing system running against replacing it, or buying a product against building on what \
you have. What were the options, what did each risk, who decided, and how did it turn out?",
        materials: "None. Interviewers ask follow-ups: what did you leave out, who disagreed, what \
would make you reverse the decision.",
        good: [
            "Describes a choice as obvious; no options or costs weighed.",
            "Names options and some costs, but the risks are vague and the decision is not owned.",
            "Weighs at least two real options on cost, risk and effort, says who decided and why, and \
what was given up.",
            "Does all of level 3, wrote the decision down with its assumptions, and set a point to \
check whether they still held.",
            "Does all of level 4, brought the people who disagreed into the decision, and shows how the \
outcome changed how they decide now.",
        ],
        competencies: &["architecture-trade-offs", "risk-compliance", "budget-vendor-management"],
    },
    Builtin {
        key: "incident-report-review",
        title: "Review of an incident report",
        kind: ExerciseKind::WorkSample,
        minutes: 45,
        brief: "Read the incident report in the materials, written by a junior engineer after a \
four-hour outage of the ticketing system. Write the review you would give them: what is good, \
what is missing or unclear, and which actions you would change. Then say in two lines what you \
would tell them in person.",
        materials: "A two-page incident report with a timeline that has a one-hour gap, a root cause \
that names a person, and three actions without owners or dates.",
        good: [
            "Rewrites the report without explaining why, or only fixes typos.",
            "Spots some gaps (the timeline) but misses the blame and the actions without owners.",
            "Finds the gap, the blame and the unowned actions; suggests a cause in terms of the system \
rather than the person; feedback is specific and kind.",
            "Does all of level 3, asks what the team learned that the report does not say, and turns \
the actions into owned, dated, checkable ones.",
            "Does all of level 4, and uses the review to coach: what the engineer did well, one thing \
to practise next time, and an offer to pair on the next report.",
        ],
        competencies: &["incident-response-recovery", "coaching-feedback", "documentation-decision-records"],
    },
    Builtin {
        key: "runbook-review",
        title: "Runbook review",
        kind: ExerciseKind::WorkSample,
        minutes: 40,
        brief: "The runbook in the materials is what the night on-call engineer follows when the \
backup job fails. Mark it up: what would go wrong at 03:00 for someone who has never done this \
before, and what would you add, remove or test?",
        materials: "A runbook of eleven steps: two refer to a server that was renamed, one says \"fix \
the permissions\", none says how to tell the job has recovered or whom to call.",
        good: [
            "Approves it or only edits wording.",
            "Finds the renamed server but not the missing checks or escalation.",
            "Finds the stale names, the vague step and the missing recovery check and escalation; \
proposes concrete fixes.",
            "Does all of level 3, and says how to keep it true: an owner, a review date, and a test \
restore that exercises it.",
            "Does all of level 4, and asks whether the failure should need a human at 03:00 at all, \
with what it would take to automate or alert better.",
        ],
        competencies: &["service-management-runbooks", "core-systems-stewardship", "data-stewardship"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_exercise_is_a_valid_exercise_with_distinct_keys() {
        for (i, b) in LIBRARY.iter().enumerate() {
            assert!(super::super::exercise::check(&b.input()).is_empty(), "{}", b.key);
            assert!(LIBRARY[..i].iter().all(|o| o.key != b.key && o.title != b.title));
            assert!(!b.competencies.is_empty());
        }
    }
}
