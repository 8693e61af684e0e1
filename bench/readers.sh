#!/usr/bin/env bash
# The readers' side at N members: generate the benchmark corpus (once),
# build it with BINARY, serve the output on 127.0.0.1 and measure it in
# headless Chromium as a phone (bench/readers.mjs: page sizes and DOM,
# the directory's load event, search latency and bytes). A benchmark: it
# prints figures and asserts nothing.
#
#   bash bench/readers.sh target/release/alumni 10000 [WORKDIR] [--runs N] [--first-page N]
#
# WORKDIR defaults to /dev/shm/alumni-readers. Needs Debian's chromium
# (or $CHROMIUM), node >= 18 and npm (playwright-core from
# tests/browser/package-lock.json; no browser is downloaded), and the
# corpus generator ($ALUMNI_CORPUS_GEN, default /work/shared/bench/gen_corpus.py).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
alumni="$(realpath "${1:?usage: bench/readers.sh BINARY MEMBERS [WORKDIR] [--runs N]}")"
n="${2:?usage: bench/readers.sh BINARY MEMBERS [WORKDIR] [--runs N]}"
work="${3:-/dev/shm/alumni-readers}"
shift 2; [ $# -gt 0 ] && [ "${1#--}" = "$1" ] && shift
gen="${ALUMNI_CORPUS_GEN:-/work/shared/bench/gen_corpus.py}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -d "$repo/tests/browser/node_modules/playwright-core" ]; then
  (cd "$repo/tests/browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
fi
mkdir -p "$work"
src="$work/corpus-$n"
if [ ! -f "$src/site.yaml" ]; then
  python3 "$gen" --members "$n" --flavour alumni --out "$src" --force >/dev/null
  # The corpus's one-line style.css (for comparing with Hugo) would replace
  # the theme's, and its site.yaml names a logo it lacks: measure the theme.
  rm -f "$src/static/style.css"
  cp "$repo/static/logo.svg" "$src/static/logo.svg"
fi
out="$work/out-$n"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1780272000}"
/usr/bin/time -f "build: %e s wall, %M KB peak RSS" "$alumni" build --quiet --root "$src" --output "$out"
node "$repo/bench/readers.mjs" "$out" "$@"
