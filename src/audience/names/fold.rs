//! Names and text folded alike, so that spelling, width, kana, case,
//! separators and look-alike letters do not hide a name (the module
//! comment of `names` says how).

use unicode_normalization::UnicodeNormalization;

use super::letters::{blank, enclosed, look_alike, mark, variant};
use crate::collation::fold_for_match;

mod quick;

pub(super) use quick::Quick;
#[cfg(test)]
pub(super) use quick::{
    Kana, fold_ascii, fold_ascii_bytes, fold_kana_or_ideograph, fold_quick, folds_as_itself,
};

/// Ends each field of a document's front matter where they are looked at
/// together: no name is found across it.
pub(super) const FIELD_END: char = '\0';

/// Text folded for matching, with the original byte of each folded byte.
pub(super) struct Folded {
    pub(super) text: String,
    /// The original byte of each folded byte.
    pub(super) origin: Vec<u32>,
}

impl Folded {
    pub(super) fn of(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            fold_char(c, &mut folded);
            origin.resize(folded.len(), i as u32);
        }
        Folded {
            text: folded,
            origin,
        }
    }

    /// The byte range of `text` (the original) that folded `start..end` came from.
    pub(super) fn original(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        let first = self.origin[start] as usize;
        let last = self.origin[end - 1] as usize;
        let len = text[last..].chars().next().map_or(0, char::len_utf8);
        (first, last + len)
    }
}

/// Folds `c` onto `out` as names are compared (see the module comment):
/// nothing for a character that is not a letter or digit, a voiced mark
/// joined to the kana before it.
pub(super) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() || c == FIELD_END {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    // Kana, the prolonged sound mark and the common ideographs are their
    // own compatibility form, without case: katakana is read as hiragana.
    // Punctuation (general and CJK) is nothing. (A test checks these
    // against the general way below.)
    match c {
        '\u{3041}'..='\u{3096}' | '\u{30fc}' => out.push(c),
        '\u{4e00}'..='\u{9fff}' => out.push(variant(c)),
        '\u{30a1}'..='\u{30f6}' => out.push(char::from_u32(c as u32 - 0x60).unwrap_or(c)),
        '\u{2000}'..='\u{206f}'
        | '\u{3000}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301f}' => {}
        _ => fold_other(c, out),
    }
}

/// Folds `c` the general way: its compatibility form, letters and digits
/// only, look-alikes, case and accents.
pub(super) fn fold_other(c: char, out: &mut String) {
    // Kana keep their voiced marks (their compatibility form, composed);
    // any other character is decomposed and its marks are dropped below,
    // so a letter with any accent (`ễ`, `ǚ`, `й`) is its base letter, and
    // text written decomposed (a letter, then its accent; Hangul as
    // jamo) folds as the same text composed does.
    let mut each = |d: char| match enclosed(variant(d)) {
        '\u{3099}' | '\u{309b}' => mark(out, 1),
        '\u{309a}' | '\u{309c}' => mark(out, 2),
        d if d.is_alphanumeric() && !blank(d) => fold_for_match(look_alike(d), out),
        _ => {}
    };
    let c = variant(c);
    if matches!(c, '\u{3000}'..='\u{30ff}' | '\u{ff00}'..='\u{ffef}') {
        std::iter::once(c).nfkc().for_each(&mut each);
    } else {
        std::iter::once(c).nfkd().for_each(&mut each);
    }
}

/// The folded parts of a name, joined, with where each part ends.
fn folded_parts(name: &str) -> (String, Vec<usize>) {
    let mut joined = String::with_capacity(name.len());
    let mut ends = Vec::new();
    // Each part folded on its own (a voiced mark that begins one joins
    // nothing), in one buffer.
    let mut part = String::new();
    for p in name.split(|c: char| {
        !c.is_alphanumeric() && !matches!(c, '\u{3099}'..='\u{309c}' | '\u{ff9e}' | '\u{ff9f}')
    }) {
        part.clear();
        p.chars().for_each(|c| fold_char(c, &mut part));
        if !part.is_empty() {
            joined.push_str(&part);
            ends.push(joined.len());
        }
    }
    (joined, ends)
}

/// The folded forms under which `name` is looked for: its parts joined,
/// and (for two parts) the other way round. None for a name too short or
/// too common to look for (see the module comment).
pub(super) fn forms_of(name: &str) -> Vec<String> {
    cut_forms_of(name).into_iter().map(|(f, _)| f).collect()
}

/// [`forms_of`], each with where its parts meet (byte offsets in the
/// form): `佐藤 花子` is `佐藤花子` cut at 6.
pub(super) fn cut_forms_of(name: &str) -> Vec<(String, Vec<usize>)> {
    cut_forms_and_whole(name).0
}

/// [`cut_forms_of`] of `name`, and `name` folded whole, its parts joined,
/// whatever its length (empty for none): who is a namesake. Folded once.
pub(super) fn cut_forms_and_whole(name: &str) -> (Vec<(String, Vec<usize>)>, String) {
    let (joined, ends) = folded_parts(name);
    let chars = joined.chars().count();
    let latin = joined.is_ascii();
    let enough = match ends.len() {
        0 => false,
        1 => !latin && chars >= 3,
        _ => chars >= 3,
    };
    if !enough {
        return (Vec::new(), joined);
    }
    // Where the parts meet: every end but the last.
    let cuts = ends[..ends.len() - 1].to_vec();
    // `Hanako Sato` and `Sato Hanako` (`Jean Luc Picard` and `Picard Jean
    // Luc`: the family name first); Japanese names keep their order.
    let turned = (ends.len() >= 2 && latin).then(|| {
        let last = ends[ends.len() - 2];
        let mut turned = String::with_capacity(joined.len());
        turned.push_str(&joined[last..]);
        turned.push_str(&joined[..last]);
        let first = joined.len() - last;
        let cuts: Vec<usize> = std::iter::once(first)
            .chain(cuts[..cuts.len() - 1].iter().map(|&c| first + c))
            .collect();
        (turned, cuts)
    });
    let mut forms = Vec::with_capacity(2);
    forms.push((joined.clone(), cuts));
    forms.extend(turned);
    (forms, joined)
}

/// A Latin name matches only as whole words: not inside a longer word.
/// (Japanese has no spaces: a name inside a longer name shown is told
/// apart by that name, see [`Finder::new`].)
pub(super) fn whole_words(text: &str, start: usize, end: usize, form: &str) -> bool {
    let latin = is_latin;
    let first = form
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let last = form
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let before = text[..start].chars().next_back().is_some_and(latin);
    let after = text[end..].chars().next().is_some_and(latin);
    !((first && before) || (last && after))
}

/// Whether the folded form `form` is kana alone (katakana folds as
/// hiragana): a name written so is written as its reading.
pub(super) fn is_kana(form: &str) -> bool {
    form.chars()
        .all(|c| matches!(c, '\u{3041}'..='\u{3096}' | '\u{30fc}'))
}

/// A letter of a Latin word: ASCII, or with an accent (Latin-1 to
/// Extended-B, and Extended Additional: Vietnamese `ạ`). (A digit ends a
/// word: `@annebrown88` holds Anne Brown; so do the click letters, which
/// look like `|`, `‖`, `ǂ` and `!`.)
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ((('\u{c0}'..='\u{24f}').contains(&c) || ('\u{1e00}'..='\u{1eff}').contains(&c))
            && c.is_alphabetic()
            && !('\u{1c0}'..='\u{1c3}').contains(&c))
}
