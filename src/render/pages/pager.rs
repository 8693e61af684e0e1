//! Where a page of a long list is among its pages: the pager, the part
//! of the list a page holds, and the index by initial's links into pages.

use super::Plan;
use crate::content::Section;
use crate::indexes;
use crate::render::cards::fill_in;
use crate::theme::Theme;
use crate::theme::view::{Count, Heading, IndexName, IndexPage, PageLink, Pager};

impl<'a> Plan<'a> {
    /// How many pages a list of `len` items takes, `per_page` to a page
    /// (an empty list has one page, which says it is empty).
    pub(super) fn page_count(&self, len: usize, per_page: usize) -> usize {
        len.div_ceil(per_page).max(1)
    }

    /// Items per page of a section's list: `directory.per_page` members,
    /// `lists.per_page` of the rest.
    pub(super) fn per_page(&self, section: Section) -> usize {
        match section {
            Section::Members => self.config.per_page,
            _ => self.config.list_per_page,
        }
    }

    /// The URL (or output folder) of page `n` of a list whose first page is
    /// `first` (ending in `/`).
    pub(super) fn page_url(first: &str, n: usize) -> String {
        match n {
            ..=1 => first.to_string(),
            n => format!("{first}{}/{n}/", indexes::PAGE_DIR),
        }
    }

    /// Where page `number` of a section's list is among its pages.
    pub(super) fn list_pager(&self, section: Section, number: usize) -> Pager {
        let first = format!("{}/{}/", self.prefix(), section.dir());
        let total = self.site.len(section);
        self.pager(&first, number, total, self.per_page(section))
    }

    /// Where page `number` of a list of `total` items, `per_page` to a
    /// page, whose first page is at `first`, is among its pages.
    pub(super) fn pager(&self, first: &str, number: usize, total: usize, per_page: usize) -> Pager {
        let count = self.page_count(total, per_page);
        let url = |n| Plan::page_url(first, n);
        let t = |key| self.input.theme.string_in(self.edition.lang(), key);
        let page_number = t("page_number");
        let mut links = Vec::new();
        let mut previous = 0;
        for n in pages_linked(number, count) {
            links.push(PageLink {
                number: n,
                url: url(n),
                current: n == number,
                gap: n > previous + 1,
                label: fill_in(page_number, "number", n),
            });
            previous = n;
        }
        Pager {
            number,
            count,
            total,
            offset: (number - 1) * per_page,
            per_page,
            prev: (number > 1).then(|| url(number - 1)),
            next: (number < count).then(|| url(number + 1)),
            links,
            page_of: fill_in(&fill_in(t("page_of"), "number", number), "count", count),
        }
    }

    /// The positions in its list of a page's items.
    pub(super) fn page_range(&self, pager: &Pager) -> std::ops::Range<usize> {
        pager.offset.min(pager.total)..(pager.offset + pager.per_page).min(pager.total)
    }

    /// The index by initial of a term's members (`list`, in directory
    /// order), each heading linking to the term's page where it starts.
    pub(super) fn term_headings(&self, first: &str, list: &[usize]) -> Vec<Heading> {
        let mut out: Vec<Heading> = Vec::new();
        for (pos, &i) in list.iter().enumerate() {
            let label = &self.ix.initial_of[i].initial;
            match out.iter_mut().rev().find(|h| &h.label == label) {
                Some(h) => h.count += 1,
                None => {
                    let url = Plan::page_url(first, pos / self.config.per_page + 1);
                    // The directory has every heading: its texts, made once.
                    let (text, full) = match self.headings.iter().find(|h| &h.label == label) {
                        Some(h) => (h.text.clone(), h.full.clone()),
                        None => texts(self.input.theme, self.edition.lang(), label),
                    };
                    out.push(Heading {
                        label: label.clone(),
                        count: 1,
                        url,
                        text,
                        full,
                    });
                }
            }
        }
        out
    }

