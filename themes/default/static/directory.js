/*
 * alumni default theme: search and filters for the member directory.
 *
 * Progressive enhancement. Without JavaScript /members/ lists the members,
 * one page of them at a time (/members/page/2/ …; the form's data-first is
 * the number of the page's first member). With no query and no filter the
 * page keeps its own cards and its links to the other pages; a query or a
 * filter searches every member, not just this page's. This script shows
 * the search form, loads the small manifest of the search
 * data (search/index.json) and then fetches only what a query needs: the
 * shard of the substring index its words start with, the member lists of
 * the filters it uses, and the cards of the results it shows. Cards are the
 * HTML the build rendered with the theme's member_card component (the very
 * cards of the page where the page has them), so member_card stays the only
 * card template.
 *
 * Matching: substring search over folded words. Folding is NFKC (full-width
 * ＡＣＭＥ → ACME, half-width ﾔﾏﾀﾞ → ヤマダ), katakana → hiragana, Latin
 * accents dropped (José → jose, Zoë → zoe; kana keep their voiced marks: が
 * is not か), lower case. The query is split on spaces; every part must be
 * inside a word of the name (or the name without its space), reading,
 * company, title, industry, department, location or skills, or of an
 * interest's label. Filters (site.yaml `directory.filters`) combine with the
 * query and with each other; their options, except interests and initials,
 * come from the manifest.
 *
 * State is the URL: /members/?q=…&department=…&left=…&open_to=…&skills=…
 * &location=… A link restores the search; the back button steps back
 * through filter changes and typing bursts. A keystroke's URL is written
 * once its results are on screen.
 *
 * While a query waits for its data the form is `aria-busy`; results of a
 * query overtaken by the next one are dropped. A query shows at once only
 * the results a screen holds (fetching at most their cards); the rest of
 * its page of results (data-page-size) is added as the list is scrolled
 * towards its end, with cards fetched ahead once typing pauses.
 *
 * Before the page's load event the script only shows the form and starts
 * fetching the manifest: reading it and filling the filters wait for the
 * load event, or for the form's first use if that comes first.
 *
 * No framework, no external request. See docs/search.md.
 */
