// The member directory's search and filters, on tests/browser/fixture
// (six members: kanji names with readings, a full-width company ＡＣＭＥ株式会社,
// a half-width one ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾗｲ, departments and cities that overlap).

import { test } from "node:test";
import assert from "node:assert/strict";
import { directoryReady, settled, scrolledIn, shownNames, axe, servedSite } from "./lib.mjs";

const EVERYONE = ["Emily Clark", "佐藤 健二", "鈴木 一郎", "田中 美咲", "山田 太郎", "山本 花子"];

const served = servedSite("fixture");

async function directory(query = "", options = {}) {
  const page = await served.open(options);
  await page.goto(`${served.url}/members/${query}`);
  if (options.javaScript !== false) await directoryReady(page);
  return page;
}

async function search(page, text) {
  await page.fill("#finder-q", text);
  return shownNames(page);
}

test("without JavaScript the whole list is there and the form is not", async () => {
  const page = await directory("", { javaScript: false });
  assert.deepEqual(await shownNames(page), EVERYONE);
  assert.equal(await page.isVisible("#finder"), false);
  assert.equal(await page.isVisible("#browse"), true, "browse-by links stand in for filters");
  await page.closeAll();
});

test("with JavaScript the form appears and lists everyone", async () => {
  const page = await directory();
  assert.equal(await page.isVisible("#finder-q"), true);
  assert.deepEqual(await shownNames(page), EVERYONE);
  assert.match(await page.textContent("#finder-count"), /6人/);
  await page.closeAll();
});

