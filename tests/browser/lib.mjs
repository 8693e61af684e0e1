// Shared helpers of the browser tests: a static file server for a built
// site, and headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded) that refuses every request
// that does not go to that server.

import http from "node:http";
import assert from "node:assert/strict";
import { before, after } from "node:test";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const AXE_VERSION = JSON.parse(fs.readFileSync(require.resolve("axe-core/package.json"), "utf8")).version;

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Where run.sh built the sites: demo/, fixture/, and c10k/ when made. */
export const SITES = process.env.ALUMNI_BROWSER_SITES || "/tmp/alumni-browser";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
};

/**
 * Serves `root` on 127.0.0.1 like a static host: `/x/` is `/x/index.html`, else 404.html.
 * With `prefix` (`/alumni`), the site is served only under that folder, as a
 * GitHub Pages project site is.
 */
export async function serve(root, prefix = "") {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (prefix) {
      rel = rel.startsWith(prefix + "/") ? rel.slice(prefix.length) : "/__not-under-the-prefix__";
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
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    res.writeHead(status, { "content-type": type, "cache-control": "no-cache" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Headless Chromium with a fresh profile (playwright makes a temporary one). */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page on `origin` that records uncaught errors, console errors, failed
 * loads and any request to another origin (which is aborted, unless
 * `options.measure`): `page.problems`.
 */
export async function openPage(browser, origin, options = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width || 1280, height: options.height || 900 },
    colorScheme: options.colorScheme || "light",
    javaScriptEnabled: options.javaScript !== false,
    reducedMotion: "reduce",
  });
  const problems = { errors: [], external: [] };
  const local = (url) => url.startsWith(origin + "/") || url.startsWith("data:");
  if (options.measure) {
    // Timing runs do not intercept (interception slows every response down).
    context.on("request", (r) => local(r.url()) || problems.external.push(r.url()));
  } else {
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (local(url)) return route.continue();
      problems.external.push(url);
      return route.abort();
    });
  }
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // A missing file is reported below, by URL; the 404 page itself is no error.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) {
      problems.errors.push(`console: ${m.text()}`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.request().isNavigationRequest()) {
      problems.errors.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  page.problems = problems;
  page.closeAll = () => context.close();
  return page;
}

/** Waits until the directory script has loaded its search data and shows its results. */
export async function directoryReady(page) {
  await page.waitForSelector("#finder:not([hidden]):not(.is-loading):not([aria-busy])");
}

/**
 * Waits until the directory shows the results of the last query (the form
 * is not busy, nor waiting for the manifest: a box used before the page's
 * load event reads it then).
 */
export async function settled(page) {
  await page.waitForSelector("#finder:not([aria-busy]):not(.is-loading)");
}

/**
 * Scrolls the directory's list to its end until the results of its page
 * that come as they are scrolled to (after the first screenful) are all in
 * (`#directory` has no data-pending).
 */
export async function scrolledIn(page) {
  await page.waitForFunction(() => {
    const directory = document.getElementById("directory");
    if (!directory.hasAttribute("data-pending")) return true;
    const last = directory.querySelector(":scope > ul > li:last-child");
    if (last) last.scrollIntoView({ block: "end" });
    return false;
  });
}

/**
 * Names on the member cards of the directory list, in order, once the
 * results are in: the whole page of results (scrolled in).
 */
export async function shownNames(page) {
  if (await page.$("#finder:not([hidden])")) {
    await settled(page);
    await scrolledIn(page);
  }
  return page.$$eval("#directory ul:not([hidden]) > li .card__title", (els) =>
    els.map((e) => e.textContent.trim()),
  );
}

/**
 * The search data of a built site (`search/`, docs/search.md) read back:
 * its manifest, and the members in directory order with their URL, name
 * and filter values.
 */
export function readSearch(root, dir = "") {
  const json = (rel) => JSON.parse(fs.readFileSync(path.join(root, dir, "search", rel), "utf8"));
  const numbers = (deltas) => {
    let n = 0;
    return deltas.map((d, i) => (n = i ? n + d : d));
  };
  const manifest = json("index.json");
  const members = [];
  for (let n = 0; n * manifest.chunk < manifest.count; n++) {
    for (const r of json(`r/${n}.json`)) members.push({ url: r.url, name: r.name, values: {} });
  }
  for (const [filter, values] of Object.entries(manifest.filters)) {
    values.forEach(([value], n) => {
      for (const i of numbers(json(`f/${filter}/${n}.json`))) {
        (members[i].values[filter] ||= []).push(value);
      }
    });
  }
  return { manifest, members };
}

/** The site folder `name` under SITES, or null when run.sh did not build it. */
export function site(name) {
  const dir = path.join(SITES, name);
  return fs.existsSync(path.join(dir, "index.html")) ? dir : null;
}

/**
 * axe-core's WCAG 2.1 A/AA (and best-practice) violations on the page:
 * [{id, impact, help, nodes: [first three, with why], count}].
 */
export async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
      count: v.nodes.length,
    }));
  });
}


/**
 * The built site `name` served (under `prefix`, if any) and a browser
 * launched before a test file's tests, both closed after them. Pages are
 * opened with `open(options)` (openPage's options); after the tests every
 * one of them must have had no JavaScript error, no missing file and no
 * request that left the site.
 */
export function servedSite(name, prefix = "") {
  let server;
  let browser;
  const pages = [];
  before(async () => {
    const dir = site(name);
    assert.ok(dir, `run tests/browser/run.sh: the ${name} site is not built`);
    server = await serve(dir, prefix);
    browser = await launch();
  });
  after(async () => {
    for (const p of pages) {
      assert.deepEqual(p.problems.errors, [], "no JavaScript errors and no missing file");
      assert.deepEqual(p.problems.external, [], "no request leaves the site");
    }
    await browser?.close();
    await server?.close();
  });
  return {
    /** The server's origin, `http://127.0.0.1:PORT`. */
    get url() {
      return server.url;
    },
    async open(options = {}) {
      const page = await this.openUnchecked(options);
      pages.push(page);
      return page;
    },
    /** A page whose problems the test looks at itself (an error it causes on purpose). */
    openUnchecked(options = {}) {
      return openPage(browser, server.url, options);
    },
  };
}
