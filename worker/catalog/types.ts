import type { Promotion, PricePoint } from "../commerce/types.js";

/** The shop's words (Catalog.vocabulary()), what a planner may know of it: never prices or stock. */
export interface ShopVocabulary {
  /** Lower-case colour names used by variants, e.g. "navy", "sky blue". */
  readonly colors: readonly string[];
  /** Upper-case size labels used by variants, e.g. "S", "M", "42". */
  readonly sizes: readonly string[];
  /** Lower-case category names, e.g. "dresses", "groceries". */
  readonly categories: readonly string[];
  /** Lower-case words of product titles, for typo-tolerant matching ("jackt" → "jacket"); optional. */
  readonly words?: readonly string[];
}

/** Variant options as the API and replies show them. */
export interface VariantOptions {
  color: string | null;
  size: string | null;
}

export interface Variant {
  sku: string;
  productId: string;
  /** Product title, denormalised so a cart line renders without another query. */
  title: string;
  options: VariantOptions;
  unitAmount: number;
  currency: string;
  stock: number;
  active: boolean;
}

export interface ProductSummary {
  id: string;
  title: string;
  category: string;
  brand: string;
  /** Cheapest active variant that matched the filters, minor units. */
  priceFrom: number;
  currency: string;
  colors: string[];
  sizes: string[];
  inStock: boolean;
}

export interface ProductDetail {
  id: string;
  title: string;
  description: string;
  category: string;
  brand: string;
  currency: string;
  variants: Variant[];
}

export type SearchSort = "relevance" | "price_asc" | "price_desc";

export interface SearchParams {
  query?: string;
  color?: string;
  size?: string;
  /** Minor units, inclusive. */
  maxPrice?: number;
  /** Minor units, inclusive. */
  minPrice?: number;
  category?: string;
  /** Colours the shopper ruled out ("anything but white"): variants of these colours do not match. */
  excludeColors?: readonly string[];
  /** Default: relevance (or title without words). "price_asc" for "cheapest". */
  sort?: SearchSort;
  limit: number;
}

/**
 * What the agent and the routes need from the catalog. The D1 adapter is the
 * production one; tests of pure logic can supply an in-memory one.
 */
export interface Catalog {
  search(params: SearchParams): Promise<ProductSummary[]>;
  product(id: string): Promise<ProductDetail | null>;
  /** Variants by SKU (inactive ones included, so callers can say why). */
  variants(skus: readonly string[]): Promise<Map<string, Variant>>;
  priceHistory(skus: readonly string[]): Promise<Map<string, PricePoint[]>>;
  promotions(codes: readonly string[]): Promise<Map<string, Promotion>>;
  vocabulary(): Promise<ShopVocabulary>;
}
