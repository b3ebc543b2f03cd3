//! Framework import and export formats, end to end: round trips of our own JSON and YAML,
//! the ladder formats from fixture files, and hostile or broken input.
#![cfg(feature = "formats")]

use domain::rubric::formats::{self, Format, FormatError, ImportNote, Imported, MAX_INPUT};
use domain::rubric::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc, check};
use std::time::{Duration, Instant};

const IT_LEAD: &str = include_str!("../../service/src/rubric/it_lead.json");
const MONZO_PLATFORM: &str = include_str!("fixtures/rubric/monzo_platform.md");
const MONZO_ROUGH: &str = include_str!("fixtures/rubric/monzo_rough.md");
const SNOWFLAKE_JSON: &str = include_str!("fixtures/rubric/snowflake_ladder.json");
const SNOWFLAKE_YAML: &str = include_str!("fixtures/rubric/snowflake_ladder.yaml");

/// Imports and checks the one promise every import keeps: the result passes `structure`.
fn import(text: &str, format: Format) -> Imported {
    let imported = formats::import(text, format).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.format, format);
    let problems = check::structure(&imported.doc);
    assert!(problems.is_empty(), "{problems:?}");
    imported
}

fn malformed(text: &str, format: Format) -> (Option<usize>, String) {
    match formats::import(text, format) {
        Err(FormatError::Malformed { format: f, line, message }) => {
            assert_eq!(f, format);
            (line, message)
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

fn has_note(imported: &Imported, place: &str, message: &str) -> bool {
    imported.notes.iter().any(|n| n.place.contains(place) && n.message.contains(message))
}

fn slugs(area: &AreaDoc) -> Vec<&str> {
    area.competencies.iter().map(|c| c.slug.as_str()).collect()
}

// ---- our own JSON and YAML ---------------------------------------------------------

#[test]
fn the_built_in_framework_round_trips_exactly() {
    let doc = import(IT_LEAD, Format::Json).doc;
    assert_eq!((doc.areas.len(), doc.competencies().count(), doc.level_count), (9, 27, 5));
    assert!(check::publishable(&doc).is_empty());

    let json = formats::export_json(&doc);
    assert!(json.ends_with("}\n"));
    assert_eq!(formats::export_json(&import(&json, Format::Json).doc), json);

    let yaml = formats::export_yaml(&doc);
    let from_yaml = import(&yaml, Format::Yaml);
    assert!(from_yaml.notes.is_empty());
    assert_eq!(formats::export_yaml(&from_yaml.doc), yaml);
    assert_eq!(formats::export_json(&from_yaml.doc), json, "JSON → YAML → JSON changed the document");
}

/// Strings that trip YAML up: implicit types, indicators, quotes, whitespace that block
/// scalars must keep, line breaks of every kind.
const TRICKY: &[&str] = &[
    "Says \"no\" to 'unsafe' changes",
    "key: value, with a colon",
    "ends with a colon:",
    "- looks like a list item",
    "# looks like a comment",
    "value # with a hash",
    "Ships 🚀 and celebrates 🎉 — ñ, ü, 日本語",
    "line one\nline two",
    "line one\nline two\n",
    "trailing newlines\n\n\n",
    "\nstarts with a newline",
    "  leading and trailing spaces  ",
    "  indented first line\nsecond line",
    "trailing space on a line \nnext",
    "yes",
    "no",
    "on",
    "off",
    "Yes",
    "NO",
    "true",
    "False",
    "1.0",
    "1",
    "007",
    "0x1F",
    "1e3",
    ".inf",
    "-.5",
    "1_000",
    "2024-01-31",
    "12:30",
    "null",
    "Null",
    "~",
    "",
    " ",
    "tab\there",
    "\ttab first",
    "[not a list]",
    "{not: a map}",
    "*not-an-alias",
    "&not-an-anchor",
    "!not-a-tag",
    "%not-a-directive",
    "@at",
    "`backtick",
    "|",
    ">",
    "---",
    "...",
    "? question",
    "windows\r\nline break",
    "carriage\rreturn",
    "bell\u{7}and null\u{0}",
    "next line\u{85}and line separator\u{2028}",
    "\u{feff}byte order mark",
    "back\\slash",
];

fn tricky_doc(strings: &[String]) -> FrameworkDoc {
    let levels = (1..=3)
        .map(|level| LevelDoc {
            level,
            summary: strings[level as usize % strings.len()].clone(),
            signals: strings.to_vec(),
            examples: strings.iter().rev().cloned().collect(),
        })
        .collect();
    FrameworkDoc {
        name: "yes".into(),
        description: strings.join("\n"),
        level_count: 3,
        level_names: vec!["no".into(), "1.0".into(), "~".into()],
        areas: vec![AreaDoc {
            slug: "on".into(),
            name: "key: value".into(),
            description: "  spaced  \n".into(),
            competencies: vec![CompetencyDoc {
                slug: "true".into(),
                name: "\"quoted\"".into(),
                description: String::new(),
                levels,
            }],
        }],
    }
}

fn assert_round_trips(doc: &FrameworkDoc) {
    let json = formats::export_json(doc);
    let back = formats::import(&json, Format::Json).unwrap_or_else(|e| panic!("{e}\n{json}")).doc;
    assert_eq!(&back, doc);
    assert_eq!(formats::export_json(&back), json);
    let yaml = formats::export_yaml(doc);
    let back = formats::import(&yaml, Format::Yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}")).doc;
    assert_eq!(&back, doc, "YAML changed the document:\n{yaml}");
    assert_eq!(formats::export_yaml(&back), yaml);
}

#[test]
fn tricky_strings_round_trip_through_json_and_yaml() {
    assert_round_trips(&tricky_doc(&TRICKY.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
}

#[test]
fn random_strings_round_trip_through_yaml() {
    const POOL: &[char] = &[
        'a', 'b', 'Y', 'n', ' ', ' ', '\n', '\t', ':', '#', '-', '?', '\'', '"', '\\', '{', '}', '[', ']', ',', '&',
        '*', '!', '|', '>', '%', '@', '`', '0', '1', '.', 'e', '~', '🚀', 'é', '\r', '\u{85}', '\u{2028}', '\u{a0}',
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20 {
        let strings: Vec<String> =
            (0..30).map(|_| (0..next() % 12).map(|_| POOL[(next() % POOL.len() as u64) as usize]).collect()).collect();
        assert_round_trips(&tricky_doc(&strings));
    }
}

#[test]
fn our_formats_report_where_they_are_broken() {
    let (line, message) = malformed("{\n  \"name\": \"x\",\n  \"level_count\": \"five\"\n}", Format::Json);
    assert_eq!(line, Some(3));
    assert!(message.contains("invalid type"), "{message}");

    let (line, message) = malformed("{\"name\": \"x\",\n\"level_count\": 3,\n\"colour\": 1}", Format::Json);
    assert_eq!(line, Some(3));
    assert!(message.contains("colour"), "{message}");

    let (line, _) = malformed("name: x\nlevel_count: 3\nareas:\n  - slug: a\n    name: [unclosed\n", Format::Yaml);
    assert_eq!(line, Some(6));

    let (line, message) = malformed("name: x\nlevel_count: 3\nareas:\n  - slug: a\n    nmae: A\n", Format::Yaml);
    assert_eq!(line, Some(5));
    assert!(message.contains("nmae"), "{message}");

    let (_, message) = malformed("name: x\nlevel_count: 3\nlevels: [[[", Format::Yaml);
    assert!(!message.is_empty());
    malformed("levels: [[[", Format::Yaml);
    malformed("", Format::Json);
    malformed("", Format::Yaml);
    malformed("name: a\nlevel_count: 3\n---\nname: b\nlevel_count: 3\n", Format::Yaml);
    malformed("name: !custom a\nlevel_count: 3\n", Format::Yaml);
}

// ---- hostile input -----------------------------------------------------------------

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = format!("name: {}\n", "x".repeat(MAX_INPUT));
    for format in [Format::Json, Format::Yaml, Format::Monzo, Format::Snowflake] {
        assert_eq!(formats::import(&huge, format), Err(FormatError::TooLarge { limit: MAX_INPUT }));
    }
    assert_eq!(formats::import_detected(&huge, None), Err(FormatError::TooLarge { limit: MAX_INPUT }));
    assert!(FormatError::TooLarge { limit: MAX_INPUT }.to_string().contains("1024 KiB"));
}

/// Runs `f` and checks it finished quickly (generously: debug build, busy machine).
fn fast<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
    out
}

fn billion_laughs(prefix: &str) -> String {
    let mut text = format!("{prefix}a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"]) {
        text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    text
}

#[test]
fn alias_bombs_fail_fast() {
    for (format, text) in [
        (Format::Yaml, billion_laughs("name: x\nlevel_count: 3\n")),
        (Format::Snowflake, billion_laughs("tracks: {}\n")),
        (Format::Monzo, format!("---\n{}topics: []\n---\n", billion_laughs("levels: 3\n"))),
    ] {
        let (_, message) = fast(|| malformed(&text, format));
        assert!(message.contains("aliases"), "{message}");
        fast(|| formats::detect(&text, None));
    }
}

#[test]
fn one_big_list_repeated_many_times_is_refused() {
    // Few aliases (serde_yaml_ng's own repetition limit does not trip), but each repeats
    // a large anchor: read as is, this would hold hundreds of millions of strings.
    let signals = vec!["Keeps the servers patched"; 20_000].join(", ");
    let anchors = vec!["*anchor"; 20_000].join(", ");
    let text = format!(
        "name: x\nlevel_count: 3\nareas:\n  - slug: a\n    name: A\n    competencies:\n      - slug: c\n        name: C\n        \
         levels: [&anchor {{level: 1, summary: s, signals: [{signals}]}}, {anchors}]\n"
    );
    assert!(text.len() < MAX_INPUT);
    let (_, message) = fast(|| malformed(&text, Format::Yaml));
    assert!(message.contains("aliases"), "{message}");
}

#[test]
fn deep_nesting_fails_fast() {
    let deep = "[".repeat(200_000);
    fast(|| malformed(&deep, Format::Json));
    let (line, message) = fast(|| malformed(&format!("name: x\nlevels: {deep}"), Format::Yaml));
    assert_eq!(line, Some(2));
    assert!(message.contains("nested more than 128 levels"), "{message}");
    fast(|| formats::detect(&deep, None));
    fast(|| malformed(&format!("{{\"tracks\": {deep}"), Format::Snowflake));
    let nested_maps = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect::<String>();
    fast(|| malformed(&nested_maps, Format::Yaml));
    fast(|| malformed(&format!("---\nlevels: {deep}\n---\n"), Format::Monzo));
}

// ---- detection ---------------------------------------------------------------------

#[test]
fn formats_are_detected_from_content_type_and_text() {
    let yaml = formats::export_yaml(&import(IT_LEAD, Format::Json).doc);
    let cases: &[(&str, Option<&str>, Option<Format>)] = &[
        (IT_LEAD, None, Some(Format::Json)),
        (IT_LEAD, Some("application/json; charset=utf-8"), Some(Format::Json)),
        (&yaml, None, Some(Format::Yaml)),
        (&yaml, Some("application/x-yaml"), Some(Format::Yaml)),
        (&yaml, Some("text/plain"), Some(Format::Yaml)),
        (MONZO_PLATFORM, None, Some(Format::Monzo)),
        (MONZO_ROUGH, Some("text/markdown"), Some(Format::Monzo)),
        (SNOWFLAKE_JSON, None, Some(Format::Snowflake)),
        (SNOWFLAKE_JSON, Some("application/json"), Some(Format::Snowflake)),
        (SNOWFLAKE_YAML, None, Some(Format::Snowflake)),
        (SNOWFLAKE_YAML, Some("text/yaml"), Some(Format::Snowflake)),
        // broken files are still recognised, so their import can say what is wrong
        ("{\"name\": ", None, Some(Format::Json)),
        ("name: x\nareas: [\n", None, Some(Format::Yaml)),
        ("tracks:\n  A: [\n", None, Some(Format::Snowflake)),
        ("---\ntitle: x\ntopics: [\n---\n", None, Some(Format::Monzo)),
        ("\u{feff}{\"tracks\": {}}", None, Some(Format::Snowflake)),
        // nothing fits
        ("Just some notes about servers.", None, None),
        ("colour: blue\n", None, None),
        ("---\ntitle: A blog post\n---\nHello\n", None, None),
        ("", None, None),
    ];
    for (text, content_type, expected) in cases {
        assert_eq!(
            formats::detect(text, *content_type),
            *expected,
            "{content_type:?} {:?}",
            &text[..text.len().min(40)]
        );
    }
    assert_eq!(formats::import_detected("Just notes", None), Err(FormatError::Unrecognized));
    assert_eq!(formats::import_detected(MONZO_PLATFORM, None).unwrap().format, Format::Monzo);
}

// ---- Monzo-style Markdown ----------------------------------------------------------

#[test]
fn a_monzo_ladder_becomes_one_area_of_competencies() {
    let imported = import(MONZO_PLATFORM, Format::Monzo);
    let doc = &imported.doc;
    assert!(check::publishable(doc).is_empty());
    assert_eq!((doc.name.as_str(), doc.level_count), ("Platform engineering", 4));
    assert!(doc.description.starts_with("# Platform engineering\n\nThis ladder"));
    assert!(doc.description.ends_with("what to work on next."));
    assert_eq!(doc.areas.len(), 1);
    assert_eq!(
        (doc.areas[0].slug.as_str(), doc.areas[0].name.as_str()),
        ("platform-engineering", "Platform engineering")
    );
    assert_eq!(slugs(&doc.areas[0]), ["incident-response", "infrastructure-as-code", "observability"]);

    let level_2 = &doc.areas[0].competencies[0].levels[1];
    assert_eq!(level_2.level, 2);
    assert_eq!(level_2.summary, "Handles a routine incident on a service they know, start to finish");
    // exampleCriteria are criteria (signals) with their examples under them, each once
    assert_eq!(
        level_2.signals,
        [
            "Tells the people affected what is happening and when they will hear next",
            "Asks for help early when the fix is not in the runbook",
            "Keeps stakeholders informed",
            "Restores service before looking for the cause",
        ]
    );
    assert_eq!(
        level_2.examples,
        [
            "Posted updates every 30 minutes while the mail relay was down",
            "Wrote the status page entry for the VPN outage"
        ]
    );
    assert_eq!(
        doc.areas[0].competencies[1].levels[2].signals,
        ["Keeps secrets out of the repository: uses the vault for every credential"]
    );

    // one note per ignored key, and nothing else
    let keys = ["path", "sidebarTitle", "sidebarGroup", "yaml", "homepage"];
    assert_eq!(imported.notes.len(), keys.len(), "{:#?}", imported.notes);
    for (note, key) in imported.notes.iter().zip(keys) {
        assert_eq!(note.place, "front matter");
        assert!(note.message.contains(&format!("\"{key}\"")), "{note:?}");
    }
}

#[test]
fn a_rough_monzo_ladder_is_mended_with_notes() {
    let imported = import(MONZO_ROUGH, Format::Monzo);
    let doc = &imported.doc;
    let notes = || format!("{:#?}", imported.notes);
    assert_eq!(doc.name, "🛠️ Service desk");
    assert_eq!(doc.areas[0].slug, "service-desk");
    assert_eq!(doc.level_count, 4);
    assert!(has_note(&imported, "front matter", "using 4, the highest level"), "{}", notes());
    assert_eq!(doc.description, "");

    let comps = &doc.areas[0].competencies;
    let names: Vec<&str> = comps.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Ticket triage", "🚀", "Customer comms 💬", "Ticket triage", "🎉"]);
    assert_eq!(slugs(&doc.areas[0]), ["ticket-triage", "releases", "customer-comms", "ticket-triage-2", "item"]);
    for c in comps {
        assert_eq!(c.levels.iter().map(|l| l.level).collect::<Vec<_>>(), [1, 2, 3, 4], "{}", c.name);
    }

    for (place, message) in [
        ("front matter", "Ignored \"owner\""),
        ("topics[0] (Ticket triage)", "Ignored \"reviewedBy\""),
        ("topics[0]", "No title: called \"Ticket triage\", from its name \"ticket-triage\""),
        (
            "topics[0] (Ticket triage)",
            "Level 3 of Ticket triage has no criteria in the file: write its anchor before publishing",
        ),
        ("topics[0] (Ticket triage) content[1] criteria[1]", "empty item"),
        ("topics[1] (🚀)", "so its key is \"releases\", from the file"),
        ("topics[1] (🚀)", "Level 2 of 🚀 has no criteria in the file"),
        ("topics[2] (Customer comms 💬) content[0] exampleCriteria[0]", "Ignored \"notes\""),
        ("topics[2] (Customer comms 💬)", "Level 4 of Customer comms 💬 has no criteria"),
        ("topics[3] (Ticket triage)", "The key \"ticket-triage\" is already used, so this one is \"ticket-triage-2\""),
        ("topics[4] (🎉)", "so its key is \"item\""),
    ] {
        assert!(has_note(&imported, place, message), "no note {place:?} {message:?} in {}", notes());
    }
    let empty: Vec<_> =
        comps.iter().flat_map(|c| c.levels.iter().filter(|l| l.is_empty()).map(move |l| (&c.name, l.level))).collect();
    let empty_notes = imported.notes.iter().filter(|n| n.message.contains("has no criteria in the file")).count();
    assert_eq!(empty.len(), empty_notes, "every empty anchor is noted once: {empty:?}\n{}", notes());
    assert_eq!(comps[2].levels[0].signals, ["Explains workarounds"]);
    assert_eq!(
        comps[2].levels[0].examples,
        ["Wrote a one-page guide to printing from home while the print server was moved"]
    );
    assert_eq!(comps[0].levels[1].signals, Vec::<String>::new());
}

fn monzo(front: &str) -> String {
    format!("---\n{front}---\n")
}

#[test]
fn monzo_levels_must_make_sense() {
    let topic = "topics:\n  - name: backups\n    title: Backups\n    content:\n";
    let (_, message) = malformed(&monzo(&format!("levels: 9\n{topic}")), Format::Monzo);
    assert!(message.contains("levels is 9"), "{message}");
    malformed(&monzo(&format!("levels: 2\n{topic}")), Format::Monzo);
    malformed(&monzo(&format!("{topic}      - level: 2\n        criteria: [Restores a file]\n")), Format::Monzo);

    let twice = format!(
        "levels: 3\n{topic}      - level: 2\n        criteria: [Restores a file]\n      - level: 2\n        criteria: [Again]\n"
    );
    let (_, message) = malformed(&monzo(&twice), Format::Monzo);
    assert!(message.contains("Backups") && message.contains("level 2"), "{message}");

    malformed(&monzo(&format!("levels: 3\n{topic}      - criteria: [No level]\n")), Format::Monzo);
    let beyond = format!("levels: 3\n{topic}      - level: 8\n        criteria: [Restores a site]\n");
    let (_, message) = malformed(&monzo(&beyond), Format::Monzo);
    assert!(message.contains("outside the levels"), "{message}");
}

#[test]
fn monzo_levels_that_do_not_fit_are_mended_with_notes() {
    let topic = "title: Backups\ntopics:\n  - name: backups\n    title: Backups\n    content:\n";
    let level = |n: i32, what: &str| format!("      - level: {n}\n        criteria: [{what}]\n");
    // more levels used than declared: as many as used
    let text = monzo(&format!("levels: 3\n{topic}{}{}", level(1, "Restores a file"), level(4, "Restores a site")));
    let imported = import(&text, Format::Monzo);
    assert_eq!(imported.doc.level_count, 4);
    assert!(has_note(&imported, "front matter", "says it has 3 levels (levels) but uses 4: using 4"));
    // levels numbered from 0 move up by one
    let text = monzo(&format!(
        "levels: 3\n{topic}{}{}{}",
        level(0, "Restores a file"),
        level(1, "Restores a server"),
        level(2, "Restores a site")
    ));
    let imported = import(&text, Format::Monzo);
    let backups = &imported.doc.areas[0].competencies[0];
    assert_eq!(imported.doc.level_count, 3);
    assert_eq!(backups.levels[0].summary, "Restores a file");
    assert_eq!(backups.levels[2].summary, "Restores a site");
    assert!(has_note(&imported, "front matter", "numbers its levels from 0"));
    // a declared count out of range, with levels that fit: the levels used
    let text = monzo(&format!("levels: 9\n{topic}{}{}", level(1, "A"), level(5, "E")));
    assert_eq!(import(&text, Format::Monzo).doc.level_count, 5);
}

#[test]
fn a_monzo_topic_that_starts_above_level_1_can_be_published() {
    let text = monzo(
        "title: Leadership\nlevels: 4\ntopics:\n  - name: budgets\n    title: Budgets\n    content:\n\
         \x20     - level: 3\n        criteria: [Plans the team's budget]\n\
         \x20     - level: 4\n        criteria: [Plans the department's budget]\n",
    );
    let imported = import(&text, Format::Monzo);
    let budgets = &imported.doc.areas[0].competencies[0];
    assert_eq!(budgets.levels[0].summary, domain::rubric::NOT_EXPECTED);
    assert_eq!(budgets.levels[1].summary, domain::rubric::NOT_EXPECTED);
    assert_eq!(budgets.levels[2].summary, "Plans the team's budget");
    assert!(has_note(&imported, "Budgets", "starts at level 3: levels 1–2 say"));
    assert!(check::publishable(&imported.doc).is_empty(), "{:?}", check::publishable(&imported.doc));
}

#[test]
fn yaml_with_a_tab_after_a_dash_imports_and_other_tabs_are_named() {
    // a tab after a list's dash: allowed by YAML and by the ladders' own reader
    let text = "---\ntitle: Backups\nlevels: 3\ntopics:\n-\tname: backups\n  title: Backups\n  content:\n  -\tlevel: 1\n    criteria: [Restores a file]\n---\n";
    let imported = import(text, Format::Monzo);
    assert_eq!(imported.doc.areas[0].competencies[0].levels[0].summary, "Restores a file");
    // a tab used to indent is an error, and the message says so, where it is
    let text = "---\ntitle: Backups\nlevels: 3\ntopics:\n  - name: backups\n\ttitle: Backups\n---\n";
    let (line, message) = malformed(text, Format::Monzo);
    assert_eq!(line, Some(6), "{message}");
    assert!(message.contains("a tab at line 6, column 1"), "{message}");
}

#[test]
fn monzo_files_that_cannot_be_read() {
    let (line, _) = malformed("# Just Markdown\n", Format::Monzo);
    assert_eq!(line, Some(1));
    let (_, message) = malformed("---\ntitle: x\ntopics: []\n", Format::Monzo);
    assert!(message.contains("never closed"), "{message}");
    malformed(&monzo("title: x\n"), Format::Monzo);
    malformed(&monzo("levels: [[[\n"), Format::Monzo);
    malformed(&monzo("levels: four\ntopics: []\n"), Format::Monzo);
    // the YAML error is reported at its line in the file, not in the front matter
    let (line, _) = malformed("---\nlevels: 3\ntopics:\n  - name: [oops\n---\n", Format::Monzo);
    assert_eq!(line, Some(5));
    let (line, message) = malformed("---\nlevels: 3\ntitle: a\ntitle: b\ntopics: []\n---\n", Format::Monzo);
    assert_eq!(line, Some(2));
    assert!(message.contains("title"), "{message}");
}

#[test]
fn monzo_untitled_file_with_a_long_body() {
    let body = "Servers need care. ".repeat(300);
    let text = format!("---\nlevels: 3\ntopics:\n  - name: patching\n---\n\n{body}\n");
    let imported = import(&text, Format::Monzo);
    assert_eq!(imported.doc.name, "Imported framework");
    assert!(imported.untitled, "the import asks for a name");
    assert!(has_note(&imported, "title", "no title: give the framework a name"));
    assert_eq!(imported.doc.description.chars().count(), check::MAX_TEXT);
    assert!(imported.doc.description.ends_with('…'));
    assert!(has_note(&imported, "Markdown body", "Shortened to 4000 characters"));
    assert_eq!(imported.doc.areas[0].competencies[0].name, "Patching");
    assert_eq!(imported.notes.iter().filter(|n| n.message.contains("has no criteria")).count(), 3);
}

#[test]
fn odd_names_still_give_valid_documents() {
    let long = "Very long competency name ".repeat(4);
    let text = monzo(&format!(
        "levels: 3\ntopics:\n  - title: \"{}\"\n  - name: \"--\"\n  - title: {long}\n  - title: {long}\n  - name: {long}\n",
        "🚀".repeat(300)
    ));
    let imported = import(&text, Format::Monzo);
    let comps = &imported.doc.areas[0].competencies;
    assert_eq!(comps[0].name.chars().count(), 200);
    assert_eq!(comps[0].slug, "item");
    assert_eq!(comps[1].name, "Topic 2");
    assert!(comps[2].slug.len() <= 60 && comps[3].slug.len() <= 60 && comps[4].slug.len() <= 60);
    assert_eq!(comps[3].slug, format!("{}-2", &comps[2].slug[..58]));
    assert_eq!(comps[4].slug, format!("{}-3", &comps[2].slug[..58]));

    let key = "X".repeat(80);
    let track = "{milestones: [{summary: a}, {summary: b}, {summary: c}]}";
    let imported =
        import(&format!("tracks:\n  {key}: {track}\n  {key}_: {track}\n  \"  \": {track}\n"), Format::Snowflake);
    let slugs: Vec<&str> = imported.doc.competencies().map(|(_, c)| c.slug.as_str()).collect();
    assert_eq!(slugs[0], "x".repeat(60));
    assert_eq!(imported.doc.competencies().nth(2).unwrap().1.name, "Track 3");
}

#[test]
fn monzo_lists_and_texts_are_kept_within_limits() {
    let criteria = (1..=40).map(|i| format!("          - Criterion {i}\n")).collect::<String>();
    let long = "word ".repeat(1000);
    let text = monzo(&format!(
        "levels: 3\ntopics:\n  - title: \"{}\"\n    content:\n      - level: 1\n        criteria:\n          - {long}\n{criteria}",
        "Name ".repeat(60)
    ));
    let imported = import(&text, Format::Monzo);
    let comp = &imported.doc.areas[0].competencies[0];
    assert_eq!(comp.name.chars().count(), 200);
    assert_eq!(comp.levels[0].signals.len(), check::MAX_LIST);
    assert!(has_note(&imported, "content[0] criteria", "Kept the first 31 of 41 items"), "{:#?}", imported.notes);
    assert!(has_note(&imported, "content[0] criteria[0]", "Shortened to 4000"));
}

// ---- Snowflake-style ---------------------------------------------------------------

#[test]
fn a_snowflake_ladder_in_json_keeps_track_order_and_groups_by_category() {
    let imported = import(SNOWFLAKE_JSON, Format::Snowflake);
    let doc = &imported.doc;
    assert!(check::publishable(doc).is_empty());
    assert_eq!((doc.name.as_str(), doc.level_count), ("Imported framework", 5));
    let areas: Vec<(&str, &str, Vec<&str>)> =
        doc.areas.iter().map(|a| (a.slug.as_str(), a.name.as_str(), slugs(a))).collect();
    assert_eq!(
        areas,
        [
            ("infrastructure", "Infrastructure", vec!["servers", "networking"]),
            ("support", "Support", vec!["helpdesk", "documentation"]),
        ]
    );
    let servers = &doc.areas[0].competencies[0];
    assert_eq!(servers.name, "Servers");
    assert!(servers.description.starts_with("Builds, patches"));
    assert_eq!(servers.levels[4].summary, "Sets the direction for compute: on premises, cloud, or both.");
    assert_eq!(servers.levels[1].examples, ["Built the new print server and moved the queues to it"]);
    assert_eq!(
        imported.notes,
        [
            ImportNote {
                place: "top level".into(),
                message: "Ignored \"version\": Hatrack has no place for it".into()
            },
            ImportNote {
                place: "top level".into(),
                message: "Ignored \"categoryColors\": Hatrack has no place for it".into()
            },
            ImportNote {
                place: "title".into(),
                message: "The file has no title: give the framework a name (Name, above)".into()
            },
        ]
    );
    assert!(imported.untitled);
}

/// Snowflake's ladder as it is published: a JavaScript module with Flow types. Read as
/// data (the same ladder as the JSON fixture), the same framework comes out.
#[test]
fn a_snowflake_ladder_as_javascript_source_reads_like_its_json() {
    let json: serde_json::Value = serde_json::from_str(SNOWFLAKE_JSON).unwrap();
    let mut source = String::from(
        "// @flow\nimport * as d3 from 'd3'\n\nexport type Milestone = 0 | 1 | 2 | 3 | 4 | 5\n\n\
         export const tracks: Tracks = ",
    );
    source.push_str(&serde_json::to_string_pretty(&json["tracks"]).unwrap());
    source.push_str("\n\nexport const trackIds: TrackId[] = Object.keys(tracks)\n");
    assert_eq!(formats::detect(&source, None), Some(Format::Snowflake));
    assert_eq!(formats::detect(&source, Some("text/javascript")), Some(Format::Snowflake));
    let from_js = import(&source, Format::Snowflake);
    let from_json = import(SNOWFLAKE_JSON, Format::Snowflake);
    // the source here was written from a parsed value, which sorts keys: compare in order
    // of keys (the file order itself is kept, as the JSON test shows)
    let sorted = |mut doc: FrameworkDoc| {
        doc.areas.sort_by(|a, b| a.slug.cmp(&b.slug));
        for area in &mut doc.areas {
            area.competencies.sort_by(|a, b| a.slug.cmp(&b.slug));
        }
        doc
    };
    assert_eq!(sorted(from_js.doc.clone()), sorted(from_json.doc.clone()));
    assert!(has_note(&from_js, "top level", "none of it was run"));
    assert!(from_js.untitled);

    // JavaScript without tracks says so plainly
    let (_, message) = malformed("// @flow\nexport const colors = ['#fff']\n", Format::Snowflake);
    assert!(message.contains("this is JavaScript"), "{message}");
    assert_eq!(formats::detect("export const colors = 1\n", None), Some(Format::Snowflake));
    // and code in place of data is refused, with its line
    let (line, message) = malformed("const tracks = {\n  A: { displayName: makeName() },\n}\n", Format::Snowflake);
    assert_eq!(line, Some(2));
    assert!(message.contains("not a plain value"), "{message}");
}

#[test]
fn a_snowflake_ladder_in_yaml_is_mended_with_notes() {
    let imported = import(SNOWFLAKE_YAML, Format::Snowflake);
    let doc = &imported.doc;
    assert_eq!((doc.name.as_str(), doc.level_count), ("Infrastructure & support", 5));
    let areas: Vec<(&str, Vec<&str>)> = doc.areas.iter().map(|a| (a.name.as_str(), slugs(a))).collect();
    assert_eq!(
        areas,
        [
            ("Infrastructure", vec!["security", "backups"]),
            ("Support", vec!["training"]),
            ("General", vec!["asset-management"]),
        ]
    );
    let backups = &doc.areas[0].competencies[1];
    assert_eq!(backups.levels.len(), 5);
    assert!(backups.levels[3].is_empty() && backups.levels[4].is_empty());
    assert_eq!(doc.areas[0].competencies[0].levels[0].signals, ["Locks their screen", "Reports phishing emails"]);
    assert_eq!(doc.areas[2].competencies[0].name, "ASSET_MANAGEMENT");
    for (place, message) in [
        ("top level", "Ignored \"colors\""),
        ("tracks.SECURITY (Security) milestones[2]", "Ignored \"owner\""),
        ("tracks.BACKUPS (Backups and recovery)", "Ignored \"cumulative\""),
        (
            "tracks.BACKUPS (Backups and recovery)",
            "no milestones for levels 4–5: write their anchors before publishing",
        ),
        ("tracks.ASSET_MANAGEMENT", "No displayName: called \"ASSET_MANAGEMENT\""),
        ("tracks.ASSET_MANAGEMENT (ASSET_MANAGEMENT)", "No category: put in the area \"General\""),
    ] {
        assert!(has_note(&imported, place, message), "no note {place:?} {message:?} in {:#?}", imported.notes);
    }
    assert_eq!(imported.notes.len(), 6, "{:#?}", imported.notes);
}

#[test]
fn snowflake_files_that_cannot_be_read() {
    let track = |n: usize| format!("{{\"milestones\": [{}]}}", vec!["{\"summary\": \"s\"}"; n].join(","));
    let (_, message) = malformed(&format!("{{\"tracks\": {{\"A\": {}}}}}", track(8)), Format::Snowflake);
    assert!(message.contains("8 milestones"), "{message}");
    malformed(&format!("{{\"tracks\": {{\"A\": {}}}}}", track(2)), Format::Snowflake);
    malformed("{\"tracks\": {}}", Format::Snowflake);
    malformed("{\"title\": \"x\"}", Format::Snowflake);
    let (_, message) =
        malformed(&format!("{{\"tracks\": {{\"A\": {}, \"A\": {}}}}}", track(3), track(3)), Format::Snowflake);
    assert!(message.contains("`A` appears twice"), "{message}");
    let (line, _) = malformed("{\n\"tracks\": {\n\"A\": {\"milestones\": 3}\n}}", Format::Snowflake);
    assert_eq!(line, Some(3));
    let (line, _) = malformed("tracks:\n  A:\n    milestones:\n      - summary: [x\n", Format::Snowflake);
    assert_eq!(line, Some(5));
}

#[test]
fn snowflake_keys_become_unique_slugs() {
    let text = "tracks:\n  API: {category: Build, milestones: [{summary: a}, {summary: b}, {summary: c}]}\n  \
                api: {displayName: Api, category: Build, milestones: [{summary: a}]}\n  \
                \"🔥\": {displayName: Firefighting, milestones: [{summary: a}]}\n";
    let imported = import(text, Format::Snowflake);
    assert_eq!(
        imported.doc.competencies().map(|(_, c)| c.slug.as_str()).collect::<Vec<_>>(),
        ["api", "api-2", "firefighting"]
    );
    assert!(has_note(&imported, "tracks.api (Api)", "already used"));
    assert!(
        has_note(&imported, "tracks.🔥 (Firefighting)", "\"firefighting\", from the file"),
        "{:#?}",
        imported.notes
    );
}

// ---- what the server sends ---------------------------------------------------------

#[test]
fn types_serialize_for_the_api() {
    assert_eq!(serde_json::to_string(&Format::Snowflake).unwrap(), "\"snowflake\"");
    let imported = import(MONZO_ROUGH, Format::Monzo);
    let value = serde_json::to_value(&imported).unwrap();
    assert_eq!(value["format"], "monzo");
    assert_eq!(value["notes"][0]["place"], "front matter");
    let error = FormatError::Malformed {
        format: Format::Yaml,
        line: Some(3),
        message: "did not find expected node content".into(),
    };
    assert_eq!(error.to_string(), "YAML is malformed at line 3: did not find expected node content");
    assert_eq!(serde_json::to_value(&error).unwrap()["kind"], "malformed");
    assert!(FormatError::Unrecognized.to_string().contains("Monzo-style"));
}

/// A folder of Markdown ladders shares `generic.md`: an untitled topic takes its title and
/// criteria from the shared topic of its name, its own criteria following.
#[test]
fn untitled_monzo_topics_take_title_and_criteria_from_the_shared_file() {
    let shared = "---\ntitle: Shared topics\nlevels: 3\ntopics:\n  - name: ownership\n    title: Ownership\n    content:\n\
                  \x20     - level: 1\n        criteria: [Finishes what they pick up]\n\
                  \x20     - level: 2\n        criteria: [Sees a piece of work through to the users]\n---\n";
    let ladder = "---\ntitle: Service desk\nlevels: 3\ntopics:\n  - name: ownership\n    title:\n    content:\n\
                  \x20     - level: 2\n        criteria: [Follows a ticket until the user confirms the fix]\n\
                  \x20     - level: 3\n        criteria: [Owns a whole queue]\n\
                  \x20 - name: empathy\n    title:\n    content:\n      - level: 1\n        criteria: [Listens first]\n---\n";
    let imported = formats::import_with_shared(ladder, Format::Monzo, Some(shared)).unwrap();
    let ownership = &imported.doc.areas[0].competencies[0];
    assert_eq!(ownership.name, "Ownership");
    assert_eq!(ownership.levels[0].summary, "Finishes what they pick up");
    assert_eq!(ownership.levels[1].summary, "Sees a piece of work through to the users");
    assert_eq!(ownership.levels[1].signals, ["Follows a ticket until the user confirms the fix"]);
    assert_eq!(ownership.levels[2].summary, "Owns a whole queue");
    assert!(has_note(&imported, "topics[0]", "taken from the shared generic.md"));
    assert!(has_note(&imported, "topics[1]", "has no topic \"empathy\" either"));
    assert_eq!(imported.doc.areas[0].competencies[1].name, "Empathy");

    // without the shared file the import says what is missing
    let alone = import(ladder, Format::Monzo);
    assert_eq!(alone.doc.areas[0].competencies[0].name, "Ownership");
    assert!(has_note(&alone, "topics[0]", "generic.md, which was not given"));
    // a broken shared file is named as such
    match formats::import_with_shared(ladder, Format::Monzo, Some("---\ntopics: [\n---\n")) {
        Err(FormatError::Malformed { message, .. }) => {
            assert!(message.contains("in the shared generic.md"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}
