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
(function () {
  "use strict";

  var form = document.getElementById("finder");
  var directory = document.getElementById("directory");
  if (!form || !directory || !window.fetch || !window.URLSearchParams || !"".normalize) {
    return;
  }
  var list = directory.querySelector("ul");
  if (!list) {
    return;
  }
  var input = form.elements.q;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
  var filterNames = selects.map(function (s) { return s.name; });
  var countText = document.getElementById("finder-count");
  var statusText = document.getElementById("finder-status");
  var none = directory.querySelector(".directory__none");
  var moreBox = directory.querySelector(".directory__more");
  var moreButton = moreBox && moreBox.querySelector("button");
  var toggle = form.querySelector(".finder__toggle");
  var filterBox = document.getElementById("finder-filters");
  var activeBadge = form.querySelector(".finder__active");
  var browse = document.getElementById("browse");
  var pageSize = parseInt(form.getAttribute("data-page-size"), 10) || 30;
  var msg = function (name, count) {
    var text = form.getAttribute("data-" + name) || "";
    return text.replace("{count}", String(count));
  };

  /* ---- Folding ---------------------------------------------------------- */

  var KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/g;
  function toHiragana(c) {
    return String.fromCharCode(c.charCodeAt(0) - 0x60);
  }
  /* Combining accents of Latin letters (not the kana voiced marks U+3099/A). */
  var ACCENTS = /[\u0300-\u036f]/g;
  /** NFKC, lower case, katakana as hiragana, without Latin accents. */
  function fold(text) {
    return text
      .normalize("NFKC")
      .normalize("NFD")
      .replace(ACCENTS, "")
      .normalize("NFC")
      .toLowerCase()
      .replace(KATAKANA, toHiragana);
  }
  function terms(query) {
    return fold(query).split(/\s+/).filter(Boolean);
  }

  /* ---- The index -------------------------------------------------------- */

  /** Members in directory order: {hay, values: {filter: [..]}, node}. */
  var members = [];
  var everyone = [];
  var ready = false;

  function openToLabels() {
    var labels = {};
    var select = form.elements.open_to;
    if (select) {
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value) labels[o.value] = o.textContent;
      });
    }
    return labels;
  }

  function build(data) {
    var nodes = {};
    Array.prototype.forEach.call(list.children, function (li) {
      var url = li.getAttribute("data-member");
      if (url) nodes[url] = li;
    });
    var labels = openToLabels();
    (data.members || []).forEach(function (m) {
      var node = nodes[m.url];
      if (!node) return;
      var skills = m.skills || [];
      var openTo = m.open_to || [];
      var text = [
        m.name, m.name.replace(/\s+/g, ""),
        m.reading || "", (m.reading || "").replace(/\s+/g, ""),
        m.company || "", m.title || "", m.industry || "",
        m.department || "", m.location || "",
        skills.join("\n"),
        openTo.map(function (o) { return labels[o] || o; }).join("\n"),
        m.bio || ""
      ].join("\n");
      members.push({
        hay: fold(text),
        node: node,
        values: {
          department: m.department ? [m.department] : [],
          left: [String(m.left)],
          location: m.location ? [m.location] : [],
          skills: skills,
          open_to: openTo,
          initial: m.initial ? [m.initial] : []
        }
      });
    });
    everyone = members.map(function (_, i) { return i; });
    // From here on the list holds only the cards `shown` names.
    list.textContent = "";
    fillOptions();
  }

  /** Locations come from the data; interests nobody has are dropped. */
  function fillOptions() {
    var counts = {};
    filterNames.forEach(function (n) { counts[n] = {}; });
    members.forEach(function (m) {
      filterNames.forEach(function (n) {
        (m.values[n] || []).forEach(function (v) {
          counts[n][v] = (counts[n][v] || 0) + 1;
        });
      });
    });
    var location = form.elements.location;
    if (location && location.options.length <= 1) {
      var collator = new Intl.Collator(document.documentElement.lang || undefined);
      var format = form.getAttribute("data-option") || "{label} ({count})";
      Object.keys(counts.location).sort(collator.compare).forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = format.replace("{label}", v).replace("{count}", String(counts.location[v]));
        location.appendChild(o);
      });
    }
    var openTo = form.elements.open_to;
    if (openTo) {
      Array.prototype.slice.call(openTo.options).forEach(function (o) {
        if (o.value && !counts.open_to[o.value]) o.remove();
      });
    }
  }

  /* ---- Searching -------------------------------------------------------- */

  var last = { key: null, query: null, matches: null };

  /** Indexes of the members that match `state`, in directory order. */
  function search(state) {
    var parts = terms(state.q);
    var query = parts.join(" ");
    var active = filterNames.filter(function (n) { return state[n]; });
    var key = active.map(function (n) { return n + "=" + state[n]; }).join("&");
    // More characters only narrow the result: rescan the last matches.
    var pool = last.matches && last.key === key && query.indexOf(last.query) === 0
      ? last.matches : everyone;
    var matches = [];
    for (var j = 0; j < pool.length; j++) {
      var m = members[pool[j]];
      var ok = true;
      for (var f = 0; ok && f < active.length; f++) {
        ok = m.values[active[f]].indexOf(state[active[f]]) >= 0;
      }
      for (var k = 0; ok && k < parts.length; k++) {
        ok = m.hay.indexOf(parts[k]) >= 0;
      }
      if (ok) matches.push(pool[j]);
    }
    last = { key: key, query: query, matches: matches };
    return matches;
  }

  /* ---- Showing ---------------------------------------------------------- */

  var shown = [];      // member indexes now in the list
  var matches = [];
  var announce = 0;

  function show(found, limit) {
    matches = found;
    var next = found.slice(0, Math.min(limit, found.length));
    patch(shown, next);
    shown = next;
    list.hidden = found.length === 0;
    if (none) none.hidden = found.length > 0;
    showMore();
    var text = msg(found.length === 1 ? "count-one" : "count", found.length);
    if (countText.textContent !== text) countText.textContent = text;
    clearTimeout(announce);
    announce = setTimeout(function () { statusText.textContent = text; }, 600);
  }

  /**
   * Turns the list showing `from` into one showing `to`. Both are in
   * directory order, so one walk finds the cards to drop and to insert;
   * the cards that stay are not touched (nor laid out again).
   */
  function patch(from, to) {
    var i = 0;
    var j = 0;
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
    var left = matches.length - shown.length;
    moreBox.hidden = left <= 0;
    if (left > 0) moreButton.textContent = msg("more", left);
  }

  function more() {
    var from = shown.length;
    var to = Math.min(from + pageSize, matches.length);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) {
      frag.appendChild(members[matches[i]].node);
      shown.push(matches[i]);
    }
    list.appendChild(frag);
    showMore();
    // Keyboard users go on from the first new card.
    var first = members[matches[from]] && members[matches[from]].node.querySelector("a[href]");
    if (first) first.focus();
  }

  /* ---- State and the URL ------------------------------------------------ */

  function fromControls() {
    var s = { q: input.value };
    selects.forEach(function (sel) { s[sel.name] = sel.value; });
    return s;
  }

  function fromURL() {
    var p = new URLSearchParams(window.location.search);
    var s = { q: p.get("q") || "" };
    filterNames.forEach(function (n) { s[n] = p.get(n) || ""; });
    return s;
  }

  function toControls(s) {
    if (input.value !== s.q) input.value = s.q;
    selects.forEach(function (sel) { sel.value = s[sel.name]; });
  }

  function urlOf(s) {
    var p = new URLSearchParams();
    if (s.q.trim()) p.set("q", s.q);
    filterNames.forEach(function (n) { if (s[n]) p.set(n, s[n]); });
    var query = p.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function remember(s, push) {
    var url = urlOf(s);
    var now = window.location.pathname + window.location.search + window.location.hash;
    if (url === now) return;
    if (push) {
      window.history.pushState(null, "", url);
    } else {
      window.history.replaceState(null, "", url);
    }
  }

  function update(s) {
    var active = filterNames.filter(function (n) { return s[n]; }).length;
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
  var typing = false;
  var typingTimer = 0;
  input.addEventListener("input", function () {
    var s = fromControls();
    remember(s, !typing);
    typing = true;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typing = false; }, 1000);
    update(s);
  });

  selects.forEach(function (sel) {
    sel.addEventListener("change", function () {
      var s = fromControls();
      typing = false;
      remember(s, true);
      update(s);
    });
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    typing = false;
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) input.blur();
  });

  form.addEventListener("reset", function (e) {
    e.preventDefault();
    var s = { q: "" };
    filterNames.forEach(function (n) { s[n] = ""; });
    toControls(s);
    typing = false;
    remember(s, true);
    update(s);
    input.focus();
  });

  window.addEventListener("popstate", function () {
    typing = false;
    toControls(fromURL());
    update(fromControls());
  });

  if (toggle && filterBox) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
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
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      build(data);
      ready = true;
      form.classList.remove("is-loading");
      // The searchable list replaces the browse-by links at the top; they
      // stay reachable after it.
      if (browse) directory.parentNode.insertBefore(browse, directory.nextSibling);
      var s = fromURL();
      // Keep what was typed while the data loaded.
      if (input.value && !s.q) s.q = input.value;
      toControls(s);
      // A filter value this build does not have (an old link) is dropped.
      s = fromControls();
      remember(s, false);
      update(s);
      // A shared link with filters opens with them in view.
      if (toggle && filterNames.some(function (n) { return s[n]; })) {
        toggle.setAttribute("aria-expanded", "true");
        filterBox.classList.add("is-open");
      }
    })
    .catch(function () {
      form.classList.remove("is-loading");
      countText.textContent = "";
      statusText.textContent = msg("error", 0);
      form.querySelector(".finder__hint").textContent = msg("error", 0);
      input.disabled = true;
      selects.forEach(function (sel) { sel.disabled = true; });
    });
})();
