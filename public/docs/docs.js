// Renders /openapi.json as a readable page. Self-contained (no CDN, no
// framework), so the docs work offline and under the pages' strict CSP.
(() => {
  "use strict";
  const { h } = window.pageKit;
  const anchor = (method, path) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");
  const typeOf = (s) => (!s ? "" : s.type ? (s.enum ? `${s.type}: ${s.enum.join(" | ")}` : s.type) : s.anyOf ? s.anyOf.map(typeOf).join(" | ") : s.const !== undefined ? JSON.stringify(s.const) : "");

  function operation(path, method, op) {
    const params = op.parameters || [];
    const body = op.requestBody?.content?.["application/json"]?.schema;
    return h("article", { id: anchor(method, path), "aria-labelledby": `${anchor(method, path)}-h` },
      h("h3", { id: `${anchor(method, path)}-h` }, h("span", { class: `m ${method}` }, method.toUpperCase()), " ", path),
      h("p", {}, op.summary || ""),
      op.security ? h("p", {}, "Auth: ", h("code", {}, Object.keys(op.security[0] || {}).join(", ") || "none"), " bearer") : null,
      params.length ? h("table", {}, h("caption", {}, "Parameters"),
        h("thead", {}, h("tr", {}, ["Name", "In", "Required", "Type", "About"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, params.map((p) => h("tr", {}, h("td", {}, h("code", {}, p.name)), h("td", {}, p.in), h("td", {}, p.required ? "yes" : "no"), h("td", {}, typeOf(p.schema)), h("td", {}, p.description || ""))))) : null,
      op.requestBody ? h("details", {}, h("summary", {}, "Request body", op.requestBody.description ? `: ${op.requestBody.description}` : ""), body ? h("pre", {}, JSON.stringify(body, null, 2)) : null) : null,
      h("table", {}, h("caption", {}, "Responses"),
        h("tbody", {}, Object.entries(op.responses || {}).map(([status, r]) => h("tr", {}, h("th", { scope: "row" }, status), h("td", {}, r.description || ""))))),
    );
  }

  async function main() {
    const root = document.getElementById("docs");
    try {
      const res = await fetch("/openapi.json");
      const doc = await res.json();
      const byTag = new Map();
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const tag = op.tags?.[0] || "Other";
          if (!byTag.has(tag)) byTag.set(tag, []);
          byTag.get(tag).push([path, method, op]);
        }
      }
      const toc = h("nav", { class: "toc", "aria-label": "Contents" }, h("ul", {}, [...byTag].flatMap(([, ops]) => ops.map(([p, m]) => h("li", {}, h("a", { href: `#${anchor(m, p)}` }, `${m.toUpperCase()} ${p}`))))));
      root.replaceChildren(
        h("h2", {}, `${doc.info.title} ${doc.info.version}`), h("p", {}, doc.info.description || ""),
        h("p", {}, "OpenAPI ", doc.openapi, ": ", h("a", { href: "/openapi.json" }, "/openapi.json")),
        toc,
        ...[...byTag].map(([tag, ops]) => h("section", { "aria-labelledby": `tag-${tag}` }, h("h2", { id: `tag-${tag}` }, tag), ops.map(([p, m, op]) => operation(p, m, op)))),
      );
    } catch (e) {
      root.replaceChildren(h("p", { role: "alert" }, `Could not load /openapi.json: ${e.message}`));
    }
  }
  document.addEventListener("DOMContentLoaded", main);
})();
