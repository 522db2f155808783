import { compareSizes } from "./sizes.js";
import type { ProductDetail, ProductSummary } from "./types.js";

/** The list form of a product, from its full record (active variants only). */
export function summarize(p: ProductDetail): ProductSummary {
  const active = p.variants.filter((v) => v.active);
  const uniq = (xs: (string | null)[], order?: (a: string, b: string) => number) =>
    [...new Set(xs.filter((x): x is string => x !== null))].sort(order);
  return {
    id: p.id,
    title: p.title,
    category: p.category,
    brand: p.brand,
    priceFrom: active.length ? Math.min(...active.map((v) => v.unitAmount)) : 0,
    currency: p.currency,
    colors: uniq(active.map((v) => v.options.color)),
    sizes: uniq(
      active.map((v) => v.options.size),
      compareSizes,
    ),
    inStock: active.some((v) => v.stock > 0),
  };
}