test("search finds a member by kanji, by the kana reading, in hiragana, katakana or half-width katakana", async () => {
  const page = await directory();
  for (const q of ["山田", "やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "やまだたろう", "山田太郎", "ﾀﾛｳ"]) {
    assert.deepEqual(await search(page, q), ["山田 太郎"], `query ${q}`);
  }
  assert.deepEqual(await search(page, "やま"), ["山田 太郎", "山本 花子"], "a prefix of two readings");
  assert.deepEqual(await search(page, "まだ"), ["山田 太郎"], "a substring inside a reading");
  await page.closeAll();
});

test("full-width and half-width letters and kana are the same", async () => {
  const page = await directory();
  // ＡＣＭＥ株式会社 (full-width) and Acme Robotics (ASCII) both match either way.
  assert.deepEqual(await search(page, "acme"), ["佐藤 健二", "山田 太郎"]);
  assert.deepEqual(await search(page, "ＡＣＭＥ"), ["佐藤 健二", "山田 太郎"]);
  assert.deepEqual(await search(page, "Ａｃｍｅ ｒｏｂｏｔｉｃｓ"), ["佐藤 健二"]);
  // ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾗｲ (half-width katakana) is found in hiragana and katakana.
  assert.deepEqual(await search(page, "みらい"), ["鈴木 一郎"]);
  assert.deepEqual(await search(page, "カブシキガイシャ"), ["鈴木 一郎"]);
  assert.deepEqual(await search(page, "EMILY"), ["Emily Clark"]);
  await page.closeAll();
});

test("English is case- and accent-insensitive; kana keep their voiced marks", async () => {
  const page = await directory();
  for (const q of ["montreal", "Montréal", "MONTRÉAL", "montréal"]) {
    assert.deepEqual(await search(page, q), ["Emily Clark"], `query ${q}`);
  }
  // だ (voiced) is not た: やまだ does not match a search for やまた.
  assert.deepEqual(await search(page, "やまた"), [], "voiced marks still count");
  await page.closeAll();
});

test("search reads company, title, skills, location, department and interests, not the bio", async () => {
  const page = await directory();
  assert.deepEqual(await search(page, "northwind"), ["山本 花子"], "company");
  assert.deepEqual(await search(page, "sre"), ["佐藤 健二"], "title");
  assert.deepEqual(await search(page, "kubernetes"), ["佐藤 健二"], "skill");
  assert.deepEqual(await search(page, "福岡"), ["鈴木 一郎"], "location");
  assert.deepEqual(await search(page, "マーケティング部"), ["山本 花子"], "department");
  assert.deepEqual(await search(page, "登壇"), ["山本 花子"], "open_to, by its label");
  assert.deepEqual(await search(page, "engineer lumen"), ["Emily Clark"], "two parts, two fields");
  assert.deepEqual(await search(page, "developer"), [], "not the bio");
  assert.deepEqual(await search(page, "在庫エンジン"), [], "not the bio, in Japanese either");
  assert.deepEqual(await search(page, "zzz"), []);
  assert.equal(await page.isVisible(".directory__none"), true, "an empty result says so");
  assert.deepEqual(await search(page, ""), EVERYONE, "clearing the box shows everyone");
  assert.equal(await page.isVisible(".directory__none"), false);
  await page.closeAll();
});

test("filters combine with each other and with the search", async () => {
  const page = await directory();
  await page.selectOption("#finder-department", "開発本部");
  assert.deepEqual(await shownNames(page), ["Emily Clark", "佐藤 健二", "山田 太郎"]);
  await page.selectOption("#finder-location", "大阪");
  assert.deepEqual(await shownNames(page), ["佐藤 健二"]);
  await page.selectOption("#finder-location", "");
  await page.selectOption("#finder-open_to", "mentoring");
  await page.selectOption("#finder-skills", "Go");
  assert.deepEqual(await shownNames(page), ["Emily Clark", "佐藤 健二"]);
  await page.selectOption("#finder-left", "2021");
  assert.deepEqual(await shownNames(page), ["佐藤 健二"]);
  await page.selectOption("#finder-left", "");
  assert.deepEqual(await search(page, "london"), ["Emily Clark"]);
  await page.click(".finder__clear");
  assert.deepEqual(await shownNames(page), EVERYONE, "clear resets everything");
  assert.equal(await page.inputValue("#finder-department"), "");
  await page.closeAll();
});

test("filter options come from the data: departments, skills, years, places, and only interests someone has", async () => {
  const page = await directory();
  const values = (id) => page.$$eval(`#${id} option`, (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual((await values("finder-location")).sort(), ["London", "大阪", "東京", "福岡"].sort());
  assert.deepEqual(
    await values("finder-open_to"),
    ["mentoring", "partnership", "customer", "speaking", "survey"],
    "no rehire: nobody here shows it publicly",
  );
  assert.deepEqual(await values("finder-left"), ["2021", "2020", "2019", "2018", "2015"]);
  assert.deepEqual(await values("finder-department"), ["マーケティング部", "人事部", "営業本部", "開発本部"]);
  assert.deepEqual(await values("finder-skills"), ["Go", "Kubernetes", "Rust", "データ分析", "マーケティング", "採用", "法人営業"]);
  const label = (id, value) => page.$eval(`#${id} option[value="${value}"]`, (o) => o.textContent);
  assert.equal(await label("finder-department", "開発本部"), "開発本部（3）");
  assert.equal(await label("finder-left", "2019"), "2019年（2）");
  await page.closeAll();
});

test("a result followed before the page was idle: Back returns to the query", async () => {
  // A busy page: idle callbacks never come, so the keystroke's URL is
  // still waiting to be written when the reader follows a result.
  const page = await served.open();
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  await page.goto(`${served.url}/members/`);
  await directoryReady(page);
  await page.fill("#finder-q", "ﾔﾏﾀﾞ");
  await page.waitForFunction(() => document.querySelectorAll("#directory [data-member]:not([hidden])").length === 1);
  assert.equal(new URL(page.url()).searchParams.get("q"), null, "not written yet");
  await page.click("#directory [data-member]:not([hidden]) .card__link");
  await page.waitForURL((u) => !u.pathname.endsWith("/members/"));
  await page.goBack();
  await page.waitForURL((u) => u.pathname.endsWith("/members/"));
  assert.equal(new URL(page.url()).searchParams.get("q"), "ﾔﾏﾀﾞ");
  await page.closeAll();
});

test("the state is in the URL: a link restores it, reload keeps it, Back undoes it", async () => {
  const page = await directory();
  await page.selectOption("#finder-department", "開発本部");
  await page.fill("#finder-q", "ﾔﾏﾀﾞ");
  await page.waitForFunction(() => location.search.includes("q="));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("department"), "開発本部");
  assert.equal(url.searchParams.get("q"), "ﾔﾏﾀﾞ");
  assert.deepEqual(await shownNames(page), ["山田 太郎"]);

  await page.reload();
  await directoryReady(page);
  assert.equal(await page.inputValue("#finder-q"), "ﾔﾏﾀﾞ");
  assert.equal(await page.inputValue("#finder-department"), "開発本部");
  assert.deepEqual(await shownNames(page), ["山田 太郎"]);

  // Back: first undoes the typing, then the department.
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("q="));
  assert.equal(await page.inputValue("#finder-q"), "");
  assert.deepEqual(await shownNames(page), ["Emily Clark", "佐藤 健二", "山田 太郎"]);
  await page.goBack();
  await page.waitForFunction(() => location.search === "");
  assert.equal(await page.inputValue("#finder-department"), "");
  assert.deepEqual(await shownNames(page), EVERYONE);
  await page.goForward();
  await page.waitForFunction(() => location.search.includes("department="));
  assert.equal(await page.inputValue("#finder-department"), "開発本部");
  await page.closeAll();

  // A shared link opens with the search done; a value this build lacks is dropped.
  const shared = await directory("?location=%E5%A4%A7%E9%98%AA&q=acme&skills=nothing");
  assert.equal(await shared.inputValue("#finder-location"), "大阪");
  assert.equal(await shared.inputValue("#finder-q"), "acme");
  assert.deepEqual(await shownNames(shared), ["佐藤 健二"]);
  assert.equal(new URL(shared.url()).searchParams.get("skills"), null);
  await shared.closeAll();
});

test("cards the page does not have come from the search data, the same as the page's", async () => {
  const full = await directory();
  const cards = await full.$$eval("#directory li[data-member]", (ls) => ls.map((l) => l.outerHTML));
  await full.closeAll();
  const page = await served.open();
  // A page that lists only its first two members, as one page of a long directory would.
  let inPage = 0;
  await page.route("**/members/", async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const items = html.split('<li data-member="');
    const kept = items.slice(0, 3).join('<li data-member="');
    const end = html.lastIndexOf("</ul>", html.indexOf('<p class="empty directory__none"'));
    const body = kept.slice(0, kept.lastIndexOf("</li>") + 5) + html.slice(end);
    inPage = body.split('<li data-member="').length - 1;
    await route.fulfill({ response, body });
  });
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${served.url}/members/`);
  await directoryReady(page);
  assert.equal(inPage, 2, "the page has two cards");
  assert.deepEqual(await shownNames(page), EVERYONE.slice(0, 2), "with no query, the page's own cards");
  assert.ok(!fetched.some((p) => p.startsWith("/search/r/")), fetched.join(" "));
  assert.deepEqual(await search(page, "やま"), ["山田 太郎", "山本 花子"], "members the page does not have");
  assert.ok(fetched.some((p) => p.startsWith("/search/r/")), fetched.join(" "));
  const shown = await page.$$eval("#directory li[data-member]", (ls) => ls.map((l) => l.outerHTML));
  assert.deepEqual(shown, cards.slice(4), "the same markup as the full page's cards");
  assert.deepEqual(await search(page, ""), EVERYONE.slice(0, 2), "the page's own cards again");
  await page.closeAll();
});

test("a query fetches only the files it needs", async () => {
  const page = await served.open();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${served.url}/members/`);
  await directoryReady(page);
  assert.deepEqual(fetched.filter((p) => p.startsWith("/search/")), ["/search/index.json"], "only the manifest at first");
  fetched.length = 0;
  await search(page, "やま");
  // The shard of や (U+3084), and no card: the page has them all.
  assert.deepEqual(fetched, ["/search/t/3084.json"]);
  fetched.length = 0;
  assert.deepEqual(await search(page, "やまだ"), ["山田 太郎"]);
  assert.deepEqual(fetched, [], "a longer word needs nothing new");
  await page.selectOption("#finder-department", "開発本部");
  await shownNames(page);
  assert.equal(fetched.length, 1);
  assert.match(fetched[0], /^\/search\/f\/department\/\d+\.json$/);
  await page.closeAll();
});

