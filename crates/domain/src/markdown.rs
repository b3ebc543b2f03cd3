//! A safe subset of Markdown, for descriptions: imported ladders carry Markdown (a
//! Monzo-style file's body is the framework's description), which shown as typed reads
//! `### About…`. The server renders it to HTML that a page inserts as it is
//! (`inner_html`), so everything written goes through [`crate::html::escape`]: raw HTML
//! in the text shows as typed, and links go only to `http:`, `https:` and `mailto:`
//! addresses (any other link keeps its text and loses the link).
//!
//! Blocks: headings (`#` and underlined), paragraphs, bullet and numbered lists (nested
//! by indentation), block quotes, fenced code, rules. Inline: emphasis, strong emphasis,
//! code, links and `<https://…>` links, backslash escapes, hard line breaks. Not here:
//! raw HTML, images (shown as links to the image), tables, reference links and
//! indented code (shown as text), entity references (shown as typed, as everywhere else).
//!
//! Whatever the input, the work is close to linear in its length and the nesting is
//! bounded ([`MAX_DEPTH`]): deeper lists, quotes or emphasis are shown as text.

use crate::html::escape;

/// Nesting deeper than this (lists in lists, emphasis in emphasis) is shown as text.
const MAX_DEPTH: u8 = 8;
/// Bracket pairs nested inside a link's text, at most.
const MAX_BRACKETS: usize = 32;
/// A link's title (`[text](url "title")`, dropped) is looked for this far, at most.
const MAX_TITLE: usize = 300;

/// `text` as HTML. Headings move so that the shallowest one becomes
/// `<h{first_heading}>`: the page's own headings come before it (levels past 6 stay 6).
pub fn to_html(text: &str, first_heading: u8) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let blocks = parse(&lines, 0);
    let shift = shallowest(&blocks).map_or(0, |s| i16::from(first_heading) - i16::from(s));
    let mut out = String::with_capacity(text.len() + text.len() / 4 + 16);
    render(&mut out, &blocks, shift, false);
    out
}

// ---- blocks --------------------------------------------------------------------------

#[derive(Debug)]
enum Block<'a> {
    Heading(u8, Vec<&'a str>),
    Paragraph(Vec<&'a str>),
    Code(Vec<&'a str>),
    Rule,
    Quote(Vec<Block<'a>>),
    List(List<'a>),
}

#[derive(Debug)]
struct List<'a> {
    /// A numbered list's first number; none for bullets.
    start: Option<u32>,
    /// No blank line between or inside items: items show their text without paragraphs.
    tight: bool,
    items: Vec<Vec<Block<'a>>>,
}

fn parse<'a>(lines: &[&'a str], depth: u8) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (cols, rest) = indent(lines[i]);
        if rest.is_empty() {
            i += 1;
            continue;
        }
        // Four columns in, a line is text: indented code is not in the subset.
        let starts = cols < 4;
        let (block, next) = if starts && let Some(f) = fence(rest) {
            code(lines, i, cols, f)
        } else if starts && let Some((level, title)) = atx_heading(rest) {
            (Block::Heading(level, vec![title]), i + 1)
        } else if starts && is_rule(rest) {
            (Block::Rule, i + 1)
        } else if starts && depth < MAX_DEPTH && rest.starts_with('>') {
            quote(lines, i, depth)
        } else if starts && depth < MAX_DEPTH && marker(rest).is_some() {
            list(lines, i, depth)
        } else {
            paragraph(lines, i)
        };
        blocks.push(block);
        // Every block takes at least its first line (a guard, whatever the parsers do).
        i = next.max(i + 1);
    }
    blocks
}

/// Columns of leading whitespace (a tab goes to the next multiple of 4) and the rest.
fn indent(line: &str) -> (usize, &str) {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => return (col, &line[i..]),
        }
    }
    (col, "")
}

/// `line` without up to `cols` columns of leading whitespace.
fn dedent(line: &str, cols: usize) -> &str {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= cols {
            return &line[i..];
        }
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => return &line[i..],
        }
    }
    ""
}

