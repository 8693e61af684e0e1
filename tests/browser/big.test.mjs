// The directory with the 10,000-member benchmark corpus (run.sh builds it
// into $ALUMNI_BROWSER_SITES/c10k from c10k-src when the corpus generator is
// there; the test is skipped otherwise). Functional checks only:
// bench/readers.sh measures the timing.
//
// The oracle is the corpus itself: each public member's front matter, read
// from c10k-src and matched the way docs/search.md says (folded words of
// name, reading, company, title, industry, department, location, skills),
// not the search data the script reads.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serve, launch, openPage, directoryReady, settled, scrolledIn, shownNames, site, readSearch, SITES } from "./lib.mjs";

const dir = site("c10k");
const skip = dir ? false : "no 10k build (run.sh needs the corpus generator)";

let server;
let browser;
let members;
let count;
let chunk;

const fold = (text) =>
  text
    .normalize("NFKC")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6\u30fd\u30fe]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

/** The corpus's front matter (one `key: value` a line, `now:` indented, JSON values). */
function front(file) {
  const text = fs.readFileSync(file, "utf8").split("\n---\n")[0];
  const f = { now: {} };
  for (const line of text.split("\n").slice(1)) {
    const m = /^( *)([a-z_]+): (.+)$/.exec(line);
    if (!m) continue;
    let value;
    try {
      value = JSON.parse(m[3]);
    } catch {
      value = m[3];
    }
    if (m[1]) f.now[m[2]] = value;
    else f[m[2]] = value;
  }
  return f;
}

/** Folded words a member is found by (docs/search.md). */
function words(f) {
  const out = [];
  const add = (text, joined) => {
    if (typeof text !== "string") return;
    const parts = fold(text).split(/\s+/).filter(Boolean);
    out.push(...parts);
    if (joined) out.push(parts.join(""));
  };
  add(f.name, true);
  add(f.name_reading, true);
  for (const t of [f.now.company, f.now.title, f.now.industry, f.department, f.location]) add(t, false);
  for (const s of f.skills || []) add(s, false);
  return out;
}

/** What a query should find: members (in directory order) with every part inside one of their words. */
function expected(query) {
  const parts = fold(query).split(/\s+/).filter(Boolean);
  return members.filter((m) => parts.every((p) => m.words.some((w) => w.includes(p))));
}

