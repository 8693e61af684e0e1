// The readers' side of a built site, in headless Chromium as a mid-range
// phone sees it: 390×844, the CPU throttled 4× (as Lighthouse does).
// A benchmark, not a test: it prints figures and asserts nothing.
//
//   node bench/readers.mjs SITE-FOLDER [--runs N] [--first-page N]
//
// (bench/readers.sh generates a corpus, builds it and runs this.) It serves
// the folder on 127.0.0.1 with a plain static server that gzips what it
// sends, as static hosts do, and measures:
//
//   pages     the largest HTML pages, gzip bytes, and their DOM element count
//             (as served, without JavaScript)
//   lists     the pages of long lists: /members/, a page in the middle of
//             the directory, the largest skill's first and middle pages and
//             the largest heading page of the index by initial: gzip bytes,
//             DOM elements and nodes (text nodes too) as served
//   load      /members/ and the largest skill's page to their load event
//             (ms), and their DOM elements then
//   search    cold (a fresh browser context, typed as soon as the search box
//             shows): from the keydown of the first character to the frame
//             that shows its results, and from opening the page to that
//             frame; the gzip bytes of everything the page fetched for the
//             search (scripts and data: not the page, styles, images)
//   keys      each further keystroke to the frame that shows its results
//
// "Shows its results": the directory script marks the form `aria-busy` (or
// `.is-loading`) while a query waits for data; the first frame after the
// keystroke in which it is not busy any more.

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { launch, openPage } from "../tests/browser/lib.mjs";

const args = process.argv.slice(2);
const dir = path.resolve(args.find((a) => !a.startsWith("--")) ?? "");
const runs = Number(args[args.indexOf("--runs") + 1]) || 3;
// --first-page N: serve /members/ with only its first N cards, as one page
// of a paginated directory would be (to measure the search apart from the
// size of the full list).
const firstPage = args.includes("--first-page") ? Number(args[args.indexOf("--first-page") + 1]) : 0;
if (!fs.existsSync(path.join(dir, "members", "index.html"))) {
  console.error("usage: node bench/readers.mjs SITE-FOLDER [--runs N]  (a built site with /members/)");
  process.exit(2);
}

const THROTTLE = 4;
const WIDTH = 390;
const HEIGHT = 844;
// Queries typed cold, one per fresh context: a kanji family name, a reading
// in hiragana, half-width katakana, a company, a skill, two parts, one letter.
const QUERIES = ["山田", "やまだ", "ﾀﾅｶ", "合同会社", "engineer", "東京 data", "a"];

/* ---- A plain static server that gzips, and logs what it sent ---------- */

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
};
const gzCache = new Map();
const sent = [];

/** The directory page with only its first `n` cards. */
function trimmed(html, n) {
  const items = html.split('<li data-member="');
  if (items.length - 1 <= n) return html;
  const end = html.lastIndexOf("</ul>", html.indexOf('<p class="empty directory__none"'));
  const kept = items.slice(0, n + 1).join('<li data-member="');
  return kept.slice(0, kept.lastIndexOf("</li>") + 5) + html.slice(end);
}

function gz(file) {
  let hit = gzCache.get(file);
  if (!hit) {
    let raw = fs.readFileSync(file);
    if (firstPage && file === path.join(dir, "members", "index.html")) {
      raw = Buffer.from(trimmed(raw.toString("utf8"), firstPage));
    }
    hit = { raw: raw.length, body: zlib.gzipSync(raw, { level: 6 }) };
    gzCache.set(file, hit);
  }
  return hit;
}

function startServer(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (rel.endsWith("/")) file = path.join(file, "index.html");
    let status = 200;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const { raw, body } = gz(file);
    sent.push({ path: rel, raw, gzip: body.length, at: Date.now() });
    res.writeHead(status, {
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "content-encoding": "gzip",
      "cache-control": "no-cache",
    });
    res.end(body);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () =>
      ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((c) => server.close(c)) }),
    ),
  );
}

/* ---- Figures ------------------------------------------------------------ */

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${Math.round(n)} ms`;
function stats(xs) {
  if (!xs.length) return "n/a";
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(s[s.length - 1])} (${s.length})`;
}
const isSearchFile = (p) => !/\.(html|css|svg|png|jpe?g|webp|ico|xml)$/.test(p) && !p.endsWith("/");

