// Every kind of page of the demo site (the repository root, built by
// run.sh): axe-core finds no serious or critical WCAG 2.1 A/AA violation in
// light and dark mode and on a phone; no JavaScript error; no request leaves
// the site; nothing is wider than a 360 px screen.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { serve, launch, openPage, directoryReady, site, axe, AXE_VERSION, readSearch } from "./lib.mjs";

const BLOCKING = new Set(["serious", "critical"]);

let server;
let browser;
/** url -> { impact: count } over every mode, for the summary. */
const summary = new Map();

before(async () => {
  const dir = site("demo");
  assert.ok(dir, "run tests/browser/run.sh: the demo site is not built");
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  const rows = [...summary].map(([url, counts]) => {
    const text = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ");
    return `  ${url.padEnd(40)} ${text || "no violations"}`;
  });
  console.log(`axe-core ${AXE_VERSION}, WCAG 2.1 A/AA + best-practice rules, light + dark + 360 px:\n${rows.join("\n")}`);
  await browser?.close();
  await server?.close();
});

/** The pages to check: fixed ones, and the first profile, story, event and job. */
async function pagesToCheck() {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/`);
  const first = async (list, link) => {
    await page.goto(`${server.url}${list}`);
    return page.$eval(link, (a) => a.getAttribute("href"));
  };
  const urls = [
    "/",
    "/members/",
    await first("/members/", "#directory .card__link"),
    "/stories/",
    await first("/stories/", ".story-card .card__link"),
    "/events/",
    await first("/events/", ".event-card .card__link"),
    "/jobs/",
    await first("/jobs/", ".job-card .card__link"),
    "/news/",
    "/stats/",
    "/departments/",
    await first("/departments/", ".term-list a"),
    "/faq/",
    "/no-such-page/",
    // The English site (content/*.en.md), and a Japanese page shown untranslated there.
    "/en/",
    "/en/members/",
    "/en/members/priya-raman/",
    "/en/members/ito-yuka/",
    "/en/events/meetup-2027-winter/",
  ];
  await page.closeAll();
  return urls;
}

const MODES = [
  { name: "light", colorScheme: "light", width: 1280 },
  { name: "dark", colorScheme: "dark", width: 1280 },
  { name: "phone", colorScheme: "light", width: 360, height: 740 },
];

test("axe-core: no serious or critical violations, in light and dark mode and on a phone", async () => {
  const failures = [];
  for (const url of await pagesToCheck()) {
    const counts = {};
    summary.set(url, counts);
    for (const mode of MODES) {
      const page = await openPage(browser, server.url, mode);
      await page.goto(`${server.url}${url}`);
      if (url === "/members/") await directoryReady(page);
      for (const v of await axe(page)) {
        counts[v.impact] = (counts[v.impact] || 0) + v.count;
        const line = `${url} [${mode.name}] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`;
        if (BLOCKING.has(v.impact)) failures.push(line);
        else console.log(`  (not blocking) ${line}`);
      }
      if (mode.width === 360) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) failures.push(`${url} [phone] is ${overflow}px wider than a 360 px screen`);
      }
      for (const e of page.problems.errors) failures.push(`${url} [${mode.name}] ${e}`);
      for (const e of page.problems.external) failures.push(`${url} [${mode.name}] external request ${e}`);
      await page.closeAll();
    }
  }
  assert.deepEqual(failures, []);
});

test("axe-core: the directory while searching, with no result, and with filters open on a phone", async () => {
  const failures = [];
  const states = [
    { url: "/members/?q=%E3%82%84%E3%81%BE", mode: MODES[0] },
    { url: "/members/?q=zzzz", mode: MODES[1] },
    { url: "/members/?q=a", mode: MODES[2], open: true },
  ];
  for (const { url, mode, open } of states) {
    const page = await openPage(browser, server.url, mode);
    await page.goto(`${server.url}${url}`);
    await directoryReady(page);
    if (open) await page.click(".finder__toggle");
    for (const v of await axe(page)) {
      if (BLOCKING.has(v.impact)) failures.push(`${url} [${mode.name}] ${v.impact} ${v.id}: ${v.nodes.join("; ")}`);
    }
    for (const e of page.problems.errors) failures.push(`${url} ${e}`);
    await page.closeAll();
  }
  assert.deepEqual(failures, []);
});

test("no-JS: every page still shows its content, and the directory every member", async () => {
  const page = await openPage(browser, server.url, { javaScript: false });
  await page.goto(`${server.url}/members/`);
  const cards = await page.$$eval("#directory li .card__title", (els) => els.length);
  assert.equal(cards, readSearch(site("demo")).manifest.count);
  assert.equal(await page.isVisible("#finder"), false);
  await page.closeAll();
});
