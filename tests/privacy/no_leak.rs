//! The no-leak property: for thousands of random sites, nothing an audience
//! may not see appears anywhere in its build — no page, file name, search
//! data, atom.xml, sitemap, `.ics`, JSON-LD, stats row or taxonomy page —
//! nor in the public newsletter of the site (`alumni newsletter`: its
//! HTML, text and `.eml`, the message's parts decoded), which must fail
//! where the public build must.
//!
//! The generator gives every field of every item a unique marker
//! (`zq0042x`) and decides, from the rules of docs/content.md and independently of
//! `audience.rs`, which builds may show it: hidden, withdrawn, draft,
//! unconsented and members-only profiles; members-only stories, events and
//! news; opted-out email and photo; departments, skills and industries
//! that only non-public members have. Every output file and file name is
//! scanned for markers, the manifest of the build (`alumni-manifest.json`)
//! too, and the words of the search index whole (each shard holds its
//! words without their first characters, which its file name says); a
//! marker seen where it may not be is a leak. Names,
//! titles and bodies that *may* be seen must be seen, so the scan is known
//! to work. Counts on the landing page, /stats/, the directory and
//! the search data must count only the audience; rehire interest is checked
//! structurally.
//!
//! Odd seeds make bilingual sites (`languages: [en, ja]`): some members
//! and news get a Japanese version (`x.ja.md`) with markers of its own,
//! which inherits the original's fields and may claim to be more public
//! (`visibility: public` with a consent, `audience: public`, `show_photo`,
//! `show_email`) or less; the oracle lets a translation be seen only where
//! its original is too, and its photo and email only as the original's.
//!
//! Text is a road too: bodies name other members in plain text and as the
//! text of their `@/` links (and now and then a member pads their own name
//! with another's), link and show images by plain URL (Markdown
//! and raw HTML) to other members' pages, and now and then show a page as
//! an image (`![x](@/...)`). Now and then a withdrawal has no date
//! (`withdrawn:`), a translation has lost its original, or a member names
//! another member's photo or a photo under `static/`. One case in twenty is also built on disk into
//! each audience's default folder. A build whose
//! documents name a person it does not show, or that has one of those
//! errors, must fail naming the file
//! (the oracle knows which builds must); every other build must succeed
//! and show no marker it may not.
//!
//! Cases are seeded: `ALUMNI_PRIVACY_CASES=N` runs more, and a failure names
//! its seed (`ALUMNI_PRIVACY_SEED=S` reruns just that one).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::time::Instant;

use crate::search_data;
use alumni::content::Audience;
use alumni::pipeline::Setup;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scraper::{Html, Selector};

use crate::harness::{Files, SiteDir, config, q};

/// `directory.per_page` and `lists.per_page` of every case.
const PER_PAGE: usize = 2;

/// Cases run by `cargo test` (two builds each), sized to stay well under a
/// minute in a debug build on a two-core machine.
const DEFAULT_CASES: u64 = 1000;

/// Which builds may show something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Seen {
    public: bool,
    members: bool,
}

impl Seen {
    const NONE: Seen = Seen {
        public: false,
        members: false,
    };
    const ALL: Seen = Seen {
        public: true,
        members: true,
    };
    const MEMBERS: Seen = Seen {
        public: false,
        members: true,
    };

    fn and(self, other: Seen) -> Seen {
        Seen {
            public: self.public && other.public,
            members: self.members && other.members,
        }
    }

    fn or(self, other: Seen) -> Seen {
        Seen {
            public: self.public || other.public,
            members: self.members || other.members,
        }
    }

    fn by(self, audience: Audience) -> bool {
        match audience {
            Audience::Public => self.public,
            Audience::Members => self.members,
        }
    }
}

/// One marker: what it marks, and who may see it.
#[derive(Debug)]
struct Marker {
    what: String,
    seen: Seen,
    /// It must appear where it may (a name, a title, a body).
    must_show: bool,
}

/// The privacy settings of a case, as docs/content.md states them.
#[derive(Debug, Clone, Copy)]
struct Rules {
    default_visibility: &'static str,
    require_consent: bool,
    public_rehire_interest: bool,
    min_group_size: usize,
}

/// What the oracle knows about a generated member.
#[derive(Debug, Clone)]
struct MemberFacts {
    seen: Seen,
    stem: String,
    slug: String,
    department: Option<String>,
    industry: Option<String>,
    left: i32,
    returned: Option<i32>,
    rehire: bool,
}

/// A generated site and what each build may contain.
struct Case {
    seed: u64,
    rules: Rules,
    markers: BTreeMap<String, Marker>,
    /// Content file path under the site root → text.
    files: Vec<(String, String)>,
    members: Vec<MemberFacts>,
    /// Stories by visibility.
    stories: Vec<Seen>,
    /// `(content key, seen)` of every document, for `@/` links.
    keys: Vec<(String, Seen)>,
    /// English and Japanese, with translations.
    bilingual: bool,
    /// `@/` key → the name of a member version, for link texts.
    names: BTreeMap<String, String>,
    /// Roads in text, by the file they are in.
    roads: Vec<Road>,
    /// The photo files of the members so far.
    photos: Vec<String>,
}

/// Something a body does that may make a build fail.
#[derive(Debug, Clone)]
enum Road {
    /// Names, in plain text, a person seen by `person`, in a document seen by `doc`.
    Name {
        path: String,
        doc: Seen,
        person: Seen,
    },
    /// An error in every build: a page shown as an image, an empty
    /// `withdrawn:`, a translation without its original.
    Invalid { path: String },
}

/// Shared term pools: plain names (no marker) and per-case marked ones.
const PLAIN_DEPARTMENTS: &[&str] = &["Sales", "開発部", "Marketing"];
const PLAIN_SKILLS: &[&str] = &["Rust", "データ分析", "Design"];
const PLAIN_INDUSTRIES: &[&str] = &["SaaS", "Finance"];
const OPEN_TO: &[&str] = &[
    "mentoring",
    "partnership",
    "ambassador",
    "customer",
    "speaking",
    "survey",
];

