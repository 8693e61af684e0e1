//! Text folded for a first look ([`Quick`]), fast: runs of ASCII eight
//! bytes at a time, kana and common ideographs from their bytes; any other
//! character as [`fold_char`] folds it.

#[cfg(test)]
use super::FIELD_END;
use super::{fold_char, is_latin};
use crate::audience::names::letters::variant;

/// Text folded as [`Folded::of`](super::Folded::of) folds it, for a first look: without
/// origins, with the places a Latin name may start. Made again in place
/// ([`Quick::fold`]), so that a thread looks at text after text in the
/// same buffers.
#[derive(Default)]
pub(in crate::audience::names) struct Quick {
    pub(in crate::audience::names) text: Vec<u8>,
    /// Each folded ASCII letter or digit whose original character does not
    /// follow a Latin letter or digit: where a name in Latin letters, whole
    /// words only (see [`whole_words`]), may start.
    pub(in crate::audience::names) starts: Vec<u32>,
    /// The folded text of each run of characters that are not ASCII: where
    /// any other name may start.
    pub(in crate::audience::names) runs: Vec<(u32, u32)>,
    /// One character folded the general way.
    one: String,
}

/// `text` folded for a first look (see [`Quick::fold`]).
#[cfg(test)]
pub(in crate::audience::names) fn fold_quick(text: &str) -> Quick {
    let mut quick = Quick::default();
    quick.fold(text);
    quick
}

impl Quick {
    /// `text` folded for a first look, in place of what these held: runs
    /// of ASCII (most of a page) through a table, kana and common
    /// ideographs from their three bytes, any other character the general
    /// way (a voiced mark joins the kana before it).
    pub(in crate::audience::names) fn fold(&mut self, text: &str) {
        let Quick {
            text: out,
            starts,
            runs,
            one,
        } = self;
        out.clear();
        starts.clear();
        runs.clear();
        let bytes = text.as_bytes();
        let mut at = 0;
        // Whether the last original character was a Latin letter (a digit
        // ends a word: `annebrown88` holds Anne Brown).
        let mut latin = false;
        while at < bytes.len() {
            let ascii = ascii_len(&bytes[at..]);
            if ascii > 0 {
                latin = fold_ascii(&bytes[at..at + ascii], latin, out, starts);
                at += ascii;
            }
            // A run of characters that are not ASCII, up to the next ASCII
            // byte (bytes of characters that are not ASCII never are).
            let from = out.len();
            while let Some(&lead) = bytes.get(at)
                && !lead.is_ascii()
            {
                // Kana, ideographs and punctuation, most of a Japanese page,
                // from their bytes.
                let kana = fold_kana_run(&bytes[at..], out);
                if kana > 0 {
                    latin = false;
                    at += kana;
                    continue;
                }
                let Some(c) = text[at..].chars().next() else {
                    break;
                };
                at += c.len_utf8();
                if join_to_last(c, out) {
                    latin = false;
                    continue;
                }
                one.clear();
                fold_char(c, one);
                if !latin
                    && one
                        .as_bytes()
                        .first()
                        .is_some_and(u8::is_ascii_alphanumeric)
                {
                    starts.push(out.len() as u32);
                }
                out.extend_from_slice(one.as_bytes());
                latin = is_latin(c);
            }
            if out.len() > from {
                runs.push((from as u32, out.len() as u32));
            }
        }
    }
}

impl Quick {
    /// Lets go of buffers grown for a text longer than most (a body of
    /// megabytes), so that a thread does not keep them.
    pub(in crate::audience::names) fn shrink(&mut self) {
        const KEPT: usize = 1 << 20;
        if self.text.capacity() > KEPT || self.starts.capacity() > KEPT / 4 {
            *self = Quick::default();
        }
    }
}

