//! `alumni check`: everything `build` validates, plus what a build tolerates
//! but an editor should hear about.
//!
//! [`run`] loads the site once through the real pipeline, renders it for each
//! audience without writing anything, and collects [`Finding`]s: the build's
//! own errors, links in the rendered pages that lead nowhere ([`links`]), and
//! checks over the content model ([`content`]). Nothing here writes or prints;
//! the CLI formats the report.

mod content;
mod links;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};

use crate::content::Audience;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{self, BuildOptions, Timings};

/// How bad a finding is: errors fail `check`, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found by `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable name for the kind of problem (`broken-link`, `job-closed`…), for CI filters.
    pub code: &'static str,
    pub diagnostic: Diagnostic,
    /// The one build this is about; `None` when it holds for every build checked.
    pub audience: Option<Audience>,
}

impl Finding {
    pub fn error(code: &'static str, diagnostic: Diagnostic) -> Self {
        Finding {
            severity: Severity::Error,
            code,
            diagnostic,
            audience: None,
        }
    }

    pub fn warning(code: &'static str, diagnostic: Diagnostic) -> Self {
        Finding {
            severity: Severity::Warning,
            code,
            diagnostic,
            audience: None,
        }
    }

    /// `path:line:col: severity: message`, the source line with a caret, and the hint.
    pub fn human(&self, name_the_build: bool) -> String {
        let mut d = self.diagnostic.clone();
        let build = match self.audience {
            Some(a) if name_the_build => format!(" (in the {} build)", a.as_str()),
            _ => String::new(),
        };
        d.message = format!("{}: {}{build}", self.severity.as_str(), d.message);
        d.to_string()
    }

    /// One JSON object, as documented in docs/authoring.md.
    pub fn to_json(&self) -> Value {
        let d = &self.diagnostic;
        let position = |n: usize| if n == 0 { Value::Null } else { json!(n) };
        json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "path": d.location.path.to_string_lossy(),
            "origin": d.location.origin.as_str(),
            "line": position(d.location.line),
            "col": position(d.location.col),
            "message": d.message,
            "hint": d.hint,
            "audience": self.audience.map(Audience::as_str),
        })
    }
}

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// The builds to render and check, in order.
    pub audiences: Vec<Audience>,
    pub drafts: bool,
    /// The moment treated as now (closed jobs, old consents).
    pub now: DateTime<FixedOffset>,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by file, then position.
    pub findings: Vec<Finding>,
    /// Content files loaded; `None` when the site could not be loaded (so
    /// only the errors that stopped loading are known).
    pub documents: Option<usize>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Checks the site at `options.root`.
pub fn run(options: &Options) -> Report {
    let mut timings = Timings::default();
    let audience = options.audiences.first().copied().unwrap_or_default();
    let build = BuildOptions {
        root: options.root.clone(),
        // Never written: check writes nothing.
        output: options.root.join(crate::output::default_folder(audience)),
        base_url: None,
        audience,
        drafts: options.drafts,
        now: options.now,
    };
    let (setup, site) = match pipeline::load_partial(&build, &mut timings) {
        Ok(loaded) => loaded,
        Err(failed) => {
            let mut findings = from_build(failed.problems, None);
            // The story casts of the documents that did load, too.
            if let Some(partial) = failed.partial {
                let unloaded = partial.unloaded.iter().map(|u| u.key.as_str());
                findings.extend(content::story_casts(&partial.site, &options.root, unloaded));
            }
            return Report {
                findings: merge(findings),
                documents: None,
            };
        }
    };
    let today = options
        .now
        .with_timezone(&setup.config.timezone)
        .date_naive();
    let mut findings = content::check(&site, &setup.config, &options.root, today);
    for &audience in &options.audiences {
        let opts = BuildOptions {
            audience,
            ..build.clone()
        };
        let found = match pipeline::render_loaded(&opts, &setup, site.clone(), &mut timings) {
            Ok(files) => links::check(&files, &site, &setup.config, &options.root),
            Err(problems) => from_build(problems, None),
        };
        findings.extend(found.into_iter().map(|f| Finding {
            audience: Some(audience),
            ..f
        }));
    }
    let documents = site.keys().count()
        + usize::from(site.programme.is_some())
        + site.programme_translations.len();
    Report {
        findings: merge(findings),
        documents: Some(documents),
    }
}

/// The build's own errors.
fn from_build(problems: Diagnostics, audience: Option<Audience>) -> Vec<Finding> {
    problems
        .0
        .into_iter()
        .map(|d| Finding {
            audience,
            ..Finding::error("build", d)
        })
        .collect()
}

/// One finding per problem: the same message about the same file, found in
/// several builds or by two checks, is reported once, at its most precise
/// position, and no longer tied to one build when every build has it.
fn merge(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut index: HashMap<(Severity, PathBuf, String), usize> = HashMap::new();
    for f in findings {
        let d = &f.diagnostic;
        let key = (f.severity, d.location.path.clone(), d.message.clone());
        let Some(&i) = index.get(&key) else {
            index.insert(key, out.len());
            out.push(f);
            continue;
        };
        let o = &mut out[i];
        if o.audience != f.audience {
            o.audience = None;
        }
        if o.diagnostic.location.line == 0 && f.diagnostic.location.line > 0 {
            o.diagnostic = f.diagnostic;
        }
    }
    out.sort_by(|a, b| {
        (&a.diagnostic.location, a.severity).cmp(&(&b.diagnostic.location, b.severity))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;

    fn finding(line: usize, audience: Audience) -> Finding {
        let d = Diagnostic::new(Location::at("content/a.md", line, 1), "bad");
        Finding {
            audience: Some(audience),
            ..Finding::error("build", d)
        }
    }

    #[test]
    fn merges_the_same_problem_from_two_builds() {
        let merged = merge(vec![
            finding(0, Audience::Public),
            finding(3, Audience::Members),
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].audience, None);
        assert_eq!(merged[0].diagnostic.location.line, 3);
    }

    #[test]
    fn formats_human_and_json() {
        let f = Finding::warning(
            "job-closed",
            Diagnostic::new(Location::at("content/jobs/a.md", 7, 1), "closed").with_hint("h"),
        );
        assert_eq!(
            f.human(true),
            "content/jobs/a.md:7:1: warning: closed\n  = help: h"
        );
        let j = f.to_json();
        assert_eq!(j["severity"], "warning");
        assert_eq!(j["line"], 7);
        assert_eq!(j["audience"], Value::Null);
        assert_eq!(j["origin"], "file");
        let in_public = Finding {
            audience: Some(Audience::Public),
            ..f
        };
        assert!(
            in_public
                .human(true)
                .contains("closed (in the public build)")
        );
        assert!(!in_public.human(false).contains("public build"));
    }
}