struct Gen {
    rng: StdRng,
    case: Case,
    next: u32,
    /// Roads of the body being written, until its file is named.
    pending: Vec<Road>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let rules = Rules {
            default_visibility: ["members", "public", "hidden"][rng.random_range(0..3)],
            require_consent: rng.random_bool(0.7),
            public_rehire_interest: rng.random_bool(0.3),
            min_group_size: rng.random_range(1..=3),
        };
        Gen {
            rng,
            case: Case {
                seed,
                rules,
                markers: BTreeMap::new(),
                files: Vec::new(),
                members: Vec::new(),
                stories: Vec::new(),
                keys: Vec::new(),
                bilingual: seed % 2 == 1,
                names: BTreeMap::new(),
                roads: Vec::new(),
                photos: Vec::new(),
            },
            next: 0,
            pending: Vec::new(),
        }
    }

    /// A new marker for `what`, seen by `seen`.
    fn marker(&mut self, what: &str, seen: Seen) -> String {
        self.marker_with(what, seen, false)
    }

    fn marker_with(&mut self, what: &str, seen: Seen, must_show: bool) -> String {
        let m = format!("zq{:04}x", self.next);
        self.next += 1;
        self.case.markers.insert(
            m.clone(),
            Marker {
                what: what.into(),
                seen,
                must_show,
            },
        );
        m
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn date(&mut self, year: std::ops::RangeInclusive<i32>) -> String {
        let y = self.rng.random_range(year);
        format!(
            "{y}-{:02}-{:02}",
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28)
        )
    }

    /// A `@/` link to some document of the site, whatever its visibility;
    /// to a member, often with their name as its text.
    fn some_link(&mut self) -> String {
        if self.case.keys.is_empty() {
            return String::new();
        }
        let n = self.rng.random_range(0..self.case.keys.len());
        let key = self.case.keys[n].0.clone();
        let fragment = if self.chance(0.3) { "#top" } else { "" };
        let named = self.chance(0.6);
        let text = match self.case.names.get(&key) {
            Some(name) if named => name.clone(),
            _ => "this one".to_string(),
        };
        format!("\n\nSee [{text}](@/{key}{fragment}).\n")
    }

    /// A body with a marker, and maybe links to other documents, names of
    /// other members, and plain links or images to their pages. The roads
    /// that may fail a build wait in `pending` for [`Self::file`].
    fn body(&mut self, what: &str, seen: Seen) -> String {
        let m = self.marker_with(&format!("{what} body"), seen, true);
        let mut body = format!("\nText {m} here.\n");
        for _ in 0..self.rng.random_range(0..3) {
            body.push_str(&self.some_link());
        }
        if !self.case.members.is_empty() && self.chance(0.025) {
            let i = self.rng.random_range(0..self.case.members.len());
            let person = self.case.members[i].clone();
            let name = &self.case.names[&format!("members/{}.md", person.stem)];
            let written = match self.rng.random_range(0..3) {
                0 => name.clone(),
                1 => name.to_uppercase().replace(' ', "　"),
                _ => name.split(' ').rev().collect::<Vec<_>>().join(", "),
            };
            writeln!(body, "\nWe met {written} there.").unwrap();
            self.pending.push(Road::Name {
                path: String::new(),
                doc: seen,
                person: person.seen,
            });
        }
        if !self.case.members.is_empty() && self.chance(0.3) {
            let i = self.rng.random_range(0..self.case.members.len());
            let person = self.case.members[i].clone();
            let slug = if self.chance(0.7) {
                person.slug
            } else {
                person.stem
            };
            let prefix = if self.case.bilingual && self.chance(0.5) {
                "/ja"
            } else {
                ""
            };
            let road = match self.rng.random_range(0..7) {
                0 => format!("[page]({prefix}/members/{slug}/)"),
                1 => format!(
                    "<a href=\"https://alumni.test.example{prefix}/members/{slug}/\">page</a>"
                ),
                2 => format!("![photo](../../members/{slug}/photo-96.jpg)"),
                3 => format!(
                    "<img src=\"{prefix}/members/{}/photo-192.jpg\">",
                    slug.to_uppercase()
                ),
                4 => format!(
                    "[page](/members/%{:02X}{}/)",
                    slug.as_bytes()[0],
                    &slug[1..]
                ),
                5 => format!("<q cite=\"{prefix}/members/{slug}/\">quote</q>"),
                _ => format!("<a href=\"https://alumni.test.example\\members\\{slug}\\\">page</a>"),
            };
            writeln!(body, "\n{road}").unwrap();
        }
        if !self.case.keys.is_empty() && self.chance(0.004) {
            let n = self.rng.random_range(0..self.case.keys.len());
            writeln!(body, "\n![x](@/{})", self.case.keys[n].0).unwrap();
            self.pending.push(Road::Invalid {
                path: String::new(),
            });
        }
        body
    }

    /// Common optional fields of every kind: slug, updated, extra.
    fn common(&mut self, what: &str, seen: Seen, fm: &mut String, stem: &str) -> String {
        let slug = if self.chance(0.4) {
            let s = self.marker(&format!("{what} slug"), seen);
            writeln!(fm, "slug: {}", q(&s)).unwrap();
            s
        } else {
            stem.to_string()
        };
        if self.chance(0.3) {
            let d = self.date(2024..=2026);
            writeln!(fm, "updated: {d}").unwrap();
        }
        if self.chance(0.3) {
            let m = self.marker(&format!("{what} extra"), seen);
            writeln!(fm, "extra: {{note: {}}}", q(&m)).unwrap();
        }
        slug
    }

    /// `draft: true` sometimes; a draft is seen by nobody.
    fn draft(&mut self, fm: &mut String, p: f64) -> bool {
        let draft = self.chance(p);
        if draft {
            fm.push_str("draft: true\n");
        }
        draft
    }

    fn file(&mut self, path: String, front: String, body: String) {
        for mut road in std::mem::take(&mut self.pending) {
            match &mut road {
                Road::Name { path: p, .. } | Road::Invalid { path: p } => p.clone_from(&path),
            }
            self.case.roads.push(road);
        }
        self.case
            .files
            .push((path, format!("---\n{front}---\n{body}")));
    }

    fn site(mut self) -> Case {
        let depts: Vec<u32> = (0..self.rng.random_range(0..=3))
            .map(|_| self.term_slot("department"))
            .collect();
        let skills: Vec<u32> = (0..self.rng.random_range(0..=3))
            .map(|_| self.term_slot("skill"))
            .collect();
        let industries: Vec<u32> = (0..self.rng.random_range(0..=2))
            .map(|_| self.term_slot("industry"))
            .collect();
        let pools = Pools {
            depts,
            skills,
            industries,
        };
        for _ in 0..self.rng.random_range(0..=7) {
            self.member(&pools);
        }
        for _ in 0..self.rng.random_range(0..=3) {
            self.story();
        }
        for _ in 0..self.rng.random_range(0..=2) {
            self.event();
        }
        for _ in 0..self.rng.random_range(0..=2) {
            self.job();
        }
        for _ in 0..self.rng.random_range(0..=2) {
            self.news();
        }
        for _ in 0..self.rng.random_range(0..=1) {
            self.page();
        }
        // Bodies written above could only link to earlier documents: give
        // the programme page links to anything.
        let mut body = String::from("\nWelcome.\n");
        for _ in 0..self.rng.random_range(0..4) {
            body.push_str(&self.some_link());
        }
        self.file(
            "content/_index.md".into(),
            "title: Test Alumni\n".into(),
            body,
        );
        self.case
    }

    /// A marked term (department, skill, industry) whose visibility is the
    /// union of the members that have it; fixed up as members are made.
    fn term_slot(&mut self, what: &str) -> u32 {
        let id = self.next;
        self.marker(what, Seen::NONE);
        id
    }

    fn term(&mut self, slots: &[u32], plain: &[&'static str], seen: Seen) -> Option<String> {
        if !slots.is_empty() && self.chance(0.6) {
            let slot = *self.pick(slots);
            let marker = format!("zq{slot:04}x");
            let entry = self.case.markers.get_mut(&marker).expect("a term marker");
            entry.seen = entry.seen.or(seen);
            Some(format!("Term {marker}"))
        } else if self.chance(0.5) {
            Some((*self.pick(plain)).to_string())
        } else {
            None
        }
    }

    fn member(&mut self, pools: &Pools) {
        let rules = self.case.rules;
        let visibility = *self.pick(&[
            Some("public"),
            Some("public"),
            Some("members"),
            Some("hidden"),
            None,
        ]);
        let consent = self.chance(0.6);
        let withdrawn = self.chance(0.1);
        let mut fm = String::new();
        let draft = self.draft(&mut fm, 0.1);
        // The oracle: docs/content.md, "Privacy: who sees what".
        let seen = if withdrawn || draft {
            Seen::NONE
        } else {
            match visibility.unwrap_or(rules.default_visibility) {
                "hidden" => Seen::NONE,
                "members" => Seen::MEMBERS,
                _ => Seen {
                    public: !rules.require_consent || consent,
                    members: true,
                },
            }
        };
        let stem = self.marker("member file name", seen);
        let name = self.marker_with("member name", seen, true);
        let mut name = format!("Person {name}");
        if !self.case.members.is_empty() && self.chance(0.03) {
            // A member who pads their own name with another's: not a longer
            // name of someone else (SECURITY.md, "Names in free text").
            let i = self.rng.random_range(0..self.case.members.len());
            let other = self.case.members[i].clone();
            write!(
                name,
                " {}",
                self.case.names[&format!("members/{}.md", other.stem)]
            )
            .unwrap();
            self.pending.push(Road::Name {
                path: String::new(),
                doc: seen,
                person: other.seen,
            });
        }
        writeln!(fm, "name: {}", q(&name)).unwrap();
        self.case.names.insert(format!("members/{stem}.md"), name);
        if let Some(v) = visibility {
            writeln!(fm, "visibility: {v}").unwrap();
        }
        if consent {
            let d = self.date(2020..=2025);
            writeln!(fm, "consent: {d}").unwrap();
        }
        if withdrawn {
            let d = self.date(2025..=2026);
            writeln!(fm, "withdrawn: {d}").unwrap();
        } else if self.chance(0.01) {
            // A withdrawal with no date fails closed: an error, never "not withdrawn".
            fm.push_str(if self.chance(0.5) {
                "withdrawn:\n"
            } else {
                "withdrawn: ~\n"
            });
            self.pending.push(Road::Invalid {
                path: String::new(),
            });
        }
        let slug = self.common("member", seen, &mut fm, &stem);
        for field in ["name_reading", "role", "location"] {
            if field == "name_reading" && !self.case.members.is_empty() && self.chance(0.03) {
                // A member who gives another's name as their own reading:
                // not theirs (docs/content.md, "Someone else of the same name").
                let i = self.rng.random_range(0..self.case.members.len());
                let other = self.case.members[i].clone();
                let theirs = &self.case.names[&format!("members/{}.md", other.stem)];
                writeln!(fm, "name_reading: {}", q(theirs)).unwrap();
                self.pending.push(Road::Name {
                    path: String::new(),
                    doc: seen,
                    person: other.seen,
                });
                continue;
            }
            if self.chance(0.5) {
                let m = self.marker(&format!("member {field}"), seen);
                writeln!(fm, "{field}: {}", q(&format!("x {m}"))).unwrap();
            }
        }
        let left = self.rng.random_range(2008..=2025);
        // Half leave on a day (a year alone is in no newsletter's period).
        if left % 2 == 0 {
            writeln!(fm, "left: {left}-05-10").unwrap();
        } else {
            writeln!(fm, "left: {left}").unwrap();
        }
        if self.chance(0.5) {
            writeln!(fm, "joined: {}", left - self.rng.random_range(1..=10)).unwrap();
        }
        let returned = self
            .chance(0.25)
            .then(|| left + self.rng.random_range(0..=3));
        if let Some(r) = returned {
            writeln!(fm, "returned: {r}").unwrap();
        }
        let department = self.term(&pools.depts, PLAIN_DEPARTMENTS, seen);
        if let Some(d) = &department {
            writeln!(fm, "department: {}", q(d)).unwrap();
        }
        let mut skills = Vec::new();
        for _ in 0..self.rng.random_range(0..=3) {
            if let Some(s) = self.term(&pools.skills, PLAIN_SKILLS, seen) {
                skills.push(q(&s));
            }
        }
        if !skills.is_empty() {
            writeln!(fm, "skills: [{}]", skills.join(", ")).unwrap();
        }
        let industry = self.term(&pools.industries, PLAIN_INDUSTRIES, seen);
        let mut now = Vec::new();
        for field in ["company", "title"] {
            if self.chance(0.5) {
                let m = self.marker(&format!("member now.{field}"), seen);
                now.push(format!("{field}: {}", q(&format!("x {m}"))));
            }
        }
        if let Some(i) = &industry {
            now.push(format!("industry: {}", q(i)));
        }
        if !now.is_empty() {
            writeln!(fm, "now: {{{}}}", now.join(", ")).unwrap();
        }
        let rehire = self.chance(0.4);
        let mut open_to: Vec<&str> = OPEN_TO
            .iter()
            .copied()
            .filter(|_| self.rng.random_bool(0.3))
            .collect();
        if rehire {
            open_to.push("rehire");
        }
        if !open_to.is_empty() {
            writeln!(fm, "open_to: [{}]", open_to.join(", ")).unwrap();
        }
        let mut links = Vec::new();
        for field in ["linkedin", "website", "x", "github"] {
            if self.chance(0.3) {
                let m = self.marker(&format!("member links.{field}"), seen);
                links.push(format!("{field}: https://{field}.example/{m}"));
            }
        }
        if !links.is_empty() {
            writeln!(fm, "links: {{{}}}", links.join(", ")).unwrap();
        }
        if self.chance(0.6) {
            let show = self.chance(0.5);
            // Email: never public; in the members build only when shown.
            let m = self.marker(
                "member email",
                seen.and(Seen {
                    public: false,
                    members: show,
                }),
            );
            writeln!(fm, "email: {m}@mail.example\nshow_email: {show}").unwrap();
        }
        if !self.case.photos.is_empty() && self.chance(0.02) {
            // Someone else's photo (a copied file that kept `photo:`): an
            // error, whoever shows it, never their face on this profile.
            let i = self.rng.random_range(0..self.case.photos.len());
            let photo = self.case.photos[i].clone();
            writeln!(fm, "photo: {photo}\nshow_photo: true").unwrap();
            self.pending.push(Road::Invalid {
                path: String::new(),
            });
        } else if self.chance(0.01) {
            // A photo put under static/, which every build publishes as it
            // is: an error for every member, whoever sees them.
            let m = self.marker("member photo under static/", Seen::NONE);
            writeln!(fm, "photo: {m}.png\nshow_photo: true").unwrap();
            self.case
                .files
                .push((format!("static/{m}.png"), format!("PNG {m}")));
            self.pending.push(Road::Invalid {
                path: String::new(),
            });
        } else if self.chance(0.5) {
            let show = self.chance(0.5);
            let m = self.marker("member photo", if show { seen } else { Seen::NONE });
            writeln!(fm, "photo: {m}.png\nshow_photo: {show}").unwrap();
            self.case
                .files
                .push((format!("content/members/{m}.png"), format!("PNG {m}")));
            self.case.photos.push(format!("{m}.png"));
        }
        let body = self.body("member", seen);
        self.file(format!("content/members/{stem}.md"), fm, body);
        self.case.keys.push((format!("members/{stem}.md"), seen));
        if self.case.bilingual && self.chance(0.5) {
            self.member_translation(&stem, seen, visibility, consent);
        }
        if self.case.bilingual && self.chance(0.02) {
            // Left behind when its original was deleted: an error, never a member.
            let orphan = self.marker("orphaned translation file name", Seen::NONE);
            let name = self.marker("orphaned translation name", Seen::NONE);
            let path = format!("content/members/{orphan}.ja.md");
            self.case.roads.push(Road::Invalid { path: path.clone() });
            self.case.files.push((
                path,
                format!("---\nname: {}\nleft: 2020\nvisibility: public\nconsent: 2024-01-01\n---\nBio.\n", q(&format!("人 {name}"))),
            ));
        }
        self.case.members.push(MemberFacts {
            seen,
            stem,
            slug,
            department,
            industry,
            left,
            returned,
            rehire,
        });
    }

    /// The Japanese version of member `stem` (seen by `original`, written with
    /// `visibility` and a consent or not): its own name and bio, and a claim
    /// to more or less visibility now and then.
    fn member_translation(
        &mut self,
        stem: &str,
        original: Seen,
        visibility: Option<&str>,
        consent: bool,
    ) {
        let rules = self.case.rules;
        let mut fm = String::new();
        let (visibility, consent) = match self.rng.random_range(0..4) {
            0 => {
                fm.push_str("visibility: public\nconsent: 2024-01-01\n");
                (Some("public"), true)
            }
            1 => {
                fm.push_str("visibility: members\n");
                (Some("members"), consent)
            }
            _ => (visibility, consent),
        };
        let own = match visibility.unwrap_or(rules.default_visibility) {
            "hidden" => Seen::NONE,
            "members" => Seen::MEMBERS,
            _ => Seen {
                public: !rules.require_consent || consent,
                members: true,
            },
        };
        let seen = own.and(original);
        if self.chance(0.3) {
            // Opt-ins stay the original's: the photo and email markers keep its rules.
            fm.push_str("show_photo: true\nshow_email: true\n");
        }
        let name = self.marker_with("member translation name", seen, true);
        writeln!(fm, "name: {}", q(&format!("人 {name}"))).unwrap();
        self.case
            .names
            .insert(format!("members/{stem}.ja.md"), format!("人 {name}"));
        if self.chance(0.5) {
            let m = self.marker("member translation role", seen);
            writeln!(fm, "role: {}", q(&format!("役割 {m}"))).unwrap();
        }
        let body = self.body("member translation", seen);
        self.file(format!("content/members/{stem}.ja.md"), fm, body);
        self.case.keys.push((format!("members/{stem}.ja.md"), seen));
    }

    /// Audience and draft of a story, event or news item, and who sees it.
    fn audience(&mut self, fm: &mut String) -> Seen {
        let members_only = self.chance(0.4);
        if members_only {
            fm.push_str("audience: members\n");
        } else if self.chance(0.3) {
            fm.push_str("audience: public\n");
        }
        let draft = self.draft(fm, 0.1);
        match (draft, members_only) {
            (true, _) => Seen::NONE,
            (false, true) => Seen::MEMBERS,
            (false, false) => Seen::ALL,
        }
    }

    fn story(&mut self) {
        let mut fm = String::new();
        let seen = self.audience(&mut fm);
        let stem = self.marker("story file name", seen);
        let title = self.marker_with("story title", seen, true);
        writeln!(fm, "title: {}", q(&format!("Story {title}"))).unwrap();
        let d = self.date(2018..=2026);
        writeln!(fm, "date: {d}").unwrap();
        self.common("story", seen, &mut fm, &stem);
        let kind = *self.pick(&["rehire", "partner", "founder", "network"]);
        writeln!(fm, "kind: {kind}").unwrap();
        if self.chance(0.6) {
            let m = self.marker("story summary", seen);
            writeln!(fm, "summary: {}", q(&format!("About {m}"))).unwrap();
        }
        if self.chance(0.5) {
            let m = self.marker("story tag", seen);
            writeln!(fm, "tags: [{}, plain]", q(&m)).unwrap();
        }
        let mut cast = Vec::new();
        for _ in 0..self.rng.random_range(0..=3) {
            if self.case.members.is_empty() {
                break;
            }
            let i = self.rng.random_range(0..self.case.members.len());
            let m = &self.case.members[i];
            let name = if self.rng.random_bool(0.5) {
                m.slug.clone()
            } else {
                m.stem.clone()
            };
            cast.push(q(&name));
        }
        cast.push(q("nobody-at-all"));
        writeln!(fm, "members: [{}]", cast.join(", ")).unwrap();
        if self.chance(0.3) {
            let m = self.marker("story cover", seen);
            writeln!(fm, "cover: {m}.png").unwrap();
            self.case
                .files
                .push((format!("content/stories/{m}.png"), format!("PNG {m}")));
        }
        let body = self.body("story", seen);
        self.file(format!("content/stories/{stem}.md"), fm, body);
        self.case.keys.push((format!("stories/{stem}.md"), seen));
        self.case.stories.push(seen);
    }

    fn event(&mut self) {
        let mut fm = String::new();
        let seen = self.audience(&mut fm);
        let stem = self.marker("event file name", seen);
        let title = self.marker_with("event title", seen, true);
        writeln!(fm, "title: {}", q(&format!("Event {title}"))).unwrap();
        if self.chance(0.5) {
            let d = self.date(2025..=2027);
            writeln!(fm, "start: {d}").unwrap();
        } else {
            let d = self.date(2025..=2027);
            writeln!(fm, "start: {d}T19:00:00+09:00\nend: {d}T21:00:00+09:00").unwrap();
        }
        self.common("event", seen, &mut fm, &stem);
        if self.chance(0.6) {
            let m = self.marker("event location", seen);
            writeln!(fm, "location: {}", q(&format!("Hall {m}"))).unwrap();
        }
        for field in ["online", "register"] {
            if self.chance(0.5) {
                let m = self.marker(&format!("event {field}"), seen);
                writeln!(fm, "{field}: https://{field}.example/{m}").unwrap();
            }
        }
        if self.chance(0.6) {
            let m = self.marker("event summary", seen);
            writeln!(fm, "summary: {}", q(&format!("Meet {m}"))).unwrap();
        }
        let body = self.body("event", seen);
        self.file(format!("content/events/{stem}.md"), fm, body);
        self.case.keys.push((format!("events/{stem}.md"), seen));
    }

    fn job(&mut self) {
        let mut fm = String::new();
        let seen = if self.draft(&mut fm, 0.3) {
            Seen::NONE
        } else {
            Seen::ALL
        };
        let stem = self.marker("job file name", seen);
        let title = self.marker_with("job title", seen, true);
        writeln!(fm, "title: {}", q(&format!("Job {title}"))).unwrap();
        self.common("job", seen, &mut fm, &stem);
        for field in ["department", "location", "employment_type", "summary"] {
            if self.chance(0.5) {
                let m = self.marker(&format!("job {field}"), seen);
                writeln!(fm, "{field}: {}", q(&format!("x {m}"))).unwrap();
            }
        }
        if self.chance(0.5) {
            let m = self.marker("job apply", seen);
            writeln!(fm, "apply: https://apply.example/{m}").unwrap();
        }
        let posted = self.date(2025..=2026);
        writeln!(fm, "posted: {posted}").unwrap();
        if self.chance(0.5) {
            let d = self.date(2025..=2027);
            writeln!(fm, "closes: {d}").unwrap();
        }
        let body = self.body("job", seen);
        self.file(format!("content/jobs/{stem}.md"), fm, body);
        self.case.keys.push((format!("jobs/{stem}.md"), seen));
    }

    fn news(&mut self) {
        let mut fm = String::new();
        let seen = self.audience(&mut fm);
        let stem = self.marker("news file name", seen);
        let title = self.marker_with("news title", seen, true);
        writeln!(fm, "title: {}", q(&format!("News {title}"))).unwrap();
        let d = self.date(2018..=2026);
        writeln!(fm, "date: {d}").unwrap();
        self.common("news", seen, &mut fm, &stem);
        if self.chance(0.6) {
            let m = self.marker("news summary", seen);
            writeln!(fm, "summary: {}", q(&format!("About {m}"))).unwrap();
        }
        let body = self.body("news", seen);
        self.file(format!("content/news/{stem}.md"), fm, body);
        self.case.keys.push((format!("news/{stem}.md"), seen));
        if self.case.bilingual && self.chance(0.5) {
            let mut fm = String::new();
            let own = match self.rng.random_range(0..3) {
                0 => {
                    fm.push_str("audience: public\n");
                    Seen::ALL
                }
                1 => {
                    fm.push_str("audience: members\n");
                    Seen::MEMBERS
                }
                _ => Seen::ALL,
            };
            let seen = own.and(seen);
            let title = self.marker_with("news translation title", seen, true);
            writeln!(fm, "title: {}", q(&format!("お知らせ {title}"))).unwrap();
            let body = self.body("news translation", seen);
            self.file(format!("content/news/{stem}.ja.md"), fm, body);
            self.case.keys.push((format!("news/{stem}.ja.md"), seen));
        }
    }

    fn page(&mut self) {
        let mut fm = String::new();
        let seen = if self.draft(&mut fm, 0.4) {
            Seen::NONE
        } else {
            Seen::ALL
        };
        let stem = self.marker("page file name", seen);
        let title = self.marker_with("page title", seen, true);
        writeln!(fm, "title: {}", q(&format!("Page {title}"))).unwrap();
        self.common("page", seen, &mut fm, &stem);
        if self.chance(0.5) {
            let m = self.marker("page description", seen);
            writeln!(fm, "description: {}", q(&format!("About {m}"))).unwrap();
        }
        let body = self.body("page", seen);
        self.file(format!("content/pages/{stem}.md"), fm, body);
        self.case.keys.push((format!("pages/{stem}.md"), seen));
    }
}

