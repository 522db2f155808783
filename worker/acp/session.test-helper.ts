import type { CheckoutPricing } from "../checkout/checkout.js";
import { priceCart } from "../commerce/cart.js";
import { buildQuote, hashQuoteContent, quoteContent, type Quote } from "../commerce/quote.js";
import type { Fee } from "../commerce/types.js";
import type { Variant } from "../catalog/types.js";
import { newSessionRecord, sessionPricing, type SessionPricing } from "./session-state.js";
import type { SessionRecord } from "./session-store.js";
import { CheckoutSessionCreateRequest, type AddressInput } from "./schemas.js";

/** Fixtures for the ACP session's Node tests: a record, and the engine's pricing of a cart without D1. */

export const NOW = Date.UTC(2026, 11, 2, 12);

export const ADDRESS: AddressInput = {
  name: "Ada Buyer",
  line_one: "1 Main St",
  city: "Springfield",
  state: "IL",
  country: "US",
  postal_code: "62701",
};

export function record(patch: Partial<SessionRecord> = {}): SessionRecord {
  const base = newSessionRecord(
    {
      sessionId: "cs_test",
      origin: "https://shop.test",
      request: CheckoutSessionCreateRequest.parse({ line_items: [{ id: "sku_a" }], currency: "usd", capabilities: {} }),
    },
    "USD",
    NOW,
  );
  return { ...base, fulfillmentDetails: { address: ADDRESS }, ...patch };
}

export interface Item {
  sku: string;
  unitAmount: number;
  quantity: number;
  stock?: number;
}

/** What Checkout.price would return for these items (no codes). */
export function checkoutPricing(
  items: readonly Item[],
  opts: { problems?: string[]; fees?: Fee[] } = {},
): CheckoutPricing {
  const variants = new Map<string, Variant>(
    items.map((i) => [
      i.sku,
      {
        sku: i.sku,
        productId: `p_${i.sku}`,
        title: `Item ${i.sku}`,
        options: { color: null, size: null },
        unitAmount: i.unitAmount,
        currency: "USD",
        stock: i.stock ?? 10,
        active: true,
      },
    ]),
  );
  const priced = priceCart({
    currency: "USD",
    lines: items.map((i) => ({ sku: i.sku, productId: `p_${i.sku}`, quantity: i.quantity, unitAmount: i.unitAmount })),
    codes: [],
    promotions: new Map(),
    now: NOW,
    ...(opts.fees ? { fees: opts.fees } : {}),
  });
  const content = quoteContent(priced, (sku) => ({ title: `Item ${sku}`, color: null, size: null }));
  return {
    content,
    problems: opts.problems ?? [],
    priced: { priced, variants, promotions: new Map(), unavailable: [] },
  };
}

export async function pricingOf(items: readonly Item[], opts: { fees?: Fee[] } = {}): Promise<SessionPricing> {
  const p = checkoutPricing(items, opts);
  return sessionPricing(p, await hashQuoteContent(p.content));
}

export function quoteOf(p: CheckoutPricing, id = "q_1", now = NOW): Promise<Quote> {
  return buildQuote(p.content, id, now, 600_000);
}
