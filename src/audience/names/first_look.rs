//! The first look at a text: the places where a name not shown may start,
//! told by the first bytes of every name, so that the automaton is asked
//! only there.
//!
//! A name in Latin letters matches whole words only, so it can start only
//! where a word does ([`Quick::starts`]); any other name can start at any
//! character that is not ASCII ([`Quick::runs`]). Either way its first bytes (three or
//! four for a Latin name, six to eight for another: two kana or
//! ideographs and more) must be the first bytes of some name; a small
//! table of their hashes says which may be.

use super::fold::Quick;

/// The hashes of the first bytes of every name looked for.
pub(super) struct Prefixes {
    latin: Box<[u64; WORDS]>,
    other: Box<[u64; WORDS]>,
    /// How many first bytes each table holds: as many as the shortest
    /// name of its kind has, within [`LATIN`] and [`OTHER`] (the more, the
    /// fewer places a word merely starts like a name).
    latin_len: usize,
    other_len: usize,
    /// A second look at a place where a Latin name may start, finer than
    /// the first (see [`Prefixes::latin_may_be`]): the hashes of the first
    /// eight bytes of every Latin name of eight or more, and of every
    /// shorter one whole.
    latin_eight: Box<[u64; WORDS]>,
    /// The lengths of the Latin names shorter than eight bytes (bit n:
    /// some name has n bytes).
    latin_short: u8,
}

/// 2^16 bits: 8 KiB a table, kept in the fastest cache.
const WORDS: usize = 1 << 10;
const LATIN: std::ops::RangeInclusive<usize> = 3..=4;
const OTHER: std::ops::RangeInclusive<usize> = 6..=8;

impl Prefixes {
    /// The prefixes of `forms`; `None` when one is too short to have one
    /// (a name of three characters not all kana or ideographs, such as
    /// `é-ab`): every place must then be looked at.
    pub(super) fn of<'a>(forms: impl IntoIterator<Item = &'a str> + Clone) -> Option<Prefixes> {
        let shortest = |latin: bool, lens: &std::ops::RangeInclusive<usize>| {
            let forms = forms.clone().into_iter().map(str::as_bytes);
            let of_kind = forms.filter(|f| f.first().is_some_and(u8::is_ascii) == latin);
            let len = of_kind.map(<[u8]>::len).min().unwrap_or(*lens.end());
            (len >= *lens.start()).then_some(len.min(*lens.end()))
        };
        let mut prefixes = Prefixes {
            latin: Box::new([0; WORDS]),
            other: Box::new([0; WORDS]),
            latin_len: shortest(true, &LATIN)?,
            other_len: shortest(false, &OTHER)?,
            latin_eight: Box::new([0; WORDS]),
            latin_short: 0,
        };
        for form in forms {
            let form = form.as_bytes();
            let (table, len) = match form.first() {
                Some(b) if b.is_ascii() => (&mut prefixes.latin, prefixes.latin_len),
                _ => (&mut prefixes.other, prefixes.other_len),
            };
            let prefix = form.get(..len)?;
            let h = hash(word_of(prefix));
            table[h / 64] |= 1 << (h % 64);
            if form.first().is_some_and(u8::is_ascii) {
                if form.len() < 8 {
                    prefixes.latin_short |= 1 << form.len();
                }
                let h = hash(word_of(&form[..form.len().min(8)]));
                prefixes.latin_eight[h / 64] |= 1 << (h % 64);
            }
        }
        Some(prefixes)
    }

    /// The places in `quick` where a name may start, in order of kind
    /// (Latin first).
    #[cfg(test)]
    pub(super) fn places(&self, quick: &Quick) -> Vec<usize> {
        let mut places = Vec::new();
        self.any_place(quick, |p| {
            places.push(p);
            false
        });
        places
    }

    /// Whether `at` is true of a place in `quick` where a name may start,
    /// asked in order of kind (Latin first) until it is.
    pub(super) fn any_place(&self, quick: &Quick, mut at: impl FnMut(usize) -> bool) -> bool {
        let text = quick.text.as_slice();
        for &p in &quick.starts {
            let p = p as usize;
            if self.may_start(&self.latin, text, p, self.latin_len)
                && self.latin_may_be(text, p)
                && at(p)
            {
                return true;
            }
        }
        // The first byte of each character that is not ASCII: character
        // by character (a run is folded text, whole characters).
        for &(from, to) in &quick.runs {
            let (mut p, to) = (from as usize, to as usize);
            while p < to {
                let lead = text[p];
                if lead >= 0xc0 && self.may_start(&self.other, text, p, self.other_len) && at(p) {
                    return true;
                }
                // The length of the character `lead` starts (one for ASCII).
                p += 1
                    + usize::from(lead >= 0xc0)
                    + usize::from(lead >= 0xe0)
                    + usize::from(lead >= 0xf0);
            }
        }
        false
    }

    /// Whether a name may start at byte `at` of `text` (a character's
    /// first byte): its first bytes are those of some name (for a Latin
    /// name, its first eight too: [`Prefixes::latin_may_be`]).
    pub(super) fn may_start_at(&self, text: &str, at: usize) -> bool {
        let bytes = text.as_bytes();
        match bytes.get(at) {
            Some(b) if b.is_ascii() => {
                self.may_start(&self.latin, bytes, at, self.latin_len)
                    && self.latin_may_be(bytes, at)
            }
            Some(_) => self.may_start(&self.other, bytes, at, self.other_len),
            None => false,
        }
    }

    /// A second look at a place `at` in `text` where a Latin name may
    /// start by its first bytes: whether some Latin name starts with the
    /// next eight bytes, or is whole in fewer (a name of eight bytes or
    /// more starts with all eight, a shorter one is whole in them).
    fn latin_may_be(&self, text: &[u8], at: usize) -> bool {
        let has = |word: u64| {
            let h = hash(word);
            self.latin_eight[h / 64] & (1 << (h % 64)) != 0
        };
        let (word, n) = match text.get(at..).and_then(<[u8]>::first_chunk) {
            Some(&eight) => (u64::from_le_bytes(eight), 8),
            None => {
                let rest = &text[at.min(text.len())..];
                (word_of(rest), rest.len())
            }
        };
        if n == 8 && has(word) {
            return true;
        }
        // The lengths of the shorter names, up to `n`.
        let mut lens = u32::from(self.latin_short) & ((2 << n.min(7)) - 1);
        while lens != 0 {
            let len = lens.trailing_zeros();
            lens &= lens - 1;
            if has(word & (u64::MAX >> (64 - 8 * len))) {
                return true;
            }
        }
        false
    }

    fn may_start(&self, table: &[u64; WORDS], text: &[u8], at: usize, len: usize) -> bool {
        // The `len` bytes at `at` as the low bytes of a word: eight read
        // at once where there are, and the rest cut off.
        let word = match text.get(at..).and_then(<[u8]>::first_chunk) {
            Some(&eight) => u64::from_le_bytes(eight) & (u64::MAX >> (64 - 8 * len)),
            None => match text.get(at..at + len) {
                Some(prefix) => word_of(prefix),
                None => return false,
            },
        };
        let h = hash(word);
        table[h / 64] & (1 << (h % 64)) != 0
    }
}

/// `bytes` (at most eight) as the low bytes of a word.
fn word_of(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// 16 bits of `word`.
fn hash(word: u64) -> usize {
    (word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as usize
}
