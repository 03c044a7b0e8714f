//! A statement built piece by piece (an `in (…)` list, a multi-row insert, a search's filters)
//! with its values bound in order.
//!
//! sqlx's own `QueryBuilder` lends its arguments to the query it builds, which code generic
//! over the database (`SqlStore<D>`) cannot run: the HRTB `for<'q> Arguments<'q>:
//! IntoArguments<'q>` ties them to the builder's own borrow. Here the text is built first and
//! the values bound onto `sqlx::query(&text)`, as every other query in the store does.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::query::{Query, QueryAs};
use uuid::Uuid;

use crate::store::dialect::{Column, Dialect};

/// A value to bind, of one of the column types the directory uses.
#[derive(Debug, Clone)]
pub(super) enum Arg {
    Uuid(Uuid),
    OptUuid(Option<Uuid>),
    Text(String),
    OptText(Option<String>),
    Int(i32),
    OptInt(Option<i32>),
    Big(i64),
    OptReal(Option<f64>),
    Bool(bool),
    Date(NaiveDate),
    OptDate(Option<NaiveDate>),
    At(DateTime<Utc>),
}

macro_rules! arg_from {
    ($($t:ty => $v:ident),+ $(,)?) => {
        $(impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::$v(value)
            }
        })+
    };
}

arg_from!(
    Uuid => Uuid,
    Option<Uuid> => OptUuid,
    String => Text,
    Option<String> => OptText,
    i32 => Int,
    Option<i32> => OptInt,
    i64 => Big,
    Option<f64> => OptReal,
    bool => Bool,
    NaiveDate => Date,
    Option<NaiveDate> => OptDate,
    DateTime<Utc> => At,
);

impl From<&str> for Arg {
    fn from(value: &str) -> Arg {
        Arg::Text(value.to_owned())
    }
}

/// Binds every value of `args` onto `q` (a `Query` or a `QueryAs`), in order.
macro_rules! bind_all {
    ($q:ident, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg.clone() {
                Arg::Uuid(v) => q.bind(v),
                Arg::OptUuid(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::OptText(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
                Arg::OptInt(v) => q.bind(v),
                Arg::Big(v) => q.bind(v),
                Arg::OptReal(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::OptDate(v) => q.bind(v),
                Arg::At(v) => q.bind(v),
            };
        }
        q
    }};
}

/// SQL text and the values its `$n` placeholders stand for.
#[derive(Debug, Clone, Default)]
pub(super) struct Statement {
    sql: String,
    args: Vec<Arg>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Statement {
        Statement {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    /// Appends text.
    pub fn push(&mut self, sql: &str) -> &mut Statement {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: impl Into<Arg>) -> &mut Statement {
        self.args.push(value.into());
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Appends `(v, v, …)`.
    pub fn list<T: Into<Arg> + Copy>(&mut self, values: &[T]) -> &mut Statement {
        self.push("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(*v);
        }
        self.push(")")
    }

    /// Appends one `(…)` row of a multi-row `values` list.
    pub fn row(&mut self, values: Vec<Arg>) -> &mut Statement {
        self.push("(");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v);
        }
        self.push(")")
    }

    /// Appends another statement (a subquery), renumbering its placeholders after this one's.
    pub fn nest(&mut self, inner: Statement) -> &mut Statement {
        let offset = self.args.len();
        let mut sql = String::with_capacity(inner.sql.len());
        let mut chars = inner.sql.chars().peekable();
        while let Some(c) = chars.next() {
            sql.push(c);
            if c == '$' {
                let mut n = String::new();
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    n.push(d);
                }
                match n.parse::<usize>() {
                    Ok(n) => sql.push_str(&(n + offset).to_string()),
                    Err(_) => sql.push_str(&n),
                }
            }
        }
        self.sql.push_str(&sql);
        self.args.extend(inner.args);
        self
    }

    pub fn params(&self) -> usize {
        self.args.len()
    }

    pub fn query<D>(&self) -> Query<'_, D, D::Arguments<'_>>
    where
        D: Dialect,
        Uuid: Column<D>,
        Option<Uuid>: Column<D>,
        String: Column<D>,
        Option<String>: Column<D>,
        i32: Column<D>,
        Option<i32>: Column<D>,
        i64: Column<D>,
        Option<f64>: Column<D>,
        bool: Column<D>,
        NaiveDate: Column<D>,
        Option<NaiveDate>: Column<D>,
        DateTime<Utc>: Column<D>,
    {
        let q = sqlx::query::<D>(&self.sql);
        bind_all!(q, &self.args)
    }

    pub fn query_as<D, R>(&self) -> QueryAs<'_, D, R, D::Arguments<'_>>
    where
        D: Dialect,
        R: for<'r> sqlx::FromRow<'r, D::Row>,
        Uuid: Column<D>,
        Option<Uuid>: Column<D>,
        String: Column<D>,
        Option<String>: Column<D>,
        i32: Column<D>,
        Option<i32>: Column<D>,
        i64: Column<D>,
        Option<f64>: Column<D>,
        bool: Column<D>,
        NaiveDate: Column<D>,
        Option<NaiveDate>: Column<D>,
        DateTime<Utc>: Column<D>,
    {
        let q = sqlx::query_as::<D, R>(&self.sql);
        bind_all!(q, &self.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_in_order() {
        let mut s = Statement::new("select 1 where a = ");
        s.bind(1_i32).push(" and b in ").list(&[Uuid::nil(), Uuid::max()]);
        assert_eq!(s.sql, "select 1 where a = $1 and b in ($2, $3)");
        assert_eq!(s.params(), 3);
        let mut inner = Statement::new("select id from t where a = ");
        inner.bind(2_i32);
        s.push(" and c in (").nest(inner).push(")");
        assert!(
            s.sql.ends_with("c in (select id from t where a = $4)"),
            "{}",
            s.sql
        );
        assert_eq!(s.params(), 4);
    }
}