function htmlFiles(root) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) out.push(p);
    }
  };
  walk(root);
  return out;
}

async function phone(browser, server, { throttle = true } = {}) {
  const page = await openPage(browser, server.url, { width: WIDTH, height: HEIGHT, measure: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (throttle) await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  return page;
}

const domElements = (page) => page.evaluate(() => document.getElementsByTagName("*").length);
/** Every node of the document: elements, text, comments. */
const domNodes = (page) =>
  page.evaluate(() => {
    const walk = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let n = 0;
    while (walk.nextNode()) n++;
    return n;
  });

/** The URL of a page of the site, from its file. */
const urlOf = (file) => "/" + path.relative(dir, file).split(path.sep).map(encodeURIComponent).join("/").replace(/index\.html$/, "");

/**
 * The pages of long lists to look at: /members/, the directory's middle
 * page, the first and middle pages of the skill with the most pages, and
 * the index heading whose page is largest.
 */
function listPages(files) {
  const pagesOf = (prefix) => files.filter((f) => f.startsWith(prefix) && /\/page\/\d+\/index\.html$/.test(f)).length + 1;
  const out = [path.join(dir, "members", "index.html")];
  const directory = pagesOf(path.join(dir, "members") + path.sep);
  if (directory > 2) out.push(path.join(dir, "members", "page", String(Math.ceil(directory / 2)), "index.html"));
  const skills = path.join(dir, "skills");
  if (fs.existsSync(skills)) {
    let best = null;
    for (const term of fs.readdirSync(skills)) {
      const d = path.join(skills, term);
      if (!fs.statSync(d).isDirectory()) continue;
      const n = fs.existsSync(path.join(d, "page")) ? fs.readdirSync(path.join(d, "page")).length + 1 : 1;
      if (!best || n > best.n) best = { d, n };
    }
    if (best) {
      out.push(path.join(best.d, "index.html"));
      if (best.n > 2) out.push(path.join(best.d, "page", String(Math.ceil(best.n / 2)), "index.html"));
    }
  }
  const headings = path.join(dir, "members", "initial");
  if (fs.existsSync(headings)) {
    const largest = fs
      .readdirSync(headings)
      .map((h) => path.join(headings, h, "index.html"))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    if (largest) out.push(largest);
  }
  return out;
}

/** Installs the timer: window.__done(t0) resolves at the first frame, after t0, that is not busy. */
async function installTimer(page) {
  await page.evaluate(() => {
    const form = document.getElementById("finder");
    const busy = () => form.classList.contains("is-loading") || form.getAttribute("aria-busy") === "true";
    // From the keydown, or for text typed without a key (kana, kanji) the input event.
    let down = null;
    window.__t0 = null;
    const box = document.getElementById("finder-q");
    box.addEventListener("keydown", (e) => { down = e.timeStamp; }, true);
    box.addEventListener("input", (e) => { window.__t0 = down ?? e.timeStamp; down = null; }, true);
    window.__settled = () =>
      new Promise((ok) => {
        const t0 = window.__t0;
        const done = () => {
          window.__opened = performance.now();
          ok(performance.now() - t0);
        };
        const tick = () => requestAnimationFrame(() => (busy() ? tick() : setTimeout(done, 0)));
        tick();
      });
  });
}

/* ---- Run ---------------------------------------------------------------- */

const server = await startServer(dir);
const browser = await launch();
try {
  const cpu = os.cpus();
  console.log(`Readers' side of ${dir}`);
  console.log(`  ${cpu.length} CPU × ${cpu[0]?.model?.trim()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
  console.log(`  Chromium ${browser.version()}, ${WIDTH}×${HEIGHT}, CPU throttled ${THROTTLE}×, gzip level 6`);
  if (firstPage) console.log(`  /members/ served with its first ${firstPage} cards only`);

  // The largest pages.
  const pages = htmlFiles(dir).map((f) => {
    const { raw, body } = gz(f);
    gzCache.delete(f);
    return { f, raw, gzip: body.length };
  });
  pages.sort((a, b) => b.gzip - a.gzip);
  const over = pages.filter((p) => p.gzip > 100 * 1024).length;
  console.log(`\nHTML pages: ${pages.length}; over 100 KB gzip: ${over}`);
  const big = pages.slice(0, 5);
  {
    // The document as served: elements without the directory script's changes.
    const page = await openPage(browser, server.url, { width: WIDTH, height: HEIGHT, measure: true, javaScript: false });
    for (const p of big) {
      const url = "/" + path.relative(dir, p.f).replace(/index\.html$/, "");
      await page.goto(server.url + url, { waitUntil: "load", timeout: 600_000 });
      console.log(`  ${url}: ${kb(p.gzip)} gzip (${kb(p.raw)}), ${await domElements(page)} elements`);
    }
    await page.closeAll();
  }

  // The pages of long lists, as served.
  const lists = listPages(htmlFiles(dir));
  console.log(`\nPages of long lists (as served, without JavaScript)`);
  {
    const page = await openPage(browser, server.url, { width: WIDTH, height: HEIGHT, measure: true, javaScript: false });
    for (const f of lists) {
      const { raw, body } = gz(f);
      await page.goto(server.url + urlOf(f), { waitUntil: "load", timeout: 600_000 });
      console.log(`  ${decodeURIComponent(urlOf(f))}: ${kb(body.length)} gzip (${kb(raw)}), ${await domElements(page)} elements, ${await domNodes(page)} nodes`);
    }
    await page.closeAll();
  }

  // The load event of the directory and of the largest skill's page.
  const skill = lists.find((f) => f.startsWith(path.join(dir, "skills") + path.sep));
  for (const url of ["/members/", ...(skill ? [urlOf(skill)] : [])]) {
    const loads = [];
    let elements = 0;
    for (let i = 0; i < runs; i++) {
      const page = await phone(browser, server);
      await page.goto(`${server.url}${url}`, { waitUntil: "load", timeout: 600_000 });
      loads.push(await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventStart));
      elements = await domElements(page);
      await page.closeAll();
    }
    console.log(`\n${decodeURIComponent(url)} load event: ${stats(loads)}; ${elements} elements`);
  }

  // Search, cold, then keystroke by keystroke.
  console.log(`\nSearch (cold: typed as soon as the box shows; bytes: scripts and data, gzip)`);
  const firsts = [];
  const fromOpen = [];
  const keys = [];
  for (const query of QUERIES) {
    const page = await phone(browser, server);
    const from = sent.length;
    await page.goto(`${server.url}/members/`, { waitUntil: "domcontentloaded", timeout: 600_000 });
    await page.waitForSelector("#finder:not([hidden])", { timeout: 600_000 });
    await installTimer(page);
    await page.focus("#finder-q");
    const times = [];
    let opened = 0;
    for (const ch of query) {
      await page.keyboard.type(ch);
      times.push(await page.evaluate(() => window.__settled()));
      if (!opened) opened = await page.evaluate(() => window.__opened);
      await page.waitForTimeout(100);
    }
    fromOpen.push(opened);
    // Everything this fresh page fetched for the search, from its first request.
    const fetched = sent.slice(from).filter((r) => isSearchFile(r.path));
    const bytes = fetched.reduce((a, r) => a + r.gzip, 0);
    const count = (await page.textContent("#finder-count")).trim();
    firsts.push(times[0]);
    keys.push(...times.slice(1));
    console.log(
      `  ${JSON.stringify(query)}: first ${ms(times[0])} (${ms(opened)} from opening the page), then ${times.slice(1).map(ms).join(", ") || "-"}; ` +
        `${kb(bytes)} in ${fetched.length} files; ${count}`,
    );
    if (page.problems.errors.length) console.log(`    problems: ${page.problems.errors.join("; ")}`);
    await page.closeAll();
  }
  console.log(`  first results, cold: ${stats(firsts)}`);
  console.log(`  first results from opening the page: ${stats(fromOpen)}`);
  console.log(`  further keystrokes: ${stats(keys)}`);
} finally {
  await browser.close();
  await server.close();
}
