#!/usr/bin/env bash
# Browser tests of the default theme, in headless Chromium.
#
#   bash tests/browser/run.sh            build the sites, run every test, print the 10k timing
#   bash tests/browser/run.sh --no-10k   skip the 10,000-member corpus
#
# Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM), node >= 18 and
# npm; installs playwright-core and axe-core from package-lock.json (no
# browser is downloaded). The 10k corpus comes from
# $ALUMNI_CORPUS_GEN (default /work/shared/bench/gen_corpus.py); without it
# the 10k test and the timing are skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

with_10k=1
[ "${1:-}" = "--no-10k" ] && with_10k=0

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Chromium not found at $chromium: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi
export CHROMIUM="$chromium"

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
fi

cargo build --release --locked --quiet
alumni="$repo/target/release/alumni"

sites="${ALUMNI_BROWSER_SITES:-${TMPDIR:-/tmp}/alumni-browser}"
export ALUMNI_BROWSER_SITES="$sites"
mkdir -p "$sites"
# A fixed build time, so "upcoming" and "open" do not drift with the calendar.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1780272000}"
"$alumni" build --quiet --output "$sites/demo"
# The demo's newsletter, for screenshots.mjs.
"$alumni" newsletter --quiet --since 2025-01-01 --output "$sites/newsletter"
"$alumni" build --quiet --root tests/browser/fixture --output "$sites/fixture"
# A directory and term pages of two members a page (docs/search.md).
"$alumni" build --quiet --root tests/fixtures/paginate/site --output "$sites/paginate"
# The same site as a GitHub Pages project site, under /alumni/.
"$alumni" build --quiet --root tests/browser/fixture --base-url https://org.github.io/alumni/ --output "$sites/fixture-subpath"

gen="${ALUMNI_CORPUS_GEN:-/work/shared/bench/gen_corpus.py}"
if [ "$with_10k" = 1 ] && [ -f "$gen" ]; then
  if [ ! -f "$sites/c10k-src/site.yaml" ]; then
    python3 "$gen" --members 10000 --flavour alumni --out "$sites/c10k-src" --force >/dev/null
    # The corpus brings a one-line static/style.css (for comparing build
    # times with Hugo) that would replace the theme's: measure the theme.
    # Its site.yaml names a logo.svg it does not have: lend it the demo's.
    rm -f "$sites/c10k-src/static/style.css"
    cp static/logo.svg "$sites/c10k-src/static/logo.svg"
  fi
  "$alumni" build --quiet --root "$sites/c10k-src" --output "$sites/c10k"
else
  rm -rf "$sites/c10k"
  [ "$with_10k" = 1 ] && echo "note: $gen not found; skipping the 10,000-member test and timing" >&2
fi

cd "$here"
node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
if [ -d "$sites/c10k" ]; then
  node bench.mjs
fi
