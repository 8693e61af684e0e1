//! Member cards: each member's card made once per build (view, template
//! value, and HTML from the theme's `member_card` component), reused by
//! every list; kept between `serve` plans for the cards an edit left alone.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use super::Plan;
use crate::audience::Visible;
use crate::content::Tax;
use crate::diagnostics::Diagnostic;
use crate::indexes::{Indexes, Taxonomy};
use crate::render::cards::member_card;
use crate::render::{Input, search, template_error};
use crate::theme::view::{MemberCard, Term};

impl Plan<'_> {
    /// Frees the plan on all of rayon's threads: its thousands of member
    /// cards take tens of milliseconds to free on one.
    pub fn free(self) {
        let Plan {
            members,
            card_values,
            ..
        } = self;
        rayon::join(
            || members.into_par_iter().with_max_len(256).for_each(drop),
            || card_values.into_par_iter().with_max_len(256).for_each(drop),
        );
    }

    /// This plan's member cards, for the next plan to reuse.
    pub fn card_cache(&self) -> CardCache {
        let cards = self
            .members
            .iter()
            .zip(&self.card_values)
            .zip(&self.card_hashes)
            .map(|((card, value), &hash)| {
                let cached = CachedCard {
                    hash,
                    html: card.html.clone(),
                    value: value.clone(),
                };
                (card.url.clone(), cached)
            })
            .collect();
        CardCache {
            cards,
            search: HashMap::new(),
        }
    }
}

/// Member cards of an earlier plan, by URL: their HTML and template value,
/// reused by `serve` for cards an edit left as they were. Valid only with
/// the same theme and config (`serve` drops it when they change).
#[derive(Default)]
pub struct CardCache {
    cards: HashMap<String, CachedCard, ahash::RandomState>,
    /// What each language's search data was made of, by its folder.
    search: HashMap<String, Arc<search::Kept>>,
}

struct CachedCard {
    /// Hash of the card's view without its HTML.
    hash: u64,
    html: Option<Arc<str>>,
    value: Value,
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

/// The hash of a card's view, by ahash with fixed keys: the same card
/// hashes the same in every plan of a run (SipHash was a good part of a
/// plan's time).
fn card_hash(card: &MemberCard) -> u64 {
    const KEYS: ahash::RandomState = ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    );
    KEYS.hash_one(card)
}

/// Every member's card (with its hash, and its template value), each
/// rendered once to HTML by the theme's `member_card` component when it has
/// one (lists then reuse the HTML), or taken from `cache` when unchanged.
#[allow(clippy::type_complexity)]
pub(super) fn member_cards<'a>(
    input: &'a Input<'a>,
    visible: &'a Visible,
    ix: &Indexes,
    strings: &Value,
) -> Result<(Vec<MemberCard<'a>>, Vec<Value>, Vec<u64>), Diagnostic> {
    let tera = &input.theme.tera;
    let has_component = tera.contains_component("member_card");
    let mut implicits = Context::new();
    implicits.insert_value("t", strings.clone());
    let departments = term_values(ix.taxonomy(Tax::Departments));
    let skills = term_values(ix.taxonomy(Tax::Skills));
    let made: Vec<(MemberCard, Value, u64)> = visible
        .site()
        .members
        .par_iter()
        .with_max_len(32)
        .map(|m| {
            let t = |key: &'static str| input.theme.string_in(visible.lang(), key);
            let mut card = member_card(m, ix, input.assets, visible.prefix(), &t);
            let hash = card_hash(&card);
            let cached = input
                .cards
                .and_then(|c| c.cards.get(&card.url))
                .filter(|c| c.hash == hash);
            if let Some(c) = cached {
                card.html = c.html.clone();
                return Ok((card, c.value.clone(), hash));
            }
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
            Ok((card, value, hash))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let mut cards = Vec::with_capacity(made.len());
    let mut values = Vec::with_capacity(made.len());
    let mut hashes = Vec::with_capacity(made.len());
    for (card, value, hash) in made {
        cards.push(card);
        values.push(value);
        hashes.push(hash);
    }
    Ok((cards, values, hashes))
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
