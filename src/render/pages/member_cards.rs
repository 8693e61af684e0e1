//! Member cards: each member's card made once per build (view, template
//! value, and HTML from the theme's `member_card` component), reused by
//! every list; kept between `serve` plans for the cards an edit left alone.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::{Context, Value};

use super::Plan;
use crate::assets::{Asset, Assets};
use crate::audience::Visible;
use crate::content::{Doc, Member, Tax};
use crate::diagnostics::Diagnostic;
use crate::indexes::{Collated, Indexes, Taxonomy};
use crate::render::cards::member_card;
use crate::render::{Input, search, template_error};
use crate::theme::view::{MemberCard, Term};

impl<'a> Plan<'a> {
    /// Frees the plan on all of rayon's threads: its thousands of member
    /// cards take tens of milliseconds to free on one.
    pub fn free(self) {
        let Plan { members, cards, .. } = self;
        rayon::join(
            || members.into_par_iter().with_max_len(256).for_each(drop),
            || cards.into_par_iter().with_max_len(256).for_each(drop),
        );
    }

    /// This plan's member cards, for the next plan to reuse.
    pub fn card_cache(&self) -> CardCache {
        let kept = Kept {
            cards: self.cards.clone(),
            terms: Tax::ALL.map(|tax| {
                let terms = &self.ix.taxonomy(tax).terms;
                terms
                    .iter()
                    .map(|t| (t.name.clone(), t.url.clone()))
                    .collect()
            }),
        };
        let mut cards = HashMap::new();
        cards.insert(self.prefix().to_string(), kept);
        CardCache {
            cards,
            search: HashMap::new(),
        }
    }

    /// The card of member `i` (index into `site.members`); a card taken
    /// from an earlier plan gets its view when first asked for (a page
    /// showing it, the search data).
    pub(super) fn card(&self, i: usize) -> &MemberCard<'a> {
        self.members[i].get_or_init(|| {
            let lang = self.edition.lang();
            let t = |key: &'static str| self.input.theme.string_in(lang, key);
            let m = &self.site.members[i];
            let mut card = member_card(m, &self.ix, self.input.assets, self.prefix(), &t);
            card.html = self.cards[i].html.clone();
            card
        })
    }
}

/// Member cards of an earlier plan, with what each was made of, by the
/// prefix of the plan's language: `serve` gives the next plan the cards
/// of members an edit left as they were. Valid only with the same theme
/// and config (`serve` drops it when they change).
#[derive(Default)]
pub struct CardCache {
    cards: HashMap<String, Kept>,
    /// What each language's search data was made of, by its folder.
    search: HashMap<String, Arc<search::Kept>>,
}

/// One plan's member cards, and the terms they link to.
struct Kept {
    /// By index into the plan's `site.members`.
    cards: Vec<Arc<Card>>,
    /// Each taxonomy's terms (name, URL), in the order of `Tax::ALL`.
    terms: [Vec<(String, String)>; 3],
}

/// A member's card as a plan made it (template value and HTML, where the
/// member files in the directory), with what the card reads: the member's
/// file (key), front matter, slug and language, and their photo. A card
/// reads nothing else but the URLs of the member's terms (compared per
/// plan) and the theme's strings in the plan's language (the same while
/// the theme and config are).
pub(super) struct Card {
    key: Arc<str>,
    slug: Arc<str>,
    lang: Arc<str>,
    front: Arc<Member>,
    /// The photo's URL, its larger thumbnail's and its size, as shown.
    photo: (Option<String>, Option<String>, Option<u32>),
    pub(super) collated: Arc<Collated>,
    html: Option<Arc<str>>,
    pub(super) value: Value,
}

impl Card {
    /// Whether this card, made for a member at the same place, is the card
    /// of `m` with the photo `asset`.
    fn is_of(&self, m: &Doc<Member>, asset: Option<&Asset>) -> bool {
        self.key == m.key
            && self.slug == m.slug
            && self.lang == m.lang
            && (Arc::ptr_eq(&self.front, &m.front) || *self.front == *m.front)
            && same_photo(&self.photo, asset)
    }
}

