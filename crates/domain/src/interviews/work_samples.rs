//! Work samples: a private link the candidate opens without an account to read the brief
//! of a work-sample stage and send text and files; the hiring manager may attach one
//! received another way. What the API answers, the limits of an upload, the rules a link
//! and an upload follow, and the names a file is shown and downloaded under.

use super::file_type::{self, FileType, MAX_FILE_BYTES};
use crate::identity::PersonRef;
use crate::validate::{FieldErrors, text_characters};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Files per submission.
pub const MAX_FILES: usize = 10;
/// All files of one submission together: an upload is held in memory until it is
/// checked and written in one transaction, so this bounds what one request holds.
pub const MAX_TOTAL_BYTES: usize = 30 * 1024 * 1024;
/// The text's length (the column's check).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// A file's name as stored.
pub const MAX_FILE_NAME_CHARS: usize = 255;
/// A link lasts this long unless told otherwise, and at most the longest.
pub const DEFAULT_LINK_DAYS: i64 = 7;
pub const MAX_LINK_DAYS: i64 = 30;
/// The link's address, with the token appended.
pub const PAGE_PATH: &str = "/work-sample/";
/// A token is 32 random bytes in URL-safe base64 without padding.
pub const TOKEN_CHARS: usize = 43;
/// What the candidate may send, in words.
pub const ACCEPTED: &str = "PDF, Markdown (.md), plain text (.txt), PNG, JPEG, GIF or WebP";

/// Whether `token` looks like one we hand out: a truncated or mistyped address is told so
/// (422) rather than "not found", and nothing else reaches the database.
pub fn well_formed_token(token: &str) -> bool {
    token.len() == TOKEN_CHARS && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Where a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// Waiting for the candidate's submission.
    Open,
    /// A submission came through it (a link takes one).
    Used,
    Expired,
    /// Withdrawn by the hiring manager or HR, or replaced by a newer link, or the
    /// candidate's data was removed.
    Revoked,
}

impl LinkState {
    pub fn of(
        used_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Self {
        if used_at.is_some() {
            Self::Used
        } else if revoked_at.is_some() {
            Self::Revoked
        } else if expires_at <= now {
            Self::Expired
        } else {
            Self::Open
        }
    }
}

/// A new link for a work-sample stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLink {
    /// 1 to 30; 7 when left out.
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// A link as its owners see it; the token itself is never kept, so never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkInfo {
    pub id: Uuid,
    pub loop_stage_id: Uuid,
    pub state: LinkState,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<PersonRef>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The answer to creating a link: the only time its token is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkCreated {
    pub link: LinkInfo,
    /// Give this to the candidate; only its SHA-256 is stored.
    pub token: String,
    /// The candidate's page: `/work-sample/{token}` on this server.
    pub path: String,
    /// Earlier links of the stage that were still open and are revoked by this one.
    pub revoked: Vec<Uuid>,
}

/// An exercise of the stage as the candidate reads it: no rating guide, no competencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefExercise {
    pub title: String,
    pub brief: String,
    pub materials: String,
    /// The time box, in minutes.
    pub minutes: i32,
}

/// What an upload may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadLimits {
    pub max_files: usize,
    pub max_file_bytes: usize,
    pub max_total_bytes: usize,
    pub max_text_chars: usize,
    /// The kinds of file accepted, in words.
    pub accepted: String,
}

impl UploadLimits {
    pub fn current() -> Self {
        Self {
            max_files: MAX_FILES,
            max_file_bytes: MAX_FILE_BYTES,
            max_total_bytes: MAX_TOTAL_BYTES,
            max_text_chars: MAX_TEXT_CHARS,
            accepted: ACCEPTED.into(),
        }
    }
}

/// What the candidate's link shows: the stage, its exercises and the limits. Nothing
/// internal (no names of the panel, no rating guide, no candidate record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Brief {
    pub stage: String,
    /// The stage's time box, in minutes.
    pub minutes: i32,
    pub exercises: Vec<BriefExercise>,
    pub expires_at: DateTime<Utc>,
    pub limits: UploadLimits,
}

