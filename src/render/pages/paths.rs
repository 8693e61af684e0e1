//! Where each page of a plan goes: its URL and its output path, and the
//! document a task shows.

use super::{DocHead, Plan, Task};
use crate::content::{Section, Site};
use crate::indexes;

impl<'a> Plan<'a> {
    /// The document a task shows, with its section: its slug, original's
    /// key and language.
    pub(super) fn doc_of(&self, task: Task) -> Option<(Section, DocHead<'a>)> {
        let Task::Doc(section, i) = task else {
            return None;
        };
        let site: &'a Site = self.site;
        let mut head = None;
        crate::for_each_kind!(*site, |docs, kind| if kind == section {
            let d = &docs[i];
            head = Some(DocHead {
                slug: &d.slug,
                group: &d.group,
                lang: &d.lang,
            });
        });
        head.map(|head| (section, head))
    }

    pub(super) fn url_of(&self, task: Task) -> String {
        let p = self.prefix();
        if let Some((section, doc)) = self.doc_of(task) {
            return section.url_in(p, doc.slug);
        }
        match task {
            Task::Term(tax, i) => self.taxonomy(tax).terms[i].url.clone(),
            Task::TermPage(tax, i, n) => Self::page_url(&self.taxonomy(tax).terms[i].url, n),
            Task::Initial(k) => self.ix.initials[k].url.clone().unwrap_or_default(),
            Task::ListPage(section, n) => Self::page_url(&format!("{p}/{}/", section.dir()), n),
            Task::TaxonomyPage(tax, n) => Self::page_url(&format!("{p}/{}/", tax.name()), n),
            other => format!("{p}{}", self.list_path(other)),
        }
    }

    /// The URL of a page that every language has, after the language's prefix.
    pub(super) fn list_path(&self, task: Task) -> String {
        match task {
            Task::List(section) => format!("/{}/", section.dir()),
            Task::Taxonomy(tax) => format!("/{}/", self.taxonomy(tax).name),
            Task::Stats => format!("/{}/", crate::content::STATS),
            Task::NotFound => "/404.html".into(),
            _ => "/".into(),
        }
    }

    /// Output path (UTF-8, not percent-encoded) of a page.
    pub(super) fn path_of(&self, task: Task) -> String {
        let p = self.edition.lang_prefix();
        if let Some((section, doc)) = self.doc_of(task) {
            return section.output_path_in(p, doc.slug);
        }
        match task {
            Task::Term(tax, i) | Task::TermPage(tax, i, _) => {
                let t = self.taxonomy(tax);
                let n = match task {
                    Task::TermPage(.., n) => n,
                    _ => 1,
                };
                let first = format!("{}{}/{}/", self.output_dir(), t.name, t.terms[i].slug);
                format!("{}index.html", Self::page_url(&first, n))
            }
            Task::ListPage(section, n) => {
                let first = format!("{}{}/", self.output_dir(), section.dir());
                format!("{}index.html", Self::page_url(&first, n))
            }
            Task::TaxonomyPage(tax, n) => {
                let first = format!("{}{}/", self.output_dir(), tax.name());
                format!("{}index.html", Self::page_url(&first, n))
            }
            Task::Initial(k) => format!(
                "{}{}/{}/{}/index.html",
                self.output_dir(),
                Section::Members.dir(),
                indexes::INITIAL_DIR,
                indexes::initial_slug(&self.ix.initials[k].label)
            ),
            Task::NotFound => format!("{}404.html", self.output_dir()),
            other => format!(
                "{}{}index.html",
                self.output_dir(),
                self.list_path(other).trim_start_matches('/')
            ),
        }
    }

    /// The output folder of this plan's language: `""` or `en/`.
    pub(super) fn output_dir(&self) -> String {
        match self.edition.lang_prefix().trim_start_matches('/') {
            "" => String::new(),
            dir => format!("{dir}/"),
        }
    }
}