test("long results come a page at a time; Show more continues from the first new card", async () => {
  const page = await served.open();
  // A page size of 2 instead of 30, so six members make three pages; and
  // no data-first, as on a theme whose directory is one list: with no query
  // the script then shows everyone, a page at a time.
  await page.route("**/members/", async (route) => {
    const response = await route.fetch();
    const body = (await response.text())
      .replace('data-page-size="30"', 'data-page-size="2"')
      .replace(/ data-first="\d+"/, "");
    await route.fulfill({ response, body });
  });
  await page.goto(`${served.url}/members/`);
  await directoryReady(page);
  assert.deepEqual(await shownNames(page), EVERYONE.slice(0, 2));
  assert.match(await page.textContent(".directory__more button"), /4/);
  await page.click(".directory__more button");
  assert.deepEqual(await shownNames(page), EVERYONE.slice(0, 4));
  const focused = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(focused, EVERYONE[2]);
  await page.click(".directory__more button");
  assert.deepEqual(await shownNames(page), EVERYONE);
  assert.equal(await page.isVisible(".directory__more"), false);
  await page.closeAll();
});

test("keyboard: the search box, the filters and the cards are reachable with Tab", async () => {
  const page = await directory();
  await page.focus("#finder-q");
  await page.keyboard.type("lumen");
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.className));
  }
  assert.ok(order.includes("finder-department"), order.join(", "));
  assert.ok(order.includes("card__link"), order.join(", "));
  await page.closeAll();
});