/// Whether `photo`, as a card showed it, is what `asset` shows.
fn same_photo(
    photo: &(Option<String>, Option<String>, Option<u32>),
    asset: Option<&Asset>,
) -> bool {
    let now = (
        asset.map(|a| a.url.as_str()),
        asset
            .and_then(|a| a.thumbnails.get(1))
            .map(|t| t.url.as_str()),
        asset.and_then(|a| a.thumbnails.first()).map(|t| t.size),
    );
    (photo.0.as_deref(), photo.1.as_deref(), photo.2) == now
}

impl CardCache {
    /// Adds the cards of `other` (another language's plan).
    pub fn extend(&mut self, other: CardCache) {
        self.cards.extend(other.cards);
        self.search.extend(other.search);
    }

    /// Keeps what the search data in folder `dir` was made of.
    pub fn keep_search_shared(&mut self, dir: &str, kept: Arc<search::Kept>) {
        self.search.insert(dir.to_string(), kept);
    }

    /// What the search data of each folder was made of, by folder.
    pub fn search_shared(&self) -> impl Iterator<Item = (&str, &Arc<search::Kept>)> {
        self.search.iter().map(|(dir, kept)| (dir.as_str(), kept))
    }

    /// What the search data in folder `dir` was made of.
    pub fn search(&self, dir: &str) -> Option<&search::Kept> {
        self.search.get(dir).map(|k| &**k)
    }
}

/// The cards of an earlier plan in the same language (`cache`) that are
/// still those of the members of `visible` (same file, front matter,
/// slug, language and photo), by index into its `site.members`. A card
/// is looked for at the member's own index first (the members of one site
/// and the next are mostly at the same places), else by file.
pub(super) fn earlier_cards(
    cache: Option<&CardCache>,
    visible: &Visible,
    assets: &Assets,
) -> Vec<Option<Arc<Card>>> {
    let members = &visible.site().members;
    let Some(kept) = cache.and_then(|c| c.cards.get(visible.prefix())) else {
        return vec![None; members.len()];
    };
    let by_key: OnceLock<HashMap<&str, usize, ahash::RandomState>> = OnceLock::new();
    let by_key = || {
        by_key.get_or_init(|| {
            let cards = kept.cards.iter().enumerate();
            cards.map(|(i, c)| (&*c.key, i)).collect()
        })
    };
    members
        .par_iter()
        .enumerate()
        .with_max_len(256)
        .map(|(i, m)| {
            let card = match kept.cards.get(i) {
                Some(c) if c.key == m.key => c,
                _ => &kept.cards[*by_key().get(m.key.as_ref())?],
            };
            let asset = if assets.is_empty() {
                None
            } else {
                assets.get(&*m.key)
            };
            card.is_of(m, asset).then(|| Arc::clone(card))
        })
        .collect()
}

/// The names of the terms of taxonomy `tax` whose URL is not the one the
/// earlier plan's cards link to (`before`, sorted by name as `now`).
fn changed_terms<'t>(before: &[(String, String)], now: &'t Taxonomy) -> HashSet<&'t str> {
    let before: HashMap<&str, &str> = before
        .iter()
        .map(|(name, url)| (name.as_str(), url.as_str()))
        .collect();
    now.terms
        .iter()
        .filter(|t| before.get(t.name.as_str()) != Some(&t.url.as_str()))
        .map(|t| t.name.as_str())
        .collect()
}