/// `# Title` … `###### Title`: the level and the title, without closing `#`s.
fn atx_heading(rest: &str) -> Option<(u8, &str)> {
    let level = rest.bytes().take_while(|b| *b == b'#').count();
    let after = rest.get(level..)?;
    if !(1..=6).contains(&level) || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let title = after.trim();
    let open = title.trim_end_matches('#');
    let title = if open.is_empty() {
        ""
    } else if open.ends_with([' ', '\t']) {
        open.trim_end()
    } else {
        title
    };
    Some((u8::try_from(level).ok()?, title))
}

/// `---`, `***`, `_ _ _`: three or more of one mark and nothing else.
fn is_rule(rest: &str) -> bool {
    let mut mark: Option<char> = None;
    let mut count = 0;
    for c in rest.chars() {
        match c {
            ' ' | '\t' => {}
            '-' | '*' | '_' if mark.is_none_or(|m| m == c) => {
                mark = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

/// The line under a paragraph that makes it a heading: `===` (level 1) or `---` (2).
fn setext(rest: &str) -> Option<u8> {
    let line = rest.trim_end();
    match line.bytes().next()? {
        b'=' if line.bytes().all(|b| b == b'=') => Some(1),
        b'-' if line.bytes().all(|b| b == b'-') => Some(2),
        _ => None,
    }
}

/// An opening code fence (three or more backticks or tildes): its mark and length.
fn fence(rest: &str) -> Option<(u8, usize)> {
    let mark = *rest.as_bytes().first().filter(|b| **b == b'`' || **b == b'~')?;
    let len = rest.bytes().take_while(|b| *b == mark).count();
    (len >= 3 && !(mark == b'`' && rest[len..].contains('`'))).then_some((mark, len))
}

fn closes_fence(rest: &str, (mark, len): (u8, usize)) -> bool {
    let run = rest.bytes().take_while(|b| *b == mark).count();
    run >= len && rest[run..].trim().is_empty()
}

/// The kind of a list item's marker: items of one list share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bullet(u8),
    Numbered(u8),
}

#[derive(Debug)]
struct Marker<'a> {
    kind: Kind,
    number: u32,
    /// The marker and the spaces after it: where the item's text starts.
    width: usize,
    text: &'a str,
}

/// `- `, `* `, `+ `, `1. ` or `1) ` at the start of `rest`.
fn marker(rest: &str) -> Option<Marker<'_>> {
    let bytes = rest.as_bytes();
    let (kind, number, len) = match *bytes.first()? {
        b @ (b'-' | b'*' | b'+') => (Kind::Bullet(b), 0, 1),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let delim = *bytes.get(digits)?;
            if digits > 9 || !(delim == b'.' || delim == b')') {
                return None;
            }
            (Kind::Numbered(delim), rest[..digits].parse::<u32>().ok()?, digits + 1)
        }
        _ => return None,
    };
    let after = &rest[len..];
    let (spaces, text) = indent(after);
    if text.is_empty() {
        return Some(Marker { kind, number, width: len + 1, text: "" });
    }
    if spaces == 0 {
        return None;
    }
    // Five spaces or more would start indented code in the item: one space counts.
    Some(Marker { kind, number, width: len + if spaces > 4 { 1 } else { spaces }, text })
}

/// Whether `line` ends a paragraph: a blank line or the start of another block. (A
/// numbered item interrupts only from 1, so "2024. A year" in a sentence stays text.)
fn interrupts(line: &str) -> bool {
    let (cols, rest) = indent(line);
    rest.is_empty()
        || (cols < 4
            && (fence(rest).is_some()
                || atx_heading(rest).is_some()
                || is_rule(rest)
                || rest.starts_with('>')
                || marker(rest)
                    .is_some_and(|m| !m.text.is_empty() && (matches!(m.kind, Kind::Bullet(_)) || m.number == 1))))
}

fn paragraph<'a>(lines: &[&'a str], start: usize) -> (Block<'a>, usize) {
    let mut text = vec![lines[start].trim_start()];
    let mut i = start + 1;
    while i < lines.len() {
        let (cols, rest) = indent(lines[i]);
        if cols < 4
            && let Some(level) = setext(rest)
        {
            return (Block::Heading(level, text), i + 1);
        }
        if interrupts(lines[i]) {
            break;
        }
        text.push(rest);
        i += 1;
    }
    (Block::Paragraph(text), i)
}

