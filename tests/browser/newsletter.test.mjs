// The demo's newsletter (alumni newsletter, made by run.sh) as a mail
// client shows it: 600 px and 375 px wide, light and dark.
// Nothing is wider than the window, every image loads (served from the
// demo's build in place of base_url), dark mode changes the colours and
// keeps the text readable (WCAG AA contrast), and axe-core finds no serious
// or critical violation.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serve, launch, openPage, site, axe, SITES } from "./lib.mjs";

let server;
let browser;
let html;

before(async () => {
  const dir = site("demo");
  assert.ok(dir, "run tests/browser/run.sh: the demo site is not built");
  const file = path.join(SITES, "newsletter", "newsletter.html");
  assert.ok(fs.existsSync(file), "run tests/browser/run.sh: the newsletter is not made");
  server = await serve(dir);
  browser = await launch();
  const written = fs.readFileSync(file, "utf8");
  const base = /src="(https?:\/\/[^/"]+)/.exec(written)?.[1];
  assert.ok(base, "the logo is an absolute URL");
  html = written.replaceAll(base, server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** [r, g, b] of a CSS colour as computed. */
const rgb = (css) => css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const width of [600, 375]) {
  test(`the newsletter at ${width} px, light and dark`, async () => {
    const seen = {};
    for (const scheme of ["light", "dark"]) {
      // Script on for axe-core alone (the newsletter has none: checked first).
      const page = await openPage(browser, server.url, { width, height: 900, colorScheme: scheme });
      await page.goto(`${server.url}/`);
      await page.setContent(html, { waitUntil: "load" });
      const facts = await page.evaluate(() => {
        const card = document.querySelector(".nl-card");
        const text = document.querySelector(".nl-text p");
        const images = [...document.images];
        return {
          wide: document.documentElement.scrollWidth,
          cardWidth: card.getBoundingClientRect().width,
          scripts: document.scripts.length,
          broken: images.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src),
          lang: document.documentElement.lang,
          cardBg: getComputedStyle(card).backgroundColor,
          textColour: getComputedStyle(text).color,
        };
      });
      assert.ok(facts.wide <= width, `${facts.wide} px wide in a ${width} px window`);
      assert.ok(facts.cardWidth <= 600, `the card is ${facts.cardWidth} px`);
      assert.equal(facts.scripts, 0);
      assert.deepEqual(facts.broken, []);
      assert.equal(facts.lang, "ja");
      const ratio = contrast(rgb(facts.textColour), rgb(facts.cardBg));
      assert.ok(ratio >= 4.5, `${scheme}: text ${facts.textColour} on ${facts.cardBg} is ${ratio.toFixed(1)}:1`);
      seen[scheme] = facts.cardBg;
      const blocking = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(blocking, [], `${scheme} ${width} px: ${JSON.stringify(blocking, null, 1)}`);
      assert.deepEqual(page.problems.errors, []);
      await page.closeAll();
    }
    assert.notEqual(seen.light, seen.dark, "dark mode has its own colours");
  });
}