/// How many bytes `bytes` starts with that are ASCII, eight at a time.
fn ascii_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    for &chunk in bytes.as_chunks::<8>().0 {
        let word = u64::from_le_bytes(chunk);
        if word & HIGH != 0 {
            return n + (word & HIGH).trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// Folds `ascii` (ASCII only) onto `out`, each place a Latin name may
/// start onto `starts`, as `fold_ascii_bytes` does, eight bytes at a
/// time: each eight read as one word, their letters, digits and ends of
/// fields told apart and lowercased in it, what the fold drops taken out
/// of it and the rest written at once. `latin`: whether the character
/// before was a Latin letter; gives whether the last one is.
pub(in crate::audience::names) fn fold_ascii(
    ascii: &[u8],
    mut latin: bool,
    out: &mut Vec<u8>,
    starts: &mut Vec<u32>,
) -> bool {
    // Room for every byte, each eight written whole and the length then
    // moved past those kept.
    let mut w = out.len();
    out.resize(w + ascii.len().next_multiple_of(8), 0);
    starts.reserve(ascii.len() / 2);
    let (chunks, rest) = ascii.as_chunks::<8>();
    for &chunk in chunks {
        latin = fold_eight(u64::from_le_bytes(chunk), 8, latin, out, &mut w, starts);
    }
    if !rest.is_empty() {
        // The last few bytes with spaces after them, which the fold drops.
        let mut eight = [b' '; 8];
        eight[..rest.len()].copy_from_slice(rest);
        latin = fold_eight(
            u64::from_le_bytes(eight),
            rest.len(),
            latin,
            out,
            &mut w,
            starts,
        );
    }
    out.truncate(w);
    latin
}

/// Folds the first `len` of the eight ASCII bytes of `raw` (read as one
/// word) onto `out` at `w`, moving `w` past what is kept, and each place a
/// Latin name may start onto `starts`: their letters, digits and ends of
/// fields told apart and lowercased in the word, what the fold drops taken
/// out of it and the rest written at once. `latin`: whether the character
/// before was a Latin letter; gives whether the last of the `len` is.
#[inline(always)]
fn fold_eight(
    raw: u64,
    len: usize,
    latin: bool,
    out: &mut [u8],
    w: &mut usize,
    starts: &mut Vec<u32>,
) -> bool {
    let (alpha, alnum) = classes(raw);
    // Kept: a letter, a digit or the end of a field (a zero byte).
    let kept = alnum | between(raw, 0, 0);
    // A place a Latin name may start: a letter or digit not after a
    // Latin letter.
    let mut places = alnum & !((alpha << 8) | if latin { 0x80 } else { 0 });
    // Each byte's place in what is written: how many bytes are kept up
    // to it and with it, a byte each.
    let sums = (kept >> 7).wrapping_mul(ONES);
    while places != 0 {
        let j = places.trailing_zeros() / 8;
        places &= places - 1;
        starts.push((*w + ((sums >> (8 * j)) & 0xff) as usize - 1) as u32);
    }
    // Letters lowercased; each byte dropped taken out, the last first,
    // the bytes after it moved down.
    let mut word = raw | (alpha >> 2);
    let mut drops = !kept & HIGH;
    while drops != 0 {
        let top = 63 - drops.leading_zeros();
        drops &= !(1 << top);
        let below = (1u64 << (top - 7)) - 1;
        word = (word & below) | ((word >> 8) & !below);
    }
    // Always in `out`, which has room for every byte of the text: a byte
    // left unwritten would be a zero, the end of a field, and cut a name.
    out[*w..*w + 8].copy_from_slice(&word.to_le_bytes());
    *w += (sums >> 56) as usize;
    (alpha >> (8 * len - 1)) & 1 != 0
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x80 * ONES;
/// Lowercases an ASCII letter (and leaves a digit as it is).
const LOWER: u64 = 0x20 * ONES;

/// The Latin letters and the letters and digits of eight ASCII bytes, as
/// the high bit of each byte.
fn classes(word: u64) -> (u64, u64) {
    let alpha = between(word | LOWER, b'a', b'z');
    (alpha, alpha | between(word, b'0', b'9'))
}

/// The bytes of `word` (each below 0x80) from `lo` to `hi`, as the high
/// bit of each byte.
fn between(word: u64, lo: u8, hi: u8) -> u64 {
    let at_least = word.wrapping_add(ONES * u64::from(0x80 - lo));
    let above = word.wrapping_add(ONES * u64::from(0x7f - hi));
    at_least & !above & HIGH
}

/// Folds `ascii` (ASCII only) onto `out`, each place a Latin name may
/// start onto `starts`, a byte at a time (what [`fold_ascii`] is tested
/// against), without a branch per byte: every byte is written,
/// and only kept (the length moved past it) when it is a letter, a digit
/// or the end of a field (see [`STEP`]). `latin`: whether the character
/// before was a Latin letter; gives whether the last one is.
#[cfg(test)]
pub(in crate::audience::names) fn fold_ascii_bytes(
    ascii: &[u8],
    latin: bool,
    out: &mut Vec<u8>,
    starts: &mut Vec<u32>,
) -> bool {
    let (w0, s0) = (out.len(), starts.len());
    out.resize(w0 + ascii.len(), 0);
    starts.resize(s0 + ascii.len(), 0);
    let (to, places) = (&mut out[w0..], &mut starts[s0..]);
    let (mut w, mut s) = (0, 0);
    let mut state = usize::from(latin) << 7;
    for &b in ascii {
        let step = STEP[state | usize::from(b & 0x7f)];
        to[w] = step as u8;
        places[s] = (w0 + w) as u32;
        s += usize::from((step >> 9) & 1);
        w += usize::from((step >> 8) & 1);
        state = usize::from((step >> 10) & 1) << 7;
    }
    out.truncate(w0 + w);
    starts.truncate(s0 + s);
    state != 0
}

/// An ASCII byte folded, after a Latin letter (the upper half) or not:
/// its fold (the low byte, see [`ASCII`]), whether it is kept (bit 8: a
/// letter, a digit or the end of a field), whether a Latin name may start
/// at it (bit 9: a letter or digit not after a Latin letter) and whether
/// it is a Latin letter (bit 10).
#[cfg(test)]
const STEP: [u16; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let (after_latin, c) = (i >= 128, (i % 128) as u8);
        let folded = ASCII[c as usize];
        let mut step = folded as u16;
        if folded != DROP {
            step |= 1 << 8;
        }
        if c.is_ascii_alphanumeric() && !after_latin {
            step |= 1 << 9;
        }
        if c.is_ascii_alphabetic() {
            step |= 1 << 10;
        }
        table[i] = step;
        i += 1;
    }
    table
};

/// Joins a voiced mark `c` that begins a run to the kana folded last,
/// before the ASCII that ended the run before it (`カ)゙` folds to `が`, as
/// [`Folded::of`] folds it); whether `c` was such a mark.
fn join_to_last(c: char, out: &mut [u8]) -> bool {
    if !matches!(c, '\u{3099}'..='\u{309c}' | '\u{ff9e}' | '\u{ff9f}') {
        return false;
    }
    let from = out.len().saturating_sub(3);
    let Some(last) = std::str::from_utf8(&out[from..])
        .ok()
        .and_then(|s| s.chars().next_back())
        .filter(|l| l.len_utf8() == 3)
    else {
        return true;
    };
    let mut joined = String::from(last);
    fold_char(c, &mut joined);
    if joined.len() == 3 {
        out[from..].copy_from_slice(joined.as_bytes());
    }
    true
}

/// Folds the kana, common ideographs and punctuation marks that `bytes`
/// starts with onto `out`, as [`fold_char`] folds them; how many bytes of
/// `bytes` they are. Most fold to themselves: those are copied a stretch
/// at a time.
fn fold_kana_run(bytes: &[u8], out: &mut Vec<u8>) -> usize {
    let (mut at, mut copied) = (0, 0);
    while let Some(&[a, b, c]) = bytes.get(at..at + 3) {
        if folds_as_itself([a, b, c]) {
            at += 3;
            continue;
        }
        match fold_kana_or_ideograph([a, b, c]) {
            Some(Kana::Same) => {}
            Some(other) => {
                out.extend_from_slice(&bytes[copied..at]);
                if let Kana::As(folded) = other {
                    out.extend_from_slice(&folded);
                }
                copied = at + 3;
            }
            None => break,
        }
        at += 3;
    }
    out.extend_from_slice(&bytes[copied..at]);
    at
}

/// Whether the character of three bytes `[a, b, c]` is a hiragana, the
/// long vowel mark or a common ideograph without a variant: the
/// characters [`fold_char`] leaves as they are that a Japanese text is
/// mostly made of, told from their bytes.
#[inline(always)]
pub(in crate::audience::names) fn folds_as_itself([a, b, c]: [u8; 3]) -> bool {
    match a {
        // U+3041 to U+3096 and U+30FC.
        0xe3 => match b {
            0x81 => (0x81..=0xbf).contains(&c),
            0x82 => (0x80..=0x96).contains(&c),
            0x83 => c == 0xbc,
            _ => false,
        },
        // U+4E00 to U+9FFF.
        0xe4..=0xe9 => {
            if b & 0xc0 != 0x80 || c & 0xc0 != 0x80 || (a == 0xe4 && b < 0xb8) {
                return false;
            }
            let code = (usize::from(a & 0x0f) << 12)
                | (usize::from(b & 0x3f) << 6)
                | usize::from(c & 0x3f);
            let i = code - 0x4e00;
            VARIANTS[i / 64] & (1 << (i % 64)) == 0
        }
        _ => false,
    }
}

/// How [`fold_char`] folds a kana, a common ideograph or a punctuation
/// mark, from its three bytes.
#[derive(Debug, PartialEq)]
pub(in crate::audience::names) enum Kana {
    /// As itself.
    Same,
    /// As another character of three bytes (a katakana as its hiragana).
    As([u8; 3]),
    /// As nothing (a mark).
    Nothing,
}

/// How the character of three bytes `[a, b, c]` folds, if it is a kana, a
/// common ideograph or a punctuation mark; `None` for any other character.
pub(in crate::audience::names) fn fold_kana_or_ideograph([a, b, c]: [u8; 3]) -> Option<Kana> {
    if a & 0xf0 != 0xe0 || b & 0xc0 != 0x80 || c & 0xc0 != 0x80 {
        return None;
    }
    let code = (u32::from(a & 0x0f) << 12) | (u32::from(b & 0x3f) << 6) | u32::from(c & 0x3f);
    match code {
        0x3041..=0x3096 | 0x30fc => Some(Kana::Same),
        0x4e00..=0x9fff => {
            let i = (code - 0x4e00) as usize;
            if VARIANTS[i / 64] & (1 << (i % 64)) == 0 {
                return Some(Kana::Same);
            }
            char::from_u32(code).map(|c| Kana::As(three_bytes(variant(c) as u32)))
        }
        0x30a1..=0x30f6 => Some(Kana::As(three_bytes(code - 0x60))),
        // General and CJK punctuation, as `fold_char` has them.
        0x2000..=0x206f | 0x3000..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301f => {
            Some(Kana::Nothing)
        }
        _ => None,
    }
}

/// The UTF-8 of a character of three bytes (U+0800 to U+FFFF).
fn three_bytes(code: u32) -> [u8; 3] {
    [
        0xe0 | (code >> 12) as u8,
        0x80 | ((code >> 6) & 0x3f) as u8,
        0x80 | (code & 0x3f) as u8,
    ]
}

/// The common ideographs (U+4E00 to U+9FFF) that [`variant`] changes, a
/// bit each.
const VARIANTS: [u64; 328] = {
    let mut bits = [0; 328];
    let mut i = 0;
    while i < 0x5200 {
        if let Some(c) = char::from_u32(0x4e00 + i as u32)
            && variant(c) != c
        {
            bits[i / 64] |= 1 << (i % 64);
        }
        i += 1;
    }
    bits
};

/// An ASCII character folded: a letter in lower case, a digit or the end of
/// a field as it is, anything else [`DROP`].
#[cfg(test)]
const ASCII: [u8; 128] = {
    let mut table = [DROP; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == FIELD_END as u8 {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};
#[cfg(test)]
const DROP: u8 = 0xff;
