// Screenshots of the demo site for docs/screenshots/: the landing page, the
// directory and a profile, on a 360 px phone and a 1280 px desktop, in light
// and dark mode; and the demo's newsletter (alumni newsletter) as a mail
// client 600 px and 375 px wide shows it, light and dark, which must not
// be wider than the window.
//
//   node tests/browser/screenshots.mjs [site-folder] [out-folder] [newsletter-folder]
//
// run.sh builds the demo and its newsletter; by default this writes to
// docs/screenshots/.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, openPage, directoryReady, site } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] || site("demo");
const out = process.argv[3] || path.join(here, "../../docs/screenshots");
const letter = process.argv[4] || path.join(path.dirname(dir || "."), "newsletter");
if (!dir) {
  console.error("no demo build: run tests/browser/run.sh first");
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });

const PAGES = [
  ["landing", "/"],
  ["directory", "/members/"],
  ["profile", "/members/kobayashi-ren/"],
];
const SIZES = [
  ["phone", 360, 780],
  ["desktop", 1280, 860],
];

const server = await serve(dir);
const browser = await launch();
try {
  for (const [name, url] of PAGES) {
    for (const [size, width, height] of SIZES) {
      for (const scheme of ["light", "dark"]) {
        const page = await openPage(browser, server.url, { width, height, colorScheme: scheme });
        await page.goto(`${server.url}${url}`);
        if (url === "/members/") await directoryReady(page);
        // A full-page capture is taken without scrolling: draw the cards
        // that content-visibility would leave for later.
        await page.addStyleTag({ content: "[data-member]{content-visibility:visible!important}" });
        const file = path.join(out, `${name}-${size}-${scheme}.png`);
        const full = await page.evaluate(() => document.documentElement.scrollHeight);
        // The top of the page, up to about three phone screens or two desktop ones.
        const clip = { x: 0, y: 0, width, height: Math.min(full, width < 600 ? 2400 : 1800) };
        await page.screenshot({ path: file, fullPage: true, clip });
        await page.closeAll();
        console.log(file);
      }
    }
  }
  // The newsletter, its images (by absolute URL under base_url) served
  // from the demo's build.
  const html = fs.readFileSync(path.join(letter, "newsletter.html"), "utf8");
  const base = /src="(https?:\/\/[^/"]+)/.exec(html)?.[1];
  const local = base ? html.replaceAll(base, server.url) : html;
  for (const width of [600, 375]) {
    for (const scheme of ["light", "dark"]) {
      const page = await openPage(browser, server.url, { width, height: 900, colorScheme: scheme, javaScript: false });
      await page.goto(`${server.url}/`);
      await page.setContent(local, { waitUntil: "load" });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > width) throw new Error(`the newsletter is ${wide} px wide in a ${width} px window`);
      const file = path.join(out, `newsletter-${width}-${scheme}.png`);
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(full, 1600) } });
      if (page.problems.errors.length) throw new Error(page.problems.errors.join("\n"));
      await page.closeAll();
      console.log(file);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
