#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) one after another, each
# starting from its committed seeds, and prints one line per target.
#   bash fuzz/run-all.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  log="corpus/$target.log"
  cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "$target: exit $status, ${runs:-?} runs in ${seconds} s, ${cov:-cov ?}, corpus $(ls "corpus/$target" | wc -l) inputs"
done
