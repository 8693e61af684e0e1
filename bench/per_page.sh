#!/usr/bin/env bash
# Time per page at 1k against 300k members, measured in one window: ROUNDS
# rounds of ten 1k builds and one 300k build, alternated (this VM drifts).
#
#   bench/per_page.sh ALUMNI_BIN CORPUS_1K CORPUS_300K [ROUNDS]
#
# Corpora from ../shared/bench/gen_corpus.py (alumni flavour); outputs go to
# /dev/shm. Prints every build's wall time, then the medians.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BIN=$1 SMALL=$2 BIG=$3 ROUNDS=${4:-5}
OUT=/dev/shm/alumni-per-page
time_one() {  # time_one ROOT: wall seconds of one build from an empty output
    rm -rf "$OUT"
    local start end
    start=$(date +%s.%N)
    "$BIN" build --root "$1" --output "$OUT" -q
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
small=() big=()
for _ in $(seq "$ROUNDS"); do
    for _ in $(seq 10); do small+=("$(time_one "$SMALL")"); done
    big+=("$(time_one "$BIG")")
    echo "1k: ${small[*]: -10}" >&2
    echo "300k: ${big[-1]}" >&2
done
rm -rf "$OUT"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (a[int((NR+1)/2)]+a[int((NR+2)/2)])/2}'; }
echo "1k median $(median "${small[@]}") s (${#small[@]} builds)"
echo "300k median $(median "${big[@]}") s (${#big[@]} builds)"