test("the directory fits a 390 px phone without sideways scrolling; filters fold away", async () => {
  const page = await directory("", { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.equal(await page.isVisible("#finder-department"), false, "filters folded on a phone");
  await page.click(".finder__toggle");
  assert.equal(await page.getAttribute(".finder__toggle", "aria-expanded"), "true");
  await page.selectOption("#finder-department", "人事部");
  assert.deepEqual(await shownNames(page), ["田中 美咲"]);
  assert.equal(await page.textContent(".finder__active"), "1");
  const after = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(after <= 0, `page is ${after}px wider than the screen with filters open`);
  await page.closeAll();
});

test("company.brand_color and extra.stylesheet restyle the theme, keeping AA contrast in light and dark mode", async () => {
  for (const [scheme, want] of [["light", "#c8102e"], ["dark", null]]) {
    const page = await directory("?q=%E5%B1%B1", { colorScheme: scheme });
    const brand = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand").trim());
    if (want) assert.equal(brand, want);
    else assert.notEqual(brand, "#7cc0f5", "dark mode has its own shade of the brand colour");
    const radius = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--radius").trim());
    assert.equal(radius, "3px", "extra.stylesheet is linked after the theme's CSS");
    const serious = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious, [], `${scheme}: ${JSON.stringify(serious)}`);
    await page.closeAll();
  }
});

test("an opted-in photo is a square thumbnail made at build time, with its size and a 2x version", async () => {
  const page = await served.open();
  await page.goto(`${served.url}/members/tanaka-misaki/`);
  const img = await page.$eval(".profile__header img.avatar", (i) => ({
    src: i.getAttribute("src"),
    srcset: i.getAttribute("srcset"),
    width: i.getAttribute("width"),
    height: i.getAttribute("height"),
    alt: i.alt,
    natural: [i.naturalWidth, i.naturalHeight],
  }));
  assert.equal(img.src, "/members/tanaka-misaki/photo-96.png");
  assert.equal(img.srcset, "/members/tanaka-misaki/photo-96.png 1x, /members/tanaka-misaki/photo-192.png 2x");
  assert.deepEqual([img.width, img.height], ["96", "96"]);
  assert.match(img.alt, /田中 美咲/);
  assert.equal(img.natural[0], img.natural[1], "square");
  const original = await page.request.get(`${served.url}/members/tanaka-misaki/tanaka-misaki.png`);
  assert.equal(original.status(), 404, "the original file is not published");
  // Everyone else has an initials avatar: a circle of the tone's colour.
  await page.goto(`${served.url}/members/yamada-taro/`);
  assert.equal(await page.textContent(".profile__header .avatar--initials"), "山田");
  const circle = await page.$eval(".profile__header .avatar--initials", (a) => {
    const style = getComputedStyle(a);
    return { radius: style.borderRadius, bg: style.backgroundColor, w: a.offsetWidth, h: a.offsetHeight, hidden: a.getAttribute("aria-hidden") };
  });
  assert.equal(circle.radius, "50%");
  assert.notEqual(circle.bg, "rgba(0, 0, 0, 0)");
  assert.equal(circle.w, circle.h);
  assert.equal(circle.hidden, "true", "decorative: the name is next to it");
  await page.goto(`${served.url}/members/emily-clark/`);
  assert.equal(await page.textContent(".profile__header .avatar--initials"), "EC");
  await page.closeAll();
});

test("results beyond the first screenful are added as the list is scrolled to its end", async () => {
  // A window 300 px high holds two or three cards; no data-first, so with
  // no query the script shows everyone (six members), a screenful first.
  const page = await served.open({ width: 390, height: 300 });
  await page.route("**/members/", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/ data-first="\d+"/, "");
    await route.fulfill({ response, body });
  });
  await page.goto(`${served.url}/members/`);
  await directoryReady(page);
  const count = () => page.$$eval("#directory > ul > li", (ls) => ls.length);
  const first = await count();
  assert.ok(first >= 1 && first < EVERYONE.length, `${first} cards at first`);
  assert.equal(await page.getAttribute("#directory", "data-pending"), String(EVERYONE.length - first));
  assert.match(await page.textContent("#finder-count"), /6人/, "the count is of every result");
  assert.equal(await page.isVisible(".directory__more"), false, "no Show more while the page's results are still to come");
  await page.waitForTimeout(300);
  assert.equal(await count(), first, "nothing added while the end of the list is out of sight");
  await scrolledIn(page);
  assert.deepEqual(await shownNames(page), EVERYONE, "all of them, in directory order");
  assert.equal(await page.getAttribute("#directory", "data-pending"), null);
  // A new query starts again from its first screenful.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.fill("#finder-q", "開発本部");
  await settled(page);
  assert.ok((await count()) <= first, "a screenful at most");
  assert.deepEqual(await shownNames(page), ["Emily Clark", "佐藤 健二", "山田 太郎"]);
  await page.closeAll();
});

