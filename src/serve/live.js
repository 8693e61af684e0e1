// alumni serve: live reload and the error overlay. `alumni serve` adds this
// script to every page it serves; `alumni build` never does.
//
// The server sends a `status` event when a page connects and after every
// rebuild: {pages, styles, errors, built, lang}. A page reloads when `pages` moves past
// the build it came from, swaps its stylesheets when only `styles` does, and
// shows `errors` (file:line:col, the message and the hint, as text; a source
// line only for the site's own files, never for content/) over itself until
// a good build comes.
(() => {
  "use strict";
  const script = document.currentScript;
  const built = {
    pages: Number(script && script.dataset.pages),
    styles: Number(script && script.dataset.styles),
  };
  const OVERLAY = "alumni-error-overlay";

  // What the overlay says above the errors, in the site's language: after
  // a change that broke the site, the page is the last good build; while
  // the site has never built, the page is the server's own.
  function heading(count, good, lang) {
    if (lang.startsWith("ja")) {
      return good
        ? "alumni: 直前の変更にエラーが " + count +
            " 件あります。表示しているのは最後に正しくビルドできたサイトです。"
        : "alumni: サイトをビルドできません(エラー " + count +
            " 件)。直すと自動で再読み込みします。";
    }
    const errors = count === 1 ? "an error" : count + " errors";
    return good
      ? "alumni: the last change has " + errors + "; this is the last good build."
      : "alumni: the site could not be built (" + errors +
          "); this page reloads once it builds.";
  }

  function showErrors(errors, good, lang) {
    let overlay = document.getElementById(OVERLAY);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
        "padding:24px;background:rgba(24,24,27,.95);color:#fafafa;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      document.documentElement.appendChild(overlay);
    }
    const title = document.createElement("p");
    title.style.cssText = "margin:0 0 16px;font-weight:bold;color:#fca5a5";
    title.textContent = heading(errors.length, good, lang);
    const items = errors.map((error) => {
      const pre = document.createElement("pre");
      pre.className = "alumni-error";
      pre.style.cssText = "margin:0 0 16px;white-space:pre-wrap";
      pre.textContent = error.text;
      return pre;
    });
    overlay.replaceChildren(title, ...items);
  }

  function hideErrors() {
    const overlay = document.getElementById(OVERLAY);
    if (overlay) overlay.remove();
  }

  // Loads each same-site stylesheet again, replacing the old one once the
  // new one has loaded, so the page does not flash unstyled.
  function swapStyles() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("alumni-styles", String(built.styles));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => fresh.remove(), { once: true });
      link.after(fresh);
    }
  }

  function onStatus(status) {
    if (status.errors.length > 0) {
      showErrors(status.errors, status.built !== false, status.lang || "");
      return;
    }
    if (status.pages !== built.pages) {
      location.reload();
      return;
    }
    hideErrors();
    if (status.styles !== built.styles) {
      built.styles = status.styles;
      swapStyles();
    }
  }

  const events = new EventSource("/__alumni/events");
  events.addEventListener("status", (event) => {
    let status;
    try {
      status = JSON.parse(event.data);
    } catch {
      return;
    }
    onStatus(status);
  });
})();
