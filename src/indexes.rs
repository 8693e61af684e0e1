//! Indexes over the visible site, computed once per build: taxonomies
//! (departments, skills, cohorts), story back-links, and the stats
//! breakdowns. Pure; list pages read these instead of scanning members.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::collation;
use crate::content::{Doc, Member, Site, Tax, slug};
use crate::theme::view::{Count, StatsView, TermCount};

/// One taxonomy: its terms and, per term, the indexes of its members.
#[derive(Debug, Default)]
pub struct Taxonomy {
    pub name: &'static str,
    pub terms: Vec<TermCount>,
    /// Member indexes (into `Site::members`, directory order) per term, as `terms`.
    pub members: Vec<Vec<usize>>,
    /// Term name → index into `terms` (ahash: every card looks up its
    /// terms).
    by_name: HashMap<String, usize, ahash::RandomState>,
}

impl Taxonomy {
    /// The index into `terms` of the term `name`, if it is in this taxonomy.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The URL of the term `name`, if it is in this taxonomy.
    pub fn url_of(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(|&i| self.terms[i].url.as_str())
    }

    /// Builds taxonomy `tax` from each member's terms, the members taken
    /// in `order` (the directory's): each term's list is in that order.
    fn build(tax: Tax, prefix: &str, members: &[Doc<Member>], order: &[usize]) -> Self {
        let name = tax.name();
        // The terms borrowed from the members (a cohort's year is made),
        // hashed (ahash), then sorted: one string per term, not one per
        // member and term, and no string comparisons per member.
        let mut by_term: HashMap<Cow<str>, Vec<usize>, ahash::RandomState> = HashMap::default();
        if matches!(tax, Tax::Cohorts) {
            // By the year itself: its text made once per year.
            let mut by_year: HashMap<i32, Vec<usize>, ahash::RandomState> = HashMap::default();
            for &i in order {
                by_year
                    .entry(members[i].front.left.year())
                    .or_default()
                    .push(i);
            }
            by_term.extend(
                by_year
                    .into_iter()
                    .map(|(y, list)| (Cow::Owned(y.to_string()), list)),
            );
        } else {
            for &i in order {
                tax.each_term_in(&members[i].front, |term| {
                    let list = by_term.entry(term).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                });
            }
        }
        let mut by_term: Vec<(Cow<str>, Vec<usize>)> = by_term.into_iter().collect();
        by_term.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut tax = Taxonomy {
            name,
            ..Taxonomy::default()
        };
        // Terms that slugify alike get `-2`, `-3`…, skipping slugs that
        // another term already has (`A`, `a`, `a 2` → a, a-2, a-2-2).
        let mut used_slugs: HashSet<String> = HashSet::new();
        for (term, list) in by_term {
            let term = term.into_owned();
            let base = slug::term(&term);
            let mut term_slug = base.clone();
            let mut n = 1;
            while !used_slugs.insert(term_slug.clone()) {
                n += 1;
                term_slug = format!("{base}-{n}");
            }
            tax.by_name.insert(term.clone(), tax.terms.len());
            tax.terms.push(TermCount {
                url: format!("{prefix}/{name}/{}/", slug::encode(&term_slug)),
                name: term,
                slug: term_slug,
                count: list.len(),
            });
            tax.members.push(list);
        }
        tax
    }
}

/// Everything list pages need, computed once.
#[derive(Debug)]
pub struct Indexes {
    /// Member indexes in directory order (by reading, then name, then slug).
    pub directory: Vec<usize>,
    /// The taxonomies, in the order of [`Tax::ALL`] (see [`Indexes::taxonomy`]).
    taxonomies: [Taxonomy; 3],
    /// Member slug → indexes of the stories naming them, newest first.
    pub stories_of: HashMap<String, Vec<usize>>,
    /// Member slug → index into `Site::members`.
    pub member_by_slug: HashMap<String, usize>,
    /// Each member's sort key and heading in an index by initial
    /// ([`Collated`]), by index into `Site::members`.
    pub initial_of: Vec<Arc<Collated>>,
    /// The initials with their member counts, in directory order, each
    /// with the URL of its page of the index (`/members/initial/<slug>/`,
    /// [`initial_slug`]).
    pub initials: Vec<Count>,
    /// Per entry of `initials`, the positions in `directory` of its members.
    pub initial_members: Vec<Vec<usize>>,
}

impl Indexes {
    pub fn taxonomy(&self, tax: Tax) -> &Taxonomy {
        &self.taxonomies[tax as usize]
    }
}

