//! Hand-written SQL that PostgreSQL prepares once per connection.
//!
//! diesel never caches `sql_query` text (it cannot know the text is fixed), so every raw
//! query costs an extra Parse/Describe round trip and a fresh plan. The queries here are
//! constants, so caching them is safe: `cached_sql(SQL).bind::<T, _>(v)…` is keyed in
//! diesel's statement cache by its text and bind types, like a builder query without a
//! static id. Use it for hot paths that the query builder cannot express.
//!
//! The text uses `$1`, `$2`… as usual. diesel only lets a query fragment add a bind
//! together with its placeholder, so the text is walked and each `$n` is replaced by a
//! fresh placeholder carrying the n-th value (a value used twice is sent twice).

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};
use std::marker::PhantomData;

type Bound<'a> = Box<dyn QueryFragment<Pg> + Send + 'a>;

#[must_use = "Queries are only executed when calling `load`, `get_result` or similar."]
pub struct CachedSql<'a> {
    sql: &'a str,
    binds: Vec<Bound<'a>>,
}

/// A fixed SQL text with `$n` placeholders, bound in order with `.bind::<SqlType, _>(v)`.
/// The text must not depend on user input (it becomes a cache key and a prepared
/// statement for the life of the connection).
pub fn cached_sql(sql: &str) -> CachedSql<'_> {
    CachedSql { sql, binds: Vec::new() }
}

impl<'a> CachedSql<'a> {
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + Send + 'a,
        ST: Send + 'a,
    {
        self.binds.push(Box::new(Value::<ST, V> { value, sql_type: PhantomData }));
        self
    }
}

struct Value<ST, V> {
    value: V,
    sql_type: PhantomData<ST>,
}

impl<ST, V> QueryFragment<Pg> for Value<ST, V>
where
    Pg: HasSqlType<ST>,
    V: ToSql<ST, Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> diesel::QueryResult<()> {
        out.push_bind_param::<ST, V>(&self.value)
    }
}

impl QueryFragment<Pg> for CachedSql<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> diesel::QueryResult<()> {
        // Unlike diesel's SqlQuery, no `unsafe_to_cache_prepared()`: the text is fixed.
        let mut rest = self.sql;
        while let Some(at) = rest.find('$') {
            let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                out.push_sql(&rest[..=at]);
                rest = &rest[at + 1..];
                continue;
            }
            out.push_sql(&rest[..at]);
            let n: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
            let bind = n
                .checked_sub(1)
                .and_then(|i| self.binds.get(i))
                .ok_or_else(|| diesel::result::Error::QueryBuilderError(format!("${n} has no bound value").into()))?;
            bind.walk_ast(out.reborrow())?;
            rest = &rest[at + 1 + digits..];
        }
        out.push_sql(rest);
        Ok(())
    }
}

impl QueryId for CachedSql<'_> {
    type QueryId = ();
    // No static id: the cache keys this query by its SQL text and bind types.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for CachedSql<'_> {
    type SqlType = Untyped;
}
