/*
 * alumni default theme: search and filters for the member directory.
 *
 * Progressive enhancement. Without JavaScript /members/ lists every member.
 * This script shows the search form, loads /search.json and then filters the
 * cards already in the page: it finds each card by the `data-member` URL on
 * its list item and never builds card markup itself, so the theme's
 * member_card component stays the only card template.
 *
 * Matching: substring search over folded text, no word tokenizer. Folding is
 * NFKC (full-width ＡＣＭＥ → ACME, half-width ﾔﾏﾀﾞ → ヤマダ), katakana →
 * hiragana, Latin accents dropped (José → jose, Zoë → zoe; kana keep their
 * voiced marks: が is not か), lower case. The query is split on spaces; every part must match
 * somewhere in the name, reading, company, title, industry, department,
 * location, skills, interests or bio. Filters (site.yaml
 * `directory.filters`) combine with the query and with each other.
 *
 * State is the URL: /members/?q=…&department=…&left=…&open_to=…&skills=…
 * &location=… A link restores the search; the back button steps back
 * through filter changes and typing bursts.
 *
 * Speed: each member's text is folded once; a keystroke that extends the
 * previous query only rescans the previous matches; only one page of
 * cards (data-page-size) is in the document at a time.
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
  const pageSize = parseInt(form.dataset.pageSize, 10) || 30;
  const msg = (name, count) => (form.getAttribute(`data-${name}`) || "").replace("{count}", String(count));

  /* ---- Folding ---------------------------------------------------------- */

  const KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/g;
  const toHiragana = (c) => String.fromCharCode(c.charCodeAt(0) - 0x60);
  /* Combining accents of Latin letters (not the kana voiced marks U+3099/A). */
  const ACCENTS = /[\u0300-\u036f]/g;
  /** NFKC, lower case, katakana as hiragana, without Latin accents. */
  const fold = (text) =>
    text
      .normalize("NFKC")
      .normalize("NFD")
      .replace(ACCENTS, "")
      .normalize("NFC")
      .toLowerCase()
      .replace(KATAKANA, toHiragana);
  const terms = (query) => fold(query).split(/\s+/).filter(Boolean);

  /* ---- The index -------------------------------------------------------- */

  /** Members in directory order: {hay, values: {filter: [..]}, node}. */
  const members = [];
  let everyone = [];
  let ready = false;

  function openToLabels() {
    const labels = {};
    const select = form.elements.open_to;
    if (select) {
      for (const o of select.options) {
        if (o.value) labels[o.value] = o.textContent;
      }
    }
    return labels;
  }

  function build(data) {
    const nodes = {};
    for (const li of list.children) {
      const url = li.getAttribute("data-member");
      if (url) nodes[url] = li;
    }
    const labels = openToLabels();
    for (const m of data.members || []) {
      const node = nodes[m.url];
      if (!node) continue;
      const skills = m.skills || [];
      const openTo = m.open_to || [];
      const reading = m.reading || "";
      const text = [
        m.name, m.name.replace(/\s+/g, ""),
        reading, reading.replace(/\s+/g, ""),
        m.company || "", m.title || "", m.industry || "",
        m.department || "", m.location || "",
        skills.join("\n"),
        openTo.map((o) => labels[o] || o).join("\n"),
        m.bio || "",
      ].join("\n");
      members.push({
        hay: fold(text),
        node,
        values: {
          department: m.department ? [m.department] : [],
          left: [String(m.left)],
          location: m.location ? [m.location] : [],
          skills,
          open_to: openTo,
          initial: m.initial ? [m.initial] : [],
        },
      });
    }
    everyone = members.map((_, i) => i);
    // From here on the list holds only the cards `shown` names.
    list.textContent = "";
    fillOptions();
  }

  /** Locations come from the data; interests nobody has are dropped. */
  function fillOptions() {
    const counts = {};
    for (const n of filterNames) counts[n] = {};
    for (const m of members) {
      for (const n of filterNames) {
        for (const v of m.values[n] || []) {
          counts[n][v] = (counts[n][v] || 0) + 1;
        }
      }
    }
    const location = form.elements.location;
    if (location && location.options.length <= 1) {
      const collator = new Intl.Collator(document.documentElement.lang || undefined);
      const format = form.getAttribute("data-option") || "{label} ({count})";
      for (const v of Object.keys(counts.location).sort(collator.compare)) {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = format.replace("{label}", v).replace("{count}", String(counts.location[v]));
        location.appendChild(o);
      }
    }
    const openTo = form.elements.open_to;
    if (openTo) {
      for (const o of Array.from(openTo.options)) {
        if (o.value && !counts.open_to[o.value]) o.remove();
      }
    }
  }

  /* ---- Searching -------------------------------------------------------- */

  let last = { key: null, query: null, matches: null };

  /** Indexes of the members that match `state`, in directory order. */
  function search(state) {
    const parts = terms(state.q);
    const query = parts.join(" ");
    const active = filterNames.filter((n) => state[n]);
    const key = active.map((n) => `${n}=${state[n]}`).join("&");
    // More characters only narrow the result: rescan the last matches.
    const pool = last.matches && last.key === key && query.startsWith(last.query)
      ? last.matches : everyone;
    const matches = pool.filter((i) => {
      const m = members[i];
      return active.every((f) => m.values[f].includes(state[f]))
        && parts.every((part) => m.hay.includes(part));
    });
    last = { key, query, matches };
    return matches;
  }

  /* ---- Showing ---------------------------------------------------------- */

  let shown = [];      // member indexes now in the list
  let matches = [];
  let announce = 0;

  function show(found, limit) {
    matches = found;
    const next = found.slice(0, Math.min(limit, found.length));
    patch(shown, next);
    shown = next;
    list.hidden = found.length === 0;
    if (none) none.hidden = found.length > 0;
    showMore();
    const text = msg(found.length === 1 ? "count-one" : "count", found.length);
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
        list.removeChild(members[from[i]].node);
        i++;
      } else if (i >= from.length || to[j] < from[i]) {
        list.insertBefore(members[to[j]].node, i < from.length ? members[from[i]].node : null);
        j++;
      } else {
        i++;
        j++;
      }
    }
  }

  function showMore() {
    if (!moreBox) return;
    const left = matches.length - shown.length;
    moreBox.hidden = left <= 0;
    if (left > 0) moreButton.textContent = msg("more", left);
  }

  function more() {
    const from = shown.length;
    const to = Math.min(from + pageSize, matches.length);
    const frag = document.createDocumentFragment();
    for (const i of matches.slice(from, to)) {
      frag.appendChild(members[i].node);
      shown.push(i);
    }
    list.appendChild(frag);
    showMore();
    // Keyboard users go on from the first new card.
    const first = members[matches[from]] && members[matches[from]].node.querySelector("a[href]");
    if (first) first.focus();
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

  function remember(s, push) {
    const url = urlOf(s);
    const { pathname, search, hash } = window.location;
    if (url === pathname + search + hash) return;
    if (push) {
      window.history.pushState(null, "", url);
    } else {
      window.history.replaceState(null, "", url);
    }
  }

  function update(s) {
    const active = filterNames.filter((n) => s[n]).length;
    if (activeBadge) {
      activeBadge.hidden = active === 0;
      activeBadge.textContent = active ? String(active) : "";
    }
    form.classList.toggle("is-filtered", active > 0 || s.q.trim() !== "");
    if (ready) show(search(s), pageSize);
  }

  /* ---- Events ----------------------------------------------------------- */

  // A burst of typing is one history entry: its first keystroke pushes, the
  // rest replace, so Back returns to before the burst.
  let typing = false;
  let typingTimer = 0;
  input.addEventListener("input", () => {
    const s = fromControls();
    remember(s, !typing);
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

  window.addEventListener("popstate", () => {
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

  fetch(form.getAttribute("data-index") || "/search.json", { credentials: "same-origin" })
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    })
    .then((data) => {
      build(data);
      ready = true;
      form.classList.remove("is-loading");
      // The searchable list replaces the browse-by links at the top; they
      // stay reachable after it.
      if (browse) directory.parentNode.insertBefore(browse, directory.nextSibling);
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
    .catch(() => {
      form.classList.remove("is-loading");
      countText.textContent = "";
      statusText.textContent = msg("error", 0);
      form.querySelector(".finder__hint").textContent = msg("error", 0);
      input.disabled = true;
      for (const sel of selects) sel.disabled = true;
    });
})();