/// Marker ids of each case's marked terms.
struct Pools {
    depts: Vec<u32>,
    skills: Vec<u32>,
    industries: Vec<u32>,
}

impl Case {
    fn privacy_yaml(&self) -> String {
        let r = self.rules;
        format!(
            "  default_visibility: {}\n  require_consent: {}\n  public_rehire_interest: {}\n  min_group_size: {}\n",
            r.default_visibility, r.require_consent, r.public_rehire_interest, r.min_group_size
        )
    }

    fn write(&self, site: &SiteDir) {
        site.clear_content();
        for (path, text) in &self.files {
            if path.ends_with(".png") {
                // A real image (the build refuses others), `text` in a tEXt chunk.
                site.write(path, crate::harness::png(text));
            } else {
                site.write(path, text);
            }
        }
    }

    /// The files of which one must be named by the build for `audience`,
    /// which must fail; empty when it must succeed.
    fn must_fail(&self, audience: Audience) -> Vec<&str> {
        self.roads
            .iter()
            .filter_map(|road| match road {
                Road::Name { path, doc, person } => {
                    (doc.by(audience) && !person.by(audience)).then_some(path.as_str())
                }
                Road::Invalid { path } => Some(path.as_str()),
            })
            .collect()
    }

    fn visible(&self, audience: Audience) -> impl Iterator<Item = &MemberFacts> {
        self.members.iter().filter(move |m| m.seen.by(audience))
    }