/// A fenced block, to its closing fence or to the end.
fn code<'a>(lines: &[&'a str], start: usize, cols: usize, open: (u8, usize)) -> (Block<'a>, usize) {
    let mut body = Vec::new();
    let mut i = start + 1;
    while i < lines.len() {
        let (c, rest) = indent(lines[i]);
        if c < 4 && closes_fence(rest, open) {
            return (Block::Code(body), i + 1);
        }
        body.push(dedent(lines[i], cols));
        i += 1;
    }
    (Block::Code(body), i)
}

/// Lines starting with `>` (each of them: no lazy continuation).
fn quote<'a>(lines: &[&'a str], start: usize, depth: u8) -> (Block<'a>, usize) {
    let mut inner = Vec::new();
    let mut i = start;
    while i < lines.len() {
        let (cols, rest) = indent(lines[i]);
        let Some(after) = rest.strip_prefix('>').filter(|_| cols < 4) else { break };
        inner.push(after.strip_prefix(' ').unwrap_or(after));
        i += 1;
    }
    (Block::Quote(parse(&inner, depth + 1)), i)
}

/// Items with one kind of marker; an item's lines are those indented to its text (or
/// continuing its paragraph), parsed again as blocks: that is how lists nest.
fn list<'a>(lines: &[&'a str], start: usize, depth: u8) -> (Block<'a>, usize) {
    let mut items = Vec::new();
    let mut kind: Option<Kind> = None;
    let mut first_number: Option<u32> = None;
    let mut tight = true;
    let mut gap = false;
    let mut i = start;
    while i < lines.len() {
        let (cols, rest) = indent(lines[i]);
        let Some(m) = marker(rest).filter(|m| cols < 4 && kind.is_none_or(|k| k == m.kind)) else { break };
        kind = Some(m.kind);
        if first_number.is_none() {
            first_number = Some(m.number);
        }
        tight &= !gap;
        let content = cols + m.width;
        let mut item = vec![m.text];
        let mut after_blank = false;
        i += 1;
        while i < lines.len() {
            let line = lines[i];
            let (cols, rest) = indent(line);
            if rest.is_empty() {
                item.push("");
                after_blank = true;
            } else if cols >= content {
                item.push(dedent(line, content));
                after_blank = false;
            } else if !after_blank && !interrupts(line) && marker(rest).is_none() {
                // The item's paragraph goes on ("lazy" lines); a marker starts the next item.
                item.push(rest);
            } else {
                break;
            }
            i += 1;
        }
        // Blank lines at the end of an item separate it from the next one.
        let trailing = item.iter().rev().take_while(|l| l.is_empty()).count();
        item.truncate(item.len() - trailing);
        gap = trailing > 0;
        tight &= !item.iter().skip(1).any(|l| l.is_empty());
        items.push(parse(&item, depth + 1));
    }
    let numbered = match kind {
        Some(Kind::Numbered(_)) => first_number,
        _ => None,
    };
    (Block::List(List { start: numbered, tight, items }), i)
}

fn shallowest(blocks: &[Block<'_>]) -> Option<u8> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, _) => Some(*level),
            Block::Quote(inner) => shallowest(inner),
            Block::List(list) => list.items.iter().filter_map(|item| shallowest(item)).min(),
            _ => None,
        })
        .min()
}