(() => {
  "use strict";

  const form = document.getElementById("finder");
  const directory = document.getElementById("directory");
  if (!form || !directory || !window.fetch || !window.URLSearchParams || !"".normalize) {
    return;
  }
  const list = directory.querySelector("ul");
  if (!list) {
    return;
  }
  const input = form.elements.q;
  const selects = Array.from(form.querySelectorAll("select[name]"));
  const filterNames = selects.map((s) => s.name);
  const countText = document.getElementById("finder-count");
  const statusText = document.getElementById("finder-status");
  const none = directory.querySelector(".directory__none");
  const moreBox = directory.querySelector(".directory__more");
  const moreButton = moreBox && moreBox.querySelector("button");
  const toggle = form.querySelector(".finder__toggle");
  const filterBox = document.getElementById("finder-filters");
  const activeBadge = form.querySelector(".finder__active");
  const browse = document.getElementById("browse");
  const pagers = Array.from(directory.querySelectorAll(".pager"));
  const pageSize = parseInt(form.dataset.pageSize, 10) || 30;
  /** The number of this page's first member, on a page of the directory. */
  const pageFirst = parseInt(form.dataset.first, 10);
  const msg = (name, count) => (form.getAttribute(`data-${name}`) || "").replace("{count}", String(count));

  /* ---- Folding ---------------------------------------------------------- */

  const KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/g;
  const toHiragana = (c) => String.fromCharCode(c.charCodeAt(0) - 0x60);
  /* Combining accents of Latin letters (not the kana voiced marks U+3099/A). */
  const ACCENTS = /[\u0300-\u036f]/g;
  /** NFKC, lower case, katakana as hiragana, without Latin accents (as the build folds). */
  const fold = (text) =>
    text
      .normalize("NFKC")
      .normalize("NFD")
      .replace(ACCENTS, "")
      .normalize("NFC")
      .toLowerCase()
      .replace(KATAKANA, toHiragana);
  const terms = (query) => fold(query).split(/\s+/).filter(Boolean);

  /* ---- The search data, fetched as a query needs it --------------------- */

  const indexURL = new URL(form.getAttribute("data-index") || "/search/index.json", window.location.href);
  /** Files of the search data by path under search/, each fetched once, as text. */
  const texts = new Map();
  function fetchText(rel, low) {
    let p = texts.get(rel);
    if (!p) {
      const options = { credentials: "same-origin" };
      // Cards fetched ahead give way to what a query waits for.
      if (low) options.priority = "low";
      p = fetch(new URL(rel, indexURL), options).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      });
      texts.set(rel, p);
      p.catch(() => texts.delete(rel));
    }
    return p;
  }

  /** A file of the search data, read: fetched once and parsed once, when first needed. */
  const files = new Map();
  function get(rel) {
    let p = files.get(rel);
    if (!p) {
      p = fetchText(rel, false).then(JSON.parse);
      files.set(rel, p);
      p.catch(() => files.delete(rel));
    }
    return p;
  }

  /** Runs `f` when the page is idle (soon after, without requestIdleCallback). */
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 0));

  /**
   * Fetches a file ahead, at low priority, without reading it: most files
   * fetched ahead are never needed, and their parsing would take the
   * time of the keystrokes typed meanwhile. The requests are made when
   * the page is idle, as many as its idle time allows: each costs the page
   * a millisecond or two, and a keystroke must not wait behind a batch of
   * them.
   */
  const aheadQueue = [];
  let aheadWaiting = false;
  function ahead(rel) {
    if (texts.has(rel) || aheadQueue.includes(rel)) return;
    aheadQueue.push(rel);
    if (!aheadWaiting) {
      aheadWaiting = true;
      idle(aheadNext);
    }
  }
  function aheadNext(deadline) {
    do {
      fetchText(aheadQueue.shift(), true).catch(() => {});
    } while (aheadQueue.length && deadline && deadline.timeRemaining() > 5);
    if (aheadQueue.length) idle(aheadNext);
    else aheadWaiting = false;
  }

  /*
   * Lists of members are Uint32Arrays of member numbers in directory
   * order: a query's work is in proportion to the members it matches, not
   * to the size of the directory.
   */

  /** Member numbers, written as differences from the previous one. */
  function numbers(deltas) {
    const out = new Uint32Array(deltas.length);
    let n = 0;
    for (let i = 0; i < deltas.length; i++) {
      n = i ? n + deltas[i] : deltas[i];
      out[i] = n;
    }
    return out;
  }

  /**
   * The first place from `at` on where `list` holds `x` or a larger
   * number (`list.length` if none): steps that double until past it, then
   * halving back, so that a walk through a long list skips what it need
   * not read.
   */
  function seek(list, x, at) {
    if (at >= list.length || list[at] >= x) return at;
    let below = at;
    let step = 1;
    let hi = at + 1;
    while (hi < list.length && list[hi] < x) {
      below = hi;
      step *= 2;
      hi = below + step;
    }
    let lo = below + 1;
    hi = Math.min(hi, list.length);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The members in both lists (the first the shorter), each of the first sought in the second. */
  function intersect(few, many) {
    const out = new Uint32Array(few.length);
    let k = 0;
    let j = 0;
    for (let i = 0; i < few.length; i++) {
      j = seek(many, few[i], j);
      if (j === many.length) break;
      if (many[j] === few[i]) out[k++] = few[i];
    }
    return out.subarray(0, k);
  }

  /** The members in any of the lists. */
  function union(lists) {
    if (lists.length === 1) return lists[0];
    let size = 0;
    for (const l of lists) size += l.length;
    const all = new Uint32Array(size);
    let at = 0;
    for (const l of lists) {
      all.set(l, at);
      at += l.length;
    }
    all.sort();
    let k = 0;
    for (let i = 0; i < all.length; i++) {
      if (i === 0 || all[i] !== all[i - 1]) all[k++] = all[i];
    }
    return all.subarray(0, k);
  }

  /** A shard's file name: its key's code points in hexadecimal. */
  const keyFile = (key) => Array.from(key, (c) => c.codePointAt(0).toString(16)).join("-");

  /** search/index.json: member count, shard keys, filter values and counts. */
  let manifest = null;
  /** Filter → value → its number n in f/<filter>/<n>.json. */
  const valueNumber = {};
  /** Interest → its label, folded (an interest is found by its label). */
  let labels = {};
  /** Member number → its list item, once at hand. */
  const nodes = [];
  let everyone = new Uint32Array(0);
  /** On a page of the directory, the numbers of its own members. */
  let own = null;
  let ready = false;

  function start(data) {
    manifest = data;
    for (const [name, values] of Object.entries(data.filters || {})) {
      valueNumber[name] = new Map(values.map(([v], i) => [v, i]));
    }
    everyone = new Uint32Array(data.count);
    for (let i = 0; i < data.count; i++) everyone[i] = i;
    // A list of every member in the page is the directory in order: its
    // cards are members 0, 1, 2… and none of them needs to be fetched.
    const items = Array.from(list.children);
    const cardsOnly = items.every((li) => li.hasAttribute("data-member"));
    if (cardsOnly && pageFirst >= 0 && pageFirst + items.length <= data.count) {
      // A page of the directory: its cards are members pageFirst, pageFirst + 1…
      own = items.map((li, k) => {
        nodes[pageFirst + k] = li;
        return pageFirst + k;
      });
    } else if (cardsOnly && items.length === data.count) {
      items.forEach((li, i) => { nodes[i] = li; });
    }
    const openTo = form.elements.open_to;
    if (openTo) {
      for (const o of openTo.options) {
        if (o.value) labels[o.value] = fold(o.textContent);
      }
    }
    // From here on the list holds only the cards `shown` names.
    if (own) shown = own.slice();
    else list.textContent = "";
    fillOptions();
    // Measured now, on the page's own cards, rather than in a keystroke.
    firstScreen();
  }

  /**
   * How many results a screen shows: the list's columns times the rows of
   * cards the window is high, and one more row. Measured once, on the
   * page's own cards (a card of the default theme is about 13rem high).
   */
  let screenful = 0;
  function firstScreen() {
    if (!screenful) {
      const columns = getComputedStyle(list).gridTemplateColumns.split(" ").filter((c) => /\d/.test(c)).length || 1;
      const card = list.firstElementChild;
      const high = (card && card.getBoundingClientRect().height) || 208;
      screenful = columns * (Math.ceil(window.innerHeight / Math.max(high, 64)) + 1);
    }
    return Math.max(1, Math.min(pageSize, screenful));
  }

  /**
   * Departments, skills, years and places come from the data (in the
   * order of the taxonomy pages: years newest first, places as the page's
   * language sorts them); interests nobody has are dropped.
   */
  function fillOptions() {
    const counts = (name) => new Map(manifest.filters[name] || []);
    const format = form.getAttribute("data-option") || "{label} ({count})";
    const year = form.getAttribute("data-year") || "{year}";
    const collator = new Intl.Collator(document.documentElement.lang || undefined);
    const fill = (name, order, label) => {
      const select = form.elements[name];
      if (!select || select.options.length > 1) return;
      const frag = document.createDocumentFragment();
      for (const [v, n] of order((manifest.filters[name] || []).slice())) {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = format.replace("{label}", () => label(v)).replace("{count}", () => String(n));
        frag.appendChild(o);
      }
      select.appendChild(frag);
    };
    const asIs = (values) => values;
    const same = (v) => v;
    fill("department", asIs, same);
    fill("skills", asIs, same);
    fill("left", (values) => values.reverse(), (v) => year.replace("{year}", () => v));
    fill("location", (values) => values.sort((a, b) => collator.compare(a[0], b[0])), same);
    const openTo = form.elements.open_to;
    if (openTo) {
      const some = counts("open_to");
      for (const o of Array.from(openTo.options)) {
        if (o.value && !some.get(o.value)) {
          o.remove();
          delete labels[o.value];
        }
      }
    }
  }

  /* ---- Searching -------------------------------------------------------- */

  /** Member lists of the filters' values by file, read once. */
  const valueLists = new Map();
  /** The members with `value` of filter `name`, in directory order. */
  function filterMembers(name, value) {
    const n = valueNumber[name] && valueNumber[name].get(value);
    if (n === undefined) return Promise.resolve(new Uint32Array(0));
    const rel = `f/${name}/${n}.json`;
    let p = valueLists.get(rel);
    if (!p) {
      p = get(rel).then(numbers);
      valueLists.set(rel, p);
      p.catch(() => valueLists.delete(rel));
    }
    return p;
  }

  /**
   * The shard that answers `part`: its first character's, or where that
   * shard is split, its first two characters', and so on. Null when no
   * word contains the part.
   */
  function shardOf(part) {
    const chars = Array.from(part);
    let n = 1;
    let key = chars[0];
    while (manifest.shards[key] === 1 && n < chars.length) {
      n++;
      key = chars.slice(0, n).join("");
    }
    return key in manifest.shards ? key : null;
  }

  const partCache = new Map();
  /** The members with a word (or an interest's label) containing `part`. */
  function partMembers(part) {
    let p = partCache.get(part);
    if (p) return p;
    const key = shardOf(part);
    const interests = Object.keys(labels).filter((v) => labels[v].includes(part));
    const shard = key === null ? null : get(`t/${keyFile(key)}.json`);
    p = Promise.all([shard, ...interests.map((v) => filterMembers("open_to", v))]).then(([data, ...more]) => {
      const lists = more;
      if (data && data.all) {
        // A split key is the whole part: its file lists whose words hold it.
        lists.push(numbers(data.all));
      } else if (data) {
        const rest = part.slice(key.length);
        for (const [suffix, deltas] of data.entries) {
          if (suffix.startsWith(rest)) lists.push(numbers(deltas));
        }
      }
      return lists.length ? union(lists) : new Uint32Array(0);
    });
    partCache.set(part, p);
    p.catch(() => partCache.delete(part));
    return p;
  }

  /** Numbers of the members that match `state`, in directory order. */
  async function search(state) {
    const parts = terms(state.q);
    const active = filterNames.filter((n) => state[n]);
    const sets = await Promise.all([
      ...parts.map(partMembers),
      ...active.map((n) => filterMembers(n, state[n])),
    ]);
    if (sets.length === 0) return everyone;
    sets.sort((a, b) => a.length - b.length);
    let found = sets[0];
    for (const other of sets.slice(1)) found = intersect(found, other);
    return found;
  }

  /**
   * The cards the next keystroke will want, fetched while the page waits
   * for it. A keystroke that extends the query's last word narrows its
   * results to the members whose words continue it with that character,
   * and the shard already at hand says, for every character that can
   * follow, who they are: the first screenful of each such narrowing (the
   * likeliest first, at most PREDICT_FILES files in all) is fetched at low
   * priority, so that typing on usually needs no card file. Nothing is
   * made of them until a query shows them. Where the word is a split key,
   * what follows is in the shards one character longer: when there are
   * at most PREDICT_SHARDS of them, they are fetched and read too (so the
   * next keystroke finds its members at hand), and say who they are.
   */
  const PREDICT_FILES = 8;
  const PREDICT_SCAN = 2000;
  const PREDICT_SHARDS = 4;
  async function predict(state, found, current) {
    const parts = terms(state.q);
    if (!parts.length || /\s$/.test(state.q)) return;
    const part = parts[parts.length - 1];
    const key = shardOf(part);
    if (key === null) return;
    const data = await get(`t/${keyFile(key)}.json`);
    const size = firstScreen();
    /** The first `size` of `ids` among the results (looked for among its first PREDICT_SCAN only). */
    const firstFound = (ids, into) => {
      let at = 0;
      for (let j = 0, k = 0; j < ids.length && j < PREDICT_SCAN && k < size; j++) {
        at = seek(found, ids[j], at);
        if (found[at] === ids[j]) {
          into.push(ids[j]);
          k++;
        }
      }
    };
    // Next character → how many members its words have (a guess at how
    // likely it is typed next), and its first members among the results.
    const byNext = new Map();
    if (data.entries) {
      const rest = part.slice(key.length);
      for (const [suffix, deltas] of data.entries) {
        if (suffix.length <= rest.length || !suffix.startsWith(rest)) continue;
        const c = String.fromCodePoint(suffix.codePointAt(rest.length));
        let next = byNext.get(c);
        if (!next) byNext.set(c, (next = { weight: 0, first: [] }));
        next.weight += deltas.length;
        // A list is in directory order: its first `size` results will do.
        firstFound(numbers(deltas.slice(0, PREDICT_SCAN)), next.first);
      }
    } else {
      const longer = splitKeys().get(key) || [];
      if (longer.length > PREDICT_SHARDS) return;
      const lists = await Promise.all(longer.map(partMembers));
      if (!current()) return;
      lists.forEach((ids, k) => {
        const next = { weight: ids.length, first: [] };
        firstFound(ids, next.first);
        byNext.set(longer[k], next);
      });
    }
    const wanted = new Set();
    for (const next of Array.from(byNext.values()).sort((a, b) => b.weight - a.weight)) {
      const first = Array.from(new Set(next.first)).sort((a, b) => a - b).slice(0, size);
      const chunks = new Set(first.filter((i) => !nodes[i]).map((i) => Math.floor(i / manifest.chunk)));
      if (wanted.size + [...chunks].filter((n) => !wanted.has(n)).length > PREDICT_FILES) break;
      for (const n of chunks) wanted.add(n);
    }
    for (const n of wanted) ahead(`r/${n}.json`);
  }

  /** Split key → the keys one character longer (each a shard of its own), worked out once. */
  let longerKeys = null;
  function splitKeys() {
    if (!longerKeys) {
      longerKeys = new Map();
      for (const k of Object.keys(manifest.shards)) {
        const chars = Array.from(k);
        if (chars.length < 2) continue;
        const shorter = chars.slice(0, -1).join("");
        if (!longerKeys.has(shorter)) longerKeys.set(shorter, []);
        longerKeys.get(shorter).push(k);
      }
    }
    return longerKeys;
  }

  /* ---- Cards ------------------------------------------------------------ */

  /** Makes sure the cards of members `ids` are at hand, fetching their files. */
  async function cards(ids) {
    const missing = [];
    for (const i of ids) if (!nodes[i]) missing.push(i);
    const chunks = await Promise.all(missing.map((i) => get(`r/${Math.floor(i / manifest.chunk)}.json`)));
    missing.forEach((i, k) => {
      if (!nodes[i]) nodes[i] = cardNode(chunks[k][i % manifest.chunk]);
    });
  }

  /**
   * A list item for a card of the search data: the HTML the build rendered
   * with the theme's member_card (the same as on the pages, escaped by the
   * template), or for a theme without one a link with the member's name.
   */
  function cardNode(r) {
    const li = document.createElement("li");
    li.setAttribute("data-member", r.url);
    if (r.html) {
      const t = document.createElement("template");
      t.innerHTML = r.html;
      li.appendChild(t.content);
    } else {
      const a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.name;
      li.appendChild(a);
    }
    return li;
  }

  /* ---- Showing ---------------------------------------------------------- */

  let shown = [];      // member numbers now in the list
  let matches = [];
  /** How many of `matches` the list is to hold: a page of results, more after "show more". */
  let want = 0;
  let announce = 0;

  /** Shows `found`, of which `first` (the first screenful) have their cards at hand. */
  function show(found, first) {
    matches = found;
    want = Math.min(pageSize, found.length);
    const next = Array.from(found.subarray(0, first));
    patch(shown, next);
    shown = next;
    list.hidden = found.length === 0;
    if (none) none.hidden = found.length > 0;
    // Results span every page: the links to the directory's pages do not apply.
    for (const p of pagers) p.hidden = true;
    rest();
    counted(found.length);
  }

  /** With no query and no filter, a page of the directory shows its own cards. */
  function showOwn() {
    matches = own;
    want = own.length;
    patch(shown, own);
    shown = own.slice();
    list.hidden = false;
    if (none) none.hidden = true;
    for (const p of pagers) p.hidden = false;
    rest();
    counted(manifest.count);
  }

  /** The count shown, and said to screen readers once typing pauses. */
  function counted(n) {
    const text = msg(n === 1 ? "count-one" : "count", n);
    if (countText.textContent !== text) countText.textContent = text;
    clearTimeout(announce);
    announce = setTimeout(() => { statusText.textContent = text; }, 600);
  }

  /**
   * Turns the list showing `from` into one showing `to`. Both are in
   * directory order, so one walk finds the cards to drop and to insert;
   * the cards that stay are not touched (nor laid out again).
   */
  function patch(from, to) {
    let i = 0;
    let j = 0;
    while (i < from.length || j < to.length) {
      if (j >= to.length || (i < from.length && from[i] < to[j])) {
        list.removeChild(nodes[from[i]]);
        i++;
      } else if (i >= from.length || to[j] < from[i]) {
        list.insertBefore(nodes[to[j]], i < from.length ? nodes[from[i]] : null);
        j++;
      } else {
        i++;
        j++;
      }
    }
  }

  /* ---- The rest of a page of results, as it is scrolled to ------------- */

  /** How long typing must pause (ms) before the rest of the page's cards are fetched ahead. */
  const AHEAD_AFTER = 300;

  /**
   * Results of the page not in the list yet are added a screenful at a
   * time when the list's last card comes within half a screen of the window;
   * `#directory` carries data-pending (how many) until they are all in.
   */
  const near = window.IntersectionObserver
    ? new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) fill(false);
      }, { rootMargin: "0px 0px 50% 0px" })
    : null;
  let watched = null;

  /** After the list changed: watch its end while results of the page are to come, fetch their cards ahead. */
  function rest() {
    if (watched) near.unobserve(watched);
    watched = null;
    const pending = Math.min(want, matches.length) - shown.length;
    if (pending > 0) directory.setAttribute("data-pending", String(pending));
    else directory.removeAttribute("data-pending");
    showMore();
    if (pending <= 0) return;
    if (!near) {
      fill(false);
      return;
    }
    watched = shown.length ? nodes[shown[shown.length - 1]] : list;
    near.observe(watched);
    restAhead();
  }

  let adding = false;

  /**
   * Adds the next results of the page (a screenful; with `focus`, the
   * next page's first screenful, after "show more", focusing its first card).
   */
  async function fill(focus) {
    if (adding) return;
    const from = shown.length;
    const next = Array.from(matches.slice(from, Math.min(want, matches.length, from + firstScreen())));
    if (!next.length) return;
    const mine = serial;
    adding = true;
    if (focus) busy(true);
    try {
      await cards(next);
    } catch {
      if (mine === serial) failed();
      return;
    } finally {
      adding = false;
    }
    if (mine !== serial || shown.length !== from) return;
    if (focus) busy(false);
    const frag = document.createDocumentFragment();
    for (const i of next) {
      frag.appendChild(nodes[i]);
      shown.push(i);
    }
    list.appendChild(frag);
    rest();
    // Keyboard users go on from the first new card.
    const first = focus && nodes[next[0]].querySelector("a[href]");
    if (first) first.focus();
  }

  /**
   * Once typing pauses, the cards of the rest of the page are fetched
   * ahead (at low priority, when the page is idle), so that scrolling
   * finds them at hand. Not while typing: each keystroke would fetch the
   * cards of a page of results the next one replaces.
   */
  let aheadTimer = 0;
  function restAhead() {
    clearTimeout(aheadTimer);
    const mine = serial;
    aheadTimer = setTimeout(() => idle(() => {
      if (mine !== serial) return;
      const later = Array.from(matches.slice(shown.length, Math.min(want, matches.length))).filter((i) => !nodes[i]);
      const chunks = new Set(later.map((i) => Math.floor(i / manifest.chunk)));
      for (const n of chunks) ahead(`r/${n}.json`);
    }), AHEAD_AFTER);
  }

  function showMore() {
    if (!moreBox) return;
    const left = matches.length - shown.length;
    // Hidden while the page's own results are still to come.
    moreBox.hidden = left <= 0 || shown.length < Math.min(want, matches.length);
    if (!moreBox.hidden) moreButton.textContent = msg("more", left);
  }

  /** "Show more": the next page of results, from its first card. */
  function more() {
    if (adding) return;
    want = Math.min(matches.length, shown.length + pageSize);
    fill(true);
  }

  /* ---- State and the URL ------------------------------------------------ */

  function fromControls() {
    const s = { q: input.value };
    for (const sel of selects) s[sel.name] = sel.value;
    return s;
  }

  function fromURL() {
    const p = new URLSearchParams(window.location.search);
    const s = { q: p.get("q") || "" };
    for (const n of filterNames) s[n] = p.get(n) || "";
    return s;
  }

  function toControls(s) {
    if (input.value !== s.q) input.value = s.q;
    for (const sel of selects) sel.value = s[sel.name];
  }

  function urlOf(s) {
    const p = new URLSearchParams();
    if (s.q.trim()) p.set("q", s.q);
    for (const n of filterNames) {
      if (s[n]) p.set(n, s[n]);
    }
    const query = p.toString();
    const { pathname, hash } = window.location;
    return `${pathname}${query ? `?${query}` : ""}${hash}`;
  }

  /** Writes `s` into the URL: a new history entry with `push`, else in place of the current one. */
  function remember(s, push) {
    writeLater();
    write(urlOf(s), push);
  }

  function write(url, push) {
    const { pathname, search: now, hash } = window.location;
    if (url === pathname + now + hash) return;
    if (push) {
      window.history.pushState(null, "", url);
    } else {
      window.history.replaceState(null, "", url);
    }
  }

  /**
   * A keystroke's URL is written once its results are on screen: writing
   * history takes the browser a while, and the reader waits for the
   * results, not for the address. A push not yet written stays a push.
   */
  let unwritten = null;
  function rememberLater(s, push) {
    unwritten = { url: urlOf(s), push: push || (unwritten !== null && unwritten.push) };
  }
  function writeLater() {
    if (!unwritten) return;
    const { url, push } = unwritten;
    unwritten = null;
    write(url, push);
  }
  /** After the next frame, once the page is idle. */
  const afterFrame = (f) => requestAnimationFrame(() => idle(f, { timeout: 500 }));

  /** Each update's number: a result for an earlier one is dropped. */
  let serial = 0;

  function busy(on) {
    if (on) form.setAttribute("aria-busy", "true");
    else form.removeAttribute("aria-busy");
  }

  async function update(s) {
    const active = filterNames.filter((n) => s[n]).length;
    if (activeBadge && activeBadge.textContent !== (active ? String(active) : "")) {
      activeBadge.hidden = active === 0;
      activeBadge.textContent = active ? String(active) : "";
    }
    form.classList.toggle("is-filtered", active > 0 || s.q.trim() !== "");
    if (!ready) return;
    const mine = ++serial;
    if (own && active === 0 && terms(s.q).length === 0) {
      busy(false);
      showOwn();
      afterFrame(writeLater);
      return;
    }
    busy(true);
    let found;
    let first;
    try {
      found = await search(s);
      if (mine !== serial) return;
      // Only what a screen shows waits for its cards; the rest comes on scroll.
      first = Math.min(found.length, firstScreen());
      await cards(found.slice(0, first));
    } catch {
      if (mine === serial) failed();
      return;
    }
    if (mine !== serial) return;
    busy(false);
    show(found, first);
    afterFrame(writeLater);
    idle(() => {
      if (mine === serial) predict(s, found, () => mine === serial).catch(() => {});
    }, { timeout: 100 });
  }

  /** The search data could not be loaded: say so, and leave the list as it is. */
  function failed() {
    writeLater();
    busy(false);
    form.classList.remove("is-loading");
    countText.textContent = "";
    statusText.textContent = msg("error", 0);
    form.querySelector(".finder__hint").textContent = msg("error", 0);
    input.disabled = true;
    for (const sel of selects) sel.disabled = true;
  }

  /* ---- Events ----------------------------------------------------------- */

  // A burst of typing is one history entry: its first keystroke pushes, the
  // rest replace, so Back returns to before the burst.
  let typing = false;
  let typingTimer = 0;
  input.addEventListener("input", () => {
    const s = fromControls();
    rememberLater(s, !typing);
    typing = true;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing = false; }, 1000);
    update(s);
  });

  for (const sel of selects) {
    sel.addEventListener("change", () => {
      const s = fromControls();
      typing = false;
      remember(s, true);
      update(s);
    });
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    typing = false;
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) input.blur();
  });

  form.addEventListener("reset", (e) => {
    e.preventDefault();
    const s = { q: "" };
    for (const n of filterNames) s[n] = "";
    toControls(s);
    typing = false;
    remember(s, true);
    update(s);
    input.focus();
  });

  // Leaving the page (a result followed, a link, the tab closed) before
  // the idle time came: the query is written first, so that Back returns
  // to it.
  document.addEventListener("click", writeLater, true);
  window.addEventListener("pagehide", writeLater);

  window.addEventListener("popstate", () => {
    // The browser has moved in the history: what was typed before is in it or gone.
    unwritten = null;
    typing = false;
    toControls(fromURL());
    update(fromControls());
  });

  if (toggle && filterBox) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      filterBox.classList.toggle("is-open", open);
    });
  }

  if (moreButton) moreButton.addEventListener("click", more);

  /* ---- Start ------------------------------------------------------------ */

  form.hidden = false;
  form.classList.add("is-loading");
  countText.textContent = msg("loading", 0);
  toControls(fromURL());
  // The searchable list replaces the browse-by links at the top; they
  // stay reachable after it (moved now, before the page is first drawn).
  if (browse) directory.parentNode.insertBefore(browse, directory.nextSibling);

  // The manifest is fetched now and read once the page has loaded (or the
  // form is used first): nothing of the search holds up the load event.
  const manifestText = fetch(indexURL, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return r.text();
  });
  manifestText.catch(() => {});
  let begun = false;
  function begin() {
    if (begun) return;
    begun = true;
    manifestText
      .then((text) => {
        start(JSON.parse(text));
        ready = true;
        form.classList.remove("is-loading");
        let s = fromURL();
        // Keep what was typed while the data loaded.
        if (input.value && !s.q) s.q = input.value;
        toControls(s);
        // A filter value this build does not have (an old link) is dropped.
        s = fromControls();
        remember(s, false);
        update(s);
        // A shared link with filters opens with them in view.
        if (toggle && filterNames.some((n) => s[n])) {
          toggle.setAttribute("aria-expanded", "true");
          filterBox.classList.add("is-open");
        }
      })
      .catch(failed);
  }
  form.addEventListener("focusin", begin);
  if (document.readyState === "complete") begin();
  else window.addEventListener("load", () => setTimeout(begin, 0), { once: true });
})();
