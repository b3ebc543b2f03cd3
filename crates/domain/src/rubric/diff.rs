//! What changed between two versions of a framework, matched by slug (so renaming a
//! competency is a change, not a removal plus an addition).

use super::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeScope {
    Framework,
    Area,
    Competency,
    Anchor,
}

/// One difference. `before`/`after` hold the old and new value of what changed (a text,
/// or a whole anchor), absent on the side where it does not exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub kind: ChangeKind,
    pub scope: ChangeScope,
    pub area: Option<String>,
    pub competency: Option<String>,
    pub level: Option<i32>,
    /// Which field changed (`name`, `description`, `area`, `level_count`…); none for whole
    /// additions and removals, and for anchors (the whole anchor is shown).
    pub field: Option<String>,
    /// Plain words for the list: "Anchor 3 of Incident response & recovery changed".
    pub label: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub before: Option<Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub after: Option<Value>,
}

pub fn diff(old: &FrameworkDoc, new: &FrameworkDoc) -> Vec<Change> {
    let mut out = Vec::new();
    let field = |out: &mut Vec<Change>, name: &str, before: Value, after: Value| {
        if before != after {
            out.push(Change {
                kind: ChangeKind::Changed,
                scope: ChangeScope::Framework,
                area: None,
                competency: None,
                level: None,
                field: Some(name.into()),
                label: format!("Framework {} changed", name.replace('_', " ")),
                before: Some(before),
                after: Some(after),
            });
        }
    };
    field(&mut out, "name", json!(old.name), json!(new.name));
    field(&mut out, "description", json!(old.description), json!(new.description));
    field(&mut out, "level_count", json!(old.level_count), json!(new.level_count));
    field(&mut out, "level_names", json!(old.level_names), json!(new.level_names));

    for a in &new.areas {
        match old.areas.iter().find(|o| o.slug == a.slug) {
            None => out.push(area_change(ChangeKind::Added, a, None, None, None)),
            Some(o) => {
                for (name, before, after) in
                    [("name", &o.name, &a.name), ("description", &o.description, &a.description)]
                {
                    if before != after {
                        out.push(area_change(
                            ChangeKind::Changed,
                            a,
                            Some(name),
                            Some(json!(before)),
                            Some(json!(after)),
                        ));
                    }
                }
            }
        }
    }
    for o in &old.areas {
        if !new.areas.iter().any(|a| a.slug == o.slug) {
            out.push(area_change(ChangeKind::Removed, o, None, None, None));
        }
    }

    for (area, c) in new.competencies() {
        match old.competencies().find(|(_, o)| o.slug == c.slug) {
            None => out.push(comp_change(ChangeKind::Added, area, c, None, None, None)),
            Some((old_area, o)) => {
                if old_area.slug != area.slug {
                    out.push(comp_change(
                        ChangeKind::Changed,
                        area,
                        c,
                        Some("area"),
                        Some(json!(old_area.slug)),
                        Some(json!(area.slug)),
                    ));
                }
                for (name, before, after) in
                    [("name", &o.name, &c.name), ("description", &o.description, &c.description)]
                {
                    if before != after {
                        out.push(comp_change(
                            ChangeKind::Changed,
                            area,
                            c,
                            Some(name),
                            Some(json!(before)),
                            Some(json!(after)),
                        ));
                    }
                }
                anchors(&mut out, area, c, o);
            }
        }
    }
    for (area, o) in old.competencies() {
        if new.competency(&o.slug).is_none() {
            out.push(comp_change(ChangeKind::Removed, area, o, None, None, None));
        }
    }
    out
}

fn anchors(out: &mut Vec<Change>, area: &AreaDoc, new: &CompetencyDoc, old: &CompetencyDoc) {
    let find = |c: &CompetencyDoc, l: i32| c.levels.iter().find(|x| x.level == l).cloned();
    let top = new.levels.iter().chain(&old.levels).map(|l| l.level).max().unwrap_or(0);
    for level in 1..=top {
        let (before, after): (Option<LevelDoc>, Option<LevelDoc>) = (find(old, level), find(new, level));
        let kind = match (&before, &after) {
            (None, None) => continue,
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            (Some(b), Some(a)) if b == a => continue,
            _ => ChangeKind::Changed,
        };
        let verb = match kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        out.push(Change {
            kind,
            scope: ChangeScope::Anchor,
            area: Some(area.slug.clone()),
            competency: Some(new.slug.clone()),
            level: Some(level),
            field: None,
            label: format!("Level {level} anchor of {} {verb}", new.name),
            before: before.map(|b| json!(b)),
            after: after.map(|a| json!(a)),
        });
    }
}

fn area_change(
    kind: ChangeKind,
    a: &AreaDoc,
    field: Option<&str>,
    before: Option<Value>,
    after: Option<Value>,
) -> Change {
    let label = match (kind, field) {
        (ChangeKind::Added, _) => format!("Area {} added", a.name),
        (ChangeKind::Removed, _) => format!("Area {} removed", a.name),
        (ChangeKind::Changed, f) => format!("Area {}: {} changed", a.name, f.unwrap_or("content")),
    };
    Change {
        kind,
        scope: ChangeScope::Area,
        area: Some(a.slug.clone()),
        competency: None,
        level: None,
        field: field.map(str::to_string),
        label,
        before,
        after,
    }
}

fn comp_change(
    kind: ChangeKind,
    area: &AreaDoc,
    c: &CompetencyDoc,
    field: Option<&str>,
    before: Option<Value>,
    after: Option<Value>,
) -> Change {
    let label = match (kind, field) {
        (ChangeKind::Added, _) => format!("Competency {} added to {}", c.name, area.name),
        (ChangeKind::Removed, _) => format!("Competency {} removed", c.name),
        (ChangeKind::Changed, Some("area")) => format!("Competency {} moved to {}", c.name, area.name),
        (ChangeKind::Changed, f) => format!("Competency {}: {} changed", c.name, f.unwrap_or("content")),
    };
    Change {
        kind,
        scope: ChangeScope::Competency,
        area: Some(area.slug.clone()),
        competency: Some(c.slug.clone()),
        level: None,
        field: field.map(str::to_string),
        label,
        before,
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::check::tests::small;

    #[test]
    fn same_document_has_no_changes() {
        assert!(diff(&small(), &small()).is_empty());
    }

    #[test]
    fn changed_anchor_added_and_removed_competencies() {
        let old = small();
        let mut new = small();
        new.areas[0].competencies[0].levels[2].summary = "Automates patching".into();
        let removed = new.areas[0].competencies.remove(1);
        let mut added = removed.clone();
        added.slug = "restores".into();
        added.name = "Restores".into();
        new.areas[0].competencies.push(added);
        let changes = diff(&old, &new);
        let anchor = changes.iter().find(|c| c.scope == ChangeScope::Anchor).expect("anchor change");
        assert_eq!(
            (anchor.kind, anchor.level, anchor.competency.as_deref()),
            (ChangeKind::Changed, Some(3), Some("patching"))
        );
        assert_eq!(anchor.after.as_ref().unwrap()["summary"], "Automates patching");
        assert!(changes.iter().any(|c| c.kind == ChangeKind::Added && c.competency.as_deref() == Some("restores")));
        assert!(changes.iter().any(|c| c.kind == ChangeKind::Removed && c.competency.as_deref() == Some("backups")));
        assert_eq!(changes.len(), 3, "{changes:#?}");
    }
}
