import { CART_LIMITS } from "../commerce/cart-limits.js";
import type { Catalog } from "../catalog/types.js";
import type { CartLine } from "../commerce/types.js";
import { AcpError } from "./errors.js";
import type { ItemInput } from "./schemas.js";

/**
 * Items of a create/update request → cart lines. `id` is our SKU; `quantity`
 * defaults to 1 (spec bug #264: the schema lost it, agents still send it);
 * the same SKU twice is one line with the quantities added.
 */
export function cartLinesOf(items: readonly ItemInput[]): CartLine[] {
  const lines = new Map<string, number>();
  items.forEach((item, i) => {
    const quantity = (lines.get(item.id) ?? 0) + (item.quantity ?? 1);
    if (quantity > CART_LIMITS.maxLineQuantity) {
      throw new AcpError(400, "invalid", `At most ${CART_LIMITS.maxLineQuantity} of one item per order.`, {
        param: `$.line_items[${i}].quantity`,
      });
    }
    lines.set(item.id, quantity);
  });
  if (lines.size > CART_LIMITS.maxLines)
    throw new AcpError(400, "invalid", `At most ${CART_LIMITS.maxLines} different items per session.`, {
      param: "$.line_items",
    });
  return [...lines].map(([sku, quantity]) => ({ sku, quantity }));
}

/** Every item must be a SKU we sell in the shop's currency; otherwise a 400 naming the first bad one, and nothing changes. */
export async function assertSellable(catalog: Catalog, items: readonly ItemInput[], currency: string): Promise<void> {
  const variants = await catalog.variants(items.map((i) => i.id));
  items.forEach((item, i) => {
    const v = variants.get(item.id);
    if (!v || !v.active || v.currency !== currency) {
      throw new AcpError(400, "invalid_item_id", `The item ID ${JSON.stringify(item.id)} does not exist.`, {
        param: `$.line_items[${i}].id`,
      });
    }
  });
}

/** Discount codes as the engine wants them (trimmed, upper case), in the order sent; duplicates stay so the engine can say "already applied". */
export function discountCodesOf(codes: readonly string[]): string[] {
  if (codes.length > CART_LIMITS.maxCodes)
    throw new AcpError(400, "invalid", `At most ${CART_LIMITS.maxCodes} discount codes.`, {
      param: "$.discounts.codes",
    });
  return codes.map((raw, i) => {
    const code = raw.trim().toUpperCase();
    if (!/^[A-Z0-9_-]{1,64}$/.test(code)) {
      throw new AcpError(400, "invalid", "Discount codes are 1-64 letters, digits, _ or -.", {
        param: `$.discounts.codes[${i}]`,
      });
    }
    return code;
  });
}
