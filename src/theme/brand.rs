//! The brand colour (`company.brand_color` in site.yaml) and the palette a
//! theme derives from it: the default theme's `--brand*` custom properties
//! for light and dark mode.
//!
//! One colour in, every shade out, each chosen for WCAG 2.1 AA contrast:
//! the colour itself is the light-mode link and button colour, so it must
//! reach 4.5:1 on a white or light grey background, and validation says so
//! (with a darker shade that would do). The dark-mode shades are mixed
//! towards white until they reach 7:1 on the dark background. The build
//! writes the palette as a stylesheet, [`STYLESHEET`], that `base.html`
//! links (no inline `<style>`, so a Content-Security-Policy needs no
//! `'unsafe-inline'`). Pure.

use serde::Serialize;

/// The light-mode surface (themes/default/static/style.css), a little darker
/// than the white page.
const LIGHT_SURFACE: Rgb = Rgb(0xf5, 0xf7, 0xf9);
/// The dark-mode page background and surface.
const DARK_BG: Rgb = Rgb(0x0e, 0x13, 0x18);
const DARK_SURFACE: Rgb = Rgb(0x16, 0x1d, 0x24);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const BLACK: Rgb = Rgb(0, 0, 0);

/// Links and buttons on the page background: WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => None,
        }
    }

    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `self` moved `t` (0–1) of the way towards `to`, in sRGB.
    fn mix(self, to: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, to.0), m(self.1, to.1), m(self.2, to.2))
    }

    /// The first mix of `self` towards `to` (in 2% steps) with `contrast` on `on`.
    fn towards_contrast(self, to: Rgb, on: Rgb, contrast: f64) -> Rgb {
        (0..=50)
            .map(|i| self.mix(to, f64::from(i) / 50.0))
            .find(|c| c.contrast(on) >= contrast)
            .unwrap_or(to)
    }
}

/// The shades of one colour scheme, as the default theme's custom properties.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Shades {
    /// `--brand`: links, primary buttons, figures.
    pub brand: String,
    /// `--brand-strong`: hover.
    pub strong: String,
    /// `--brand-soft`: tinted backgrounds.
    pub soft: String,
    /// `--brand-soft-fg`: text on `soft`.
    pub soft_fg: String,
}

/// The brand palette, as `site.brand` in templates (`light`, `dark`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Palette {
    pub light: Shades,
    pub dark: Shades,
}

/// The file the palette is written to, beside the theme's `style.css`; a
/// site without `company.brand_color` has none (and its pages link none).
pub const STYLESHEET: &str = "palette.css";

impl Shades {
    fn declarations(&self) -> String {
        format!(
            ":root {{ --brand: {}; --brand-strong: {}; --brand-soft: {}; --brand-soft-fg: {}; }}",
            self.brand, self.strong, self.soft, self.soft_fg
        )
    }
}

impl Palette {
    /// The palette as the default theme's custom properties, light and
    /// dark; on paper the theme's own colours stay.
    pub fn css(&self) -> String {
        format!(
            "/* company.brand_color in site.yaml: its shades, checked for contrast by alumni. */\n\
             @media screen {{\n  {}\n}}\n\
             @media screen and (prefers-color-scheme: dark) {{\n  {}\n}}\n",
            self.light.declarations(),
            self.dark.declarations()
        )
    }
}

/// Checks a `brand_color`: `Err((message, hint))` when it is not a hex
/// colour or too light for text on a light background.
pub fn check(text: &str) -> Result<(), (String, String)> {
    let Some(c) = Rgb::parse(text) else {
        return Err((
            format!("brand_color `{text}` is not a colour"),
            "write it in hex, e.g. brand_color: \"#0a5c8a\" (quote it: # starts a YAML comment)"
                .into(),
        ));
    };
    let contrast = c.contrast(LIGHT_SURFACE);
    if contrast < MIN_CONTRAST {
        let darker = c.towards_contrast(BLACK, LIGHT_SURFACE, MIN_CONTRAST);
        return Err((
            format!(
                "brand_color {} is too light for links and buttons: {contrast:.1}:1 against a light background, WCAG AA needs {MIN_CONTRAST}:1",
                c.hex()
            ),
            format!("use a darker shade of it, e.g. \"{}\"", darker.hex()),
        ));
    }
    Ok(())
}

