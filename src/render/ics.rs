//! iCalendar (RFC 5545): `/events.ics` (upcoming events) and
//! `/events/<slug>.ics` (one event each), plus "add to calendar" links.
//!
//! Times with an offset are written in UTC (`20261210T100000Z`), which keeps
//! the instant the editor wrote without a VTIMEZONE; all-day events are
//! DATE values with an exclusive end. Lines end in CRLF and are folded at 75
//! octets, never inside a UTF-8 character. UIDs are made from the slug and
//! the site's host, so they are stable across builds.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::config::Config;
use crate::content::dates::EventTime;
use crate::content::{Doc, Event, Section};

/// What a calendar needs besides the event itself.
pub struct Calendar<'a> {
    pub config: &'a Config,
    /// The URL prefix of the calendar's language (`""`, `/en`, `/alumni/en`).
    pub prefix: &'a str,
    pub site_title: &'a str,
    /// DTSTAMP of every event: the build day, so a rebuild on the same day is identical.
    pub stamp: NaiveDate,
}

impl Calendar<'_> {
    /// A VCALENDAR holding `events`.
    pub fn document<'e>(&self, events: impl Iterator<Item = &'e Doc<Event>>) -> String {
        let mut out = String::new();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(
            &mut out,
            "PRODID:-//alumni//alumni static site generator//EN",
        );
        line(&mut out, "CALSCALE:GREGORIAN");
        line(&mut out, "METHOD:PUBLISH");
        line(&mut out, &format!("X-WR-CALNAME:{}", text(self.site_title)));
        for e in events {
            self.event(&mut out, e);
        }
        line(&mut out, "END:VCALENDAR");
        out
    }

    fn event(&self, out: &mut String, e: &Doc<Event>) {
        let f = &e.front;
        let base_url = &self.config.base_url;
        let host = base_url
            .split("://")
            .nth(1)
            .unwrap_or(base_url)
            .trim_end_matches('/');
        line(out, "BEGIN:VEVENT");
        line(out, &format!("UID:{}@{}", text(&e.slug), text(host)));
        line(
            out,
            &format!("DTSTAMP:{}", self.stamp.format("%Y%m%dT000000Z")),
        );
        line(out, &format!("DTSTART{}", when(f.start, false)));
        if let Some(end) = f.end {
            line(out, &format!("DTEND{}", when(end, true)));
        } else if let EventTime::Day(d) = f.start {
            line(
                out,
                &format!(
                    "DTEND;VALUE=DATE:{}",
                    (d + Duration::days(1)).format("%Y%m%d")
                ),
            );
        }
        line(out, &format!("SUMMARY:{}", text(&f.title)));
        if let Some(summary) = &f.summary {
            line(out, &format!("DESCRIPTION:{}", text(summary)));
        }
        if let Some(location) = location(f) {
            line(out, &format!("LOCATION:{}", text(&location)));
        }
        line(
            out,
            &format!(
                "URL:{}",
                self.config
                    .absolute(&Section::Events.url_in(self.prefix, &e.slug))
            ),
        );
        line(out, "END:VEVENT");
    }
}

/// Where the event is: its place, its online address, or both.
fn location(f: &Event) -> Option<String> {
    match (&f.location, &f.online) {
        (Some(place), Some(url)) => Some(format!("{place} / {url}")),
        (Some(place), None) => Some(place.clone()),
        (None, Some(url)) => Some(url.to_string()),
        (None, None) => None,
    }
}

/// `;VALUE=DATE:20261210` or `:20261210T100000Z`. An all-day end is the
/// last day of the event as written; iCalendar wants the day after.
fn when(t: EventTime, is_end: bool) -> String {
    match t {
        EventTime::Day(d) => {
            let d = if is_end { d + Duration::days(1) } else { d };
            format!(";VALUE=DATE:{}", d.format("%Y%m%d"))
        }
        EventTime::At(at) => format!(":{}", utc(at)),
    }
}

fn utc(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets, with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// "Add to Google Calendar" and "Add to Outlook" links for an event.
pub fn add_links(e: &Event, page: &str) -> (String, String) {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let (start, end) = span(e);
    let google_dates = match (e.start, end) {
        (EventTime::Day(_), _) => format!("{}/{}", day_compact(start), day_compact(end)),
        _ => format!(
            "{}/{}",
            start.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ"),
            end.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
        ),
    };
    let details = match &e.summary {
        Some(s) => format!("{s}\n{page}"),
        None => page.to_string(),
    };
    let place = location(e).unwrap_or_default();
    let google = format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}&details={}&location={}",
        enc(&e.title),
        google_dates,
        enc(&details),
        enc(&place)
    );
    let all_day = e.start.is_all_day();
    let iso = |t: DateTime<FixedOffset>| {
        if all_day {
            t.format("%Y-%m-%d").to_string()
        } else {
            t.with_timezone(&Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        }
    };
    let outlook = format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&allday={}&body={}&location={}",
        enc(&e.title),
        enc(&iso(start)),
        enc(&iso(end)),
        all_day,
        enc(&details),
        enc(&place)
    );
    (google, outlook)
}

fn day_compact(t: DateTime<FixedOffset>) -> String {
    t.format("%Y%m%d").to_string()
}

/// Start and end instants; without an end, a timed event lasts an hour and
/// an all-day event its day.
fn span(e: &Event) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    let tz = match e.start {
        EventTime::At(t) => *t.offset(),
        EventTime::Day(_) => FixedOffset::east_opt(0).expect("UTC"),
    };
    let start = e.start.start_instant(tz);
    let end = match (e.end, e.start) {
        (Some(end), _) => end.end_instant(tz),
        (None, EventTime::Day(_)) => e.start.end_instant(tz),
        (None, EventTime::At(t)) => t + Duration::hours(1),
    };
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "交流会".repeat(20));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn writes_times_in_utc_and_days_as_dates() {
        let at = EventTime::At(DateTime::parse_from_rfc3339("2026-12-10T19:00:00+09:00").unwrap());
        assert_eq!(when(at, false), ":20261210T100000Z");
        let day = EventTime::Day(NaiveDate::from_ymd_opt(2026, 12, 10).unwrap());
        assert_eq!(when(day, false), ";VALUE=DATE:20261210");
        assert_eq!(when(day, true), ";VALUE=DATE:20261211");
    }
}
