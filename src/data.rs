//! `data/`: YAML, JSON and CSV files exposed to templates as `site.data.<stem>`.
//! A CSV file becomes a list of objects keyed by its header row.

use std::path::Path;

use serde_json::{Map, Value};

use crate::content::front_matter;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::sources;
use crate::theme::files_under;

/// Loads every file directly under `root/data`.
pub fn load(root: &Path) -> Result<Map<String, Value>, Diagnostics> {
    let mut data = Map::new();
    let mut problems = Diagnostics::default();
    for (name, path) in files_under(&root.join("data")) {
        let shown = display_path(root, &path);
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        let text = match sources::read_text(&path, &shown) {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let parsed = match ext {
            "yaml" | "yml" => front_matter::parse::<Value>(&shown, &text, &text, 0),
            "json" => serde_json::from_str(&text).map_err(|e| {
                Diagnostic::new(Location::at(&shown, e.line(), e.column()), e.to_string())
                    .with_source(&text)
            }),
            "csv" => csv_rows(&text).map_err(|e| Diagnostic::new(Location::file(&shown), e)),
            _ => continue,
        };
        match parsed {
            Ok(value) => {
                data.insert(stem.replace('/', "_"), value);
            }
            Err(d) => problems.push(d),
        }
    }
    problems.into_result().map(|()| data)
}

fn csv_rows(text: &str) -> Result<Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let row: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_objects_by_header() {
        let v = csv_rows("\u{feff}year,count\n2024,\"1,2\"\n").unwrap();
        assert_eq!(v, serde_json::json!([{"year": "2024", "count": "1,2"}]));
    }
}