/// The candidate's receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub id: Uuid,
    pub submitted_at: DateTime<Utc>,
    pub files: usize,
    pub text_chars: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionFile {
    pub id: Uuid,
    /// The name it was sent under, or `file-N.ext` for a blind grader who has not
    /// submitted their scorecard (a name can say who the candidate is).
    pub name: String,
    /// What the content is (checked by its bytes), not what the name said.
    pub content_type: String,
    pub size_bytes: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    pub id: Uuid,
    pub text: String,
    /// Who attached it (a work sample received another way); none when the candidate
    /// sent it through a link.
    pub attached_by: Option<PersonRef>,
    pub submitted_at: DateTime<Utc>,
    pub files: Vec<SubmissionFile>,
}

/// A work-sample stage's submissions as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkSamples {
    pub loop_id: Uuid,
    pub loop_stage_id: Uuid,
    pub stage: String,
    pub blind: bool,
    /// The reader grades blind and has not submitted: file names are hidden.
    pub names_hidden: bool,
    pub submissions: Vec<Submission>,
    /// The stage's links, for the hiring manager and HR (empty for everyone else).
    pub links: Vec<LinkInfo>,
}

/// A file as it arrived, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A submission as it arrived (multipart fields `text` and `files`), read within the
/// limits above.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upload {
    pub text: String,
    pub files: Vec<UploadedFile>,
}

/// A checked file: its name as stored and its type by content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub name: String,
    pub kind: FileType,
}

/// The name without any folder a browser or tool put in front of it
/// (`C:\fakepath\plan.pdf`), trimmed.
pub fn base_name(raw: &str) -> &str {
    raw.rsplit(['/', '\\']).next().unwrap_or(raw).trim()
}

/// Every problem of an upload, each under the field that holds it (`text`, `files`), or
/// each file's name and type. Files are named in the messages, as several may be wrong.
pub fn check(upload: &Upload) -> Result<Vec<CheckedFile>, FieldErrors> {
    let mut problems = FieldErrors::new();
    let text_chars = upload.text.chars().count();
    if text_chars > MAX_TEXT_CHARS {
        problems
            .add("text", format!("At most {MAX_TEXT_CHARS} characters (this is {text_chars}); attach a file instead"));
    } else if let Some(p) = text_characters(&upload.text, true) {
        problems.add("text", p);
    }
    if upload.text.trim().is_empty() && upload.files.is_empty() {
        problems.add("text", "Write your answer here or attach at least one file");
    }
    if upload.files.len() > MAX_FILES {
        problems.add("files", format!("At most {MAX_FILES} files ({} were sent)", upload.files.len()));
    }
    let total: usize = upload.files.iter().map(|f| f.bytes.len()).sum();
    if total > MAX_TOTAL_BYTES {
        problems.add("files", format!("At most {} MB in all", MAX_TOTAL_BYTES / (1024 * 1024)));
    }
    let mut checked = Vec::new();
    let mut wrong = Vec::new();
    for file in upload.files.iter().take(MAX_FILES) {
        let name = base_name(&file.name);
        let shown = if name.is_empty() { "A file without a name".to_string() } else { format!("\"{name}\"") };
        if name.is_empty() {
            wrong.push(format!("{shown}: give the file a name ending in its type, such as answer.pdf"));
        } else if name.chars().count() > MAX_FILE_NAME_CHARS {
            wrong.push(format!("{shown}: the name is longer than {MAX_FILE_NAME_CHARS} characters"));
        } else if let Some(p) = text_characters(name, false) {
            wrong.push(format!("{shown}: {p}"));
        }
        match file_type::sniff(name, &file.bytes) {
            Ok(kind) => checked.push(CheckedFile { name: name.to_string(), kind }),
            Err(p) => wrong.push(format!("{shown}: {p}")),
        }
    }
    if !wrong.is_empty() {
        let all = wrong.join("; ");
        match problems.0.get_mut("files") {
            Some(existing) => *existing = format!("{existing}; {all}"),
            None => problems.add("files", all),
        }
    }
    if problems.is_empty() { Ok(checked) } else { Err(problems) }
}

/// The extension a file of this type is shown with.
fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "text/markdown" => "md",
        _ => "txt",
    }
}

