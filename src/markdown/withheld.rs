//! The pages a build withholds, and whether a URL, however it is written,
//! points into one.

use std::borrow::Cow;
use std::collections::HashSet;

/// How many slugs and pages [`Withheld::cannot_cover`] looks for one by one.
const FEW: usize = 8;

/// The pages of a site that a build does not have because the privacy gate
/// withheld them: `(section folder, slug)` of documents (`members`,
/// `sato-hanako`), and the slugs of free pages (at the site's root).
#[derive(Debug, Default, Clone)]
pub struct Withheld {
    docs: HashSet<(String, String)>,
    pages: HashSet<String>,
    /// The slugs of `docs`, whatever their section (ahash: every segment
    /// of every URL looked at is looked up).
    slugs: HashSet<String, ahash::RandomState>,
    /// Finds what a URL into a withheld page must contain (a section's
    /// folder, a page's slug, or `%` that could encode either), to tell
    /// quickly which bodies cannot link to one.
    clues: Option<aho_corasick::AhoCorasick>,
    /// What `clues` finds.
    clue_words: Vec<String>,
    /// The segments of the path the site is served under (`alumni`), in
    /// lower case: a site-absolute link starts with them.
    base: Vec<String>,
    /// For a few slugs and pages, none with an upper-case letter: a search
    /// for each (see [`Withheld::cannot_cover`]).
    few: Option<Vec<memchr::memmem::Finder<'static>>>,
}

/// The same pages withheld under the same path (the clues follow from them).
impl PartialEq for Withheld {
    fn eq(&self, other: &Withheld) -> bool {
        self.docs == other.docs && self.pages == other.pages && self.base == other.base
    }
}

/// An equivalence (sets and a list compared): an `Arc<Withheld>` is then
/// equal to itself by pointer, without comparing its pages.
impl Eq for Withheld {}

