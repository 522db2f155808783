// <shop-chat>: the storefront chat widget. One classic <script> tag:
//
//   <script src="https://<worker>/widget/chat-widget.js" data-endpoint="https://<worker>" defer></script>
//
// A plain custom element with a shadow root and no framework: the whole widget
// is this file (a few KB gzipped), it needs no build step, and it cannot clash
// with the host page's scripts or styles. It renders what POST /v1/chat returns
// (docs/ARCHITECTURE.md invariant 2: every price and total shown comes from the
// engine) and computes nothing about money itself.
(() => {
  "use strict";
  const script = document.currentScript;
  const scriptUrl = script instanceof HTMLScriptElement && script.src ? new URL(script.src) : new URL(location.href);
  const DEFAULT_ENDPOINT = (script && script.dataset.endpoint) || scriptUrl.origin;
  const ASSET_BASE = new URL("..", scriptUrl).href; // the folder above /widget/
  const POLL_MS = 3000;

  const CSS = `
:host{all:initial;display:flex;flex-direction:column;font:15px/1.4 system-ui,sans-serif;color:#1d1d1f;background:#fff;
  border:1px solid #d0d0d7;border-radius:12px;overflow:hidden;min-height:420px;height:100%;box-sizing:border-box;max-width:100%}
*{box-sizing:border-box}
header{padding:.6rem .9rem;background:#1f3a5f;color:#fff;font-weight:600;display:flex;justify-content:space-between;align-items:center}
header button{background:transparent;color:#fff;border:1px solid #fff8;border-radius:6px;font:inherit;font-size:.8rem;padding:.15rem .5rem;cursor:pointer}
.log{flex:1;overflow-y:auto;padding:.75rem;display:flex;flex-direction:column;gap:.6rem;background:#f6f7f9}
.msg{max-width:92%;padding:.5rem .7rem;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}
.me{align-self:flex-end;background:#1f3a5f;color:#fff}
.bot{align-self:flex-start;background:#fff;border:1px solid #e1e3e8}
.note{align-self:center;background:#fff4d6;border:1px solid #e8cf86;font-size:.9rem}
.failed{opacity:.8;border:1px dashed #b00020}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:.5rem;margin-top:.5rem;white-space:normal}
.card{border:1px solid #e1e3e8;border-radius:8px;padding:.4rem;background:#fff;display:flex;flex-direction:column;gap:.2rem}
.card img{width:100%;aspect-ratio:1;object-fit:cover;border-radius:6px;background:#eee}
.card .t{font-size:.85rem;font-weight:600}
.price{font-weight:600}
.low{font-size:.8rem;color:#0a6b2f}
.opts{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.5rem;white-space:normal}
button{font:inherit;cursor:pointer}
.opts button,.card button,.quote button,.retry{border:1px solid #1f3a5f;background:#fff;color:#1f3a5f;border-radius:999px;padding:.25rem .7rem}
.opts button:hover,.card button:hover{background:#e8eef6}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.quote .pay{background:#0a6b2f;color:#fff;border-color:#0a6b2f}
table{width:100%;border-collapse:collapse;font-size:.85rem;margin-top:.4rem}
td{padding:.15rem 0;vertical-align:top}td:last-child{text-align:right;white-space:nowrap}
.total td{font-weight:700;border-top:1px solid #ccd}
.rejected{color:#b00020;font-size:.85rem}
.box{white-space:normal;margin-top:.5rem;border-top:1px solid #e1e3e8;padding-top:.4rem}
.box h3{font-size:.9rem;margin:0}
.paylink{display:inline-block;margin-top:.4rem;background:#0a6b2f;color:#fff;padding:.3rem .8rem;border-radius:999px;text-decoration:none}
.status{font-weight:700}
form{display:flex;gap:.4rem;padding:.6rem;border-top:1px solid #e1e3e8;background:#fff}
input{flex:1;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid #9aa0ac;border-radius:8px}
form button{background:#1f3a5f;color:#fff;border:0;border-radius:8px;padding:.45rem .9rem}
form button[disabled]{opacity:.6}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

  const digitsCache = new Map();
  function money(minor, currency, locale) {
    if (typeof minor !== "number" || !currency) return "";
    let digits = digitsCache.get(currency);
    if (digits === undefined) {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
      digitsCache.set(currency, digits);
    }
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 10 ** digits);
  }

  /** Minimal element builder: h("div", {class: "x", onclick}, child, "text"). */
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

  function waitWords(seconds) {
    if (!Number.isFinite(seconds) || seconds <= 1) return "a second";
    if (seconds < 60) return `${Math.ceil(seconds)} seconds`;
    const m = Math.ceil(seconds / 60);
    return `about ${m} minute${m > 1 ? "s" : ""}`;
  }

  function imageFor(product) {
    const color = (product.colors && product.colors[0]) || "default";
    const slug = String(color).toLowerCase().replace(/[^a-z0-9]+/g, "-");
    return `${ASSET_BASE}img/${encodeURIComponent(product.category || "other")}/${slug}.svg`;
  }

  class ShopChat extends HTMLElement {
    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      this.root.adoptedStyleSheets = [sheet];
      this.lowest = new Map();
      this.busy = false;
      this.pollTimer = null;
    }

    get endpoint() {
      return (this.getAttribute("endpoint") || DEFAULT_ENDPOINT).replace(/\/+$/, "");
    }
    get locale() {
      return this.getAttribute("locale") || navigator.language || "en-US";
    }
    get storageKey() {
      return `shop-chat:${this.endpoint}`;
    }

    connectedCallback() {
      if (this.log) return;
      this.state = this.load();
      const title = this.getAttribute("heading") || "Shop assistant";
      this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
      this.input = h("input", { id: "q", type: "text", name: "message", autocomplete: "off", maxlength: "2000", placeholder: "Ask for a product, a code, checkout…" });
      this.sendButton = h("button", { type: "submit" }, "Send");
      const form = h(
        "form",
        { "aria-label": "Send a message", onsubmit: (e) => { e.preventDefault(); this.sendText(); } },
        h("label", { for: "q", class: "sr" }, "Message"),
        this.input,
        this.sendButton,
      );
      const restart = h("button", { type: "button", onclick: () => this.restart(), title: "Start a new conversation" }, "New chat");
      this.root.append(h("header", {}, h("span", { id: "title" }, title), restart), this.log, form);
      this.setAttribute("role", "region");
      this.setAttribute("aria-label", title);
      this.render();
      // Back from the payment page: look at the order at once.
      this.onVisible = () => { if (document.visibilityState === "visible") this.checkOrder(); };
      document.addEventListener("visibilitychange", this.onVisible);
      window.addEventListener("focus", this.onVisible);
      this.schedulePoll();
    }

    disconnectedCallback() {
      document.removeEventListener("visibilitychange", this.onVisible);
      window.removeEventListener("focus", this.onVisible);
      clearTimeout(this.pollTimer);
    }

    load() {
      try {
        const saved = JSON.parse(localStorage.getItem(this.storageKey) || "null");
        if (saved && typeof saved.conversationId === "string" && Array.isArray(saved.entries)) return saved;
      } catch { /* a corrupt entry starts a new conversation */ }
      return { conversationId: crypto.randomUUID(), entries: [], last: null };
    }
    save() {
      try {
        localStorage.setItem(this.storageKey, JSON.stringify(this.state));
      } catch { /* storage full or disabled: the chat still works for this page view */ }
    }
    restart() {
      this.state = { conversationId: crypto.randomUUID(), entries: [], last: null };
      this.save();
      this.render();
      this.input.focus();
    }

    sendText() {
      const text = this.input.value.trim();
      if (!text || this.busy) return;
      this.input.value = "";
      this.send({ text }, text);
    }

    /** Every send gets its id once; a retry of the same entry reuses it (docs/ARCHITECTURE.md invariant 5). */
    send(body, shown) {
      const entry = { kind: "me", id: crypto.randomUUID(), body, text: shown, status: "sending" };
      this.state.entries.push(entry);
      this.save();
      return this.deliver(entry);
    }

    async deliver(entry) {
      this.busy = true;
      entry.status = "sending";
      this.render();
      try {
        const res = await fetch(`${this.endpoint}/v1/chat`, {
          method: "POST",
          headers: { "content-type": "application/json", ...this.authHeader() },
          body: JSON.stringify({ conversation_id: this.state.conversationId, message_id: entry.id, ...entry.body }),
        });
        const data = await res.json().catch(() => null);
        if (res.status === 429) {
          entry.status = "failed";
          const text = data?.reply?.text || `Too many messages. Please wait ${waitWords(Number(res.headers.get("retry-after")))} and try again.`;
          this.state.entries.push({ kind: "note", text });
        } else if (!res.ok || !data || !data.reply) {
          entry.status = "failed";
          this.state.entries.push({ kind: "note", text: data?.error?.message || "Something went wrong. Please try again." });
        } else {
          entry.status = "sent";
          this.state.entries.push({ kind: "bot", replyTo: entry.id, data });
          this.state.last = data;
        }
      } catch {
        // The message may or may not have arrived; retrying with the same id is safe.
        entry.status = "failed";
      } finally {
        this.busy = false;
        this.save();
        this.render();
        this.schedulePoll();
      }
    }

    authHeader() {
      const token = this.getAttribute("token");
      return token ? { authorization: `Bearer ${token}` } : {};
    }

    /** The latest order while it waits for the shopper's payment. */
    pendingOrder() {
      const order = this.state.last?.order;
      return order && order.status === "pending_payment" ? order : null;
    }

    schedulePoll() {
      clearTimeout(this.pollTimer);
      if (this.pendingOrder()) this.pollTimer = setTimeout(() => this.checkOrder(), POLL_MS);
    }

    async checkOrder() {
      const order = this.pendingOrder();
      if (!order || this.checking) return;
      this.checking = true;
      try {
        const res = await fetch(`${this.endpoint}/v1/orders/${encodeURIComponent(order.id)}`, {
          headers: { "conversation-id": this.state.conversationId, ...this.authHeader() },
        });
        if (res.ok) {
          const { order: now } = await res.json();
          if (now && now.status !== order.status) {
            this.state.last = { ...this.state.last, order: { ...order, ...now } };
            this.state.entries.push({ kind: "order", order: now });
            this.save();
            this.render();
          }
        }
      } catch { /* offline for a moment: the next poll tries again */ }
      finally {
        this.checking = false;
        this.schedulePoll();
      }
    }

    render() {
      const entries = this.state.entries;
      const lastBot = entries.map((e) => e.kind).lastIndexOf("bot");
      const nodes = entries.map((e, i) => this.renderEntry(e, i === lastBot));
      if (entries.length === 0) {
        nodes.push(h("div", { class: "msg bot" }, "Hi! Ask me for a product (\"a blue dress in size M\"), a discount code, or your cart."));
      }
      this.log.replaceChildren(...nodes);
      this.log.scrollTop = this.log.scrollHeight;
      this.sendButton.disabled = this.busy;
      this.setAttribute("aria-busy", this.busy ? "true" : "false");
    }

    renderEntry(e, live) {
      switch (e.kind) {
        case "me":
          return h(
            "div",
            { class: `msg me${e.status === "failed" ? " failed" : ""}`, "data-status": e.status },
            h("span", { class: "sr" }, "You: "),
            e.text,
            e.status === "sending" ? h("span", { class: "sr" }, " (sending)") : null,
            e.status === "failed"
              ? h("div", { class: "opts" }, h("span", {}, "Not delivered. "),
                  h("button", { type: "button", class: "retry", onclick: () => this.deliver(e) }, "Retry"))
              : null,
          );
        case "note":
          return h("div", { class: "msg note", role: "status" }, e.text);
        case "order":
          return h("div", { class: "msg bot" }, h("span", { class: "sr" }, "Shop: "), this.orderBox(e.order));
        default:
          return this.renderReply(e.data, live);
      }
    }

    renderReply(data, live) {
      const { reply, cart, quote, order } = data;
      // Pay/Cancel live in the quote box and "show" buttons on the product cards.
      const elsewhere = new Set([...(quote ? [`pay:${quote.id}`, `cancel:${quote.id}`] : []), ...(reply.products || []).map((p) => `show:${p.id}`)]);
      const options = (reply.buttons || []).filter((b) => !elsewhere.has(b.payload));
      return h(
        "div",
        { class: "msg bot", "data-kind": "reply" },
        h("span", { class: "sr" }, "Shop: "),
        reply.text,
        reply.products?.length ? this.cards(reply.products, live) : null,
        options.length
          ? h("div", { class: "opts", role: "group", "aria-label": "Options" }, options.map((b) => this.optionButton(b, live)))
          : null,
        quote ? this.quoteBox(quote, live) : cart && cart.lines.length && !order ? this.cartBox(cart) : null,
        order ? this.orderBox(order) : null,
      );
    }

    optionButton(b, live, cls) {
      return h("button", { type: "button", class: cls, disabled: !live || this.busy, onclick: () => this.send({ button: b.payload }, b.label) }, b.label);
    }

    cards(products, live) {
      return h(
        "div",
        { class: "cards", role: "list", "aria-label": "Products" },
        products.map((p) => {
          const low = h("span", { class: "low" });
          this.fillLowest(p, low);
          return h(
            "div",
            { class: "card", role: "listitem" },
            h("img", { src: imageFor(p), alt: "", width: "120", height: "120" }),
            h("span", { class: "t" }, p.title),
            h("span", { class: "price" }, p.price_from === null ? "" : `from ${money(p.price_from, p.currency, this.locale)}`),
            low,
            h("button", { type: "button", disabled: !live || this.busy, "aria-label": `Details: ${p.title}`, onclick: () => this.send({ button: `show:${p.id}` }, p.title) }, "Details"),
          );
        }),
      );
    }

    /** The 30-day lowest price, shown only where it is below today's price. */
    async fillLowest(p, el) {
      let detail = this.lowest.get(p.id);
      if (!detail) {
        detail = fetch(`${this.endpoint}/v1/products/${encodeURIComponent(p.id)}`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
        this.lowest.set(p.id, detail);
      }
      const d = await detail;
      if (d && typeof d.lowest_price_30d === "number" && d.price_from !== null && d.lowest_price_30d < d.price_from) {
        el.textContent = `Lowest in 30 days: ${money(d.lowest_price_30d, d.currency, this.locale)}`;
      }
    }

    totals(rows, currency) {
      return h(
        "table",
        {},
        h("tbody", {}, rows.map(([label, amount, cls]) => h("tr", { class: cls }, h("td", {}, label), h("td", {}, money(amount, currency, this.locale))))),
      );
    }

    lineRows(lines) {
      return lines.map((l) => {
        const opts = Object.values(l.options || {}).filter(Boolean).join(", ");
        return [`${l.quantity} × ${l.title}${opts ? ` (${opts})` : ""}`, l.line_total];
      });
    }

    cartBox(cart) {
      const rows = [
        ...this.lineRows(cart.lines),
        ["Subtotal", cart.subtotal],
        ...cart.discounts.map((d) => [`Discount ${d.code}`, -d.amount]),
        ["Total", cart.total, "total"],
      ];
      return h(
        "section",
        { class: "box cart", "aria-label": "Cart" },
        h("h3", {}, "Cart"),
        this.totals(rows, cart.currency),
        (cart.rejected_codes || []).map((r) => h("p", { class: "rejected" }, `${r.code} not applied: ${r.message}`)),
      );
    }

    quoteBox(q, live) {
      const rows = [
        ...this.lineRows(q.lines),
        ["Subtotal", q.subtotal],
        ...q.discounts.map((d) => [`Discount ${d.code}`, -d.amount]),
        ...q.fees.map((f) => [f.label, f.amount]),
        ["Total", q.total, "total"],
      ];
      return h(
        "section",
        { class: "box quote", "aria-label": "Order to confirm" },
        h("h3", {}, "Your order"),
        this.totals(rows, q.currency),
        h(
          "div",
          { class: "opts" },
          this.optionButton({ label: `Pay ${money(q.total, q.currency, this.locale)}`, payload: `pay:${q.id}` }, live, "pay"),
          this.optionButton({ label: "Cancel", payload: `cancel:${q.id}` }, live),
        ),
      );
    }

    orderBox(o) {
      const words = { paid: "paid", pending_payment: "waiting for payment", failed: "payment failed", expired: "expired", canceled: "canceled", refunded: "refunded" };
      return h(
        "section",
        { class: "box order", "aria-label": "Order" },
        h("h3", {}, `Order ${o.id}`),
        h("p", {}, `${money(o.total, o.currency, this.locale)}: `, h("span", { class: "status", "data-status": o.status }, words[o.status] || o.status)),
        o.status === "pending_payment" && o.payment_url
          ? h("a", { class: "paylink", href: o.payment_url, target: "_blank", rel: "noopener" }, "Pay now (opens the payment page)")
          : null,
      );
    }
  }

  if (!customElements.get("shop-chat")) customElements.define("shop-chat", ShopChat);
  // Embedded with the tag alone: add the widget to the page.
  const mount = () => { if (!document.querySelector("shop-chat")) document.body.append(document.createElement("shop-chat")); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