/// The name a blind grader sees for the `n`-th file (from 1) of a stage: its number and
/// type, nothing the candidate chose.
pub fn blind_name(n: usize, content_type: &str) -> String {
    format!("file-{n}.{}", extension(content_type))
}

/// `Content-Disposition` for a download: always an attachment (never shown in our
/// origin), an ASCII name with anything unusual replaced, and the real name for browsers
/// that read RFC 6266's `filename*`.
pub fn attachment_header(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') { c } else { '_' })
        .collect();
    let ascii = ascii.trim_matches(|c| c == '.' || c == ' ');
    let ascii = if ascii.is_empty() { "work-sample" } else { ascii };
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> UploadedFile {
        UploadedFile { name: name.into(), bytes: bytes.to_vec() }
    }

    #[test]
    fn an_upload_needs_text_or_files_each_of_a_kind_we_take() {
        let ok = Upload {
            text: "My plan\r\n\tstep one".into(),
            files: vec![file("C:\\fakepath\\plan.pdf", b"%PDF-1.7"), file("notes.md", b"# Notes")],
        };
        let checked = check(&ok).unwrap();
        assert_eq!(checked[0], CheckedFile { name: "plan.pdf".into(), kind: FileType::Pdf });
        assert_eq!(checked[1].kind, FileType::Markdown);

        let empty = check(&Upload { text: "  \n".into(), files: vec![] }).unwrap_err();
        assert!(empty.0["text"].contains("attach"), "{empty:?}");

        // a PNG named .pdf and an executable: both named in one message
        let wrong = check(&Upload {
            text: String::new(),
            files: vec![file("cv.pdf", b"\x89PNG\r\n\x1a\n...."), file("run.txt", &[0x7F, b'E', b'L', b'F', 0])],
        })
        .unwrap_err();
        let files = &wrong.0["files"];
        assert!(files.contains("\"cv.pdf\"") && files.contains("image/png"), "{files}");
        assert!(files.contains("\"run.txt\"") && files.contains("not accepted"), "{files}");

        let many = Upload { text: String::new(), files: (0..11).map(|i| file(&format!("{i}.txt"), b"x")).collect() };
        assert!(check(&many).unwrap_err().0["files"].contains("At most 10 files"));

        let nul = check(&Upload { text: "a\u{0}b".into(), files: vec![] }).unwrap_err();
        assert!(nul.0["text"].contains("U+0000"));
        let long = check(&Upload { text: "x".repeat(MAX_TEXT_CHARS + 1), files: vec![] }).unwrap_err();
        assert!(long.0["text"].contains("100000"));
    }

    #[test]
    fn blind_names_and_downloads_say_nothing_the_candidate_chose() {
        assert_eq!(blind_name(2, "application/pdf"), "file-2.pdf");
        assert_eq!(blind_name(1, "text/markdown"), "file-1.md");
        assert_eq!(
            attachment_header("Ada Quinn – plan.pdf"),
            "attachment; filename=\"Ada Quinn _ plan.pdf\"; filename*=UTF-8''Ada%20Quinn%20%E2%80%93%20plan.pdf"
        );
        let hostile = attachment_header("a\";\r\nX-Evil: 1.pdf");
        assert!(!hostile.contains('\r') && !hostile.contains('\n'), "{hostile}");
        assert!(hostile.starts_with("attachment; filename=\"a____X-Evil_ 1.pdf\""), "{hostile}");
        assert_eq!(attachment_header("..."), "attachment; filename=\"work-sample\"; filename*=UTF-8''...");
    }

    #[test]
    fn a_link_is_open_until_used_revoked_or_expired() {
        let now = Utc::now();
        let later = now + chrono::Duration::days(1);
        assert_eq!(LinkState::of(None, None, later, now), LinkState::Open);
        assert_eq!(LinkState::of(None, None, now, now), LinkState::Expired);
        assert_eq!(LinkState::of(Some(now), None, now, now), LinkState::Used, "used wins: the submission counts");
        assert_eq!(LinkState::of(None, Some(now), later, now), LinkState::Revoked);
        assert!(well_formed_token(&"a".repeat(43)));
        assert!(!well_formed_token("00000000-0000-0000-0000-000000000000"));
        assert!(!well_formed_token(&format!("{}=", "a".repeat(42))));
    }
}
