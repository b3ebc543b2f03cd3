//! A folder of ladder files sent as one zip: Monzo-style ladders live together with a
//! shared `generic.md` their untitled topics take titles and criteria from. The import
//! picks the ladder (the only one, or the one named) and the shared file of its folder.
//!
//! The zip is untrusted: only Markdown files are read, each at most `MAX_INPUT` bytes once
//! inflated (read through a limit, whatever the zip claims), at most [`MAX_FILES`] entries
//! and [`MAX_TOTAL`] bytes in all, so a small file cannot expand into a large one.

use crate::{ServiceError, ServiceResult};
use domain::ErrorCode;
use domain::rubric::formats::{MAX_INPUT, SHARED_FILE};
use std::io::Read;

/// Entries a zip may hold (folders and other files included).
pub const MAX_FILES: usize = 500;
/// Markdown read from one zip in all, once inflated.
pub const MAX_TOTAL: usize = 4 * MAX_INPUT;

/// Whether `body` is a zip (by its signature; content types are often wrong for zips).
pub fn is_zip(body: &[u8]) -> bool {
    body.starts_with(b"PK\x03\x04")
}

/// The ladder to import and its folder's shared file, from a zip. `file` names the ladder
/// (its path in the zip, or just its file name) when the zip holds several.
pub fn pick(zip: &[u8], file: Option<&str>) -> ServiceResult<(String, Option<String>)> {
    let files = markdown_files(zip)?;
    let ladders: Vec<&(String, String)> = files.iter().filter(|(path, _)| base(path) != SHARED_FILE).collect();
    let chosen = match (file.map(str::trim).filter(|f| !f.is_empty()), ladders.as_slice()) {
        (Some(wanted), _) => {
            ladders.iter().find(|(path, _)| path == wanted || base(path) == wanted).copied().ok_or_else(|| {
                problem(format!("The zip has no ladder called \"{wanted}\". It holds: {}", names(&ladders)))
            })?
        }
        (None, [only]) => *only,
        (None, []) => return Err(problem("The zip holds no Markdown ladder (.md files besides generic.md)".into())),
        (None, _) => {
            return Err(problem(format!(
                "The zip holds several ladders: choose one with `file` ({})",
                names(&ladders)
            )));
        }
    };
    let folder = dir(&chosen.0);
    let shared = files.iter().find(|(path, _)| dir(path) == folder && base(path) == SHARED_FILE);
    Ok((chosen.1.clone(), shared.map(|(_, text)| text.clone())))
}

fn problem(message: String) -> ServiceError {
    ServiceError::new(ErrorCode::Validation, message.clone()).with_field("file", message)
}

fn names(ladders: &[&(String, String)]) -> String {
    ladders.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>().join(", ")
}

fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// (path, text) of every Markdown file in the zip, within the limits.
fn markdown_files(zip: &[u8]) -> ServiceResult<Vec<(String, String)>> {
    let unreadable = |e: zip::result::ZipError| problem(format!("The zip could not be read: {e}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).map_err(unreadable)?;
    if archive.len() > MAX_FILES {
        return Err(problem(format!("The zip holds {} entries; an import reads at most {MAX_FILES}", archive.len())));
    }
    let mut files = Vec::new();
    let mut total = 0usize;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(unreadable)?;
        let path = entry.name().trim_start_matches("./").to_string();
        let markdown = [".md", ".markdown"].iter().any(|e| path.to_lowercase().ends_with(e));
        // macOS adds "__MACOSX/._name.md" resource files beside the real ones
        if entry.is_dir() || !markdown || path.starts_with("__MACOSX/") || base(&path).starts_with("._") {
            continue;
        }
        let mut bytes = Vec::new();
        entry.take(MAX_INPUT as u64 + 1).read_to_end(&mut bytes).map_err(|e| problem(format!("{path}: {e}")))?;
        if bytes.len() > MAX_INPUT {
            return Err(ServiceError::new(
                ErrorCode::PayloadTooLarge,
                format!("{path} is larger than the {MAX_INPUT} bytes an import reads"),
            ));
        }
        total += bytes.len();
        if total > MAX_TOTAL {
            return Err(ServiceError::new(
                ErrorCode::PayloadTooLarge,
                format!("The zip's Markdown files come to more than {MAX_TOTAL} bytes"),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|_| problem(format!("{path} is not UTF-8 text")))?;
        files.push((path, text));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in files {
            out.start_file(*name, options).unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn picks_the_ladder_and_the_shared_file_of_its_folder() {
        let zip = zip_of(&[
            ("ladders/generic.md", "shared"),
            ("ladders/desk.md", "desk"),
            ("ladders/network.md", "network"),
            ("other/generic.md", "not this one"),
            ("ladders/notes.txt", "ignored"),
        ]);
        assert!(is_zip(&zip));
        let err = pick(&zip, None).unwrap_err();
        assert!(err.fields["file"].contains("several ladders"), "{err:?}");
        let (text, shared) = pick(&zip, Some("desk.md")).unwrap();
        assert_eq!((text.as_str(), shared.as_deref()), ("desk", Some("shared")));
        assert!(pick(&zip, Some("nope.md")).unwrap_err().fields["file"].contains("no ladder called"));
        let one = zip_of(&[("web.md", "web")]);
        assert_eq!(pick(&one, None).unwrap(), ("web".to_string(), None));
    }

    #[test]
    fn refuses_what_is_not_a_zip_or_too_big_inflated() {
        assert!(!is_zip(b"---\ntitle: x\n"));
        assert!(pick(b"PK\x03\x04 not really", None).unwrap_err().fields["file"].contains("could not be read"));
        // a megabyte of one letter deflates to almost nothing: read through the limit
        let big = "a".repeat(MAX_INPUT + 10);
        let zip = zip_of(&[("big.md", &big)]);
        assert!(zip.len() < 10_000);
        assert_eq!(pick(&zip, None).unwrap_err().code, ErrorCode::PayloadTooLarge);
    }
}