test("before the load event the script only shows the form; a box used before it searches at once", async () => {
  // An image held back by the test holds back the page's load event.
  const held = async (page) => {
    let release;
    const gate = new Promise((ok) => { release = ok; });
    await page.route("**/members/", async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace("</main>", '<img src="/held.png" alt=""></main>');
      await route.fulfill({ response, body });
    });
    await page.route("**/held.png", async (route) => {
      await gate;
      // A 1×1 transparent PNG.
      const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
      await route.fulfill({ contentType: "image/png", body: Buffer.from(png, "base64") });
    });
    const manifest = page.waitForResponse("**/search/index.json");
    await page.goto(`${served.url}/members/`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("#finder:not([hidden])");
    await manifest;
    return release;
  };
  const options = (page) => page.$$eval("#finder-department option", (os) => os.length);
  const state = (page) => page.evaluate(() => document.readyState);

  const idle = await served.open();
  const release = await held(idle);
  await idle.waitForTimeout(300);
  assert.equal(await state(idle), "interactive");
  assert.equal(await options(idle), 1, "the manifest is fetched but not read before the load event");
  assert.ok(await idle.$("#finder.is-loading"));
  release();
  await directoryReady(idle);
  assert.equal(await state(idle), "complete");
  assert.equal(await options(idle), 5, "read after it: the departments' options");
  assert.deepEqual(await shownNames(idle), EVERYONE);
  await idle.closeAll();

  const early = await served.open();
  const let_go = await held(early);
  assert.deepEqual(await search(early, "やまだ"), ["山田 太郎"], "typed before the load event");
  assert.equal(await state(early), "interactive");
  assert.equal(await options(early), 5);
  let_go();
  await early.waitForFunction(() => document.readyState === "complete");
  await early.closeAll();
});

test("without its search data the directory says so after the load event and keeps its list", async () => {
  const page = await served.openUnchecked();
  await page.route("**/search/index.json", (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(`${served.url}/members/`);
  await page.waitForSelector("#finder:not(.is-loading)");
  assert.match(await page.textContent(".finder__hint"), /読み込めませんでした/);
  assert.equal(await page.isDisabled("#finder-q"), true);
  assert.equal(await page.getAttribute("#finder", "aria-busy"), null);
  assert.deepEqual(await page.$$eval("#directory > ul > li .card__title", (els) => els.map((e) => e.textContent.trim())), EVERYONE);
  assert.deepEqual(page.problems.errors.filter((e) => !e.includes("/search/index.json")), [], "no other error");
  assert.deepEqual(page.problems.external, []);
  await page.closeAll();
});
