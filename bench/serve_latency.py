#!/usr/bin/env python3
"""Save-to-servable latency of `alumni serve`.

Starts `alumni serve --port 0` on a site, then makes one edit at a time
and measures, from the moment the write is closed:

  swap  until the server's event stream announces the new build (the
        rebuilt site is being served), and
  page  until the edited member's own page, fetched right after, shows
        the edit.

The edit (`--edit`, default `body`) is one of:

  body        a line appended to a public member's body
  front       a public member's `role` changed (front matter)
  visibility  a public member made hidden (their page must be gone)
  add         a new public member file (their page must appear)
  remove      a public member file deleted (their page must be gone)

Usage (from the repository root):

  cargo build --release
  python3 ../shared/bench/gen_corpus.py --members 10000 --flavour alumni \
      --out /dev/shm/c10k-alumni --force
  python3 bench/serve_latency.py target/release/alumni /dev/shm/c10k-alumni --runs 30

Each run edits another public, consented member; every file is put back
as it was at the end.
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def visible_members(root):
    folder = os.path.join(root, "content", "members")
    picked = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md"):
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        front = text.split("---", 2)[1]
        if re.search(r'^visibility:\s*"?public', front, re.M) and re.search(r"^consent:", front, re.M):
            slug = re.search(r'^slug:\s*"?([^"\n]+)', front, re.M)
            picked.append((os.path.join(folder, name), slug.group(1) if slug else name[:-3]))
    return picked


class Events(threading.Thread):
    """Reads the server's status events; `wait_past(pages)` waits for a newer build."""

    def __init__(self, host, port):
        super().__init__(daemon=True)
        self.conn = http.client.HTTPConnection(host, port)
        self.conn.request("GET", "/__alumni/events")
        self.response = self.conn.getresponse()
        self.cond = threading.Condition()
        self.latest = None

    def run(self):
        data = None
        for raw in self.response:
            line = raw.decode().rstrip("\n")
            if line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "" and data is not None:
                with self.cond:
                    self.latest = (time.perf_counter(), data)
                    self.cond.notify_all()
                data = None

    def wait_past(self, pages, timeout=30):
        with self.cond:
            ok = self.cond.wait_for(
                lambda: self.latest and (self.latest[1]["pages"] > pages or self.latest[1]["errors"]),
                timeout,
            )
            if not ok:
                raise SystemExit("no rebuild within %ss" % timeout)
            return self.latest


EDITS = ["body", "front", "visibility", "add", "remove"]


def edit(kind, path, slug, token):
    """Makes the edit `kind` to the member file `path`; returns the slug of
    the page to fetch, and whether it must show `token` (else: be gone)."""
    if kind == "body":
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n%s\n" % token)
        return slug, True
    if kind == "front":
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"^role:.*$", 'role: "%s"' % token, text, count=1, flags=re.M)
        open(path, "w", encoding="utf-8").write(text)
        return slug, True
    if kind == "visibility":
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"^visibility:.*$", 'visibility: "hidden"', text, count=1, flags=re.M)
        open(path, "w", encoding="utf-8").write(text)
        return slug, False
    if kind == "remove":
        os.remove(path)
        return slug, False
    # add: a copy of the member under a new file name and slug
    text = open(path, encoding="utf-8").read()
    text += "\n%s\n" % token
    new_path = os.path.join(os.path.dirname(path), token + ".md")
    open(new_path, "w", encoding="utf-8").write(text)
    return token, True


def fetch(url):
    try:
        return urllib.request.urlopen(url).read().decode()
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("root")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--pause", type=float, default=0.3, help="seconds between edits")
    ap.add_argument("--edit", choices=EDITS, default="body", help="what each edit changes")
    args = ap.parse_args()

    server = subprocess.Popen(
        [args.binary, "serve", "--root", args.root, "--port", "0"],
        stdout=subprocess.PIPE, text=True,
    )
    url = None
    for line in server.stdout:
        print("server:", line.rstrip())
        m = re.search(r"Serving (http://([\d.]+):(\d+)/)", line)
        if m:
            url, host, port = m.group(1), m.group(2), int(m.group(3))
            break
    if not url:
        raise SystemExit("the server did not start")
    logs = []
    threading.Thread(target=lambda: [logs.append(l.rstrip()) for l in server.stdout], daemon=True).start()

    events = Events(host, port)
    events.start()
    time.sleep(0.5)
    members = random.Random(1).sample(visible_members(args.root), args.runs)
    originals = {}
    added = []
    swaps, pages = [], []
    try:
        for n, (path, slug) in enumerate(members):
            pages_before = events.latest[1]["pages"]
            originals[path] = open(path, encoding="utf-8").read()
            token = "bench-edit-%d-%d" % (os.getpid(), n)
            if args.edit == "add":
                added.append(os.path.join(os.path.dirname(path), token + ".md"))
            slug, shows = edit(args.edit, path, slug, token)
            written = time.perf_counter()
            at, status = events.wait_past(pages_before)
            if status["errors"]:
                raise SystemExit("the edit failed to build: %s" % status["errors"])
            body = fetch("%smembers/%s/" % (url, urllib.request.quote(slug)))
            shown = time.perf_counter()
            if shows and (body is None or token not in body):
                raise SystemExit("the page of %s does not show the edit" % slug)
            if not shows and body is not None:
                raise SystemExit("the page of %s is still served" % slug)
            swaps.append((at - written) * 1000)
            pages.append((shown - written) * 1000)
            time.sleep(args.pause)
    finally:
        # The server stops first: putting the files back is a change it
        # would rebuild for, part of which serve_callgrind.py would count.
        server.terminate()
        server.wait()
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        for path in added:
            if os.path.exists(path):
                os.remove(path)

    def summary(name, xs):
        xs = sorted(xs)
        print("%-5s median %6.1f ms   p90 %6.1f ms   min %6.1f   max %6.1f   (n=%d)" % (
            name, statistics.median(xs), xs[int(0.9 * (len(xs) - 1))], xs[0], xs[-1], len(xs)))

    print("edit: %s" % args.edit)
    summary("swap", swaps)
    summary("page", pages)
    rebuilt = [float(m.group(1)) for l in logs for m in [re.search(r"Rebuilt in (\d+) ms", l)] if m]
    if rebuilt:
        print("server-side rebuild (change received -> swapped): median %.0f ms" % statistics.median(rebuilt[: len(swaps)]))


if __name__ == "__main__":
    main()