before(async () => {
  if (!dir) return;
  const data = readSearch(dir);
  count = data.manifest.count;
  chunk = data.manifest.chunk;
  const src = path.join(SITES, "c10k-src", "content", "members");
  members = data.members.map((m) => {
    const slug = m.url.split("/").filter(Boolean).pop();
    const f = front(path.join(src, `${slug}.md`));
    return { ...m, front: f, words: words(f) };
  });
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function shownCount(page) {
  await settled(page);
  return Number((await page.textContent("#finder-count")).replace(/[^0-9]/g, ""));
}

async function check(page, query) {
  await page.fill("#finder-q", query);
  const want = expected(query);
  const names = await shownNames(page);
  assert.equal(await shownCount(page), want.length, `count for ${query}`);
  assert.deepEqual(names, want.slice(0, 30).map((m) => m.name), `first page for ${query}`);
  return want;
}

/** Members a page of the directory holds (directory.per_page, default 50). */
const PER_PAGE = 50;

test("thousands of members: one page of cards in the document, the count of all", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  assert.equal(await shownCount(page), count);
  assert.equal(count, members.length);
  assert.deepEqual(await shownNames(page), members.slice(0, PER_PAGE).map((m) => m.name));
  assert.equal(await page.isVisible(".directory__more"), false, "its own page, no more to show");
  const last = Math.ceil(count / PER_PAGE);
  assert.equal(await page.getAttribute('.pager a[aria-current="page"]', "href"), "/members/");
  assert.equal(await page.getAttribute(`.pager a:text-is("${last}")`, "href"), `/members/page/${last}/`);
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: a page far down the directory has its members, and search still finds everyone", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/page/40/`);
  await directoryReady(page);
  assert.deepEqual(await shownNames(page), members.slice(39 * PER_PAGE, 40 * PER_PAGE).map((m) => m.name));
  await check(page, "山田");
  await check(page, "a");
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: every heading of the index reaches its members in two more links", { skip }, async () => {
  const page = await openPage(browser, server.url, { javaScript: false });
  await page.goto(`${server.url}/members/`);
  const headings = await page.$$eval(".initial-index a", (as) => as.map((a) => a.href));
  assert.ok(headings.length >= 10, "the gojūon rows at least");
  const seen = new Set();
  for (const href of headings) {
    await page.goto(href);
    for (const p of await page.$$eval(".index-pages a", (as) => as.map((a) => a.href))) seen.add(p);
  }
  // Between them the headings' pages link every page of the directory.
  assert.equal(seen.size, Math.ceil(count / PER_PAGE));
  await page.closeAll();
});

test("thousands of members: search finds what the corpus says, by name, reading, company and skill", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  assert.ok((await check(page, "山田")).length > 0, "a kanji family name");
  assert.ok((await check(page, "ﾔﾏﾀﾞ ﾀﾛｳ")).length > 0, "a reading in half-width katakana, two parts");
  await check(page, "やまだたろう");
  await check(page, "a");
  await check(page, "an");
  await check(page, "合同会社");
  await check(page, "そら");
  await check(page, "supply chain");
  await check(page, "zzzz");
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: filters give what the corpus says", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  const dept = members[0].front.department;
  const place = members.find((m) => m.front.department === dept && m.front.location).front.location;
  await page.selectOption("#finder-department", dept);
  await page.selectOption("#finder-location", place);
  const both = members.filter((m) => m.front.department === dept && m.front.location === place);
  assert.equal(await shownCount(page), both.length);
  assert.deepEqual(await shownNames(page), both.slice(0, 30).map((m) => m.name));
  // Show more fetches the next cards.
  if (both.length > 30) {
    await page.click(".directory__more button");
    assert.deepEqual(await shownNames(page), both.slice(0, 60).map((m) => m.name));
  }
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: words and two filters together give exactly the members the corpus says", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  // The most common skill and department, and words that leave some of their members and not others.
  const tally = (values) => {
    const n = new Map();
    for (const v of values) n.set(v, (n.get(v) || 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1])[0][0];
  };
  const skill = tally(members.flatMap((m) => m.front.skills || []));
  const dept = tally(members.filter((m) => (m.front.skills || []).includes(skill)).map((m) => m.front.department));
  const both = members.filter((m) => m.front.department === dept && (m.front.skills || []).includes(skill));
  await page.selectOption("#finder-department", dept);
  await page.selectOption("#finder-skills", skill);
  assert.equal(await shownCount(page), both.length);
  // (Kana the interests' labels hold, as た in メンタリング, would find by interest too.)
  for (const query of ["a", "a e", "山", "ま こ"]) {
    const want = expected(query).filter((m) => both.includes(m));
    assert.ok(want.length > 0 && want.length < both.length, `${query} narrows the filters' ${both.length} to some`);
    await page.fill("#finder-q", query);
    assert.equal(await shownCount(page), want.length, `count for ${query}`);
    assert.deepEqual(await shownNames(page), want.slice(0, 30).map((m) => m.name), `first page for ${query}`);
  }
  // A narrow one, every result compared.
  const few = expected("ま こ").filter((m) => both.includes(m));
  assert.ok(few.length <= 30);
  await page.fill("#finder-q", "ま こ");
  assert.deepEqual(await shownNames(page), few.map((m) => m.name));
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: a query shows a screenful at once, fetches the rest of its page's cards once typing pauses, and scrolling shows them", { skip }, async () => {
  const page = await openPage(browser, server.url, { width: 390, height: 844 });
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  await page.fill("#finder-q", "山田");
  await settled(page);
  const want = expected("山田").slice(0, 30);
  assert.equal(want.length, 30, "the corpus has more than a page of 山田");
  const first = await page.$$eval("#directory > ul > li .card__title", (els) => els.map((e) => e.textContent.trim()));
  assert.ok(first.length > 0 && first.length < 30, `${first.length} cards at first`);
  assert.deepEqual(first, want.slice(0, first.length).map((m) => m.name));
  // The card files of the rest of the page, fetched without a scroll.
  const file = (m) => `/search/r/${Math.floor(members.indexOf(m) / chunk)}.json`;
  const rest = new Set(want.slice(first.length).map(file));
  const deadline = Date.now() + 10_000;
  while (![...rest].every((f) => fetched.includes(f)) && Date.now() < deadline) await page.waitForTimeout(50);
  assert.deepEqual([...rest].filter((f) => !fetched.includes(f)), [], "fetched ahead");
  assert.equal((await page.$$("#directory > ul > li")).length, first.length, "but not shown until scrolled to");
  const before = fetched.length;
  await scrolledIn(page);
  assert.deepEqual(await shownNames(page), want.map((m) => m.name));
  assert.deepEqual(fetched.slice(before).filter((p) => p.startsWith("/search/r/")), [], "scrolling fetched nothing more");
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: the cards the next keystroke will want are fetched before it is typed", { skip }, async () => {
  const page = await openPage(browser, server.url, { width: 390, height: 844 });
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  await page.fill("#finder-q", "山");
  await settled(page);
  const screen = (await page.$$("#directory > ul > li")).length;
  const file = (m) => `/search/r/${Math.floor(members.indexOf(m) / chunk)}.json`;
  // The first screenful of 山田 lies outside the page of results of 山
  // (which the scroll's fetching ahead would fetch): only a guess at the
  // next character fetches it.
  const page1 = new Set(expected("山").slice(0, 30).map(file));
  const next = [...new Set(expected("山田").slice(0, screen).map(file))];
  assert.ok(next.some((f) => !page1.has(f)), "the corpus has 山田 beyond the first 30 of 山");
  const deadline = Date.now() + 10_000;
  while (!next.every((f) => fetched.includes(f)) && Date.now() < deadline) await page.waitForTimeout(50);
  assert.deepEqual(next.filter((f) => !fetched.includes(f)), [], "fetched with 田 not yet typed");
  const before = fetched.length;
  await page.fill("#finder-q", "山田");
  await settled(page);
  // (Files are fetched once a page view: what comes after is the guess at the keystroke after 田.)
  assert.deepEqual(fetched.slice(before).filter((p) => next.includes(p)), [], "so 田 waits for no card file");
  assert.deepEqual(
    await page.$$eval("#directory > ul > li .card__title", (els) => els.map((e) => e.textContent.trim())),
    expected("山田").slice(0, screen).map((m) => m.name),
  );
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: deep in a word, the shards the next keystroke will want are fetched and read before it is typed", { skip }, async () => {
  const { manifest } = readSearch(dir);
  const hex = (key) => Array.from(key, (c) => c.codePointAt(0).toString(16)).join("-");
  // A split key with few keys one character longer (each its own shard).
  const longer = (key) => Object.keys(manifest.shards).filter((k) => k.length === key.length + 1 && k.startsWith(key));
  const key = Object.keys(manifest.shards).find((k) => manifest.shards[k] === 1 && k.length > 1 && longer(k).length <= 4);
  assert.ok(key, "the corpus has a split key with at most four longer keys");
  const next = longer(key).sort((a, b) => expected(b).length - expected(a).length)[0];
  const page = await openPage(browser, server.url, { width: 390, height: 844 });
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  await page.fill("#finder-q", key);
  await settled(page);
  const screen = (await page.$$("#directory > ul > li")).length;
  const file = (m) => `/search/r/${Math.floor(members.indexOf(m) / chunk)}.json`;
  // (The page's own members need no card file.)
  const cardsOf = expected(next).slice(0, screen).filter((m) => members.indexOf(m) >= PER_PAGE);
  const ahead = [...longer(key).map((k) => `/search/t/${hex(k)}.json`), ...cardsOf.map(file)];
  const deadline = Date.now() + 10_000;
  while (!ahead.every((f) => fetched.includes(f)) && Date.now() < deadline) await page.waitForTimeout(50);
  assert.deepEqual(ahead.filter((f) => !fetched.includes(f)), [], `fetched with ${next} not yet typed`);
  const before = fetched.length;
  await page.fill("#finder-q", next);
  await settled(page);
  assert.deepEqual(fetched.slice(before).filter((p) => ahead.includes(p)), [], `so ${next} waits for no file`);
  assert.deepEqual(
    await page.$$eval("#directory > ul > li .card__title", (els) => els.map((e) => e.textContent.trim())),
    expected(next).slice(0, screen).map((m) => m.name),
  );
  assert.equal(await shownCount(page), expected(next).length);
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});
