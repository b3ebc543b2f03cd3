//! Building connection URLs, including ones that point at a Unix socket directory.

/// Percent-encodes everything but unreserved characters, so a socket directory can sit in
/// the host part: `postgres://postgres@%2Fsrv%2Fdata%2Frun:5432/hatrack`.
pub fn encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() * 3);
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The same server, another database: replaces the path of a `postgres://` URL and keeps
/// the query string.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..].find('/').map(|i| i + scheme_end).unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..host_end], encode(database));
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The same server and database as another role: replaces the user (and password) of a
/// `postgres://` URL.
pub fn with_user(url: &str, user: &str, password: Option<&str>) -> String {
    let scheme_end = url.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    let userinfo = match password {
        Some(p) => format!("{}:{}", encode(user), encode(p)),
        None => encode(user),
    };
    format!("{}{userinfo}@{host}", &url[..scheme_end])
}

/// The database name of a URL, if it has one.
pub fn database_of(url: &str) -> Option<String> {
    let base = url.split('?').next()?;
    let after_scheme = base.split_once("://")?.1;
    let (_, db) = after_scheme.split_once('/')?;
    (!db.is_empty()).then(|| db.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_dirs_are_encoded() {
        assert_eq!(encode("/tmp/a b"), "%2Ftmp%2Fa%20b");
    }

    #[test]
    fn database_is_replaced_and_query_kept() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/one?sslmode=disable", "two"),
            "postgres://u:p@h:5432/two?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
        assert_eq!(database_of("postgres://h:1/abc?x=1").as_deref(), Some("abc"));
        assert_eq!(database_of("postgres://h:1"), None);
    }

    #[test]
    fn user_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_user("postgres://u:p@h:5432/one?sslmode=disable", "app", Some("s e")),
            "postgres://app:s%20e@h:5432/one?sslmode=disable"
        );
        assert_eq!(with_user("postgres://postgres@%2Frun:5432/db", "app", None), "postgres://app@%2Frun:5432/db");
        assert_eq!(with_user("postgres://h/db", "app", None), "postgres://app@h/db");
    }
}
