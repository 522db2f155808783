import { channelOf } from "../commerce/shopper-key.js";
import type { OrderRecord } from "../orders/order-repo.js";

/**
 * The small HTML pages Stripe Checkout returns the shopper to
 * (routes/pay-pages.routes.ts). What they say comes from the order as stored
 * (after asking Stripe), never from the query string; no script, no style, so
 * the strictest Content-Security-Policy holds.
 */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

export function page(title: string, paragraphs: string[], back?: { href: string; label: string }): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escape(title)}</title></head><body>`,
    `<h1>${escape(title)}</h1>`,
    ...paragraphs.map((p) => `<p>${escape(p)}</p>`),
    back ? `<p><a href="${escape(back.href)}">${escape(back.label)}</a></p>` : "",
    "</body></html>",
  ].join("\n");
}

/** Back to where the shopper chats: the shop's own page (with the chat widget), or the messaging app. */
export function backToChat(order: Pick<OrderRecord, "customer">): {
  text: string;
  link?: { href: string; label: string };
} {
  switch (channelOf(order.customer)) {
    case "telegram":
      return { text: "You can close this page and go back to Telegram: the chat says the same." };
    case "whatsapp":
      return { text: "You can close this page and go back to WhatsApp: the chat says the same." };
    case "agent":
      return { text: "You can close this page: the agent you shop with is told the same." };
    case "storefront":
      return {
        text: "The chat on the shop says the same.",
        link: { href: "/", label: "Back to the shop and the chat" },
      };
  }
}

/** After Stripe's page: what the order's state is now, in the shopper's words. */
export function donePage(order: OrderRecord, money: string, statusLine: string): string {
  const back = backToChat(order);
  const lines =
    order.status === "pending_payment"
      ? [
          `Order ${order.id} (${money}) is not confirmed as paid yet.`,
          "If you completed the payment, it is confirmed in the chat within moments; nothing is charged twice.",
        ]
      : [statusLine];
  return page(order.status === "paid" ? "Payment received" : "Your order", [...lines, back.text], back.link);
}

/** The shopper left Stripe's page without paying. */
export function cancelledPage(order: OrderRecord, until: string): string {
  const back = backToChat(order);
  const line =
    order.status === "pending_payment"
      ? `Nothing was charged. Order ${order.id} is still reserved for you until ${until}: pay from the link in the chat, or say “cancel” there.`
      : order.status === "paid"
        ? `Order ${order.id} is already paid.`
        : `Nothing was charged. Order ${order.id} is ${order.status.replace("_", " ")}; check out again in the chat whenever you like.`;
  return page("Payment not completed", [line, back.text], back.link);
}