/// The palette of a valid `brand_color` (`None` if it is not one).
pub fn palette(text: &str) -> Option<Palette> {
    let c = Rgb::parse(text)?;
    let light = Shades {
        brand: c.hex(),
        strong: c.mix(BLACK, 0.25).hex(),
        soft: c.mix(WHITE, 0.9).hex(),
        soft_fg: c.towards_contrast(BLACK, c.mix(WHITE, 0.9), 7.0).hex(),
    };
    let dark_brand = c.towards_contrast(WHITE, DARK_SURFACE, 7.0);
    let dark_soft = c.mix(DARK_BG, 0.8);
    let dark = Shades {
        brand: dark_brand.hex(),
        strong: dark_brand.mix(WHITE, 0.3).hex(),
        soft: dark_soft.hex(),
        soft_fg: c.towards_contrast(WHITE, dark_soft, 7.0).hex(),
    };
    Some(Palette { light, dark })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contrast(a: &str, b: &str) -> f64 {
        Rgb::parse(a).unwrap().contrast(Rgb::parse(b).unwrap())
    }

    #[test]
    fn parses_hex_colours() {
        assert_eq!(Rgb::parse("#0a5c8a"), Some(Rgb(0x0a, 0x5c, 0x8a)));
        assert_eq!(Rgb::parse("#FFF"), Some(Rgb(255, 255, 255)));
        for bad in ["0a5c8a", "#0a5c8", "#ggg", "blue", "", "#", "#0a5c8a00"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast("#000", "#fff") - 21.0).abs() < 0.01);
        assert!((contrast("#767676", "#fff") - 4.54).abs() < 0.01);
    }

    #[test]
    fn too_light_colours_are_refused_with_a_darker_suggestion() {
        assert!(check("#0a5c8a").is_ok());
        let (message, hint) = check("#ffcc00").unwrap_err();
        assert!(message.contains("too light"), "{message}");
        let suggested = hint.split('"').nth(1).unwrap();
        assert!(contrast(suggested, "#f5f7f9") >= MIN_CONTRAST, "{hint}");
        assert!(check("navy").unwrap_err().0.contains("not a colour"));
    }

    #[test]
    fn the_stylesheet_holds_both_schemes() {
        let css = palette("#0a5c8a").unwrap().css();
        assert!(css.starts_with("/* company.brand_color"), "{css}");
        let (light, dark) = css.split_once("prefers-color-scheme: dark").unwrap();
        assert!(
            light.contains("@media screen {\n  :root { --brand: #0a5c8a; --brand-strong: #"),
            "{css}"
        );
        assert!(dark.contains(":root { --brand: "), "{css}");
        assert!(
            !dark.contains("#0a5c8a;"),
            "the dark scheme has its own shade: {css}"
        );
        assert_eq!(css.matches('{').count(), css.matches('}').count(), "{css}");
    }

    #[test]
    fn every_shade_reaches_aa() {
        for colour in [
            "#0a5c8a", "#c8102e", "#006b3f", "#5b2180", "#333333", "#000000",
        ] {
            let p = palette(colour).unwrap();
            assert!(contrast(&p.light.brand, "#ffffff") >= 4.5, "{colour}");
            assert!(contrast(&p.light.soft_fg, &p.light.soft) >= 7.0, "{colour}");
            assert!(contrast(&p.dark.brand, "#161d24") >= 7.0, "{colour}");
            assert!(
                contrast(&p.dark.brand, "#06121c") >= 4.5,
                "{colour}: dark text on dark-mode buttons"
            );
            assert!(contrast(&p.dark.soft_fg, &p.dark.soft) >= 7.0, "{colour}");
        }
    }
}