    /// The directory's pages holding members of heading `k` of the index,
    /// with the first and last of them on each.
    pub(super) fn index_pages(&self, k: usize) -> Vec<IndexPage<'_>> {
        let first = format!("{}/{}/", self.prefix(), Section::Members.dir());
        let name = |pos: usize| {
            let member = &self.site.members[self.ix.directory[pos]].front;
            IndexName {
                name: &member.name,
                name_reading: member.name_reading.as_deref(),
            }
        };
        let per_page = self.config.per_page;
        let positions = &self.ix.initial_members[k];
        positions
            .chunk_by(|a, b| a / per_page == b / per_page)
            .map(|run| {
                let number = run[0] / per_page + 1;
                IndexPage {
                    number,
                    url: Plan::page_url(&first, number),
                    first: name(run[0]),
                    last: name(run[run.len() - 1]),
                }
            })
            .collect()
    }
}

/// The directory's index by initial (`initials`) as its headings show in
/// language `lang`: a gojūon row by its first kana (its whole name, `か行`,
/// from `t.initial_label`), a letter as itself, the rest as `t.other`.
pub(super) fn headings(theme: &Theme, lang: &str, initials: &[Count]) -> Vec<Heading> {
    initials
        .iter()
        .map(|c| {
            let (text, full) = texts(theme, lang, &c.label);
            Heading {
                label: c.label.clone(),
                count: c.count,
                url: c.url.clone().unwrap_or_default(),
                text,
                full,
            }
        })
        .collect()
}

/// What heading `label` shows, and its whole name, in language `lang`.
fn texts(theme: &Theme, lang: &str, label: &str) -> (String, String) {
    match label {
        "*" => {
            let other = theme.string_in(lang, "other");
            (other.to_string(), other.to_string())
        }
        row if crate::collation::GOJUON_ROW_NAMES.contains(&row) => {
            let full = fill_in(theme.string_in(lang, "initial_label"), "initial", row);
            (row.to_string(), full)
        }
        letter => (letter.to_string(), letter.to_string()),
    }
}

/// The items at `range` of the list `first` then `second` (upcoming events
/// then past ones), as the part of each.
pub(super) fn in_two<'l>(
    first: &'l [usize],
    second: &'l [usize],
    range: std::ops::Range<usize>,
) -> (&'l [usize], &'l [usize]) {
    let n = first.len();
    (
        &first[range.start.min(n)..range.end.min(n)],
        &second[range.start.saturating_sub(n)..range.end.saturating_sub(n)],
    )
}

/// The pages a pager links, in order: the first and the last, and the two
/// on either side of page `number` of `count`.
fn pages_linked(number: usize, count: usize) -> Vec<usize> {
    let mut shown: Vec<usize> = [1, count]
        .into_iter()
        .chain(number.saturating_sub(2).max(1)..=(number + 2).min(count))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_two_lists_in_one_takes_its_part_of_each() {
        let (upcoming, past) = ([1, 2, 3], [7, 8, 9, 10]);
        assert_eq!(in_two(&upcoming, &past, 0..2), (&[1, 2][..], &[][..]));
        assert_eq!(in_two(&upcoming, &past, 2..4), (&[3][..], &[7][..]));
        assert_eq!(in_two(&upcoming, &past, 4..6), (&[][..], &[8, 9][..]));
        assert_eq!(in_two(&upcoming, &past, 6..7), (&[][..], &[10][..]));
    }

    #[test]
    fn a_pager_links_the_ends_and_two_pages_either_side() {
        assert_eq!(pages_linked(1, 1), [1]);
        assert_eq!(pages_linked(1, 3), [1, 2, 3]);
        assert_eq!(pages_linked(1, 140), [1, 2, 3, 140]);
        assert_eq!(pages_linked(70, 140), [1, 68, 69, 70, 71, 72, 140]);
        assert_eq!(pages_linked(139, 140), [1, 137, 138, 139, 140]);
        assert_eq!(pages_linked(4, 7), [1, 2, 3, 4, 5, 6, 7]);
    }
}
