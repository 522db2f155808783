// The demo shop's product grid: GET /v1/products, rendered without a framework.
(() => {
  "use strict";
  const fmt = window.pageKit.money;
  const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-");

  function card(p) {
    const li = document.createElement("li");
    const img = document.createElement("img");
    img.src = `/img/${encodeURIComponent(p.category)}/${p.colors?.[0] ? slug(p.colors[0]) : "default"}.svg`;
    img.alt = "";
    img.width = 150;
    img.height = 150;
    img.loading = "lazy";
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = p.title;
    const price = document.createElement("span");
    price.className = "price";
    price.textContent = p.price_from === null ? "" : `from ${fmt(p.price_from, p.currency)}`;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = [p.brand, p.colors?.length ? `${p.colors.length} colour${p.colors.length > 1 ? "s" : ""}` : "", p.in_stock ? "" : "out of stock"].filter(Boolean).join(" · ");
    li.append(img, title, price, meta);
    return li;
  }

  async function load(q) {
    const status = document.getElementById("catalog-status");
    const grid = document.getElementById("grid");
    const url = new URL("/v1/products", location.origin);
    url.searchParams.set("limit", "24");
    if (q) url.searchParams.set("q", q);
    try {
      const res = await fetch(url);
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message || `HTTP ${res.status}`);
      grid.replaceChildren(...body.products.map(card));
      status.textContent = body.products.length ? `${body.products.length} products${q ? ` for “${q}”` : ""}. Ask the assistant to add one to your cart.` : "Nothing found.";
    } catch (e) {
      status.textContent = `Could not load products: ${e.message}`;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("search").addEventListener("submit", (e) => {
      e.preventDefault();
      load(new FormData(e.target).get("q")?.toString().trim() || "");
    });
    load("");
  });
})();