fn render(out: &mut String, blocks: &[Block<'_>], shift: i16, tight: bool) {
    for block in blocks {
        match block {
            Block::Heading(level, lines) => {
                let text = lines.join("\n");
                // An empty heading would only confuse a screen reader's outline.
                if text.trim().is_empty() {
                    continue;
                }
                let h = (i16::from(*level) + shift).clamp(1, 6);
                out.push_str(&format!("<h{h}>"));
                inline(out, text.trim_end(), 0, false);
                out.push_str(&format!("</h{h}>\n"));
            }
            Block::Paragraph(lines) => {
                let text = lines.join("\n");
                out.push_str(if tight { "" } else { "<p>" });
                inline(out, text.trim_end(), 0, false);
                out.push_str(if tight { "\n" } else { "</p>\n" });
            }
            Block::Code(lines) => {
                out.push_str("<pre><code>");
                for line in lines {
                    out.push_str(&escape(line));
                    out.push('\n');
                }
                out.push_str("</code></pre>\n");
            }
            Block::Rule => out.push_str("<hr>\n"),
            Block::Quote(inner) => {
                out.push_str("<blockquote>\n");
                render(out, inner, shift, false);
                out.push_str("</blockquote>\n");
            }
            Block::List(list) => {
                match list.start {
                    None => out.push_str("<ul>\n"),
                    Some(1) => out.push_str("<ol>\n"),
                    Some(n) => out.push_str(&format!("<ol start=\"{n}\">\n")),
                }
                for item in &list.items {
                    out.push_str("<li>");
                    render(out, item, shift, list.tight);
                    out.push_str("</li>\n");
                }
                out.push_str(if list.start.is_some() { "</ol>\n" } else { "</ul>\n" });
            }
        }
    }
}

// ---- inline --------------------------------------------------------------------------

/// A piece of inline markup, found at some position of a paragraph's text.
#[derive(Debug, PartialEq)]
enum Span<'a> {
    /// A backslash-escaped mark, shown as itself.
    Escaped(&'a str),
    Break,
    Code(&'a str),
    /// 1: emphasis, 2: strong, 3: both.
    Emphasis(usize, &'a str),
    Link {
        label: &'a str,
        url: &'a str,
    },
    /// `<https://…>`: the address is the text too.
    AutoLink(&'a str),
    Email(&'a str),
}

/// Where the searches for closing emphasis already failed, per mark and strength: a later
/// opener would fail the same way (keeps "*a *b *c …" linear).
type NoCloser = [usize; 6];

/// One paragraph's (or heading's) text. Plain text is written escaped as it is passed;
/// markup found at `i` is written as its element. `in_link`: links inside a link's text
/// stay text.
fn inline(out: &mut String, text: &str, depth: u8, in_link: bool) {
    if depth > MAX_DEPTH {
        out.push_str(&escape(text));
        return;
    }
    let bytes = text.as_bytes();
    let mut no_closer: NoCloser = [usize::MAX; 6];
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'\n' => {
                // Two spaces at the end of a line break it; otherwise the line goes on.
                let line = &text[plain..i];
                let kept = line.trim_end_matches(' ');
                out.push_str(&escape(kept));
                out.push_str(if line.len() - kept.len() >= 2 { "<br>\n" } else { "\n" });
                i += 1;
                plain = i;
                continue;
            }
            b'\\' => backslash(text, i),
            b'`' => code_span(text, i),
            b'*' | b'_' => emphasis(text, i, &mut no_closer),
            b'[' if !in_link => link(text, i, i + 1),
            b'!' if !in_link && bytes.get(i + 1) == Some(&b'[') => link(text, i + 1, i + 1),
            b'<' if !in_link => autolink(text, i),
            _ => Err(i + 1),
        };
        match found {
            Ok((span, end)) => {
                out.push_str(&escape(&text[plain..i]));
                write_span(out, span, depth, in_link);
                i = end;
                plain = end;
            }
            Err(next) => i = next,
        }
    }
    out.push_str(&escape(&text[plain..]));
}

fn write_span(out: &mut String, span: Span<'_>, depth: u8, in_link: bool) {
    match span {
        Span::Escaped(mark) => out.push_str(&escape(mark)),
        Span::Break => out.push_str("<br>\n"),
        Span::Code(code) => {
            out.push_str("<code>");
            out.push_str(&escape(&code_text(code)));
            out.push_str("</code>");
        }
        Span::Emphasis(strength, inner) => {
            let (open, close) = match strength {
                1 => ("<em>", "</em>"),
                2 => ("<strong>", "</strong>"),
                _ => ("<em><strong>", "</strong></em>"),
            };
            out.push_str(open);
            inline(out, inner, depth + 1, in_link);
            out.push_str(close);
        }
        Span::Link { label, url } if safe_url(url) => {
            link_open(out, "", url);
            inline(out, label, depth + 1, true);
            out.push_str("</a>");
        }
        // Any other address loses its link and keeps its text.
        Span::Link { label, .. } => inline(out, label, depth + 1, true),
        Span::AutoLink(url) => {
            link_open(out, "", url);
            out.push_str(&escape(url));
            out.push_str("</a>");
        }
        Span::Email(address) => {
            link_open(out, "mailto:", address);
            out.push_str(&escape(address));
            out.push_str("</a>");
        }
    }
}

fn link_open(out: &mut String, scheme: &str, url: &str) {
    out.push_str("<a href=\"");
    out.push_str(scheme);
    out.push_str(&escape(url));
    out.push_str("\" rel=\"nofollow\">");
}

/// Links go to web pages and mail addresses only: never `javascript:`, `data:` or any
/// other scheme a browser would run, nor relative addresses. Whitespace and control
/// characters are refused too: browsers drop some of them from the scheme.
fn safe_url(url: &str) -> bool {
    let scheme = |s: &str| url.len() > s.len() && url.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes());
    (scheme("http://") || scheme("https://") || scheme("mailto:"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Results of the inline parsers: the span and where it ends, or where to look next.
type Found<'a> = Result<(Span<'a>, usize), usize>;

/// `\*` shows a `*`; a backslash at the end of a line breaks it.
fn backslash(text: &str, i: usize) -> Found<'_> {
    match text.as_bytes().get(i + 1) {
        Some(b'\n') => Ok((Span::Break, i + 2)),
        Some(b) if b.is_ascii_punctuation() => Ok((Span::Escaped(&text[i + 1..i + 2]), i + 2)),
        _ => Err(i + 1),
    }
}

fn run_at(bytes: &[u8], i: usize) -> usize {
    let mark = bytes[i];
    bytes[i..].iter().take_while(|b| **b == mark).count()
}

/// `` `code` ``: a run of backticks up to the next run of the same length.
fn code_span(text: &str, i: usize) -> Found<'_> {
    let bytes = text.as_bytes();
    let run = run_at(bytes, i);
    let end = i + run;
    let mut j = end;
    while j < bytes.len() {
        if bytes[j] == b'`' {
            let close = run_at(bytes, j);
            if close == run {
                return Ok((Span::Code(&text[end..j]), j + close));
            }
            j += close;
        } else {
            j += 1;
        }
    }
    Err(end)
}

/// A code span's text: lines joined by spaces, one space of padding each side dropped.
fn code_text(code: &str) -> String {
    let code = code.replace('\n', " ");
    if code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty() {
        code[1..code.len() - 1].to_string()
    } else {
        code
    }
}

/// `*em*`, `**strong**`, `***both***` (or with `_`). An opener is followed by text, a
/// closer follows text; `_` does not open or close inside a word (snake_case_names).
fn emphasis<'a>(text: &'a str, i: usize, no_closer: &mut NoCloser) -> Found<'a> {
    let bytes = text.as_bytes();
    let mark = bytes[i];
    let run = run_at(bytes, i);
    let end = i + run;
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let opens = text[end..].chars().next().is_some_and(|c| !c.is_whitespace())
        && (mark == b'*' || !word(text[..i].chars().next_back()));
    if run > 3 || !opens {
        return Err(end);
    }
    let slot = usize::from(mark == b'_') * 3 + run - 1;
    if end >= no_closer[slot] {
        return Err(end);
    }
    let mut j = end;
    while j < bytes.len() {
        if bytes[j] == b'\\' {
            j += 2;
            continue;
        }
        if bytes[j] != mark {
            j += 1;
            continue;
        }
        let close = run_at(bytes, j);
        let closes = text[..j].chars().next_back().is_some_and(|c| !c.is_whitespace())
            && (mark == b'*' || !word(text[j + close..].chars().next()));
        if closes && close >= run {
            // A longer closing run ends inner emphasis first: `*a **b***`.
            return Ok((Span::Emphasis(run, &text[end..j + close - run]), j + close));
        }
        j += close;
    }
    no_closer[slot] = end;
    Err(end)
}

