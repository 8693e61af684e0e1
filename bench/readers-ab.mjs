// Two or more builds of the same corpus, their directory search timed in
// turns, query by query (a shared machine drifts: interleaving keeps the
// comparison fair). The method is bench/readers.mjs's: headless Chromium at
// 390×844, the CPU throttled 4×, a gzipping static server; the query typed
// as soon as the form shows, each character timed from its keydown to the
// first frame in which the form is not busy, 100 ms between characters.
// A benchmark: it prints figures and asserts nothing.
//
//   node bench/readers-ab.mjs ROUNDS SITE-FOLDER SITE-FOLDER...
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { launch, openPage } from "../tests/browser/lib.mjs";

const [rounds, ...dirs] = process.argv.slice(2);
if (!Number(rounds) || dirs.length < 1) {
  console.error("usage: node bench/readers-ab.mjs ROUNDS SITE-FOLDER SITE-FOLDER...");
  process.exit(2);
}
const QUERIES = ["山田", "やまだ", "ﾀﾅｶ", "合同会社", "engineer", "東京 data", "a"];
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };

function start(root) {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    let file = path.join(root, path.normalize(rel));
    if (rel.endsWith("/")) file = path.join(file, "index.html");
    let status = 200;
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      status = 404;
      file = path.join(root, "404.html");
    }
    let body = cache.get(file);
    if (!body) cache.set(file, (body = zlib.gzipSync(fs.readFileSync(file), { level: 6 })));
    res.writeHead(status, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "content-encoding": "gzip", "cache-control": "no-cache" });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

const sites = await Promise.all(dirs.map(async (d) => ({ dir: path.resolve(d), server: await start(path.resolve(d)), first: [], keys: [] })));
const browser = await launch();
try {
  for (let r = 0; r < Number(rounds); r++) {
    for (const query of QUERIES) {
      for (const site of sites) {
        const page = await openPage(browser, site.server.url, { width: 390, height: 844, measure: true });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
        await page.goto(`${site.server.url}/members/`, { waitUntil: "domcontentloaded" });
        await page.waitForSelector("#finder:not([hidden])");
        await page.evaluate(() => {
          const form = document.getElementById("finder");
          const busy = () => form.classList.contains("is-loading") || form.getAttribute("aria-busy") === "true";
          const box = document.getElementById("finder-q");
          let down = null;
          box.addEventListener("keydown", (e) => { down = e.timeStamp; }, true);
          box.addEventListener("input", (e) => { window.__t0 = down ?? e.timeStamp; down = null; }, true);
          window.__settled = () =>
            new Promise((ok) => {
              const t0 = window.__t0;
              const tick = () => requestAnimationFrame(() => (busy() ? tick() : setTimeout(() => ok(performance.now() - t0), 0)));
              tick();
            });
        });
        await page.focus("#finder-q");
        const times = [];
        for (const ch of query) {
          await page.keyboard.type(ch);
          times.push(await page.evaluate(() => window.__settled()));
          await page.waitForTimeout(100);
        }
        site.first.push(times[0]);
        site.keys.push(...times.slice(1));
        await page.closeAll();
      }
    }
  }
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]);
    return `median ${at(0.5)} ms, p90 ${at(0.9)} ms (${s.length})`;
  };
  for (const site of sites) {
    console.log(`${site.dir}\n  cold first results: ${stats(site.first)}\n  further keystrokes: ${stats(site.keys)}`);
  }
} finally {
  await browser.close();
  for (const site of sites) site.server.close();
}
