// Helpers the shop's own pages share (shop grid, ops console, API docs). The
// chat widget keeps its own copies on purpose: it is embedded by other sites
// as one self-contained file.
(() => {
  "use strict";
  /** h("td", {class: "n", onclick}, child, "text"): attributes, listeners, children. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }
  /** Integer minor units as the engine sent them, in the visitor's locale. */
  function money(minor, currency) {
    try {
      const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
      return new Intl.NumberFormat(navigator.language || "en-US", { style: "currency", currency }).format(minor / 10 ** digits);
    } catch {
      return `${minor} ${currency}`;
    }
  }
  window.pageKit = Object.freeze({ h, money });
})();
