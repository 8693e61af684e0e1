// The directory and term pages split into pages, on
// tests/fixtures/paginate/site (directory.per_page: 2; nine public members,
// ja and en, and four the public build must not show): pages and the
// index by initial work without JavaScript, and the search on a page of
// the directory finds members of every page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { directoryReady, shownNames, axe, servedSite } from "./lib.mjs";

/** The public members in directory order (Latin names before kana in Japanese). */
const JA = ["Alice Brown", "相川 愛", "石田 一郎", "上野 海", "加藤 薫", "木村 清", "佐藤 咲", "田中 太郎", "渡辺 渉"];

const served = servedSite("paginate");

async function open(path, options = {}) {
  const page = await served.open(options);
  await page.goto(`${served.url}${path}`);
  if (options.javaScript !== false && path.includes("/members/") && !path.includes("/initial/")) {
    await directoryReady(page);
  }
  return page;
}

const here = (page) => decodeURIComponent(new URL(page.url()).pathname);

/** Names on the cards of a term's page (which has no search). */
const termNames = (page) => page.$$eval(".card-grid > li .card__title", (els) => els.map((e) => e.textContent.trim()));

test("without JavaScript the directory is in pages, with previous and next links", async () => {
  const page = await open("/members/", { javaScript: false });
  assert.deepEqual(await shownNames(page), JA.slice(0, 2));
  assert.equal(await page.getAttribute('head link[rel="next"]', "href"), "/members/page/2/");
  assert.equal(await page.$('head link[rel="prev"]'), null);
  await page.click('.pager a[rel="next"]');
  assert.equal(here(page), "/members/page/2/");
  assert.deepEqual(await shownNames(page), JA.slice(2, 4));
  assert.equal(await page.getAttribute('.pager a[aria-current="page"]', "href"), "/members/page/2/");
  await page.click('.pager a[aria-label="5ページ目"]');
  assert.equal(here(page), "/members/page/5/");
  assert.deepEqual(await shownNames(page), JA.slice(8));
  assert.equal(await page.$('.pager a[rel="next"]'), null, "the last page has no next");
  await page.click('.pager a[rel="prev"]');
  assert.equal(here(page), "/members/page/4/");
  await page.closeAll();
});

test("without JavaScript any member is three links from /members/, through the gojūon index", async () => {
  const page = await open("/members/", { javaScript: false });
  const rows = await page.$$eval(".initial-index a", (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(rows, ["A", "あ", "か", "さ", "た", "わ"]);
  await page.click('.initial-index a:text-is("か")'); // 1
  assert.equal(here(page), "/members/initial/か/");
  assert.equal(await page.textContent("h1"), "か行");
  assert.equal(await page.getAttribute('.initial-index a[aria-current="page"]', "href"), "/members/initial/%E3%81%8B/");
  const listed = await page.$$eval(".index-pages a", (as) => as.map((a) => a.textContent.replace(/\s+/g, " ").trim()));
  assert.deepEqual(listed, ["3ページ目：かとう かおる – きむら きよし"]);
  await page.click(".index-pages a"); // 2
  assert.equal(here(page), "/members/page/3/");
  await page.click('.card__link:text-is("木村 清")'); // 3
  assert.equal(here(page), "/members/kimura/");
  await page.closeAll();
});

test("the English directory has an A–Z index and its own pages", async () => {
  const page = await open("/en/members/", { javaScript: false });
  const letters = await page.$$eval(".initial-index a", (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(letters, ["A", "I", "K", "S", "T", "U", "W"]);
  await page.click('.initial-index a:text-is("U")');
  assert.equal(here(page), "/en/members/initial/u/");
  await page.click(".index-pages a");
  assert.equal(here(page), "/en/members/page/4/");
  assert.ok((await shownNames(page)).includes("Umi Ueno"));
  await page.closeAll();
});

test("a term's members are in pages too, with the index jumping to a row's page", async () => {
  const page = await open("/skills/rust/page/2/", { javaScript: false });
  assert.deepEqual(await termNames(page), JA.slice(2, 4));
  assert.equal(await page.getAttribute('head link[rel="prev"]', "href"), "/skills/rust/");
  assert.equal(await page.getAttribute('head link[rel="next"]', "href"), "/skills/rust/page/3/");
  await page.click('.initial-index a:text-is("わ")');
  assert.equal(here(page), "/skills/rust/page/5/");
  assert.deepEqual(await termNames(page), ["渡辺 渉"]);
  await page.closeAll();
});

test("with JavaScript a page keeps its own cards, and a search finds members of other pages", async () => {
  const page = await open("/members/page/2/");
  assert.deepEqual(await shownNames(page), JA.slice(2, 4));
  assert.equal(await page.isVisible(".pager"), true);
  assert.match(await page.textContent("#finder-count"), /9人/);
  await page.fill("#finder-q", "わたなべ");
  assert.deepEqual(await shownNames(page), ["渡辺 渉"], "a member of page 5");
  assert.equal(await page.isVisible(".pager"), false, "the pages do not apply to results");
  assert.match(here(page) + new URL(page.url()).search, /\/members\/page\/2\/\?q=/);
  await page.fill("#finder-q", "");
  assert.deepEqual(await shownNames(page), JA.slice(2, 4));
  assert.equal(await page.isVisible(".pager"), true);
  await page.selectOption("#finder-department", "営業部");
  assert.deepEqual(await shownNames(page), ["Alice Brown", "相川 愛", "木村 清", "渡辺 渉"]);
  await page.goBack();
  assert.deepEqual(await shownNames(page), JA.slice(2, 4));
  await page.closeAll();
});

test("a page of the directory and a heading's page pass axe", async () => {
  for (const path of ["/members/page/2/", "/members/initial/あ/"]) {
    const page = await open(path);
    const serious = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious, [], path);
    await page.closeAll();
  }
});
