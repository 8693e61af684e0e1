// The directory with the 10,000-member benchmark corpus (run.sh builds it
// into $ALUMNI_BROWSER_SITES/c10k when the corpus generator is there; the
// test is skipped otherwise). Functional checks only: bench.mjs prints the
// timing.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serve, launch, openPage, directoryReady, shownNames, site } from "./lib.mjs";

const dir = site("c10k");
const skip = dir ? false : "no 10k build (run.sh needs the corpus generator)";

let server;
let browser;
let data;

before(async () => {
  if (!dir) return;
  data = JSON.parse(fs.readFileSync(path.join(dir, "search.json"), "utf8")).members;
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const count = async (page) => Number((await page.textContent("#finder-count")).replace(/[^0-9]/g, ""));

test("thousands of members: one page of cards in the document, the count of all", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);
  assert.equal(await count(page), data.length);
  assert.equal((await shownNames(page)).length, 30);
  assert.match(await page.textContent(".directory__more button"), new RegExp(String(data.length - 30)));
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});

test("thousands of members: search and filters give what search.json says", { skip }, async () => {
  const page = await openPage(browser, server.url);
  await page.goto(`${server.url}/members/`);
  await directoryReady(page);

  // A kanji family name: every card shown has it, and the count is right.
  await page.fill("#finder-q", "山田");
  const fields = (m) => [m.name, m.reading, m.company, m.title, m.industry, m.department, m.location, ...(m.skills ?? []), m.bio];
  const yamada = data.filter((m) => fields(m).some((t) => (t ?? "").includes("山田")));
  assert.equal(await count(page), yamada.length);
  for (const name of await shownNames(page)) assert.ok(yamada.some((m) => m.name === name), name);

  // The same people by their reading, in half-width katakana.
  await page.fill("#finder-q", "ﾔﾏﾀﾞ ﾀﾛｳ");
  const taro = data.filter((m) => (m.reading ?? "").includes("やまだ たろう"));
  assert.ok(taro.length > 0);
  assert.ok((await count(page)) >= taro.length);
  for (const m of taro.slice(0, 30)) assert.ok((await shownNames(page)).includes(m.name), m.name);

  // Two filters: exactly the members with both values.
  await page.fill("#finder-q", "");
  const dept = data[0].department;
  const place = data.find((m) => m.department === dept && m.location)?.location;
  await page.selectOption("#finder-department", dept);
  await page.selectOption("#finder-location", place);
  const both = data.filter((m) => m.department === dept && m.location === place);
  assert.equal(await count(page), both.length);
  assert.deepEqual(await shownNames(page), both.slice(0, 30).map((m) => m.name));
  assert.deepEqual(page.problems.errors, []);
  await page.closeAll();
});
