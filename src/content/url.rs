//! URLs written in front matter (links, apply, register, online): only
//! `http`, `https` and `mailto` are accepted, so no `javascript:` URL can
//! reach an `href`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, de};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ExternalUrl(String);

impl ExternalUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = raw.trim();
        let lower = url.to_ascii_lowercase();
        let ok = ["http://", "https://", "mailto:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
        if ok && !url.chars().any(|c| c.is_control() || c.is_whitespace()) {
            Ok(ExternalUrl(url.to_string()))
        } else {
            Err(format!(
                "`{raw}` is not a web address: write a full http(s):// or mailto: URL"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExternalUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl schemars::JsonSchema for ExternalUrl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExternalUrl".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // What `parse` accepts: http(s):// or mailto:, any case, no space inside.
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\s*([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)[^\\s]+\\s*$",
            "description": "A full http(s):// or mailto: URL",
        })
    }
}

impl<'de> Deserialize<'de> for ExternalUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ExternalUrl::parse(&s).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_and_mail_only() {
        assert!(ExternalUrl::parse("https://example.com/a").is_ok());
        assert!(ExternalUrl::parse("mailto:a@example.com").is_ok());
        assert!(ExternalUrl::parse("javascript:alert(1)").is_err());
        assert!(ExternalUrl::parse("JAVASCRIPT:alert(1)").is_err());
        assert!(ExternalUrl::parse("data:text/html,x").is_err());
        assert!(ExternalUrl::parse("https://").is_err());
        assert!(ExternalUrl::parse("https://a b").is_err());
    }
}