    /// Everything a failure message needs to reproduce the case.
    fn describe(&self) -> String {
        let mut s = format!(
            "seed {} (ALUMNI_PRIVACY_SEED={}), rules {:?}\n",
            self.seed, self.seed, self.rules
        );
        for (path, text) in &self.files {
            writeln!(s, "--- {path}\n{text}").unwrap();
        }
        s
    }
}

/// Every marker in `text`, lower-cased (ICS lines unfolded first).
fn markers_in(text: &str, found: &mut BTreeSet<String>) {
    let text = text.to_lowercase().replace("\r\n ", "");
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("zq") {
        let at = from + i;
        if let Some(m) = bytes.get(at..at + 7)
            && m[2..6].iter().all(u8::is_ascii_digit)
            && m[6] == b'x'
        {
            found.insert(String::from_utf8_lossy(m).into_owned());
        }
        from = at + 2;
    }
}

/// Checks one build of `case` against the oracle; returns what is wrong.
fn check_build(case: &Case, files: &Files, audience: Audience, setup: &Setup) -> Vec<String> {
    let mut problems = Vec::new();
    let mut everywhere = BTreeSet::new();
    // Each language's search index, its words whole (a shard's entries
    // hold them without the shard's key).
    let words: Vec<(String, Vec<u8>)> = files
        .paths("", "search/index.json")
        .into_iter()
        .map(|index| {
            let dir = index.trim_end_matches("search/index.json");
            let data = search_data::read(dir, |p| files.text(p));
            let text = data.suffixes.into_keys().collect::<Vec<_>>().join("\n");
            (format!("{dir}search/t/ (its words)"), text.into_bytes())
        })
        .collect();
    for (path, bytes) in files.0.iter().chain(words.iter().map(|(p, b)| (p, b))) {
        let mut found = BTreeSet::new();
        markers_in(path, &mut found);
        markers_in(&String::from_utf8_lossy(bytes), &mut found);
        for m in &found {
            match case.markers.get(m) {
                Some(marker) if !marker.seen.by(audience) => {
                    problems.push(format!("{path} reveals {m} ({})", marker.what));
                }
                None => problems.push(format!("{path} has {m}, which no field had")),
                _ => {}
            }
        }
        everywhere.extend(found);
    }
    for (m, marker) in &case.markers {
        if marker.must_show && marker.seen.by(audience) && !everywhere.contains(m) {
            problems.push(format!("{m} ({}) should appear but does not", marker.what));
        }
    }
    problems.extend(check_counts(case, files, audience, setup));
    problems.extend(check_rehire(case, files, audience, setup));
    problems
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("a valid selector");
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Figures, stats rows, search entries, profiles and taxonomy pages
/// count only the audience.
fn check_counts(case: &Case, files: &Files, audience: Audience, setup: &Setup) -> Vec<String> {
    let mut problems = Vec::new();
    let visible: Vec<&MemberFacts> = case.visible(audience).collect();
    let departments: BTreeSet<&str> = visible
        .iter()
        .filter_map(|m| m.department.as_deref())
        .collect();
    let figures = [
        visible.len(),
        departments.len(),
        visible.iter().filter(|m| m.returned.is_some()).count(),
        case.stories.iter().filter(|s| s.by(audience)).count(),
    ]
    .map(|n| n.to_string());
    let landing = Html::parse_document(&files.text("index.html"));
    let stats = Html::parse_document(&files.text("stats/index.html"));
    for (page, html) in [("/", &landing), ("/stats/", &stats)] {
        let shown = select(html, "dl.figures dd");
        if shown != figures {
            problems.push(format!("{page}: figures {shown:?}, expected {figures:?}"));
        }
    }

    let other = setup.theme.string("other");
    let min = case.rules.min_group_size;
    let tables: [(&str, Vec<String>); 4] = [
        (
            "by-department",
            visible
                .iter()
                .filter_map(|m| m.department.clone())
                .collect(),
        ),
        (
            "by-left-year",
            visible.iter().map(|m| m.left.to_string()).collect(),
        ),
        (
            "by-industry",
            visible.iter().filter_map(|m| m.industry.clone()).collect(),
        ),
        (
            "rehires-per-year",
            visible
                .iter()
                .filter_map(|m| m.returned.map(|r| r.to_string()))
                .collect(),
        ),
    ];
    for (id, labels) in tables {
        let expected = fold(&labels, min, other);
        // The numbers table of each chart: a row is a label (a year may be
        // shown as "2019年") and its count.
        let rows = Selector::parse(&format!("section[aria-labelledby=\"{id}\"] tbody tr"))
            .expect("selector");
        let th = Selector::parse("th").expect("selector");
        let td = Selector::parse("td").expect("selector");
        let text = |tr: &scraper::ElementRef, s: &Selector| {
            tr.select(s)
                .next()
                .map(|e| e.text().collect::<String>().trim().to_string())
                .unwrap_or_default()
        };
        let shown: Vec<(String, String)> = stats
            .select(&rows)
            .map(|tr| (text(&tr, &th), text(&tr, &td)))
            .collect();
        let matches = shown.len() == expected.len()
            && expected.iter().all(|(label, count)| {
                shown.iter().any(|(l, c)| {
                    *c == count.to_string()
                        && (l == label || (label != other && l.contains(label.as_str())))
                })
            });
        if !matches {
            problems.push(format!("/stats/ {id}: {shown:?}, expected {expected:?}"));
        }
    }

    let entries = search_data::read("", |p| files.text(p)).members.len();
    if entries != visible.len() {
        problems.push(format!(
            "the search data has {entries} members for {} visible",
            visible.len()
        ));
    }

    let profiles = terms(files, "members");
    let expected: BTreeSet<String> = visible.iter().map(|m| m.slug.clone()).collect();
    if profiles != expected {
        problems.push(format!("profiles {profiles:?}, expected {expected:?}"));
    }
    // The directory's further pages and the index by initial are there to
    // be scanned: as many pages as the audience's members fill.
    let further = files.paths("members/page/", "/index.html").len();
    let want = visible.len().div_ceil(PER_PAGE).max(1) - 1;
    if further != want {
        problems.push(format!(
            "{further} further pages of the directory for {} members",
            visible.len()
        ));
    }
    let headings = files.paths("members/initial/", "/index.html").len();
    if (visible.len() > PER_PAGE) != (headings > 0) {
        problems.push(format!(
            "{headings} pages of the index by initial for {} members",
            visible.len()
        ));
    }
    let cohorts = terms(files, "cohorts");
    let years: BTreeSet<String> = visible.iter().map(|m| m.left.to_string()).collect();
    if cohorts != years {
        problems.push(format!("cohort pages {cohorts:?}, expected {years:?}"));
    }
    let department_pages = terms(files, "departments").len();
    if department_pages != departments.len() {
        problems.push(format!(
            "{department_pages} department pages for {} departments",
            departments.len()
        ));
    }
    problems
}

/// The `<x>` of every `<section>/<x>/index.html` page.
fn terms(files: &Files, section: &str) -> BTreeSet<String> {
    files
        .paths(&format!("{section}/"), "/index.html")
        .into_iter()
        .filter_map(|p| p.split('/').nth(1).filter(|_| p.matches('/').count() == 2))
        .map(str::to_string)
        .collect()
}

/// The stats rule of docs/content.md: groups under `min` fold into `other`, shown only when
/// it is itself at least `min`.
fn fold(labels: &[String], min: usize, other: &str) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for l in labels {
        *counts.entry(l.clone()).or_default() += 1;
    }
    let folded: usize = counts.values().filter(|&&n| n < min).sum();
    let mut rows: BTreeMap<String, usize> = counts.into_iter().filter(|(_, n)| *n >= min).collect();
    if folded >= min && folded > 0 {
        rows.insert(other.to_string(), folded);
    }
    rows
}

