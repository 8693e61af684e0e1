//! Template filters. `date` formats ISO dates for the site language.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use tera::{Kwargs, State, Tera};

/// Registers alumni's filters on `tera`.
pub fn register(tera: &mut Tera, language: &str) {
    let lang = language.to_string();
    tera.register_filter("date", move |value: &str, _: Kwargs, _: &State| {
        format_date(value, &lang)
    });
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-12-10` → `2026年12月10日` (ja) / `December 10, 2026` (en); a
/// date-time keeps its written offset and adds the time. Anything else is
/// returned unchanged.
pub fn format_date(value: &str, language: &str) -> String {
    let ja = language == "ja";
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        let day = day_text(t.date_naive(), ja);
        return if ja {
            format!("{day} {:02}:{:02}", t.hour(), t.minute())
        } else {
            let (pm, h) = t.hour12();
            format!(
                "{day}, {h}:{:02} {}",
                t.minute(),
                if pm { "PM" } else { "AM" }
            )
        };
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) => day_text(d, ja),
        Err(_) => value.to_string(),
    }
}

fn day_text(d: NaiveDate, ja: bool) -> String {
    if ja {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    } else {
        format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_per_language() {
        assert_eq!(format_date("2026-12-10", "ja"), "2026年12月10日");
        assert_eq!(format_date("2026-12-10", "en"), "December 10, 2026");
        assert_eq!(
            format_date("2026-12-10T19:00:00+09:00", "ja"),
            "2026年12月10日 19:00"
        );
        assert_eq!(
            format_date("2026-12-10T19:00:00+09:00", "en"),
            "December 10, 2026, 7:00 PM"
        );
        assert_eq!(format_date("2019", "en"), "2019");
    }
}
