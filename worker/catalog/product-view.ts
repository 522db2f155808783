import { lowestPriceInWindow, THIRTY_DAYS_MS } from "../commerce/price-history.js";
import type { PricePoint } from "../commerce/types.js";
import type { ProductDetail, ProductSummary } from "./types.js";

/** API shape of a product (snake_case), with the lowest price of the last 30 days. */
export function productJson(p: ProductDetail, history: ReadonlyMap<string, PricePoint[]>, now: number) {
  const variants = p.variants.map((v) => ({
    sku: v.sku,
    options: v.options,
    unit_amount: v.unitAmount,
    currency: v.currency,
    stock: v.stock,
    in_stock: v.stock > 0,
    lowest_price_30d: lowestPriceInWindow(history.get(v.sku) ?? [], now, THIRTY_DAYS_MS) ?? v.unitAmount,
  }));
  const prices = variants.map((v) => v.unit_amount);
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    category: p.category,
    brand: p.brand,
    currency: p.currency,
    price_from: prices.length ? Math.min(...prices) : null,
    lowest_price_30d: variants.length ? Math.min(...variants.map((v) => v.lowest_price_30d)) : null,
    variants,
  };
}

export function summaryJson(p: ProductSummary) {
  return {
    id: p.id,
    title: p.title,
    category: p.category,
    brand: p.brand,
    price_from: p.priceFrom,
    currency: p.currency,
    colors: p.colors,
    sizes: p.sizes,
    in_stock: p.inStock,
  };
}
