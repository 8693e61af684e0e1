use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::super::first_look::Prefixes;
use super::super::fold::{cut_forms_of, forms_of};
use super::{Lengths, holds, holds_only_parts};

#[test]
fn a_longer_name_holds_a_name_not_shown_only_inside_its_first_and_last_parts() {
    let holds = |shown: &str, hidden: &[&str]| {
        let hidden: Vec<String> = hidden.iter().flat_map(|h| forms_of(h)).collect();
        let index: HashMap<&str, usize> = hidden.iter().map(|h| (h.as_str(), 0)).collect();
        cut_forms_of(shown)
            .iter()
            .all(|(form, cuts)| holds_only_parts(form, cuts, &index))
    };
    assert_eq!(
        cut_forms_of("佐藤 花子"),
        [("佐藤花子".to_string(), vec![6])]
    );
    assert!(holds("小林 大輔", &["林 大輔"]));
    assert!(holds("さいとう あい", &["いとう あい"]));
    assert!(holds("長谷川 太郎", &["谷川 太郎", "川太郎"]));
    // Whole parts, or more than two letters, around the name not shown.
    assert!(!holds("公開 四郎 隠岐太郎", &["隠岐 太郎"]));
    assert!(!holds("公開四郎隠岐太郎", &["隠岐 太郎"]));
    assert!(!holds("隠岐太郎 公開", &["隠岐 太郎"]));
    assert!(!holds("Mary Anne Brown", &["Anne Brown"]));
    // Digits are not letters: a name padded with them is not a longer name.
    assert!(!holds("Anne Brown88", &["Anne Brown"]));
    assert!(!holds("7Anne Brown", &["Anne Brown"]));
    assert!(holds("Anne Browne", &["Anne Brown"]));
    assert!(!holds("Brown Anne Mary", &["Anne Brown"]));
    // Every name not shown inside it counts, not only the longest.
    assert!(!holds("小林 大輔 林大輔", &["林 大輔", "林大輔林大輔"]));
}

#[test]
fn the_lengths_by_first_bytes_and_the_first_look_pass_every_name_a_longer_name_holds() {
    // Names not shown of every length around eight bytes, in Latin letters,
    // kana and ideographs, and the pieces longer names are made of.
    let pieces = [
        "林",
        "小",
        "大輔",
        "さ",
        "いとう",
        "あい",
        "隠岐",
        "太郎",
        "an",
        "anne",
        "brown",
        "browne",
        "bo",
        "li",
        "chen",
        "featherstone",
        "haugh",
        "x",
    ];
    let mut rng = StdRng::seed_from_u64(21);
    let mut held = 0;
    for _ in 0..4_000 {
        let name = |rng: &mut StdRng| -> String {
            (0..rng.random_range(1..4))
                .map(|_| pieces[rng.random_range(0..pieces.len())])
                .collect()
        };
        let hidden: Vec<String> = (0..rng.random_range(1..6))
            .map(|_| name(&mut rng))
            .collect();
        let hidden: Vec<&str> = hidden
            .iter()
            .map(String::as_str)
            .filter(|h| h.chars().count() >= 2)
            .collect();
        if hidden.is_empty() {
            continue;
        }
        let index: HashMap<&str, usize> = hidden.iter().map(|h| (*h, 0)).collect();
        let lengths = Lengths::of(hidden.iter().copied());
        let prefixes = Prefixes::of(hidden.iter().copied());
        // A longer name: names not shown with letters around and between.
        let mut form = String::new();
        let mut cuts = Vec::new();
        for _ in 0..rng.random_range(1..4) {
            if rng.random_bool(0.5) {
                form.push_str(hidden[rng.random_range(0..hidden.len())]);
            } else {
                form.push_str(&name(&mut rng));
            }
            cuts.push(form.len());
        }
        cuts.pop();
        let every = holds(&form, &cuts, &index, |_| u64::MAX);
        let looked = holds(&form, &cuts, &index, |at| {
            if prefixes
                .as_ref()
                .is_some_and(|p| !p.may_start_at(&form, at))
            {
                return 0;
            }
            lengths.at(form.as_bytes(), at)
        });
        assert_eq!(looked, every, "{form:?} {cuts:?} holding {hidden:?}");
        held += usize::from(every.is_some());
    }
    assert!(held > 1_000, "only {held} longer names hold one");
}
