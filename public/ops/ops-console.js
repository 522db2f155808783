// <ops-console>: promotions with live counters, the kill switch, the audit log
// and recent orders, over the admin API. A custom element like the chat
// widget: static, no build, no inline script (strict CSP), and the admin token
// only ever travels in the Authorization header; it is kept in sessionStorage
// (gone when the tab closes), never in a URL or a cookie.
(() => {
  "use strict";
  const TOKEN_KEY = "ops-admin-token";
  const REFRESH_MS = 5000;

  const { h, money } = window.pageKit;
  const n = (v) => (v === null || v === undefined ? "—" : String(v));
  const when = (ms) => (typeof ms === "number" ? new Date(ms).toLocaleString() : n(ms));
  const table = (caption, head, rows) =>
    h("table", {}, h("caption", { class: "sr" }, caption),
      h("thead", {}, h("tr", {}, head.map(([label, cls]) => h("th", { scope: "col", class: cls }, label)))),
      h("tbody", {}, rows));

  class OpsConsole extends HTMLElement {
    connectedCallback() {
      this.status = h("p", { role: "status", class: "muted" });
      this.render();
    }
    disconnectedCallback() { clearTimeout(this.timer); }

    get token() { return sessionStorage.getItem(TOKEN_KEY); }

    render() {
      clearTimeout(this.timer);
      if (!this.token) return this.renderLogin();
      this.promos = h("section", { "aria-labelledby": "promos-h" }, h("h2", { id: "promos-h" }, "Promotions"), h("p", { class: "muted" }, "Loading…"));
      this.audit = h("section", { "aria-labelledby": "audit-h" }, h("h2", { id: "audit-h" }, "Audit log"));
      this.orders = h("section", { "aria-labelledby": "orders-h" }, h("h2", { id: "orders-h" }, "Recent orders"));
      const bar = h("div", { class: "bar" }, this.status,
        h("button", { type: "button", onclick: () => { sessionStorage.removeItem(TOKEN_KEY); this.render(); } }, "Sign out"));
      this.replaceChildren(bar, this.promos, this.audit, this.orders);
      this.refresh();
    }

    renderLogin(message) {
      const input = h("input", { id: "token", type: "password", name: "token", autocomplete: "current-password", required: true });
      const form = h("form", { class: "row", "aria-labelledby": "login-h", onsubmit: (e) => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        this.render();
      } }, h("label", { for: "token" }, "Admin token"), input, h("button", { type: "submit" }, "Open console"));
      this.replaceChildren(h("section", {}, h("h2", { id: "login-h" }, "Sign in"),
        h("p", { class: "muted" }, "The token is kept for this tab only (session storage)."),
        message ? h("p", { class: "error", role: "alert" }, message) : null, form));
      input.focus();
    }

    async api(path, init = {}) {
      const res = await fetch(path, { ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${this.token}`, "x-admin-actor": "ops-console" } });
      if (res.status === 401 || res.status === 404) {
        sessionStorage.removeItem(TOKEN_KEY);
        const err = new Error(res.status === 401 ? "That admin token was refused." : "The admin API is not enabled (no ADMIN_TOKEN).");
        err.auth = true;
        throw err;
      }
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message || `HTTP ${res.status}`);
      return body;
    }

    async refresh() {
      clearTimeout(this.timer);
      // Keep what an operator is typing: skip a cycle while a form has focus.
      if (this.contains(document.activeElement) && document.activeElement?.closest("form")) {
        this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
        return;
      }
      try {
        const [list, audit, orders] = await Promise.all([this.api("/admin/promos"), this.api("/admin/audit?limit=20"), this.api("/admin/orders?limit=20")]);
        const detailed = await Promise.all(list.promotions.map((p) => this.api(`/admin/promos/${encodeURIComponent(p.code)}`)));
        this.renderPromos(detailed);
        this.renderAudit(audit.entries);
        this.renderOrders(orders.orders);
        this.status.textContent = `Updated ${new Date().toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s`;
      } catch (e) {
        if (e.auth) return this.renderLogin(e.message);
        this.status.textContent = `Refresh failed: ${e.message}`;
      }
      this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
    }

    renderPromos(promos) {
      const rows = promos.map((p) =>
        h("tr", { "data-code": p.code },
          h("th", { scope: "row" }, p.code), h("td", {}, p.name),
          h("td", {}, p.killed ? h("span", { class: "killed" }, "killed") : p.active ? h("span", { class: "live" }, "live") : "inactive"),
          h("td", { class: "n" }, n(p.cap)), h("td", { class: "n" }, n(p.reserved)), h("td", { class: "n" }, n(p.redeemed)),
          h("td", { class: "n" }, n(p.remaining)), h("td", { class: "n" }, n(p.redemptions_per_minute)),
          h("td", {}, this.switchForm(p))));
      this.promos.replaceChildren(h("h2", { id: "promos-h" }, "Promotions"),
        table("Promotions", [["Code"], ["Name"], ["State"], ["Cap", "n"], ["Reserved", "n"], ["Redeemed", "n"], ["Remaining", "n"], ["Per minute", "n"], ["Kill switch"]], rows));
    }

    switchForm(p) {
      const id = `reason-${p.code}`;
      const reason = h("input", { id, type: "text", name: "reason", required: true, minlength: "3", maxlength: "500", placeholder: "reason (required)" });
      const honor = h("input", { id: `honor-${p.code}`, type: "checkbox", name: "honor_reserved" });
      const form = h("form", { class: "row", "aria-label": `${p.killed ? "Revive" : "Kill"} ${p.code}`, onsubmit: async (e) => {
        e.preventDefault();
        const body = { killed: !p.killed, reason: reason.value.trim(), honor_reserved: honor.checked };
        try {
          const r = await this.api(`/admin/promos/${encodeURIComponent(p.code)}/kill-switch`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
          this.status.textContent = `${p.code} ${body.killed ? "killed" : "revived"}${body.killed ? `: ${r.released} reservation(s) released, ${r.orders_canceled} order(s) canceled` : ""}.`;
          document.activeElement?.blur();
          this.refresh();
        } catch (err) {
          if (err.auth) return this.renderLogin(err.message);
          this.status.textContent = `${p.code}: ${err.message}`;
        }
      } },
      h("label", { for: id, class: "sr" }, `Reason for ${p.killed ? "reviving" : "killing"} ${p.code}`), reason,
      p.killed ? null : h("label", {}, honor, " honour reserved"),
      h("button", { type: "submit", class: p.killed ? "" : "danger" }, p.killed ? "Revive" : "Kill"));
      return form;
    }

    renderAudit(entries) {
      const rows = entries.map((e) => h("tr", {}, h("td", {}, when(e.at)), h("td", {}, e.actor), h("td", {}, e.action), h("td", {}, e.target), h("td", {}, n(e.reason)),
        h("td", {}, Object.keys(e.details || {}).length ? JSON.stringify(e.details) : "")));
      this.audit.replaceChildren(h("h2", { id: "audit-h" }, "Audit log"),
        rows.length ? table("Audit log", [["When"], ["Actor"], ["Action"], ["Target"], ["Reason"], ["Details"]], rows) : h("p", { class: "muted" }, "Nothing changed yet."));
    }

    renderOrders(orders) {
      const rows = orders.map((o) => h("tr", {}, h("td", {}, o.id), h("td", {}, o.status), h("td", { class: "n" }, money(o.total, o.currency)),
        h("td", {}, (o.promo_codes || []).join(", ")), h("td", {}, o.customer.startsWith("guest:") ? "guest" : o.customer), h("td", {}, when(o.created_at))));
      this.orders.replaceChildren(h("h2", { id: "orders-h" }, "Recent orders"),
        rows.length ? table("Recent orders", [["Order"], ["Status"], ["Total", "n"], ["Codes"], ["Customer"], ["Created"]], rows) : h("p", { class: "muted" }, "No orders yet."));
    }
  }

  customElements.define("ops-console", OpsConsole);
})();
