//! `import members`: any bytes give a plan or a diagnostic, never a panic;
//! every file the plan would write is a confined path under
//! content/members/ whose text loads as a member.

#![no_main]

use std::path::{Path, PathBuf};

use alumni::content::Member;
use alumni::content::front_matter::{parse, split};
use alumni::import::{Existing, Options, Outcome, plan};
use alumni::output::confined;
use alumni::scaffold::Lang;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        file: PathBuf::from("members.csv"),
        map: Vec::new(),
        lang: if data.first().is_some_and(|b| b % 2 == 0) {
            Lang::Ja
        } else {
            Lang::En
        },
        today: NaiveDate::from_ymd_opt(2026, 6, 1).expect("a date"),
    };
    let Ok(plan) = plan(data, &options, &Existing::default()) else {
        return;
    };
    for outcome in &plan.outcomes {
        match outcome {
            Outcome::Create { path, text, .. } => {
                let rel = path.to_str().expect("UTF-8 path");
                assert!(
                    rel.starts_with("content/members/") && confined(rel),
                    "{rel}"
                );
                let s = split(text).unwrap_or_else(|e| panic!("{e:?}: {text}"));
                parse::<Member>(Path::new(rel), text, s.yaml, s.yaml_line_offset)
                    .unwrap_or_else(|d| panic!("{d}\n{text}"));
            }
            Outcome::Skip { .. } => {}
            Outcome::Failed(d) => {
                let _ = d.to_string();
            }
        }
    }
});
