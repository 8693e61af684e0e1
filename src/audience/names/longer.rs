//! Longer names of people shown that hold a name not shown (小林 大輔
//! holds 林 大輔): when one is taken as someone else's name, and where it
//! is written as that name.

use std::collections::HashMap;
use std::hash::BuildHasher;

use super::fold;
use super::page;

/// Whether `text` (a longer name shown, as found in a text) is written as
/// that name: its parts apart, if at all, only where the name's parts meet
/// (`cuts`, in its folded form) and only by spaces, hyphens, middle dots
/// or apostrophes; not across a comma (`Mary, Anne Brown`), a paragraph's
/// end (`大小` / `林大輔`) or a split of its own (`Jo Anne Brown` is not
/// `Joanne Brown`).
pub(super) fn written_as(text: &str, cuts: &[usize]) -> bool {
    let mut at = 0;
    let mut folded = String::new();
    text.chars().all(|c| {
        if matches!(c, '\u{3099}'..='\u{309c}' | '\u{ff9e}' | '\u{ff9f}') {
            return true;
        }
        folded.clear();
        fold::fold_char(c, &mut folded);
        if !folded.is_empty() {
            at += folded.len();
            return true;
        }
        let between = (c.is_whitespace() && c != page::BREAK)
            || matches!(
                c,
                '-' | '\u{2010}' | '\u{2011}' | '・' | '･' | '·' | '\'' | '’'
            );
        between && cuts.contains(&at)
    })
}

/// Whether every name of `hidden` inside `form` is only part of it (see
/// [`holds`]).
#[cfg(test)]
fn holds_only_parts<S: BuildHasher>(
    form: &str,
    cuts: &[usize],
    hidden: &HashMap<&str, usize, S>,
) -> bool {
    holds(form, cuts, hidden, |_| u64::MAX) != Some(false)
}

/// The lengths of a set of names by their first bytes: which lengths a
/// name of the set that starts with given bytes may have, so that a
/// longer name is looked up only where one may end ([`holds`]).
pub(super) struct Lengths {
    /// The first eight bytes of each name (a shorter name: all of it,
    /// as the low bytes of a word) → its length, a bit each (bit 63: 63
    /// bytes or more).
    by_first: HashMap<u64, u64, ahash::RandomState>,
    /// The lengths under eight bytes that some name has, a bit each.
    short: u8,
}

impl Lengths {
    pub(super) fn of<'a>(names: impl Iterator<Item = &'a str>) -> Lengths {
        let mut lengths = Lengths {
            by_first: HashMap::default(),
            short: 0,
        };
        for name in names {
            let bytes = name.as_bytes();
            if bytes.len() < 8 {
                lengths.short |= 1 << bytes.len();
            }
            *lengths.by_first.entry(word_of(bytes)).or_default() |= bit(bytes.len());
        }
        lengths
    }

    /// The lengths, a bit each (bit 63: 63 bytes or more), that a name of
    /// the set starting at byte `at` of `text` may have: those of the
    /// names with the same first eight bytes, and the shorter names whole
    /// there.
    pub(super) fn at(&self, text: &[u8], at: usize) -> u64 {
        let rest = &text[at.min(text.len())..];
        let mut lengths = 0;
        if rest.len() >= 8 {
            lengths |= self.by_first.get(&word_of(rest)).copied().unwrap_or(0) & !0xff;
        }
        let mut short = u32::from(self.short);
        while short != 0 {
            let len = short.trailing_zeros() as usize;
            short &= short - 1;
            if len > rest.len() {
                break;
            }
            let of_len = self.by_first.get(&word_of(&rest[..len]));
            lengths |= of_len.copied().unwrap_or(0) & bit(len);
        }
        lengths
    }
}

/// The first eight bytes of `bytes` (all of them, when fewer) as the low
/// bytes of a word.
fn word_of(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let n = bytes.len().min(8);
    word[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(word)
}

/// Length `len` as a bit of [`Lengths`].
fn bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// Whether `form` (a name shown, its parts meeting at `cuts`) holds a name
/// of `hidden` (`None`: it holds none), and if so whether every one it
/// holds is only part of it (`Some(true)`), as 林 大輔 is of 小林 大輔 and
/// いとう あい of さいとう あい: it starts inside the first part and ends
/// inside the last, with at most two more letters before and after it.
/// Where a name not shown is whole parts of a longer one (`公開 四郎
/// 隠岐太郎`, `Mary Anne Brown` with `Anne Brown` not shown), or has more
/// letters around it, the build cannot tell a longer name from another
/// person's name padded: the longer name is not taken as someone else's
/// unless an editor says so (`privacy.longer_names`). `lengths(i)`: the
/// byte lengths a name of `hidden` that starts at byte `i` of `form` may
/// have, a bit each as [`Lengths::at`] gives them (clear only where none
/// has it; `u64::MAX`: any).
pub(super) fn holds<S: BuildHasher>(
    form: &str,
    cuts: &[usize],
    hidden: &HashMap<&str, usize, S>,
    lengths: impl Fn(usize) -> u64,
) -> Option<bool> {
    let first = cuts.first().copied().unwrap_or(form.len());
    let last = cuts.last().copied().unwrap_or(0);
    let bounds: Vec<usize> = form
        .char_indices()
        .map(|(i, _)| i)
        .chain([form.len()])
        .collect();
    // At most two more letters, of the script of the letter they join
    // (小 joins 林, さ joins いとう; の and さん do not join 隠岐太郎;
    // a digit is not a letter: `Anne Brown88` does not hold Anne Brown).
    let joins = |extra: &str, to: Option<char>| {
        extra.chars().count() <= 2
            && extra
                .chars()
                .all(|c| !c.is_ascii_digit() && to.is_some_and(|t| script(c) == script(t)))
    };
    let mut any = false;
    for (i, &start) in bounds.iter().enumerate() {
        let may_be = if start == form.len() {
            0
        } else {
            lengths(start)
        };
        if may_be == 0 {
            continue;
        }
        for &end in &bounds[i + 1..] {
            if may_be & bit(end - start) == 0 || !hidden.contains_key(&form[start..end]) {
                continue;
            }
            any = true;
            let part = start < first
                && end > last
                && joins(&form[..start], form[start..].chars().next())
                && joins(&form[end..], form[..end].chars().next_back());
            if !part {
                return Some(false);
            }
        }
    }
    any.then_some(true)
}

/// Whether letters `a` and `b` are of one script that a longer name may
/// run on in (ideographs, kana, Latin letters and digits).
pub(super) fn same_script(a: char, b: char) -> bool {
    script(a) == script(b) && script(a) != 3
}

/// The script of a folded letter, as far as a longer name is concerned:
/// ideographs, kana (folded to hiragana), Latin letters and digits, other.
fn script(c: char) -> u8 {
    match c {
        '\u{3005}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' => 0,
        '\u{3041}'..='\u{309f}' | '\u{30fc}' => 1,
        c if c.is_ascii_alphanumeric() => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests;