/// Where a member files in the directory: the sort key of their name
/// (`collation::name_key`) and their heading in the index by initial
/// (`collation::initial`), in one language. Made once per member and
/// language; `serve` keeps it while the member's name and reading are the
/// same (`render::CardCache`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collated {
    pub key: String,
    pub initial: String,
}

impl Collated {
    /// Where `m` files in language `lang`.
    pub fn of(m: &Member, lang: &str) -> Collated {
        let reading = m.name_reading.as_deref();
        Collated {
            key: collation::name_key(&m.name, reading, lang),
            initial: collation::initial(&m.name, reading, lang),
        }
    }
}

/// Computes the indexes of a (visible) site in language `lang`, whose URLs
/// are under `prefix` (`""`, `/en`).
pub fn build(site: &Site, lang: &str, prefix: &str) -> Indexes {
    let collated: Vec<Arc<Collated>> = site
        .members
        .par_iter()
        .with_max_len(256)
        .map(|m| Arc::new(Collated::of(&m.front, lang)))
        .collect();
    build_collated(site, prefix, collated)
}

/// [`build`], with where each member of `site` files (`collated`, by
/// index into `site.members`) already known.
pub fn build_collated(site: &Site, prefix: &str, collated: Vec<Arc<Collated>>) -> Indexes {
    let members = &site.members;
    let mut directory: Vec<usize> = (0..members.len()).collect();
    let key = |i: usize| {
        let m = &members[i];
        (
            collated[i].key.as_str(),
            m.front.name.as_str(),
            m.slug.as_ref(),
        )
    };
    directory.par_sort_by(|&a, &b| key(a).cmp(&key(b)));
    // Each taxonomy takes the members in directory order, so that each
    // term's list is in it.
    let (departments, (skills, cohorts)) = rayon::join(
        || Taxonomy::build(Tax::Departments, prefix, members, &directory),
        || {
            rayon::join(
                || Taxonomy::build(Tax::Skills, prefix, members, &directory),
                || Taxonomy::build(Tax::Cohorts, prefix, members, &directory),
            )
        },
    );
    let initial_of = collated;
    let mut initials: Vec<Count> = Vec::new();
    let mut initial_members: Vec<Vec<usize>> = Vec::new();
    for (pos, &i) in directory.iter().enumerate() {
        let label = &initial_of[i].initial;
        // Few headings (at most 37), met mostly in runs: the last first.
        match initials.iter().rposition(|c| &c.label == label) {
            Some(k) => {
                initials[k].count += 1;
                initial_members[k].push(pos);
            }
            None => {
                initials.push(Count {
                    label: label.clone(),
                    count: 1,
                    url: Some(format!(
                        "{prefix}/{}/{INITIAL_DIR}/{}/",
                        crate::content::Section::Members.dir(),
                        slug::encode(&initial_slug(label))
                    )),
                });
                initial_members.push(vec![pos]);
            }
        }
    }
    let taxonomies = [departments, skills, cohorts];
    let member_by_slug = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.slug.to_string(), i))
        .collect();
    let mut stories_of: HashMap<String, Vec<usize>> = HashMap::new();
    for i in newest_first(
        site.stories
            .iter()
            .map(|s| (s.front.date.0, s.slug.as_ref())),
    ) {
        for slug in &site.stories[i].front.members {
            stories_of.entry(slug.clone()).or_default().push(i);
        }
    }
    Indexes {
        directory,
        taxonomies,
        stories_of,
        member_by_slug,
        initial_of,
        initials,
        initial_members,
    }
}

/// The folder under `/members/` of the index's pages, one per heading.
pub const INITIAL_DIR: &str = "initial";

/// The folder under a list's URL of its pages after the first
/// (`/members/page/2/`, `/skills/rust/page/2/`).
pub const PAGE_DIR: &str = "page";

/// The URL segment of a heading of the index by initial: the heading in
/// lower case (`か`, `a`), `other` for `*` (names under no gojūon row or letter).
pub fn initial_slug(label: &str) -> String {
    match label {
        "*" => "other".into(),
        label => label.to_lowercase(),
    }
}

