#!/usr/bin/env python3
"""Compare alumni binaries (or settings) on one corpus, runs interleaved.

    python3 bench/interleave.py N ROOT LABEL=COMMAND [LABEL=COMMAND ...]

Runs `COMMAND build --root ROOT --output <tmp> -q` for every LABEL, N times
each, alternating the order every round so that the machine's drift (this
machine is a noisy VM) falls on all of them alike; each run starts from an
empty output folder in /dev/shm. Prints the median, 25th percentile and
minimum wall time, and the median user and system time of each; then, for
every LABEL after the first, the median of its wall time over the first's
within each round (the two ran back to back, so the machine's drift over
the run cancels out) with a 95 % bootstrap interval. A COMMAND
may start with VAR=value settings for the environment, e.g.
`nopurge='MIMALLOC_PURGE_DELAY=-1 target/release/alumni'`.
"""
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time


def run(argv, env, out):
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {shlex.join(argv)}")
    return time.perf_counter() - start, usage.ru_utime, usage.ru_stime


def parse(command, root, out):
    words = shlex.split(command)
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".")):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    words[0] = shutil.which(words[0]) or words[0]
    return words + ["build", "--root", root, "--output", out, "-q"], env


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rounds, root = int(sys.argv[1]), sys.argv[2]
    work = tempfile.mkdtemp(prefix="alumni-interleave-", dir="/dev/shm")
    out = os.path.join(work, "out")
    commands = []
    for arg in sys.argv[3:]:
        label, command = arg.split("=", 1)
        commands.append((label, *parse(command, root, out)))
    times = {label: [] for label, _, _ in commands}
    for label, argv, env in commands:  # warm-up: caches, corpus in memory
        run(argv, env, out)
    for i in range(rounds):
        for label, argv, env in commands if i % 2 == 0 else commands[::-1]:
            times[label].append(run(argv, env, out))
    shutil.rmtree(work, ignore_errors=True)
    for label, runs in times.items():
        wall = sorted(r[0] for r in runs)
        print(
            f"{label:12} median {statistics.median(wall):.3f} s  p25 {wall[len(wall) // 4]:.3f}"
            f"  min {wall[0]:.3f}  user {statistics.median(r[1] for r in runs):.3f}"
            f"  sys {statistics.median(r[2] for r in runs):.3f}"
        )
    first = commands[0][0]
    for label, runs in list(times.items())[1:]:
        ratios = [r[0] / f[0] for r, f in zip(runs, times[first])]
        low, high = bootstrap_median(ratios)
        print(
            f"{label} / {first}: median of the rounds' ratios {percent(statistics.median(ratios))}"
            f" (95 % interval {percent(low)} to {percent(high)}, {len(ratios)} rounds)"
        )


def bootstrap_median(values, draws=4000):
    """The 2.5th and 97.5th percentiles of the median of `values` resampled."""
    rng = random.Random(1)
    medians = sorted(
        statistics.median(rng.choices(values, k=len(values))) for _ in range(draws)
    )
    return medians[draws * 25 // 1000], medians[draws * 975 // 1000]


def percent(ratio):
    return f"{(ratio - 1) * 100:+.1f} %"


if __name__ == "__main__":
    main()
