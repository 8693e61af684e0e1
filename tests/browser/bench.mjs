// Keystroke latency of the directory search on the 10,000-member corpus
// (built by run.sh into $ALUMNI_BROWSER_SITES/c10k). Prints figures; asserts
// nothing (the target, under 50 ms a keystroke, is a benchmark).
//
//   node tests/browser/bench.mjs [site-folder]
//
// Latency of a keystroke = from the keydown (or, for text typed without a
// key, the input event) to the end of the first frame that shows its
// results: fetching what the query needs, the handler, the DOM update,
// style, layout and paint. bench/readers.sh measures the same as a phone. Chromium's Event Timing
// entries (what INP is made of) are printed beside it.

import { serve, launch, openPage, directoryReady, site } from "./lib.mjs";

const dir = process.argv[2] || site("c10k");
if (!dir) {
  console.error("no 10k build: run tests/browser/run.sh first");
  process.exit(1);
}

const STEPS = [
  { type: "やまだ" },
  { press: "Backspace", times: 3 },
  { type: "engineer" },
  { press: "Backspace", times: 8 },
  { type: "ﾀﾅｶ" },
  { press: "Backspace", times: 3 },
  { type: "東京 data" },
  { press: "Backspace", times: 7 },
  { type: "a" },
  { press: "Backspace", times: 1 },
];
const GAP_MS = 150;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const avg = s.reduce((a, b) => a + b, 0) / s.length;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms, mean ${avg.toFixed(1)} ms`;
}

const server = await serve(dir);
const browser = await launch();
try {
  const page = await openPage(browser, server.url, { width: 1280, height: 900, measure: true });
  const started = Date.now();
  await page.goto(`${server.url}/members/`, { waitUntil: "domcontentloaded" });
  await directoryReady(page);
  const ready = Date.now() - started;
  const members = await page.$eval("#finder-count", (e) => e.textContent);

  await page.evaluate(() => {
    window.__latency = [];
    window.__events = [];
    let down = null;
    const box = document.getElementById("finder-q");
    box.addEventListener("keydown", (e) => { down = e.timeStamp; }, true);
    box.addEventListener("input", (e) => {
      const t0 = down ?? e.timeStamp;
      down = null;
      // The first frame that shows the results (the form is busy while a query waits for data).
      const form = document.getElementById("finder");
      const tick = () =>
        requestAnimationFrame(() =>
          form.hasAttribute("aria-busy") ? tick() : setTimeout(() => window.__latency.push(performance.now() - t0), 0),
        );
      tick();
    }, true);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId || e.name === "input") window.__events.push({ name: e.name, duration: e.duration });
      }
    }).observe({ type: "event", durationThreshold: 16, buffered: false });
  });
  await page.focus("#finder-q");
  let keystrokes = 0;
  for (const step of STEPS) {
    if (step.type) {
      for (const ch of step.type) {
        await page.keyboard.type(ch);
        keystrokes++;
        await page.waitForTimeout(GAP_MS);
      }
    } else {
      for (let i = 0; i < step.times; i++) {
        await page.keyboard.press(step.press);
        keystrokes++;
        await page.waitForTimeout(GAP_MS);
      }
    }
  }
  await page.waitForTimeout(300);
  const latency = await page.evaluate(() => window.__latency);
  const events = await page.evaluate(() => window.__events);
  const inDom = await page.$$eval("#directory .card-grid > li", (ls) => ls.length);

  const os = await import("node:os");
  const cpu = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(", ");
  console.log(`\nDirectory search on ${dir}`);
  console.log(`  ${members.trim()} (all members); ${cpu.length} CPU × ${cpu[0]?.model?.trim()}; load average ${load}`);
  console.log(`  page load to search ready: ${ready} ms (HTML, search/index.json, the first cards)`);
  console.log(`  keystrokes: ${keystrokes}, measured ${latency.length}`);
  console.log(`  keystroke to next frame: ${stats(latency)}`);
  const slow = events.filter((e) => e.duration >= 50);
  console.log(
    `  Event Timing entries of 16 ms or more: ${events.length}` +
      (events.length ? ` (max ${Math.max(...events.map((e) => e.duration))} ms, ${slow.length} of 50 ms or more)` : ""),
  );
  console.log(`  cards in the document after the run: ${inDom}`);
  if (page.problems.errors.length || page.problems.external.length) {
    console.log(`  problems: ${[...page.problems.errors, ...page.problems.external].join("; ")}`);
  }
  await page.closeAll();
} finally {
  await browser.close();
  await server.close();
}