/// Every member's card (view, template value and HTML from the theme's
/// `member_card` component when it has one, which lists then reuse),
/// each taken from `earlier` (see [`earlier_cards`]) when the URLs of its
/// terms are the same too; a card taken has its view made when asked for
/// ([`Plan::card`]).
#[allow(clippy::type_complexity)]
pub(super) fn member_cards<'a>(
    input: &'a Input<'a>,
    visible: &'a Visible,
    ix: &Indexes,
    strings: &Value,
    earlier: Vec<Option<Arc<Card>>>,
) -> Result<(Vec<OnceLock<MemberCard<'a>>>, Vec<Arc<Card>>), Diagnostic> {
    let tera = &input.theme.tera;
    let has_component = tera.contains_component("member_card");
    let mut implicits = Context::new();
    implicits.insert_value("t", strings.clone());
    let departments = term_values(ix.taxonomy(Tax::Departments));
    let skills = term_values(ix.taxonomy(Tax::Skills));
    // Terms whose URL changed since the earlier plan (usually none): the
    // cards that link to one are made again.
    let kept = input.cards.and_then(|c| c.cards.get(visible.prefix()));
    let changed: Option<[HashSet<&str>; 3]> = kept
        .map(|k| Tax::ALL.map(|tax| changed_terms(&k.terms[tax as usize], ix.taxonomy(tax))))
        .filter(|sets| sets.iter().any(|s| !s.is_empty()));
    let links_changed = |m: &Member| -> bool {
        changed.as_ref().is_some_and(|sets| {
            Tax::ALL
                .into_iter()
                .any(|tax| (tax.terms_in(m).iter()).any(|t| sets[tax as usize].contains(&**t)))
        })
    };
    let members = &visible.site().members;
    let made: Vec<(OnceLock<MemberCard>, Arc<Card>)> = members
        .par_iter()
        .zip(earlier)
        .enumerate()
        .with_max_len(32)
        .map(|(i, (m, earlier))| {
            if let Some(card) = earlier.filter(|_| !links_changed(&m.front)) {
                return Ok((OnceLock::new(), card));
            }
            let t = |key: &'static str| input.theme.string_in(visible.lang(), key);
            let mut card = member_card(m, ix, input.assets, visible.prefix(), &t);
            // Serialised once: the component gets this value as `m`, and
            // the card's value is the same with the HTML added.
            let mut value = share_terms(
                Value::from_serializable(&card),
                &card,
                (ix.taxonomy(Tax::Departments), &departments),
                (ix.taxonomy(Tax::Skills), &skills),
            );
            if has_component {
                let mut args = Context::new();
                args.insert_value("m", value);
                let html: Arc<str> = tera
                    .render_component_with_implicits("member_card", &args, &implicits, None, true)
                    .map_err(|e| template_error("member_card", &card.url, &e))?
                    .into();
                let mut map = args
                    .remove("m")
                    .and_then(Value::into_map)
                    .unwrap_or_default();
                map.insert("html".into(), Value::from(&*html));
                value = Value::from(map);
                card.html = Some(html);
            }
            let made = Card {
                key: Arc::clone(&m.key),
                slug: Arc::clone(&m.slug),
                lang: Arc::clone(&m.lang),
                front: Arc::clone(&m.front),
                photo: (card.photo.clone(), card.photo_2x.clone(), card.photo_size),
                collated: Arc::clone(&ix.initial_of[i]),
                html: card.html.clone(),
                value,
            };
            Ok((OnceLock::from(card), Arc::new(made)))
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(made.into_iter().unzip())
}

/// Each term of `taxonomy` as a card shows it (`{name, url}`), made once:
/// thousands of cards name the same department or skill.
fn term_values(taxonomy: &Taxonomy) -> Vec<Value> {
    taxonomy
        .terms
        .iter()
        .map(|t| {
            Value::from_serializable(&Term {
                name: &t.name,
                url: t.url.clone(),
            })
        })
        .collect()
}

/// `card` (the card's serialised `value`) with its department and skills
/// replaced by the shared values of the same terms: a card's value is kept
/// for the whole build, and separate copies of the terms were a fifth of a
/// large build's memory at its peak.
fn share_terms(
    value: Value,
    card: &MemberCard,
    (departments, department_values): (&Taxonomy, &[Value]),
    (skills, skill_values): (&Taxonomy, &[Value]),
) -> Value {
    // Only where the card shows the term exactly as the taxonomy does.
    let shared = |taxonomy: &Taxonomy, values: &[Value], term: &Term| {
        taxonomy
            .index_of(term.name)
            .filter(|&i| taxonomy.terms[i].name == term.name && taxonomy.terms[i].url == term.url)
            .map(|i| values[i].clone())
    };
    if value.as_map().is_none() {
        return value;
    }
    let mut map = value.into_map().unwrap_or_default();
    if let Some(d) = card.department.as_ref()
        && let Some(v) = shared(departments, department_values, d)
    {
        map.insert("department".into(), v);
    }
    let skill_list: Option<Vec<Value>> = card
        .skills
        .iter()
        .map(|s| shared(skills, skill_values, s))
        .collect();
    if let Some(list) = skill_list.filter(|l| !l.is_empty()) {
        map.insert("skills".into(), Value::from(list));
    }
    Value::from(map)
}