/// `[label](url)` with its `[` at `open`; `url` may be in `<…>` and be followed by a
/// title (dropped). Images (`![alt](url)`) come here from their `[` and become links.
fn link(text: &str, open: usize, fail: usize) -> Found<'_> {
    let bytes = text.as_bytes();
    let mut nested = 0;
    let mut j = open + 1;
    let close = loop {
        match bytes.get(j) {
            None => return Err(fail),
            Some(b'\\') => j += 2,
            Some(b'[') if nested == MAX_BRACKETS => return Err(fail),
            Some(b'[') => {
                nested += 1;
                j += 1;
            }
            Some(b']') if nested == 0 => break j,
            Some(b']') => {
                nested -= 1;
                j += 1;
            }
            Some(_) => j += 1,
        }
    };
    if bytes.get(close + 1) != Some(&b'(') {
        return Err(fail);
    }
    let skip_spaces = |mut k: usize| {
        while bytes.get(k).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n')) {
            k += 1;
        }
        k
    };
    let start = skip_spaces(close + 2);
    let (url, after) = if bytes.get(start) == Some(&b'<') {
        let Some(end) = text[start + 1..].find(['>', '<', '\n']).map(|e| start + 1 + e) else { return Err(fail) };
        if bytes[end] != b'>' {
            return Err(fail);
        }
        (&text[start + 1..end], end + 1)
    } else {
        let mut parens = 0;
        let mut k = start;
        while let Some(b) = bytes.get(k) {
            match b {
                b' ' | b'\t' | b'\n' => break,
                b'(' if parens == MAX_BRACKETS => return Err(fail),
                b'(' => parens += 1,
                b')' if parens == 0 => break,
                b')' => parens -= 1,
                _ => {}
            }
            k += 1;
        }
        (&text[start..k], k)
    };
    let mut k = skip_spaces(after);
    if let Some(quote @ (b'"' | b'\'')) = bytes.get(k).copied() {
        let Some((len, _)) =
            text[k + 1..].char_indices().take(MAX_TITLE).find(|(_, c)| u8::try_from(*c).ok() == Some(quote))
        else {
            return Err(fail);
        };
        k = skip_spaces(k + 1 + len + 1);
    }
    if bytes.get(k) != Some(&b')') {
        return Err(fail);
    }
    Ok((Span::Link { label: &text[open + 1..close], url }, k + 1))
}