/// `open_to: rehire` shows only in the members build, unless the site
/// allows it publicly: no badge, no search entry.
fn check_rehire(case: &Case, files: &Files, audience: Audience, setup: &Setup) -> Vec<String> {
    let allowed = audience == Audience::Members || case.rules.public_rehire_interest;
    let expected = case.visible(audience).filter(|m| m.rehire).count();
    let rehire = |dir: &str| {
        let search = search_data::read(dir, |p| files.text(p));
        search
            .members
            .iter()
            .filter(|m| {
                m.values
                    .get("open_to")
                    .is_some_and(|o| o.iter().any(|v| v == "rehire"))
            })
            .count()
    };
    let in_search = rehire("");
    let mut problems = Vec::new();
    let want = if allowed { expected } else { 0 };
    if in_search != want {
        problems.push(format!(
            "search data: {in_search} members open to rehire, expected {want}"
        ));
    }
    if case.bilingual {
        // The Japanese directory shows the same people (translated or not).
        let in_ja = rehire("ja/");
        if in_ja != want {
            problems.push(format!(
                "ja/search data: {in_ja} members open to rehire, expected {want}"
            ));
        }
    }
    if !allowed {
        for lang in setup.theme.languages.keys() {
            let label = setup.theme.string_in(lang, "open_to_rehire");
            for (path, html) in files.pages().filter(|(_, html)| html.contains(label)) {
                let badges = select(&Html::parse_document(&html), ".badge--open");
                if badges.iter().any(|b| b == label) {
                    problems.push(format!("{path} shows rehire interest"));
                }
            }
        }
    }
    problems
}

