//! Putting imported values right: HTML made plain text, web addresses given their scheme, ids
//! that are not UUIDs given a stable one, and dates, times and numbers read the ways feeds write
//! them.

use chrono::{NaiveDate, NaiveTime};
use serde_json::Value;
use shared::directory::is_absolute_url;
use shared::validate::Check;
use uuid::Uuid;

/// Where ids that are not UUIDs are mapped from: the same text always gives the same UUID, so
/// re-importing a feed updates its records in place.
const IMPORTED_IDS: Uuid = Uuid::from_u128(0x8f1e_2a57_3c4b_5d6e_9f80_a1b2_c3d4_e5f6);

/// A value's text, trimmed; numbers are text too (ids often are numbers). Empty is none.
pub fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// An id as a UUID, and whether it had to be made one.
pub fn uuid(v: &Value) -> Option<(Uuid, bool)> {
    let raw = text(v)?;
    match raw.parse::<Uuid>() {
        Ok(id) => Some((id, false)),
        Err(_) => Some((Uuid::new_v5(&IMPORTED_IDS, raw.as_bytes()), true)),
    }
}

/// Plain text from HTML: paragraphs and line breaks kept as new lines, tags dropped, entities
/// decoded, runs of spaces made one. Text with no markup comes back as it was (trimmed).
pub fn plain(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(
            name,
            "br" | "p" | "div" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "tr"
        ) {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = html_escape::decode_html_entities(&out).replace('\u{a0}', " ");
    let lines: Vec<String> = decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut text = String::new();
    for line in lines {
        if line.is_empty() {
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
    }
    text.trim().to_owned()
}

/// Whether text held markup (a tag or an entity) that `plain` removed; tidied spaces alone are
/// not worth a report.
pub fn had_markup(raw: &str, plain: &str) -> bool {
    let bytes = raw.as_bytes();
    let tag = bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'));
    let entity = raw.split('&').skip(1).any(|rest| {
        rest.find(';').is_some_and(|end| {
            end > 0 && end <= 8 && rest[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
        })
    });
    (tag || entity) && raw.trim() != plain
}

/// What became of a web address.
pub enum Url {
    Kept(String),
    Fixed(String),
    Bad,
}

/// A web address, given `https://` when it has none (`www.example.org`).
pub fn url(raw: &str) -> Url {
    let raw = raw.trim();
    if is_absolute_url(raw) {
        return Url::Kept(raw.to_owned());
    }
    let fixed = format!("https://{}", raw.trim_start_matches("//"));
    if !raw.contains("://") && is_absolute_url(&fixed) {
        Url::Fixed(fixed)
    } else {
        Url::Bad
    }
}

pub fn is_email(raw: &str) -> bool {
    Check::new().email("email", raw).finish().is_ok()
}

/// A date, or the date of a date-time (`2024-12-10`, `2024-12-10T09:00:00Z`).
pub fn date(raw: &str) -> Option<NaiveDate> {
    raw.get(..10)?.parse().ok()
}

/// A time of day: `10:00`, `10:00:00`, `10:00:00Z`, `10:00:00+01:00`.
pub fn time(raw: &str) -> Option<NaiveTime> {
    let t = raw.trim();
    let t = t
        .get(..8)
        .filter(|s| s.len() == 8 && s.as_bytes()[5] == b':')
        .unwrap_or_else(|| t.get(..5).unwrap_or(t));
    NaiveTime::parse_from_str(t, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .ok()
}

/// A number, from a number or numeric text ("2.50", "£3").
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_start_matches('£').parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain("<p>Struggling with Drug &amp; Alcohol?</p><p>Drop in&nbsp;on <b>Thursdays</b>.</p>"),
            "Struggling with Drug & Alcohol?\nDrop in on Thursdays."
        );
        assert_eq!(plain("Line one<br/>Line two"), "Line one\nLine two");
        assert_eq!(plain("  no markup  "), "no markup");
        assert_eq!(plain("a < b"), "a < b");
        assert!(had_markup("<p>Hi</p>", "Hi"));
        assert!(had_markup("Tea &amp; cake", "Tea & cake"));
        assert!(
            !had_markup("Tea & cake,\n  twice", "Tea & cake,\ntwice"),
            "only tidied"
        );
    }

    #[test]
    fn web_addresses_get_their_scheme() {
        assert!(matches!(url("https://example.org"), Url::Kept(_)));
        assert!(
            matches!(url("www.scunthorpebowlsclub.com"), Url::Fixed(u) if u == "https://www.scunthorpebowlsclub.com")
        );
        assert!(matches!(url("northlincs.gov.uk/libraries"), Url::Fixed(_)));
        assert!(matches!(url("not a web address"), Url::Bad));
        assert!(matches!(url("ftp://example.org"), Url::Bad));
    }

    #[test]
    fn ids_dates_and_times_read_as_feeds_write_them() {
        let (id, made) = uuid(&Value::from("738f94e0-aa6c-6a5c-2395-7b64421ba2a5")).unwrap();
        assert!(!made && id.to_string().starts_with("738f94e0"));
        let (a, made) = uuid(&Value::from(42)).unwrap();
        assert!(made);
        assert_eq!(
            uuid(&Value::from("42")).unwrap().0,
            a,
            "the same text, the same id"
        );
        assert_eq!(
            date("2024-12-10T09:00:00Z"),
            NaiveDate::from_ymd_opt(2024, 12, 10)
        );
        assert_eq!(date("10/12/2024"), None);
        assert_eq!(time("10:00"), NaiveTime::from_hms_opt(10, 0, 0));
        assert_eq!(time("18:30:00Z"), NaiveTime::from_hms_opt(18, 30, 0));
        assert_eq!(time("teatime"), None);
        assert_eq!(number(&Value::from("£3")), Some(3.0));
    }
}
