#!/usr/bin/env python3
"""How busy each thread of a build is over time, from a perf recording.

    perf record -F 1000 -o build.perf target/release/alumni build --root ROOT --output OUT
    perf script -i build.perf -F tid,time | python3 bench/threads.py [BUCKET_MS]

Prints one line per thread: a digit per BUCKET_MS (default 20) of the
build, 0 (idle) to 9 (busy all the time). A thread alone with work while
the others show 0 is time the build spends on one core.
"""
import collections
import sys


def main():
    bucket = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    samples = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) >= 2:
            samples.append((parts[0], float(parts[1].rstrip(":"))))
    if not samples:
        sys.exit("no samples on standard input (perf script -F tid,time)")
    start = min(t for _, t in samples)
    end = max(t for _, t in samples)
    width = int((end - start) * 1000) // bucket + 1
    per_bucket = bucket  # samples per bucket when busy all the time, at 1000 Hz
    for tid in sorted({tid for tid, _ in samples}):
        counts = collections.Counter(
            int((t - start) * 1000) // bucket for who, t in samples if who == tid
        )
        row = "".join(str(min(9, counts[k] * 9 // per_bucket)) for k in range(width))
        print(f"{tid:>8} {row}")


if __name__ == "__main__":
    main()