/// Indexes of items sorted newest first (by date, then slug for stability).
pub fn newest_first<'a, D: Ord>(items: impl Iterator<Item = (D, &'a str)>) -> Vec<usize> {
    let mut keyed: Vec<(D, &str, usize)> = items.enumerate().map(|(i, (d, s))| (d, s, i)).collect();
    keyed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// The /stats/ breakdowns; groups smaller than `min_group` fold into `other`.
pub fn stats(site: &Site, indexes: &Indexes, min_group: usize, other: &str) -> StatsView {
    let members = &site.members;
    let by_department = fold(
        indexes
            .taxonomy(Tax::Departments)
            .terms
            .iter()
            .map(|t| (t.name.clone(), t.count, Some(t.url.clone())))
            .collect(),
        min_group,
        other,
        true,
    );
    let by_left_year = fold(
        indexes
            .taxonomy(Tax::Cohorts)
            .terms
            .iter()
            .map(|t| (t.name.clone(), t.count, Some(t.url.clone())))
            .collect(),
        min_group,
        other,
        false,
    );
    let mut industries: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rehires: BTreeMap<i32, usize> = BTreeMap::new();
    for m in members {
        if let Some(ind) = m.front.now.industry.as_deref() {
            *industries.entry(ind).or_default() += 1;
        }
        if let Some(r) = m.front.returned {
            *rehires.entry(r.year()).or_default() += 1;
        }
    }
    let by_industry = fold(
        industries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v, None))
            .collect(),
        min_group,
        other,
        true,
    );
    let rehires_per_year = fold(
        rehires
            .into_iter()
            .map(|(k, v)| (k.to_string(), v, None))
            .collect(),
        min_group,
        other,
        false,
    );
    StatsView {
        by_department,
        by_left_year,
        by_industry,
        rehires_per_year,
        min_group_size: min_group,
    }
}

/// Folds rows under `min_group` into one `other` row at the end (left out
/// when it is itself under `min_group`); sorts by
/// count (largest first) when `by_count`, else keeps the label order.
pub fn fold(
    rows: Vec<(String, usize, Option<String>)>,
    min_group: usize,
    other: &str,
    by_count: bool,
) -> Vec<Count> {
    let mut kept: Vec<Count> = Vec::new();
    let mut folded = 0;
    for (label, count, url) in rows {
        if count >= min_group {
            kept.push(Count { label, count, url });
        } else {
            folded += count;
        }
    }
    if by_count {
        kept.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    }
    // "Other" is shown only when it is itself a group large enough not to
    // single anyone out.
    if folded >= min_group {
        kept.push(Count {
            label: other.to_string(),
            count: folded,
            url: None,
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_groups_fold_into_other() {
        let rows = vec![
            ("A".to_string(), 6, None),
            ("B".to_string(), 1, None),
            ("C".to_string(), 9, None),
            ("D".to_string(), 2, None),
        ];
        let out = fold(rows, 3, "その他", true);
        let labels: Vec<(&str, usize)> = out.iter().map(|c| (c.label.as_str(), c.count)).collect();
        assert_eq!(labels, [("C", 9), ("A", 6), ("その他", 3)]);
    }

    #[test]
    fn a_small_other_group_is_not_shown() {
        let rows = vec![("A".to_string(), 6, None), ("B".to_string(), 1, None)];
        let out = fold(rows, 5, "other", true);
        assert_eq!(
            out,
            vec![Count {
                label: "A".into(),
                count: 6,
                url: None
            }]
        );
    }

    #[test]
    fn terms_that_slugify_alike_never_share_a_url() {
        let members: Vec<Doc<Member>> = [["A", "a"], ["a 2", "b"]]
            .iter()
            .map(|skills| Doc {
                key: "".into(),
                path: std::path::Path::new("").into(),
                slug: "".into(),
                lang: "ja".into(),
                group: "".into(),
                front: serde_json::from_value(
                    serde_json::json!({"name": "n", "left": 2019, "skills": skills}),
                )
                .unwrap(),
                body: "".into(),
                body_line: 1,
                html: "".into(),
            })
            .collect();
        let order: Vec<usize> = (0..members.len()).collect();
        let tax = Taxonomy::build(Tax::Skills, "", &members, &order);
        let slugs: Vec<&str> = tax.terms.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "a-2", "a-2-2", "b"]);
    }

    #[test]
    fn index_headings_are_url_segments_of_their_own() {
        assert_eq!(initial_slug("か"), "か");
        assert_eq!(initial_slug("K"), "k");
        assert_eq!(initial_slug("*"), "other");
        // No heading is spelt like another in lower case.
        let mut slugs: Vec<String> = crate::collation::GOJUON_ROW_NAMES
            .iter()
            .map(|r| r.to_string())
            .chain(('A'..='Z').map(String::from))
            .chain(["*".to_string()])
            .map(|h| initial_slug(&h))
            .collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 10 + 26 + 1);
    }

    #[test]
    fn newest_first_is_stable() {
        let order = newest_first([(1, "b"), (2, "a"), (1, "a")].into_iter());
        assert_eq!(order, [1, 2, 0]);
    }
}
