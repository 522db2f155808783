import type { RepricedCart } from "../catalog/reprice-cart.js";
import type { Cart } from "../commerce/types.js";

/** The `cart` object of the chat API (snake_case, minor units). */
export function cartJson(cart: Cart, p: RepricedCart) {
  const { priced, variants } = p;
  return {
    lines: priced.lines.map((l) => {
      const v = variants.get(l.sku)!;
      return {
        sku: l.sku,
        product_id: l.productId,
        title: v.title,
        options: v.options,
        quantity: l.quantity,
        unit_amount: l.unitAmount,
        line_total: l.lineTotal,
        discount: l.discount,
      };
    }),
    promo_codes: [...cart.codes],
    discounts: priced.discounts.map((d) => ({ code: d.code, amount: d.amount })),
    rejected_codes: priced.rejected.map((r) => ({ code: r.code, reason: r.reason, message: r.message })),
    subtotal: priced.subtotal,
    discount_total: priced.discountTotal,
    total: priced.total,
    currency: priced.currency,
  };
}

export type CartJson = ReturnType<typeof cartJson>;
