//! Dates as editors write them: a year (`2019`), a date (`2019-03-31`), or
//! an RFC 3339 date-time with its offset (`2026-12-10T19:00:00+09:00`).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, de};

/// A date as [`parse_day`] reads it, for JSON Schema (ECMA 262 regex).
const DAY_PATTERN: &str = "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}";

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_day(&s).map(Day).map_err(de::Error::custom)
    }
}

impl JsonSchema for Day {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": format!("^\\s*{DAY_PATTERN}\\s*$"),
            "description": "A date: YYYY-MM-DD",
            "examples": ["2024-04-01"],
        })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2024-04-01"))
}

/// A year, or a full date where the editor knows it (`joined`, `left`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearOrDate {
    Year(i32),
    Date(NaiveDate),
}

impl YearOrDate {
    pub fn year(self) -> i32 {
        use chrono::Datelike;
        match self {
            YearOrDate::Year(y) => y,
            YearOrDate::Date(d) => d.year(),
        }
    }
}

impl YearOrDate {
    /// Whether `self` is surely before `other`: by day when both are dates,
    /// else by year (a year and a date in that year are not before each other).
    pub fn is_before(self, other: YearOrDate) -> bool {
        match (self, other) {
            (YearOrDate::Date(a), YearOrDate::Date(b)) => a < b,
            _ => self.year() < other.year(),
        }
    }
}

impl fmt::Display for YearOrDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YearOrDate::Year(y) => write!(f, "{y}"),
            YearOrDate::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl JsonSchema for YearOrDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "YearOrDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2200},
                {"type": "string", "pattern": format!("^\\s*([0-9]{{4}}|{DAY_PATTERN})\\s*$")},
            ],
            "description": "A year (2019) or a date (2019-03-31)",
            "examples": [2019, "2019-03-31"],
        })
    }
}

impl<'de> Deserialize<'de> for YearOrDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Text(String),
        }
        let year = |y: i64| {
            if (1900..=2200).contains(&y) {
                Ok(YearOrDate::Year(y as i32))
            } else {
                Err(de::Error::custom(format!("`{y}` is not a plausible year")))
            }
        };
        match Raw::deserialize(d)? {
            Raw::Int(y) => year(y),
            Raw::Text(s) => match s.trim().parse::<i64>() {
                Ok(y) => year(y),
                Err(_) => parse_day(&s).map(YearOrDate::Date).map_err(|_| {
                    de::Error::custom(format!(
                        "`{s}` is not a year or a date: write 2019 or 2019-03-31"
                    ))
                }),
            },
        }
    }
}

/// When an event starts or ends: a whole day, or a moment with its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTime {
    Day(NaiveDate),
    At(DateTime<FixedOffset>),
}

impl EventTime {
    /// The instant this time begins (a day begins at 00:00 in `tz`).
    pub fn start_instant(self, tz: FixedOffset) -> DateTime<FixedOffset> {
        match self {
            EventTime::At(t) => t,
            EventTime::Day(d) => at_midnight(d, tz),
        }
    }

    /// The instant this time is over (a day is over at the next midnight in `tz`).
    pub fn end_instant(self, tz: FixedOffset) -> DateTime<FixedOffset> {
        match self {
            EventTime::At(t) => t,
            EventTime::Day(d) => at_midnight(d.succ_opt().unwrap_or(d), tz),
        }
    }

    pub fn is_all_day(self) -> bool {
        matches!(self, EventTime::Day(_))
    }
}

fn at_midnight(d: NaiveDate, tz: FixedOffset) -> DateTime<FixedOffset> {
    d.and_time(NaiveTime::MIN)
        .and_local_timezone(tz)
        .single()
        .unwrap_or_else(|| d.and_time(NaiveTime::MIN).and_utc().fixed_offset())
}

impl fmt::Display for EventTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventTime::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            EventTime::At(t) => write!(f, "{}", t.to_rfc3339()),
        }
    }
}

impl JsonSchema for EventTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let time = "[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})";
        json_schema!({
            "type": "string",
            "pattern": format!("^\\s*{DAY_PATTERN}({time})?\\s*$"),
            "description": "A date (2026-12-10) or an RFC 3339 time with its offset (2026-12-10T19:00:00+09:00)",
            "examples": ["2026-12-10", "2026-12-10T19:00:00+09:00"],
        })
    }
}

impl<'de> Deserialize<'de> for EventTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(t) {
            return Ok(EventTime::At(at));
        }
        if let Ok(day) = parse_day(t) {
            return Ok(EventTime::Day(day));
        }
        Err(de::Error::custom(format!(
            "`{s}` is not a date or a date-time with offset: write 2026-12-10 or 2026-12-10T19:00:00+09:00"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yd(json: &str) -> Result<YearOrDate, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn et(text: &str) -> Result<EventTime, serde_json::Error> {
        serde_json::from_value(serde_json::Value::String(text.into()))
    }

    #[test]
    fn year_or_date_accepts_both_forms() {
        assert_eq!(yd("2019").unwrap(), YearOrDate::Year(2019));
        assert_eq!(yd("\"2019-03-31\"").unwrap().year(), 2019);
        assert!(yd("\"yesterday\"").is_err());
        assert!(yd("19").is_err());
    }

    #[test]
    fn a_year_and_a_date_compare_by_year_unless_both_are_dates() {
        let (y2019, y2020) = (yd("2019").unwrap(), yd("2020").unwrap());
        let (march, april) = (yd("\"2019-03-31\"").unwrap(), yd("\"2019-04-01\"").unwrap());
        assert!(y2019.is_before(y2020));
        assert!(!y2020.is_before(y2019));
        assert!(march.is_before(april));
        assert!(!april.is_before(march));
        assert!(!y2019.is_before(april) && !april.is_before(y2019));
        assert!(march.is_before(y2020) && !y2019.is_before(y2019));
    }

    #[test]
    fn event_time_keeps_offset_and_days_end_at_midnight() {
        let at = et("2026-12-10T19:00:00+09:00").unwrap();
        assert_eq!(at.to_string(), "2026-12-10T19:00:00+09:00");
        let day = et("2026-12-10").unwrap();
        let tz = FixedOffset::east_opt(9 * 3600).unwrap();
        assert_eq!(
            day.end_instant(tz).to_rfc3339(),
            "2026-12-11T00:00:00+09:00"
        );
        assert!(et("2026-12-10 19:00").is_err());
    }
}
