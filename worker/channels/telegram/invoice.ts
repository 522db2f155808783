import type { Quote } from "../../commerce/quote.js";

/** https://core.telegram.org/bots/api#sendinvoice: title 1-32 characters, description 1-255, payload 1-128 bytes. */
const TITLE_MAX = 32;
const DESCRIPTION_MAX = 255;
export const INVOICE_PAYLOAD_MAX_BYTES = 128;
/** Our own cap on a price label, so a long product title keeps the payment form readable. */
const LABEL_MAX = 64;

/** https://core.telegram.org/bots/api#labeledprice: `amount` in the currency's minor units. */
export interface LabeledPrice {
  label: string;
  amount: number;
}

/** sendInvoice without `provider_token`: the client adds it when it sends, so the secret is never stored in an outbox. */
export interface SendInvoiceParams {
  chat_id: number;
  title: string;
  description: string;
  payload: string;
  currency: string;
  prices: LabeledPrice[];
  /**
   * Non-empty: a forwarded copy of the invoice shows a link to the bot instead of a Pay
   * button, so nobody but this chat can pay this order's invoice.
   */
  start_parameter: string;
}

/**
 * The invoice payload of a quote: its id and the start of its hash, so a
 * payment names exactly the content the shopper was shown (a re-issued quote
 * has another id, a changed one another hash). Opaque to Telegram, 44 bytes.
 */
export function invoicePayload(quote: Pick<Quote, "id" | "hash">): string {
  return `${quote.id}.${quote.hash.slice(0, 16)}`;
}

const PAYLOAD = /^(q_[0-9a-f]{1,64})\.([0-9a-f]{16})$/;

/** The quote id and hash prefix an invoice payload names, or null for anything we did not issue. */
export function parseInvoicePayload(payload: string): { quoteId: string; hashPrefix: string } | null {
  const m = PAYLOAD.exec(payload);
  return m ? { quoteId: m[1]!, hashPrefix: m[2]! } : null;
}

const cut = (s: string, max: number) => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join("")}…`);

/**
 * The quote as Telegram price parts. Telegram takes no negative amounts, so a
 * discount is not its own part: each line is priced after its share of the
 * discounts (the quote's per-line `discount`, which never takes a line below
 * zero), and the fees follow. Then Σ parts = subtotal − discounts + fees = total
 * exactly. Parts of 0 are left out (they add nothing); should the parts ever
 * not add up, one part carries the total, so the form never shows another sum.
 */
export function invoicePrices(quote: Quote, money: (amount: number) => string): LabeledPrice[] {
  const parts: LabeledPrice[] = [];
  for (const l of quote.lines) {
    const amount = l.lineTotal - l.discount;
    if (amount <= 0) continue;
    const options = [l.color, l.size].filter(Boolean).join(" / ");
    const off = l.discount > 0 ? ` (−${money(l.discount)} off)` : "";
    const name = cut(`${l.quantity} × ${l.title}${options ? ` (${options})` : ""}`, LABEL_MAX - [...off].length);
    parts.push({ label: `${name}${off}`, amount });
  }
  for (const f of quote.fees) if (f.amount > 0) parts.push({ label: cut(f.label, LABEL_MAX), amount: f.amount });
  const sum = parts.reduce((n, p) => n + p.amount, 0);
  return sum === quote.total && parts.length > 0 ? parts : [{ label: "Order total", amount: quote.total }];
}

/** An invoice before it is addressed: the reply's target supplies the chat. */
export type InvoiceContent = Omit<SendInvoiceParams, "chat_id">;

/** The sendInvoice call for an order placed from `quote`: what the shopper pays is the quote, to the minor unit. */
export function invoiceParams(orderId: string, quote: Quote, money: (amount: number) => string): InvoiceContent {
  const items = quote.lines.reduce((n, l) => n + l.quantity, 0);
  const what = quote.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ");
  return {
    title: cut(`Your order (${items} item${items === 1 ? "" : "s"})`, TITLE_MAX),
    description: cut(`Order ${orderId}: ${what}`, DESCRIPTION_MAX),
    payload: invoicePayload(quote),
    currency: quote.currency,
    prices: invoicePrices(quote, money),
    start_parameter: "order",
  };
}
