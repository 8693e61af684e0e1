// Screenshots of the demo site for docs/screenshots/: the landing page, the
// directory and a profile, on a 360 px phone and a 1280 px desktop, in light
// and dark mode; and the demo's newsletter (alumni newsletter) as a mail
// client 600 px and 375 px wide shows it, light and dark, which must not
// be wider than the window. With the 10,000-member corpus built too
// (run.sh), the directory at that size: the index by initial and the
// pager of a further page, and a search's results.
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
  // The directory of the 10,000-member corpus: the top of a further page
  // (its count, page number and index by initial), its pager at the
  // bottom, and the results of a search by reading.
  const big = site("c10k");
  if (big) {
    const bigServer = await serve(big);
    try {
      const shots = [
        ["directory-10k", "/members/page/3/", "top"],
        ["directory-10k-pager", "/members/page/3/", "bottom"],
        ["search-10k", "/members/?q=%E3%82%84%E3%81%BE%E3%81%A0", "top"],
      ];
      for (const [name, url, where] of shots) {
        for (const [size, width, height] of SIZES) {
          const page = await openPage(browser, bigServer.url, { width, height, colorScheme: "light" });
          await page.goto(`${bigServer.url}${url}`);
          await directoryReady(page);
          await page.addStyleTag({ content: "[data-member]{content-visibility:visible!important}" });
          const full = await page.evaluate(() => document.documentElement.scrollHeight);
          const tall = Math.min(full, width < 600 ? 1600 : 1200);
          const y = where === "bottom" ? Math.max(0, full - tall) : 0;
          const file = path.join(out, `${name}-${size}-light.png`);
          await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width, height: tall } });
          if (page.problems.errors.length) throw new Error(page.problems.errors.join("\n"));
          await page.closeAll();
          console.log(file);
        }
      }
    } finally {
      await bigServer.close();
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
