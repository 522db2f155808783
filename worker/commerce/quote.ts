import { sha256Hex } from "../http/crypto.js";
import type { CurrencyCode, Fee, PricedCart } from "./types.js";

/**
 * A quote freezes everything the shopper is asked to pay for. Its hash covers
 * the content (lines, prices, discounts, fees, total, currency) but not its id
 * or times, so re-pricing the same cart later gives the same hash exactly when
 * nothing that matters changed.
 */
export interface QuoteLine {
  readonly sku: string;
  readonly productId: string;
  readonly title: string;
  readonly color: string | null;
  readonly size: string | null;
  readonly quantity: number;
  readonly unitAmount: number;
  readonly lineTotal: number;
  readonly discount: number;
}

export interface QuoteContent {
  readonly currency: CurrencyCode;
  readonly lines: readonly QuoteLine[];
  readonly discounts: readonly { readonly code: string; readonly amount: number }[];
  readonly fees: readonly Fee[];
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly feeTotal: number;
  readonly total: number;
}

export interface Quote extends QuoteContent {
  readonly id: string;
  readonly hash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export const DEFAULT_QUOTE_TTL_MS = 10 * 60 * 1000;

export function quoteContent(
  priced: PricedCart,
  describe: (sku: string) => { title: string; color: string | null; size: string | null },
): QuoteContent {
  return {
    currency: priced.currency,
    lines: priced.lines.map((l) => ({
      sku: l.sku,
      productId: l.productId,
      ...describe(l.sku),
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      lineTotal: l.lineTotal,
      discount: l.discount,
    })),
    discounts: priced.discounts.map((d) => ({ code: d.code, amount: d.amount })),
    fees: priced.fees.map((f) => ({ label: f.label, amount: f.amount })),
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    feeTotal: priced.fees.reduce((n, f) => n + f.amount, 0),
    total: priced.total,
  };
}

/** SHA-256 over a canonical rendering (fixed key order, no whitespace). */
export async function hashQuoteContent(c: QuoteContent): Promise<string> {
  const canonical = JSON.stringify([
    c.currency,
    c.lines.map((l) => [
      l.sku,
      l.productId,
      l.title,
      l.color,
      l.size,
      l.quantity,
      l.unitAmount,
      l.lineTotal,
      l.discount,
    ]),
    c.discounts.map((d) => [d.code, d.amount]),
    c.fees.map((f) => [f.label, f.amount]),
    c.subtotal,
    c.discountTotal,
    c.feeTotal,
    c.total,
  ]);
  return sha256Hex(canonical);
}

export async function buildQuote(
  content: QuoteContent,
  id: string,
  now: number,
  ttlMs = DEFAULT_QUOTE_TTL_MS,
): Promise<Quote> {
  return { ...content, id, hash: await hashQuoteContent(content), createdAt: now, expiresAt: now + ttlMs };
}

export function isLive(q: Quote, now: number): boolean {
  return now < q.expiresAt;
}

/**
 * What differs between the quote a shopper saw and a fresh pricing, in plain
 * words, so a voided quote can say exactly why the shopper must re-confirm.
 */
export function describeChanges(
  before: QuoteContent,
  after: QuoteContent,
  money: (amount: number) => string,
): string[] {
  const out: string[] = [];
  const fresh = new Map(after.lines.map((l) => [l.sku, l]));
  for (const old of before.lines) {
    const now = fresh.get(old.sku);
    if (!now) out.push(`${old.title} is no longer available.`);
    else if (now.unitAmount !== old.unitAmount)
      out.push(`${old.title} now costs ${money(now.unitAmount)} (was ${money(old.unitAmount)}).`);
    else if (now.quantity !== old.quantity)
      out.push(`${old.title}: quantity is now ${now.quantity} (was ${old.quantity}).`);
  }
  const oldSkus = new Set(before.lines.map((l) => l.sku));
  for (const l of after.lines) if (!oldSkus.has(l.sku)) out.push(`${l.title} was added.`);
  const newCodes = new Map(after.discounts.map((d) => [d.code, d.amount]));
  for (const d of before.discounts) {
    const amount = newCodes.get(d.code);
    if (amount === undefined) out.push(`The ${d.code} discount no longer applies.`);
    else if (amount !== d.amount) out.push(`The ${d.code} discount is now ${money(amount)} (was ${money(d.amount)}).`);
  }
  const oldCodes = new Set(before.discounts.map((d) => d.code));
  for (const d of after.discounts)
    if (!oldCodes.has(d.code)) out.push(`The ${d.code} discount now applies (${money(d.amount)}).`);
  if (out.length === 0 && before.total !== after.total)
    out.push(`The total is now ${money(after.total)} (was ${money(before.total)}).`);
  return out;
}
