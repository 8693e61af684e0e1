//! One benchmark per build stage: front matter + YAML, Markdown, template
//! render, write. `cargo bench` runs them on the demo site at the
//! repository root; `ALUMNI_BENCH_SITE=/dev/shm/c10k-alumni cargo bench`
//! runs them on another site (e.g. a corpus from ../shared/bench/gen_corpus.py).
//! End-to-end timings against Hugo are in BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use alumni::audience::{self, LinkIndex, Policy};
use alumni::content::kinds::Member;
use alumni::content::{Audience, front_matter};
use alumni::pipeline::{self, BuildOptions, Timings};
use alumni::{assets, markdown, output, render, theme};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn site_root() -> PathBuf {
    std::env::var_os("ALUMNI_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn options(root: &Path, output: PathBuf) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output,
        base_url: None,
        audience: Audience::Public,
        drafts: false,
        now: chrono::DateTime::from_timestamp(1_780_272_000, 0)
            .expect("a valid time")
            .fixed_offset(),
    }
}

/// The member files of the site, as text.
fn member_sources(root: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("content/members"))
        .expect("content/members")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths.truncate(500);
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 member file"))
        .collect()
}

fn front_matter_and_yaml(c: &mut Criterion) {
    let sources = member_sources(&site_root());
    let mut group = c.benchmark_group("front matter + YAML");
    group.throughput(Throughput::Elements(sources.len() as u64));
    group.bench_function("members", |b| {
        b.iter(|| {
            for source in &sources {
                let split = front_matter::split(source).expect("front matter");
                let member: Member = front_matter::parse(
                    Path::new("member.md"),
                    source,
                    split.yaml,
                    split.yaml_line_offset,
                )
                .expect("valid member");
                black_box(member);
            }
        })
    });
    group.finish();
}

fn markdown_bodies(c: &mut Criterion) {
    let sources = member_sources(&site_root());
    let bodies: Vec<&str> = sources
        .iter()
        .map(|s| front_matter::split(s).expect("front matter").body)
        .collect();
    let links = LinkIndex::default();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(
        bodies.iter().map(|b| b.len() as u64).sum(),
    ));
    group.bench_function("member bodies", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(markdown::render(body, &links));
            }
        })
    });
    group.finish();
}

/// Rendering every page of the site from the loaded, gated model; then
/// writing those files into a fresh folder.
fn render_and_write(c: &mut Criterion) {
    let root = site_root();
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let opts = options(&root, scratch.path().join("out"));
    let (setup, site) = pipeline::load(&opts, &mut Timings::default()).expect("the site loads");
    let policy = Policy {
        audience: Audience::Public,
        drafts: false,
        privacy: setup.config.privacy.clone(),
        languages: setup.config.languages.clone(),
        untranslated: setup.config.untranslated,
        base_path: setup.config.base_path.clone(),
    };
    let mut editions = audience::filter(site, &policy);
    for visible in &mut editions {
        let (site, links) = visible.site_mut_with_links();
        for m in &mut site.members {
            m.html = markdown::render(&m.body, links).html.into();
        }
    }
    let assets = assets::resolve(&root, &editions).expect("assets");
    let input = render::Input {
        editions: &editions,
        config: &setup.config,
        configs: setup.config.localized(),
        theme: &setup.theme,
        data: &setup.data,
        assets: &assets,
        static_files: theme::files_under(&root.join("static")),
        now: opts.now,
        cards: None,
    };
    let files = render::render(&input).expect("the site renders");

    let mut group = c.benchmark_group("template render");
    group.sample_size(10);
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function("all pages", |b| {
        b.iter(|| black_box(render::render(&input).expect("the site renders")))
    });
    group.finish();

    let mut group = c.benchmark_group("write");
    group.sample_size(10);
    group.throughput(Throughput::Elements(files.len() as u64));
    let out = scratch.path().join("written");
    group.bench_function("all files", |b| {
        b.iter(|| output::write_site(&out, Audience::Public, &files).expect("written"))
    });
    group.finish();
}

criterion_group!(
    stages,
    front_matter_and_yaml,
    markdown_bodies,
    render_and_write
);
criterion_main!(stages);
