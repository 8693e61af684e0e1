//! Where a value is in a YAML text, by its path of keys and items.

/// A step of the path to a value in a YAML text, for [`position_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of this key of a map.
    Key(&'a str),
    /// This item (0-based) of a list.
    Item(usize),
    /// This key itself, in a map (last on a path).
    KeyName(&'a str),
}

/// The 1-based line and column where the parser reads the value at `path`
/// in `yaml` (`[Key("company"), Key("url")]`, `[Key("directory"),
/// Key("filters"), Item(1)]`), so that a value found wrong after parsing
/// is reported where it is written, not at a line that merely starts the
/// same way.
pub fn position_of(yaml: &str, path: &[Step]) -> Option<(usize, usize)> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    /// Walks to the value at its path, where it stops with an error,
    /// which serde_yaml locates at that value.
    struct Walk<'p, 'a>(&'p [Step<'a>]);

    const HERE: &str = "alumni: the value looked for";

    impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            if let Some(Step::KeyName(want)) = self.0.first() {
                while map.next_key_seed(KeyNamed(want))?.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
                return Ok(());
            }
            let Some((Step::Key(want), rest)) = self.0.split_first() else {
                return Err(serde::de::Error::custom(HERE));
            };
            while let Some(key) = map.next_key::<serde_yaml::Value>()? {
                if key.as_str() == Some(want) {
                    map.next_value_seed(Walk(rest))?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let Some((Step::Item(want), rest)) = self.0.split_first() else {
                return Err(serde::de::Error::custom(HERE));
            };
            let mut i = 0;
            loop {
                let found = if i == *want {
                    seq.next_element_seed(Walk(rest))?
                } else {
                    seq.next_element::<IgnoredAny>()?.map(|_| ())
                };
                if found.is_none() {
                    return Ok(());
                }
                i += 1;
            }
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
            Err(E::custom(HERE))
        }
    }

    /// A key, which stops with the error at itself when it is `.0`.
    struct KeyNamed<'a>(&'a str);

    impl<'de> DeserializeSeed<'de> for KeyNamed<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for KeyNamed<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a key")
        }
        fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<(), E> {
            if key == self.0 {
                return Err(E::custom(HERE));
            }
            Ok(())
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
            Ok(())
        }
    }

    let err = Walk(path)
        .deserialize(serde_yaml::Deserializer::from_str(yaml))
        .err()?;
    if !err.to_string().contains(HERE) {
        return None;
    }
    let at = err.location()?;
    Some((at.line(), at.column()))
}