/// `<https://…>` or `<someone@example.org>`; anything else in angle brackets is text.
fn autolink(text: &str, i: usize) -> Found<'_> {
    let rest = &text[i + 1..];
    let Some(end) = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control()) else {
        return Err(i + 1);
    };
    let inside = &rest[..end];
    if rest.as_bytes()[end] != b'>' {
        return Err(i + 1);
    }
    if safe_url(inside) {
        Ok((Span::AutoLink(inside), i + 1 + end + 1))
    } else if is_email(inside) {
        Ok((Span::Email(inside), i + 1 + end + 1))
    } else {
        Err(i + 1)
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&*+/=?^_{|}~-".contains(c))
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> String {
        to_html(text, 2)
    }

    /// Every tag in `html` is one the renderer writes, with only its own attributes: an
    /// `a` with an http(s)/mailto `href` and `rel`, an `ol` with a number.
    fn only_our_markup(html: &str) {
        const TAGS: [&str; 17] = [
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "p",
            "em",
            "strong",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "br",
            "hr",
            "blockquote",
        ];
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            let name = tag.trim_start_matches('/');
            if let Some(attrs) = name.strip_prefix("a ") {
                let href = attrs.strip_prefix("href=\"").and_then(|a| a.strip_suffix("\" rel=\"nofollow\""));
                let href = href.unwrap_or_else(|| panic!("unexpected link attributes <{tag}> in {html}"));
                assert!(!href.contains('"'), "<{tag}> in {html}");
                assert!(
                    ["http://", "https://", "mailto:"].iter().any(|s| href.to_ascii_lowercase().starts_with(s)),
                    "<{tag}> in {html}"
                );
            } else if let Some(start) = name.strip_prefix("ol start=\"").and_then(|s| s.strip_suffix('"')) {
                assert!(start.bytes().all(|b| b.is_ascii_digit()), "<{tag}> in {html}");
            } else {
                assert!(name == "a" || TAGS.contains(&name), "unexpected <{tag}> in {html}");
            }
        }
    }

    #[test]
    fn the_shallowest_heading_becomes_the_first_heading_under_the_page_title() {
        assert_eq!(md("### About\n\nWhat we do."), "<h2>About</h2>\n<p>What we do.</p>\n");
        assert_eq!(md("# A\n## B ##\n####### not a heading"), "<h2>A</h2>\n<h3>B</h3>\n<p>####### not a heading</p>\n");
        assert_eq!(to_html("# A\n###### F", 3), "<h3>A</h3>\n<h6>F</h6>\n", "past 6 stays 6");
        assert_eq!(md("About\n=====\nText\n\nMore\n---"), "<h2>About</h2>\n<p>Text</p>\n<h3>More</h3>\n");
        assert_eq!(md("#\n#hashtag"), "<p>#hashtag</p>\n", "no empty headings; `#word` is text");
    }

    #[test]
    fn paragraphs_emphasis_and_code() {
        assert_eq!(md("One\ntwo\n\nthree"), "<p>One\ntwo</p>\n<p>three</p>\n");
        assert_eq!(
            md("*em* **strong** ***both*** _em_ __strong__ `a < b`"),
            "<p><em>em</em> <strong>strong</strong> <em><strong>both</strong></em> <em>em</em> \
             <strong>strong</strong> <code>a &lt; b</code></p>\n"
        );
        assert_eq!(md("**bold *and em***"), "<p><strong>bold <em>and em</em></strong></p>\n");
        assert_eq!(md("2 * 3 * 4, a*b, snake_case_name, **open"), "<p>2 * 3 * 4, a*b, snake_case_name, **open</p>\n");
        assert_eq!(md("\\*not em\\* ``a ` b``"), "<p>*not em* <code>a ` b</code></p>\n");
        assert_eq!(md("line  \nbreak\\\nagain"), "<p>line<br>\nbreak<br>\nagain</p>\n");
        assert_eq!(md("```rust\n<b>&\n```"), "<pre><code>&lt;b&gt;&amp;\n</code></pre>\n");
        assert_eq!(
            md("a\n\n---\n\n> quoted *text*"),
            "<p>a</p>\n<hr>\n<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>\n"
        );
    }

    #[test]
    fn lists_tight_loose_numbered_and_nested() {
        assert_eq!(md("- one\n- two"), "<ul>\n<li>one\n</li>\n<li>two\n</li>\n</ul>\n");
        assert_eq!(md("Intro:\n* a\n* b"), "<p>Intro:</p>\n<ul>\n<li>a\n</li>\n<li>b\n</li>\n</ul>\n");
        assert_eq!(md("3. three\n4. four"), "<ol start=\"3\">\n<li>three\n</li>\n<li>four\n</li>\n</ol>\n");
        assert_eq!(md("1. one\n\n2. two"), "<ol>\n<li><p>one</p>\n</li>\n<li><p>two</p>\n</li>\n</ol>\n");
        assert_eq!(
            md("- a\n  - b\n  lazy\n- c"),
            "<ul>\n<li>a\n<ul>\n<li>b\nlazy\n</li>\n</ul>\n</li>\n<li>c\n</li>\n</ul>\n"
        );
        assert_eq!(
            md("- a\n+ b"),
            "<ul>\n<li>a\n</li>\n</ul>\n<ul>\n<li>b\n</li>\n</ul>\n",
            "another marker, another list"
        );
        assert_eq!(md("In\n2024. we grew"), "<p>In\n2024. we grew</p>\n");
    }

    #[test]
    fn links_go_to_web_and_mail_addresses_only() {
        assert_eq!(
            md("[Ladder](https://example.org/a_(b)?x=1&y=2 \"title\") <https://example.org> <me@example.org>"),
            "<p><a href=\"https://example.org/a_(b)?x=1&amp;y=2\" rel=\"nofollow\">Ladder</a> \
             <a href=\"https://example.org\" rel=\"nofollow\">https://example.org</a> \
             <a href=\"mailto:me@example.org\" rel=\"nofollow\">me@example.org</a></p>\n"
        );
        assert_eq!(
            md("[Write](MAILTO:hr@example.org)"),
            "<p><a href=\"MAILTO:hr@example.org\" rel=\"nofollow\">Write</a></p>\n"
        );
        for refused in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[x](/frameworks)",
            "[x](<java\tscript:alert(1)>)",
            "[x](//evil.example)",
        ] {
            assert_eq!(md(refused), "<p>x</p>\n", "{refused}");
        }
        assert_eq!(md("<javascript:alert(1)>"), "<p>&lt;javascript:alert(1)&gt;</p>\n");
        assert_eq!(
            md("![logo](https://example.org/l.png)"),
            "<p><a href=\"https://example.org/l.png\" rel=\"nofollow\">logo</a></p>\n",
            "an image is a link to it"
        );
        assert_eq!(
            md("[a [b](https://b.example)](https://a.example)"),
            "<p><a href=\"https://a.example\" rel=\"nofollow\">a [b](https://b.example)</a></p>\n",
            "no links in links"
        );
        assert_eq!(md("[not](a link"), "<p>[not](a link</p>\n");
    }

    #[test]
    fn hostile_text_is_escaped_and_never_becomes_markup() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](https://example.org/\" onmouseover=\"alert(1))",
            "[x](https://example.org/\"onmouseover=\"alert(1)\")",
            "<https://example.org/\"onmouseover=alert(1)>",
            "[x](<https://example.org/\" onmouseover=\"alert(1)>)",
            "` </code><script>alert(1)</script> `",
            "# <script>alert(1)</script>\n- <b>item</b>\n> <iframe src=javascript:alert(1)>",
            "```\n</code></pre><script>alert(1)</script>\n```",
            "*<em onclick=alert(1)>*",
            "\" onmouseover=\"alert(1)\" '",
            "[<script>alert(1)</script>](https://example.org)",
            "&lt;script&gt; &#106;avascript: &amp;",
        ];
        for payload in payloads {
            let html = md(payload);
            only_our_markup(&html);
            assert!(!html.contains("<script") && !html.contains("onmouseover=\"alert"), "{payload}: {html}");
        }
        assert_eq!(md("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
        assert_eq!(
            md("[x](https://example.org/\"onmouseover=\"alert(1)\")"),
            "<p><a href=\"https://example.org/&quot;onmouseover=&quot;alert(1)&quot;\" rel=\"nofollow\">x</a></p>\n"
        );
        assert_eq!(md("&lt; &amp;"), "<p>&amp;lt; &amp;amp;</p>\n", "entities show as typed");
    }

    #[test]
    fn deep_nesting_and_unclosed_marks_stay_bounded() {
        let nested: String = (0..200).map(|n| format!("{}- level {n}\n", "  ".repeat(n))).collect();
        let brackets = "[".repeat(5000) + &"](".repeat(5000);
        let marks = "*a ".repeat(3000) + &"_b ".repeat(3000) + &"`".repeat(300) + &"<".repeat(3000);
        let quotes = ">".repeat(500) + " deep";
        for text in [nested.as_str(), brackets.as_str(), marks.as_str(), quotes.as_str()] {
            only_our_markup(&md(text));
        }
        assert!(md(&nested).matches("<ul>").count() <= usize::from(MAX_DEPTH));
        assert_eq!(md(&"*".repeat(20)), "<hr>\n");
    }

    #[test]
    fn a_monzo_style_description_reads_as_text() {
        let body = "### About this ladder\n\nIt describes **what good looks like** at each level.\n\n\
                    Read more in the [handbook](https://handbook.example.org).\n\n- Be kind\n- Ship\n";
        assert_eq!(
            md(body),
            "<h2>About this ladder</h2>\n<p>It describes <strong>what good looks like</strong> at each level.</p>\n\
             <p>Read more in the <a href=\"https://handbook.example.org\" rel=\"nofollow\">handbook</a>.</p>\n\
             <ul>\n<li>Be kind\n</li>\n<li>Ship\n</li>\n</ul>\n"
        );
        assert_eq!(md(""), "");
        assert_eq!(md("Plain & simple"), "<p>Plain &amp; simple</p>\n");
    }
}
