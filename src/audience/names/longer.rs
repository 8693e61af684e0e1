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
pub(super) fn holds_only_parts<S: BuildHasher>(
    form: &str,
    cuts: &[usize],
    hidden: &HashMap<&str, usize, S>,
) -> bool {
    holds(form, cuts, hidden, |_| true, |_| true) != Some(false)
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
/// unless an editor says so (`privacy.longer_names`). `may_start(i)`:
/// whether a name of `hidden` may start at byte `i` of `form`, and
/// `may_be_long(n)` whether one may have `n` bytes (false only where none
/// does).
pub(super) fn holds<S: BuildHasher>(
    form: &str,
    cuts: &[usize],
    hidden: &HashMap<&str, usize, S>,
    may_start: impl Fn(usize) -> bool,
    may_be_long: impl Fn(usize) -> bool,
) -> Option<bool> {
    let first = cuts.first().copied().unwrap_or(form.len());
    let last = cuts.last().copied().unwrap_or(0);
    let bounds: Vec<usize> = form
        .char_indices()
        .map(|(i, _)| i)
        .chain([form.len()])
        .collect();
    // At most two more letters, of the script of the letter they join
    // (小 joins 林, さ joins いとう; の and さん do not join 隠岐太郎).
    let joins = |extra: &str, to: Option<char>| {
        extra.chars().count() <= 2
            && extra
                .chars()
                .all(|c| to.is_some_and(|t| script(c) == script(t)))
    };
    let mut any = false;
    for (i, &start) in bounds.iter().enumerate() {
        if start == form.len() || !may_start(start) {
            continue;
        }
        for &end in &bounds[i + 1..] {
            if !may_be_long(end - start) || !hidden.contains_key(&form[start..end]) {
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