impl Withheld {
    /// The withheld documents (section folder, slug) and free pages (slug).
    pub fn new(docs: HashSet<(String, String)>, pages: HashSet<String>) -> Withheld {
        let mut clues: Vec<String> = docs.iter().map(|(dir, _)| format!("{dir}/")).collect();
        clues.sort();
        clues.dedup();
        clues.extend(pages.iter().cloned());
        clues.push("%".into());
        clues.push("..".into());
        // A character reference or a backslash can spell any of them.
        clues.push("&".into());
        clues.push("\\".into());
        let slugs: HashSet<String, ahash::RandomState> =
            docs.iter().map(|(_, slug)| slug.clone()).collect();
        let names = || slugs.iter().chain(&pages);
        let few = (slugs.len() + pages.len() <= FEW
            && names().all(|n| !n.bytes().any(|b| b.is_ascii_uppercase())))
        .then(|| {
            names()
                .filter(|n| !n.is_empty())
                .map(|n| memchr::memmem::Finder::new(n).into_owned())
                .collect()
        });
        let clue_words = clues;
        let clues = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&clue_words)
            .ok();
        Withheld {
            docs,
            pages,
            slugs,
            clues,
            clue_words,
            base: Vec::new(),
            few,
        }
    }

    /// The same pages on a site served under `base_path` (`/alumni`).
    pub fn under(mut self, base_path: &str) -> Withheld {
        self.base = base_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let s = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
                s.to_lowercase()
            })
            .collect();
        self
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.pages.is_empty()
    }

    /// Whether `source` (Markdown) may link to a withheld page: false only
    /// when no link or image in it can, so that its HTML is the same
    /// whatever the build withholds.
    pub fn may_be_named_in(&self, source: &str) -> bool {
        !self.is_empty() && self.clues.as_ref().is_none_or(|c| c.is_match(source))
    }

    /// Whether [`Withheld::may_be_named_in`] answers alike for these
    /// pages and `other` whatever the source (the answer reads no more
    /// than whether any page is withheld, and the clues).
    pub fn named_alike(&self, other: &Withheld) -> bool {
        self.is_empty() == other.is_empty()
            && self.clue_words == other.clue_words
            && self.clues.is_some() == other.clues.is_some()
    }

    /// The pages withheld here and not in `before`, when both are under
    /// the same path (`None` otherwise). [`Withheld::covers`] asks of each
    /// page alone whether the URL points into it, so a URL that `before`
    /// does not cover points into a page here exactly when it points into
    /// one of these: what `serve` asks of the URLs it found nothing in
    /// before, when a few more pages are withheld.
    pub fn added_since(&self, before: &Withheld) -> Option<Withheld> {
        if self.base != before.base {
            return None;
        }
        let docs = (self.docs.iter())
            .filter(|d| !before.docs.contains(*d))
            .cloned()
            .collect();
        let pages = (self.pages.iter())
            .filter(|p| !before.pages.contains(*p))
            .cloned()
            .collect();
        let mut added = Withheld::new(docs, pages);
        added.base = self.base.clone();
        Some(added)
    }

    /// Whether `url` (as written in a link or `src`: relative, site-absolute
    /// or `http(s)://`) points into a withheld page, whatever its language
    /// prefix, percent-encoding or case. Errs on the side of yes: a link to
    /// another site with the same path shape loses its link too.
    pub fn covers(&self, url: &str) -> bool {
        !self.is_empty() && !self.cannot_cover(url) && self.points_into(url)
    }

    /// [`Withheld::covers`], the URL read in full. (Copied only where it
    /// changes: a URL as written, its segments already in lower case.)
    fn points_into(&self, url: &str) -> bool {
        // Browsers drop tabs and line breaks from URLs, and read a
        // backslash as a slash (`https://host\members\x\`).
        let url = url.trim();
        let url: Cow<str> = if url.contains(['\t', '\n', '\r', '\\']) {
            url.chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .map(|c| if c == '\\' { '/' } else { c })
                .collect::<String>()
                .into()
        } else {
            url.into()
        };
        let scheme = |s: &[u8]| {
            url.as_bytes()
                .get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        };
        let absolute = scheme(b"http://") || scheme(b"https://") || url.starts_with("//");
        let path = if absolute {
            let rest = url
                .trim_start_matches(|c: char| c != '/')
                .trim_start_matches('/');
            rest.find('/').map_or("", |i| &rest[i..])
        } else {
            &url
        };
        let path = path.split(['?', '#']).next().unwrap_or("");
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let mut segments: Vec<Cow<str>> = Vec::new();
        for s in decoded.split(['/', '\\']) {
            match s {
                "" | "." => {}
                ".." => {
                    segments.pop();
                }
                s if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) => {
                    segments.push(s.into());
                }
                s => segments.push(s.to_lowercase().into()),
            }
        }
        // A page's folder, or a file beside it named after it (an event's
        // `/events/<slug>.ics`).
        let doc = |pair: &[Cow<str>]| {
            let slug = pair[1].strip_suffix(".ics").unwrap_or(&pair[1]);
            // Most segments are no withheld page's slug: looked up as they
            // are before the pair is made.
            self.slugs.contains(slug)
                && self.docs.contains(&(pair[0].to_string(), slug.to_string()))
        };
        let slug = |s: &Cow<str>| self.slugs.contains(s.as_ref());
        let site_path = !absolute && url.starts_with('/');
        let relative = !absolute && !site_path;
        let into = |segments: &[Cow<str>]| {
            segments.windows(2).any(doc)
                || segments.iter().take(2).any(|s| self.pages.contains(s.as_ref()))
                // Relative to a page the link is not known from: any part
                // may be the slug (`../sato-hanako/` from another profile).
                || (relative && segments.iter().any(slug))
        };
        // From the host's root, a link may name the site's path or not: a
        // site-absolute one is put under it when the page is written, a
        // full URL is read as written. Both readings are looked at.
        let under_base = segments.len() >= self.base.len()
            && segments.iter().zip(&self.base).all(|(s, b)| s == b);
        into(&segments)
            || (!relative
                && !self.base.is_empty()
                && under_base
                && into(&segments[self.base.len()..]))
    }

    /// Whether `url` cannot point into a page of these, told without
    /// reading it as [`Withheld::covers`] does, for a few pages (the pages
    /// withheld since the last run of `serve`): an ASCII URL with no
    /// percent sign and no tab or line break is read as its own segments
    /// in ASCII lower case, so each slug it points into (or an event's
    /// file named after it) is in it as written, whatever the case. `false`
    /// when it may, or when the pages are too many to look for one by one.
    fn cannot_cover(&self, url: &str) -> bool {
        if self.slugs.len() + self.pages.len() > FEW
            || !url.is_ascii()
            || url
                .bytes()
                .any(|b| matches!(b, b'%' | b'\t' | b'\n' | b'\r'))
        {
            return false;
        }
        // Nearly every URL is in lower case: then the slugs, in lower case
        // too, are searched for as they are.
        if let Some(few) = &self.few
            && !url.bytes().any(|b| b.is_ascii_uppercase())
        {
            return !few.iter().any(|f| f.find(url.as_bytes()).is_some());
        }
        let holds = |name: &str| {
            let (url, name) = (url.as_bytes(), name.as_bytes());
            !name.is_empty()
                && url.len() >= name.len()
                && url
                    .windows(name.len())
                    .any(|w| w.eq_ignore_ascii_case(name))
        };
        !self.slugs.iter().chain(&self.pages).any(|s| holds(s))
    }
}

#[cfg(test)]
mod tests;
