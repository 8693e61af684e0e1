//! The first look at a text: the places where a name not shown may start,
//! told by the first bytes of every name, so that the automaton is asked
//! only there.
//!
//! A name in Latin letters matches whole words only, so it can start only
//! where a word does ([`Quick::starts`]); any other name can start at any
//! character that is not ASCII ([`Quick::runs`]). Either way its first bytes (three for a
//! Latin name, six for another: two kana or ideographs) must be the first
//! bytes of some name; a small table of their hashes says which may be.

use super::fold::Quick;

/// The hashes of the first bytes of every name looked for.
pub(super) struct Prefixes {
    latin: Box<[u64; WORDS]>,
    other: Box<[u64; WORDS]>,
}

/// 2^16 bits: 8 KiB a table, kept in the fastest cache.
const WORDS: usize = 1 << 10;
const LATIN: usize = 3;
const OTHER: usize = 6;

impl Prefixes {
    /// The prefixes of `forms`; `None` when one is too short to have one
    /// (a name of three characters not all kana or ideographs, such as
    /// `é-ab`): every place must then be looked at.
    pub(super) fn of<'a>(forms: impl IntoIterator<Item = &'a str>) -> Option<Prefixes> {
        let mut prefixes = Prefixes {
            latin: Box::new([0; WORDS]),
            other: Box::new([0; WORDS]),
        };
        for form in forms {
            let form = form.as_bytes();
            let (table, len) = match form.first() {
                Some(b) if b.is_ascii() => (&mut prefixes.latin, LATIN),
                _ => (&mut prefixes.other, OTHER),
            };
            let prefix = form.get(..len)?;
            let h = hash(prefix);
            table[h / 64] |= 1 << (h % 64);
        }
        Some(prefixes)
    }

    /// The places in `quick` where a name may start, in order of kind
    /// (Latin first).
    pub(super) fn places<'a>(&'a self, quick: &'a Quick) -> impl Iterator<Item = usize> + 'a {
        let text = &quick.text;
        let latin = quick
            .starts
            .iter()
            .map(|&p| p as usize)
            .filter(move |&p| self.may_start(&self.latin, text, p, LATIN));
        // The first byte of each character that is not ASCII.
        let other = quick
            .runs
            .iter()
            .flat_map(|&(from, to)| from as usize..to as usize)
            .filter(move |&p| text[p] >= 0xc0 && self.may_start(&self.other, text, p, OTHER));
        latin.chain(other)
    }

    /// Whether a name may start at byte `at` of `text` (a character's
    /// first byte): its first bytes are those of some name.
    pub(super) fn may_start_at(&self, text: &str, at: usize) -> bool {
        let bytes = text.as_bytes();
        match bytes.get(at) {
            Some(b) if b.is_ascii() => self.may_start(&self.latin, bytes, at, LATIN),
            Some(_) => self.may_start(&self.other, bytes, at, OTHER),
            None => false,
        }
    }

    fn may_start(&self, table: &[u64; WORDS], text: &[u8], at: usize, len: usize) -> bool {
        text.get(at..at + len).is_some_and(|prefix| {
            let h = hash(prefix);
            table[h / 64] & (1 << (h % 64)) != 0
        })
    }
}

/// 16 bits of `bytes` (at most eight).
fn hash(bytes: &[u8]) -> usize {
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    let x = u64::from_le_bytes(word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x >> 48) as usize
}
