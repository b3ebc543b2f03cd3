//! What a submitted file is, told by its content (its first bytes), not by its name: a
//! candidate's "notes.pdf" that is really an HTML page must not reach a grader's browser
//! as a PDF. Only the kinds a work sample needs are accepted.

/// A work-sample file is at most this large.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    Markdown,
    Text,
}

impl FileType {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Markdown => "text/markdown",
            Self::Text => "text/plain",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, Self::Png | Self::Jpeg | Self::Gif | Self::Webp)
    }

    /// The extensions a name may have for this kind of content.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Gif => &["gif"],
            Self::Webp => &["webp"],
            Self::Markdown => &["md", "markdown"],
            Self::Text => &["txt", "text", "log", "csv", "yaml", "yml", "json"],
        }
    }
}

/// The file's type from its content and name, or why it is refused. Text is UTF-8 without
/// control characters other than tab and line breaks; whether it is Markdown or plain text
/// is the name's call, as the bytes are the same.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<FileType, String> {
    if bytes.is_empty() {
        return Err("The file is empty".into());
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!("The file is {} MB; at most 10 MB per file", bytes.len().div_ceil(1024 * 1024)));
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let found = if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(FileType::Gif)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(FileType::Webp)
    } else if is_text(bytes) {
        Some(if FileType::Markdown.extensions().contains(&extension.as_str()) {
            FileType::Markdown
        } else {
            FileType::Text
        })
    } else {
        None
    };
    let Some(kind) = found else {
        return Err(
            "This kind of file is not accepted: send a PDF, Markdown or text file, or a PNG, JPEG, GIF or WebP image"
                .into(),
        );
    };
    if !kind.extensions().contains(&extension.as_str()) {
        return Err(format!(
            "The file's content is {}, but its name ends in \"{}\": rename it to .{}",
            kind.content_type(),
            if extension.is_empty() { "(nothing)".to_string() } else { format!(".{extension}") },
            kind.extensions()[0]
        ));
    }
    Ok(kind)
}

fn is_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|s| !s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_the_name_must_agree() {
        assert_eq!(sniff("plan.pdf", b"%PDF-1.7\n..."), Ok(FileType::Pdf));
        assert_eq!(sniff("diagram.PNG", b"\x89PNG\r\n\x1a\n...."), Ok(FileType::Png));
        assert_eq!(sniff("photo.jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]), Ok(FileType::Jpeg));
        assert_eq!(sniff("answer.md", "# Cut-over\n\n- step one\n".as_bytes()), Ok(FileType::Markdown));
        assert_eq!(sniff("answer.txt", "plain words\r\n".as_bytes()), Ok(FileType::Text));
        // an HTML page named .pdf is text by its content, and its name says otherwise
        let refused = sniff("notes.pdf", b"<html><script>alert(1)</script></html>").unwrap_err();
        assert!(refused.contains("text/plain") && refused.contains(".pdf"), "{refused}");
        // a PDF named .png
        assert!(sniff("x.png", b"%PDF-1.4").unwrap_err().contains("application/pdf"));
        // an executable
        assert!(sniff("tool.txt", &[0x7F, b'E', b'L', b'F', 0, 1]).unwrap_err().contains("not accepted"));
        assert_eq!(sniff("empty.txt", b""), Err("The file is empty".into()));
        assert!(sniff("big.txt", &vec![b'a'; MAX_FILE_BYTES + 1]).unwrap_err().contains("11 MB"));
    }
}
