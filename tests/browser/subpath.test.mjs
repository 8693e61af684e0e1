// The fixture site built for https://org.github.io/alumni/ and served only
// under /alumni/, as GitHub Pages serves a project site: the directory's
// script loads its search data and makes cards whose links and photos stay
// under /alumni/, and every page a visitor clicks through loads its
// stylesheet, script and images (a request outside /alumni/ would be a 404,
// which `openPage` records).

import { test } from "node:test";
import assert from "node:assert/strict";
import { directoryReady, shownNames, servedSite } from "./lib.mjs";

const PREFIX = "/alumni";

const served = servedSite("fixture-subpath", PREFIX);

async function open(path, options = {}) {
  const page = await served.open(options);
  const response = await page.goto(`${served.url}${path}`);
  assert.equal(response.status(), 200, path);
  return page;
}

test("the directory searches under the site's folder", async () => {
  const page = await open(`${PREFIX}/members/`);
  await directoryReady(page);
  await page.fill("#finder-q", "田中");
  assert.deepEqual(await shownNames(page), ["田中 美咲"]);
  assert.ok(
    await page.$eval("#finder", (f) => f.getAttribute("data-index").startsWith("/alumni/search/")),
    "the search data is under the site's folder",
  );
  const hrefs = await page.$$eval("#directory ul:not([hidden]) a[href]", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length > 0);
  for (const href of hrefs) assert.ok(href.startsWith(`${PREFIX}/`), href);
  const srcs = await page.$$eval("#directory ul:not([hidden]) img[src]", (imgs) => imgs.map((i) => i.getAttribute("src")));
  assert.ok(srcs.length > 0, "the photo is shown");
  for (const src of srcs) assert.ok(src.startsWith(`${PREFIX}/members/`), src);
  const loaded = await page.$$eval("#directory ul:not([hidden]) img[src]", (imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0));
  assert.ok(loaded, "the photo loads");
});

test("a visitor clicks through the site without leaving its folder", async () => {
  const page = await open(`${PREFIX}/`);
  const styled = () =>
    page.evaluate(() => [...document.styleSheets].filter((s) => s.href).every((s) => s.cssRules.length > 0));
  assert.ok(await styled(), "the stylesheets load");
  for (const selector of ['.site-nav a[href$="/members/"]', ".card__link", ".brand"]) {
    const link = page.locator(selector).first();
    const href = await link.getAttribute("href");
    assert.ok(href.startsWith(`${PREFIX}/`), `${selector}: ${href}`);
    await Promise.all([page.waitForLoadState("load"), link.click()]);
    assert.ok(new URL(page.url()).pathname.startsWith(`${PREFIX}/`), page.url());
    assert.ok(await styled(), `${page.url()}: the stylesheets load`);
  }
});

test("a missing page shows the theme's 404 page, styled", async () => {
  const page = await served.open();
  const response = await page.goto(`${served.url}${PREFIX}/no/such/page/`);
  assert.equal(response.status(), 404);
  const home = await page.locator(".button--primary").first().getAttribute("href");
  assert.equal(home, `${PREFIX}/`);
  const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.href).map((s) => s.cssRules.length));
  assert.ok(sheets.length > 0 && sheets.every((n) => n > 0), "the stylesheets load");
});
