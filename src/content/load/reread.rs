//! `serve`'s way of keeping a loaded site up to date: one file or folder
//! read again, and applied.

use super::*;

/// The documents of one file or folder under `content/` as it is now on
/// disk, read again: `serve` keeps a loaded [`Site`] and brings it up to date
/// file by file with [`reread`] and [`Site::apply`].
pub struct Reread {
    /// Site-relative paths of the file or folder (`content/members/a.md`),
    /// as in [`Doc::path`], and of the translations of the files in it.
    paths: Vec<PathBuf>,
    docs: Vec<Parsed>,
}

/// Reads the file or folder `path` under `root/content` again, with the
/// translations of its files (which take fields from them); one that no
/// longer exists (or is an editor's swap file) holds no documents.
pub fn reread(root: &Path, path: &Path, languages: Languages) -> Result<Reread, Diagnostics> {
    let content = root.join("content");
    let mut reread = Reread {
        paths: vec![rel(root, path)],
        docs: Vec::new(),
    };
    let Ok(under) = path.strip_prefix(&content) else {
        return Ok(reread);
    };
    let ignored = under.iter().any(|c| is_ignored(&c.to_string_lossy()));
    if ignored {
        return Ok(reread);
    }
    let mut problems = Diagnostics::default();
    let mut found = if path.exists() {
        discover_in(root, &content, path, languages, &mut problems)
    } else {
        Vec::new()
    };
    // A changed (or removed) original: its translations are read again too.
    if path.extension().is_some_and(|e| e == "md") && !path.is_dir() {
        let stem = path.with_extension("");
        for code in &languages[1..] {
            let translation = PathBuf::from(format!("{}.{code}.md", stem.display()));
            if translation.is_file() && !found.iter().any(|f| f.path == translation) {
                reread.paths.push(rel(root, &translation));
                found.extend(discover_in(
                    root,
                    &content,
                    &translation,
                    languages,
                    &mut problems,
                ));
            }
        }
    }
    let found = without_orphans(root, found, &mut problems);
    for result in parse_all(root, &found, None) {
        match result {
            Ok(parsed) => reread.docs.push(parsed),
            Err((found_problems, _)) => problems.extend(found_problems),
        }
    }
    problems.into_result().map(|()| reread)
}

impl Site {
    /// Replaces the documents read from `reread`'s file or folder with what
    /// it holds now, keeping every list in the order [`load`] gives.
    pub fn apply(&mut self, reread: Reread) {
        let gone = |d: &Path| reread.paths.iter().any(|p| is_under(d, p));
        if self.programme.as_ref().is_some_and(|p| gone(&p.path)) {
            self.programme = None;
        }
        self.programme_translations.retain(|d| !gone(&d.path));
        crate::for_each_kind!(mut *self, |docs, _| docs.retain(|d| !gone(&d.path)));
        for mut parsed in reread.docs {
            match parsed.programme.take() {
                Some(d) if d.is_translation() => insert_sorted(&mut self.programme_translations, d),
                Some(d) => self.programme = Some(d),
                None => crate::for_each_kind!(mut *self, mut parsed, |mine, theirs, _| {
                    for d in theirs.drain(..) {
                        insert_sorted(mine, d)
                    }
                }),
            }
        }
    }
}

impl Reread {
    /// The site-relative paths it covers: the file or folder read again
    /// and the translations of its files.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// The members read again, when the reread is exactly one member
    /// document per path it covers (a changed member file and its
    /// translations, none removed); `None` for anything else.
    pub fn members_only(&self) -> Option<Vec<&Doc<Member>>> {
        let members: Vec<&Doc<Member>> = self
            .docs
            .iter()
            .map(|d| d.members.first())
            .collect::<Option<_>>()?;
        let one_each = members.len() == self.paths.len()
            && self
                .paths
                .iter()
                .all(|p| members.iter().filter(|m| *m.path == **p).count() == 1);
        one_each.then_some(members)
    }

    /// What [`check_applied`] reads of the documents read again: each
    /// one's section (`None` for the landing page), language, slug, file
    /// and original's key.
    pub fn documents(&self) -> Vec<Read> {
        let mut read = Vec::new();
        for parsed in &self.docs {
            (parsed.programme.iter()).for_each(|d| read.push(Read::of(None, d)));
            crate::for_each_kind!(*parsed, |docs, section| read
                .extend(docs.iter().map(|d| Read::of(Some(section), d))));
        }
        read
    }
}

/// A document read again, as [`check_applied`] needs it.
pub struct Read {
    section: Option<Section>,
    lang: String,
    slug: String,
    path: PathBuf,
    group: String,
}

impl Read {
    fn of<F>(section: Option<Section>, doc: &Doc<F>) -> Read {
        Read {
            section,
            lang: doc.lang.to_string(),
            slug: doc.slug.to_string(),
            path: doc.path.to_path_buf(),
            group: doc.group.to_string(),
        }
    }
}

/// [`check`] for `site` as [`Site::apply`] left it, when the site it was
/// applied to passed it and `read` are the documents applied: a URL that
/// two files map to is then one of a document read (the others' URLs are
/// as they were, one file each), and two documents of a section have one
/// URL exactly when their slugs and their languages' prefixes are the same
/// (a slug is one segment, percent-encoded one way), or one may stand in
/// for the other's language only when they are of different originals with
/// the same slug. Each document read is
/// compared with those of its section without making a URL; when one may
/// clash, or a page or the landing page was read (their own checks), the
/// whole check runs and says what it says.
pub fn check_applied(site: &Site, languages: Languages, read: &[Read]) -> Result<(), Diagnostics> {
    let default = |lang: &str| languages.first().is_none_or(|d| d == lang);
    let same_prefix = |a: &str, b: &str| a == b || (default(a) && default(b));
    let may_clash = |r: &Read| -> bool {
        let mut clash = false;
        crate::for_each_kind!(site, |docs, section| if Some(section) == r.section {
            clash = docs.iter().any(|d| {
                *d.slug == *r.slug
                    && *d.path != *r.path
                    && (same_prefix(&d.lang, &r.lang) || *d.group != *r.group)
            });
        });
        clash
    };
    let whole = read
        .iter()
        .any(|r| matches!(r.section, None | Some(Section::Pages)) || may_clash(r));
    if whole {
        check(site, languages)
    } else {
        Ok(())
    }
}

/// Whether `path` is `dir` or inside it, for the normalised relative paths
/// of [`Doc::path`]: `Path::starts_with` on bytes, much cheaper than
/// comparing component by component (`serve` asks it of every document).
pub fn is_under(path: &Path, dir: &Path) -> bool {
    let (p, d) = (
        path.as_os_str().as_encoded_bytes(),
        dir.as_os_str().as_encoded_bytes(),
    );
    let separator = |b: &u8| std::path::is_separator(*b as char);
    p.starts_with(d)
        && (p.len() == d.len() || separator(&p[d.len()]) || d.last().is_some_and(separator))
}

/// Inserts `doc` where discovery (file names sorted, folder by folder) puts it.
fn insert_sorted<F>(docs: &mut Vec<Doc<F>>, doc: Doc<F>) {
    let at = docs.partition_point(|d| Path::new(&*d.key) < Path::new(&*doc.key));
    docs.insert(at, doc);
}
