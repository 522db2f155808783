import type { PricePoint, Promotion } from "../commerce/types.js";
import type { Catalog, ProductDetail, SearchParams, Variant } from "./types.js";

/**
 * A catalog view for one turn: the same SKU or product read twice in a turn
 * (validate the action, then price the cart) costs one D1 query. Nothing is
 * kept across turns, so every turn still prices from current data.
 */
export class TurnCatalog implements Catalog {
  private readonly variantCache = new Map<string, Variant | null>();
  private readonly productCache = new Map<string, Promise<ProductDetail | null>>();

  constructor(private readonly inner: Catalog) {}

  search(params: SearchParams) {
    return this.inner.search(params);
  }

  product(id: string): Promise<ProductDetail | null> {
    let p = this.productCache.get(id);
    if (!p) {
      p = this.inner.product(id);
      this.productCache.set(id, p);
    }
    return p;
  }

  async variants(skus: readonly string[]): Promise<Map<string, Variant>> {
    const missing = skus.filter((s) => !this.variantCache.has(s));
    if (missing.length) {
      const found = await this.inner.variants(missing);
      for (const s of missing) this.variantCache.set(s, found.get(s) ?? null);
    }
    const out = new Map<string, Variant>();
    for (const s of skus) {
      const v = this.variantCache.get(s);
      if (v) out.set(s, v);
    }
    return out;
  }

  priceHistory(skus: readonly string[]): Promise<Map<string, PricePoint[]>> {
    return this.inner.priceHistory(skus);
  }

  promotions(codes: readonly string[]): Promise<Map<string, Promotion>> {
    return this.inner.promotions(codes);
  }

  vocabulary() {
    return this.inner.vocabulary();
  }
}
