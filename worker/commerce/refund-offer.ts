import { sha256Hex } from "../http/crypto.js";
import { allocate } from "./allocate.js";
import type { OrderStatus } from "./order-status.js";

/**
 * Cancel and refund offers, decided here and nowhere else. Like a quote
 * (quote.ts), an offer freezes exactly what will happen (which order, which
 * lines, how much comes back, to which card) under a hash with an expiry; it
 * also freezes the order's state it was made against (`basis`), so an order
 * that changed meanwhile (paid, shipped, partly refunded) gives a different
 * hash and voids the offer.
 *
 * Amounts: the order's total is shared across its lines in proportion to
 * what each line cost after its discounts (allocate.ts), and a line's share
 * across its units, so refunds of any lines in any order add up to exactly
 * what was paid and never more.
 */

/** Where a paid order is on its way; null = ops have not touched it yet (not shipped). */
export type Fulfillment = "processing" | "shipped" | "delivered" | null;

export interface PaidLine {
  readonly position: number;
  readonly sku: string;
  readonly title: string;
  readonly color: string | null;
  readonly size: string | null;
  readonly quantity: number;
  readonly lineTotal: number;
  readonly discount: number;
}

export interface Card {
  readonly brand: string;
  readonly last4: string;
}

/** An order as the offer rules need it. */
export interface RefundableOrder {
  readonly id: string;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly total: number;
  readonly createdAt: number;
  readonly fulfillment: Fulfillment;
  readonly lines: readonly PaidLine[];
  /** Units already refunded, by line position. */
  readonly refundedUnits: Readonly<Record<number, number>>;
  /** Sum of the refunds already made. */
  readonly refundedAmount: number;
}

export interface OfferLine {
  readonly position: number;
  readonly sku: string;
  readonly title: string;
  readonly quantity: number;
  readonly amount: number;
  /** Unshipped units go back on the shelf; shipped ones come back by post first. */
  readonly restock: boolean;
}

export interface RefundOfferContent {
  readonly orderId: string;
  /** cancel: the order ends before it ships (unpaid: nothing to refund); refund: money back for paid lines. */
  readonly action: "cancel" | "refund";
  readonly currency: string;
  readonly lines: readonly OfferLine[];
  readonly amount: number;
  /** The card the money goes back to, from the order's payment; null = nothing to refund or not known. */
  readonly card: Card | null;
  /** After this offer nothing is left to refund: the order ends (canceled or refunded). */
  readonly closesOrder: boolean;
  /** The order's state the offer was made against; any change voids the offer. */
  readonly basis: string;
}

export interface RefundOffer extends RefundOfferContent {
  readonly id: string;
  readonly hash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export type OfferRefusal =
  | "not_open" // canceled, expired or failed: there is nothing to cancel or refund
  | "already_refunded"
  | "window_closed"
  | "partial_unpaid" // an unpaid order is canceled whole or not at all
  | "no_such_line";

export type OfferDecision =
  | { readonly kind: "offer"; readonly content: RefundOfferContent }
  | { readonly kind: "refused"; readonly reason: OfferRefusal };

export const DEFAULT_RETURN_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** What each line's units were paid, unit by unit (the shares sum to the order's total). */
export function unitShares(order: Pick<RefundableOrder, "total" | "lines">): number[][] {
  const nets = order.lines.map((l) => Math.max(0, l.lineTotal - l.discount));
  const perLine = order.lines.length ? allocate(order.total, nets) : [];
  return order.lines.map((l, i) =>
    l.quantity > 0 ? allocate(perLine[i]!, new Array<number>(l.quantity).fill(1)) : [],
  );
}

export const isShipped = (f: Fulfillment): boolean => f === "shipped" || f === "delivered";

/**
 * The offer for `positions` of `order` (undefined = everything not yet
 * refunded), or why there is none. `card` is the one on the order's payment.
 */