/// One case in this many is also built on disk, into each audience's
/// default folder, the way `alumni build` writes it.
const ON_DISK_EVERY: u64 = 20;

/// Markers seen in public newsletters, over every case: the scan of the
/// newsletter is known to see what it holds.
static NEWSLETTER_MARKERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The public newsletter (`alumni newsletter`, its three files and the
/// message's parts decoded) goes through the same gate and name check as
/// the public build: it fails where the build must, and otherwise holds
/// no marker the public may not see.
fn check_newsletter(case: &Case, site: &SiteDir) {
    let (seed, public) = (case.seed, Audience::Public);
    let files = match (site.newsletter(public), case.must_fail(public).is_empty()) {
        (Ok(files), true) => files,
        (Err(_), false) => return,
        (Ok(_), false) => panic!(
            "the public newsletter of seed {seed} should have failed as its build does\n{}",
            case.describe()
        ),
        (Err(d), true) => panic!("the public newsletter of seed {seed} failed: {d}"),
    };
    let mut problems = Vec::new();
    for (path, bytes) in &files.0 {
        let mut found = BTreeSet::new();
        markers_in(&String::from_utf8_lossy(bytes), &mut found);
        NEWSLETTER_MARKERS.fetch_add(found.len(), std::sync::atomic::Ordering::Relaxed);
        for m in &found {
            match case.markers.get(m) {
                Some(marker) if !marker.seen.by(public) => {
                    problems.push(format!("{path} reveals {m} ({})", marker.what));
                }
                None => problems.push(format!("{path} has {m}, which no field had")),
                _ => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "public newsletter of seed {seed}:\n  {}\n{}",
        problems.join("\n  "),
        case.describe()
    );
}

/// Builds `case` into both default folders, members first: the public
/// folder must hold only what the public may see, and neither build may
/// replace the other's folder. Returns the number of builds.
fn on_disk(case: &Case, site: &SiteDir, setup: &Setup) -> usize {
    use alumni::output::default_folder;
    let (public, members) = (Audience::Public, Audience::Members);
    let seed = case.seed;
    site.build_into(members, default_folder(members))
        .unwrap_or_else(|d| panic!("members build of seed {seed} on disk: {d}"));
    if case.must_fail(public).is_empty() {
        let files = site
            .build_into(public, default_folder(public))
            .unwrap_or_else(|d| panic!("public build of seed {seed} on disk: {d}"));
        let problems = check_build(case, &files, public, setup);
        assert!(
            problems.is_empty(),
            "public build of seed {seed} on disk:\n  {}\n{}",
            problems.join("\n  "),
            case.describe()
        );
        // The manifest the build wrote (scanned above with every file)
        // lists exactly the files of the folder, so nothing else.
        let listed = alumni::manifest::Manifest::parse(
            &files.text(alumni::manifest::FILE),
            std::path::Path::new(alumni::manifest::FILE),
        )
        .unwrap_or_else(|d| panic!("seed {seed}: {d}"));
        let published: BTreeSet<&String> = files
            .0
            .keys()
            .filter(|p| *p != alumni::manifest::FILE && *p != alumni::output::MARKER)
            .collect();
        assert_eq!(
            listed.files.keys().collect::<BTreeSet<_>>(),
            published,
            "seed {seed}: the manifest lists other files than the build has"
        );
        for (into, audience) in [
            (default_folder(public), members),
            (default_folder(members), public),
        ] {
            let refused = site.build_into(audience, into);
            assert!(
                refused.is_err(),
                "seed {seed}: the {} build replaced {into}/",
                audience.as_str()
            );
        }
        return 4;
    }
    1
}

fn cases() -> Vec<u64> {
    if let Some(seed) = std::env::var("ALUMNI_PRIVACY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return vec![seed];
    }
    let n = std::env::var("ALUMNI_PRIVACY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    (0..n).collect()
}

/// Runs the cases `seeds` on one thread; returns the number of builds, and
/// of those that failed as they had to.
fn run(seeds: &[u64]) -> (usize, usize) {
    let mut setups: BTreeMap<String, (SiteDir, Setup)> = BTreeMap::new();
    let mut builds = 0;
    let mut refused = 0;
    for &seed in seeds {
        let case = Gen::new(seed).site();
        let mut yaml = config(&case.privacy_yaml());
        // Small pages, so that the further pages of the directory, the
        // terms and the lists of stories, events, jobs and news, and the
        // index by initial, are built, and scanned, in most cases.
        yaml.push_str(&format!("directory: {{per_page: {PER_PAGE}}}\n"));
        yaml.push_str(&format!("lists: {{per_page: {PER_PAGE}}}\n"));
        if case.bilingual {
            yaml.push_str("languages: [en, ja]\n");
        }
        let (site, setup) = setups.entry(yaml.clone()).or_insert_with(|| {
            let site = SiteDir::new(&yaml);
            let setup = site.setup().unwrap_or_else(|d| panic!("{d}"));
            (site, setup)
        });
        case.write(site);
        for audience in [Audience::Public, Audience::Members] {
            let must_fail = case.must_fail(audience);
            builds += 1;
            let files = match site.render(setup, audience) {
                Ok(files) if must_fail.is_empty() => files,
                Ok(_) => panic!(
                    "the {} build of seed {seed} should have failed naming one of {must_fail:?}\n{}",
                    audience.as_str(),
                    case.describe()
                ),
                Err(d) => {
                    let said = d.to_string();
                    assert!(
                        must_fail.iter().any(|path| said.contains(path)),
                        "the {} build of seed {seed} failed: {said}\n(it had to fail naming one of {must_fail:?})\n{}",
                        audience.as_str(),
                        case.describe()
                    );
                    refused += 1;
                    continue;
                }
            };
            let problems = check_build(&case, &files, audience, setup);
            assert!(
                problems.is_empty(),
                "{} build of seed {seed}:\n  {}\n{}",
                audience.as_str(),
                problems.join("\n  "),
                case.describe()
            );
        }
        check_newsletter(&case, site);
        if seed % ON_DISK_EVERY == 0 && case.must_fail(Audience::Members).is_empty() {
            builds += on_disk(&case, site, setup);
        }
    }
    (builds, refused)
}

#[test]
fn no_build_contains_what_its_audience_may_not_see() {
    let started = Instant::now();
    let seeds = cases();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let chunks: Vec<Vec<u64>> = (0..threads)
        .map(|t| seeds.iter().copied().skip(t).step_by(threads).collect())
        .collect();
    let (builds, refused) = std::thread::scope(|s| {
        let handles: Vec<_> = chunks.iter().map(|c| s.spawn(|| run(c))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a case failed (see above)"))
            .fold((0, 0), |(b, r), (b2, r2)| (b + b2, r + r2))
    });
    assert!(
        NEWSLETTER_MARKERS.load(std::sync::atomic::Ordering::Relaxed) > 0 || seeds.len() < 20,
        "no public newsletter held any marker: the scan sees nothing"
    );
    // How many sites were checked, for the record (`--nocapture` shows it).
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "no-leak: {} random sites, {builds} builds ({refused} refused as they had to be), {:.1} s",
            seeds.len(),
            started.elapsed().as_secs_f64()
        );
    }
}
