import type { Catalog, Variant } from "./types.js";
import { priceCart } from "../commerce/cart.js";
import type { Cart, CartLine, Fee, PricedCart, Promotion, PromotionUsage, Shop } from "../commerce/types.js";

/** Redemption counts by code, from each promotion's Durable Object. */
export type UsageLoader = (codes: readonly string[]) => Promise<ReadonlyMap<string, PromotionUsage>>;

/** A cart priced from the catalog as it is now, with what was read to price it. */
export interface RepricedCart {
  readonly priced: PricedCart;
  readonly variants: ReadonlyMap<string, Variant>;
  /** The promotions of the cart's codes, as read for this pricing. */
  readonly promotions: ReadonlyMap<string, Promotion>;
  /** Lines whose item was withdrawn from sale; the caller drops them and says so. */
  readonly unavailable: readonly CartLine[];
}

/**
 * Re-prices a cart from catalog data (never from anything a planner said):
 * current unit prices, current promotions, the one priceCart. The chat does
 * it every turn, the checkout engine at quote and confirmation, the Telegram
 * pre-checkout before it answers.
 * `fees` may depend on the cart's total without fees (the small-order fee):
 * then the catalog is read once and only priceCart runs again.
 */
export async function repriceCart(
  cart: Cart,
  catalog: Catalog,
  shop: Pick<Shop, "currency" | "now">,
  extra: { usage?: UsageLoader; fees?: readonly Fee[] | ((withoutFees: PricedCart) => readonly Fee[]) } = {},
): Promise<RepricedCart> {
  const [variants, promotions, usage] = await Promise.all([
    catalog.variants(cart.lines.map((l) => l.sku)),
    cart.codes.length ? catalog.promotions(cart.codes) : Promise.resolve(new Map()),
    cart.codes.length && extra.usage ? extra.usage(cart.codes) : Promise.resolve(undefined),
  ]);
  const available = cart.lines.filter((l) => {
    const v = variants.get(l.sku);
    return v !== undefined && v.active && v.currency === shop.currency;
  });
  const input = {
    currency: shop.currency,
    lines: available.map((l) => {
      const v = variants.get(l.sku)!;
      return { sku: l.sku, productId: v.productId, quantity: l.quantity, unitAmount: v.unitAmount };
    }),
    codes: cart.codes,
    promotions,
    now: shop.now,
    ...(usage ? { usage } : {}),
  };
  const { fees } = extra;
  let priced = priceCart(typeof fees === "object" ? { ...input, fees } : input);
  if (typeof fees === "function") {
    const added = fees(priced);
    if (added.length) priced = priceCart({ ...input, fees: added });
  }
  return { priced, variants, promotions, unavailable: cart.lines.filter((l) => !available.includes(l)) };
}