export function decideOffer(
  order: RefundableOrder,
  positions: readonly number[] | undefined,
  opts: { now: number; returnWindowDays: number; card: Card | null },
): OfferDecision {
  if (order.status === "refunded") return { kind: "refused", reason: "already_refunded" };
  if (order.status !== "paid" && order.status !== "pending_payment") return { kind: "refused", reason: "not_open" };
  const known = new Set(order.lines.map((l) => l.position));
  if (positions && positions.some((p) => !known.has(p))) return { kind: "refused", reason: "no_such_line" };
  const remaining = (l: PaidLine) => l.quantity - (order.refundedUnits[l.position] ?? 0);
  const chosen = order.lines.filter((l) => (positions ? positions.includes(l.position) : true));
  const open = chosen.filter((l) => remaining(l) > 0);
  const basis = basisOf(order);

  if (order.status === "pending_payment") {
    if (positions && chosen.length < order.lines.length) return { kind: "refused", reason: "partial_unpaid" };
    const lines = order.lines.map((l) => ({
      position: l.position,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      amount: 0,
      restock: true,
    }));
    const content = { orderId: order.id, action: "cancel" as const, currency: order.currency, lines, amount: 0 };
    return { kind: "offer", content: { ...content, card: null, closesOrder: true, basis } };
  }

  if (open.length === 0) return { kind: "refused", reason: "already_refunded" };
  const shipped = isShipped(order.fulfillment);
  if (shipped && opts.now - order.createdAt > opts.returnWindowDays * DAY_MS)
    return { kind: "refused", reason: "window_closed" };
  const shares = unitShares(order);
  const lines = open.map((l) => {
    const i = order.lines.indexOf(l);
    const done = order.refundedUnits[l.position] ?? 0;
    const amount = shares[i]!.slice(done).reduce((a, b) => a + b, 0);
    return { position: l.position, sku: l.sku, title: l.title, quantity: l.quantity - done, amount, restock: !shipped };
  });
  const amount = Math.min(
    lines.reduce((n, l) => n + l.amount, 0),
    order.total - order.refundedAmount,
  );
  const closesOrder = order.lines.every((l) => remaining(l) === 0 || open.some((o) => o.position === l.position));
  // Cancelling is the whole unshipped order at once; anything less is a refund of some lines.
  const action = !shipped && closesOrder && order.refundedAmount === 0 ? "cancel" : "refund";
  return {
    kind: "offer",
    content: {
      orderId: order.id,
      action,
      currency: order.currency,
      lines,
      amount,
      card: amount > 0 ? opts.card : null,
      closesOrder,
      basis,
    },
  };
}

/** The order state an offer depends on: status, fulfilment and what was refunded already. */
function basisOf(o: RefundableOrder): string {
  const refunded = o.lines.map((l) => `${l.position}:${o.refundedUnits[l.position] ?? 0}`).join(",");
  return `${o.status}|${o.fulfillment ?? "none"}|${o.refundedAmount}|${refunded}`;
}

/** SHA-256 over a canonical rendering (fixed key order): what the shopper was shown. */
export function hashOfferContent(c: RefundOfferContent): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      c.orderId,
      c.action,
      c.currency,
      c.lines.map((l) => [l.position, l.sku, l.title, l.quantity, l.amount, l.restock]),
      c.amount,
      c.card ? [c.card.brand, c.card.last4] : null,
      c.closesOrder,
      c.basis,
    ]),
  );
}

export async function buildOffer(
  content: RefundOfferContent,
  id: string,
  now: number,
  ttlMs: number,
): Promise<RefundOffer> {
  return { ...content, id, hash: await hashOfferContent(content), createdAt: now, expiresAt: now + ttlMs };
}

const BRANDS: Readonly<Record<string, string>> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
};

/** Where the money goes, in words: "your Visa card ending 4242", or the card paid with when it is not known. */
export function cardWords(card: Card | null): string {
  return card ? `your ${BRANDS[card.brand] ?? card.brand} card ending ${card.last4}` : "the card you paid with";
}

export const offerIsLive = (o: RefundOffer, now: number): boolean => now < o.expiresAt;

/**
 * Positions of the lines the shopper's words name ("the hoodie", "the blue
 * shoes"): a line matches a group when every word of the group is in its
 * title, colour or size (plural "s" ignored). An unmatched group → null.
 */
export function matchLines(lines: readonly PaidLine[], groups: readonly (readonly string[])[]): number[] | null {
  const out = new Set<number>();
  for (const group of groups) {
    const hits = lines.filter((l) => {
      const words = new Set(
        [l.title, l.color ?? "", l.size ?? ""]
          .join(" ")
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .map(stem),
      );
      return group.every((w) => words.has(stem(w)));
    });
    if (hits.length === 0) return null;
    for (const h of hits) out.add(h.position);
  }
  return [...out].sort((a, b) => a - b);
}

const stem = (w: string): string => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w);

export function returnWindowDays(raw: string | undefined): number {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(n) && n >= 0 ? n : DEFAULT_RETURN_WINDOW_DAYS;
}
