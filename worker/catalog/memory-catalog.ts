/**
 * The Catalog port over the deterministic seed, in memory: for unit tests,
 * the planner corpus and benches, which need the real catalog's products
 * without D1. Search follows search.ts: every word must match (the last one
 * as a prefix), else a colour named in the words as the colour filter, else
 * any word (the same searchInSteps); title weighs most; filters apply to single
 * variants; price_from is the cheapest matching variant.
 */
import type { PricePoint, Promotion } from "../commerce/types.js";
import type { SeedCatalog } from "../../db/seed/index.js";
import { colorMatches } from "./colors.js";
import { ftsTokens, textTokens } from "./fts-query.js";
import { searchInSteps } from "./search-steps.js";
import { titleWords } from "./title-words.js";
import { compareSizes } from "./sizes.js";
import type { Catalog, ProductDetail, ProductSummary, SearchParams, Variant, ShopVocabulary } from "./types.js";

interface Indexed {
  readonly product: ProductDetail;
  readonly active: boolean;
  /** Stemmed tokens per field, with search.ts's bm25 weights. */
  readonly fields: readonly { readonly weight: number; readonly tokens: readonly string[] }[];
}

/** A light Porter-style stem, enough for plurals and -ing/-ed as FTS5's porter tokenizer does. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, "");
  if (w.length <= 3) return w;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = `${w.slice(0, -3)}i`;
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  return w;
}

function words(text: string): string[] {
  return textTokens(text).map(stem);
}

export class MemoryCatalog implements Catalog {
  private readonly index: Indexed[] = [];
  private readonly bySku = new Map<string, Variant>();
  private readonly byId = new Map<string, Indexed>();
  private readonly history = new Map<string, PricePoint[]>();
  private readonly promos = new Map<string, Promotion>();
  private colors: readonly string[] | null = null;

  constructor(seed: SeedCatalog) {
    const variantsOf = new Map<string, Variant[]>();
    const products = new Map(seed.products.map((p) => [p.id, p]));
    for (const v of seed.variants) {
      const p = products.get(v.productId)!;
      const variant: Variant = {
        sku: v.sku,
        productId: v.productId,
        title: p.title,
        options: { color: v.color ?? null, size: v.size ?? null },
        unitAmount: v.priceAmount,
        currency: v.currency,
        stock: v.stock ?? 0,
        active: (v.active ?? true) && (p.active ?? true),
      };
      this.bySku.set(v.sku, variant);
      variantsOf.set(v.productId, [...(variantsOf.get(v.productId) ?? []), variant]);
    }
    for (const p of seed.products) {
      const variants = (variantsOf.get(p.id) ?? []).sort((a, b) => (a.sku < b.sku ? -1 : 1));
      const product: ProductDetail = {
        id: p.id,
        title: p.title,
        description: p.description ?? "",
        category: p.category,
        brand: p.brand ?? "",
        currency: variants[0]?.currency ?? "",
        variants,
      };
      const entry: Indexed = {
        product,
        active: p.active ?? true,
        fields: [
          { weight: 10, tokens: words(p.title) },
          { weight: 2, tokens: words(p.brand ?? "") },
          { weight: 4, tokens: words(p.category) },
          { weight: 1, tokens: words(p.description ?? "") },
        ],
      };
      this.index.push(entry);
      this.byId.set(p.id, entry);
    }
    for (const h of seed.priceHistory) {
      this.history.set(h.sku, [
        ...(this.history.get(h.sku) ?? []),
        { effectiveFrom: h.effectiveFrom, amount: h.amount },
      ]);
    }
    for (const r of seed.promotions) this.promos.set(r.code, { ...r, scopeIds: r.scopeIds ?? [] } as Promotion);
  }

  search(params: SearchParams): Promise<ProductSummary[]> {
    return searchInSteps(
      params,
      async (p, mode) => this.run(p, mode),
      async () => (this.colors ??= (await this.vocabulary()).colors),
    );
  }

  private run(p: SearchParams, mode: "all" | "any"): ProductSummary[] {
    const raw = p.query ? ftsTokens(p.query) : [];
    if (p.query && raw.length === 0) return [];
    const terms = raw.map((t, i) => ({ stem: stem(t), prefix: i === raw.length - 1 && t.length >= 3 ? t : null }));
    const hits: { summary: ProductSummary; rank: number }[] = [];
    for (const e of this.index) {
      if (!e.active) continue;
      let rank = 0;
      let matched = 0;
      for (const term of terms) {
        let best = 0;
        for (const f of e.fields) {
          const n = f.tokens.filter(
            (w) => w === term.stem || (term.prefix !== null && w.startsWith(stem(term.prefix))),
          ).length;
          if (n > 0) best += (f.weight * n) / (1 + f.tokens.length / 8);
        }
        if (best > 0) matched++;
        rank += best;
      }
      if (terms.length && (mode === "all" ? matched < terms.length : matched === 0)) continue;
      const fits = e.product.variants.filter((v) => v.active && variantFits(v, p, e.product.category));
      if (fits.length === 0) continue;
      hits.push({ summary: summaryOf(e.product, fits), rank });
    }
    hits.sort((a, b) => order(a, b, p, terms.length > 0));
    return hits.slice(0, p.limit).map((h) => h.summary);
  }

  async product(id: string): Promise<ProductDetail | null> {
    const e = this.byId.get(id);
    if (!e || !e.active) return null;
    return { ...e.product, variants: e.product.variants.filter((v) => v.active) };
  }

  async variants(skus: readonly string[]): Promise<Map<string, Variant>> {
    const out = new Map<string, Variant>();
    for (const s of skus) {
      const v = this.bySku.get(s);
      if (v) out.set(s, v);
    }
    return out;
  }

  async priceHistory(skus: readonly string[]): Promise<Map<string, PricePoint[]>> {
    return new Map(skus.flatMap((s) => (this.history.has(s) ? [[s, this.history.get(s)!] as const] : [])));
  }

  async promotions(codes: readonly string[]): Promise<Map<string, Promotion>> {
    return new Map(codes.flatMap((c) => (this.promos.has(c) ? [[c, this.promos.get(c)!] as const] : [])));
  }

  async vocabulary(): Promise<ShopVocabulary> {
    const live = [...this.bySku.values()].filter((v) => v.active);
    const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
    return {
      colors: uniq(live.map((v) => v.options.color)),
      sizes: uniq(live.map((v) => v.options.size)),
      categories: uniq(this.index.filter((e) => e.active).map((e) => e.product.category)),
      words: titleWords(this.index.filter((e) => e.active).flatMap((e) => [e.product.title, e.product.brand])),
    };
  }
}

function variantFits(v: Variant, p: SearchParams, category: string): boolean {
  if (p.color && !colorMatches(p.color, v.options.color)) return false;
  if (p.size && (v.options.size ?? "") !== p.size.toUpperCase()) return false;
  if (p.maxPrice !== undefined && v.unitAmount > p.maxPrice) return false;
  if (p.minPrice !== undefined && v.unitAmount < p.minPrice) return false;
  if (p.category && category !== p.category.toLowerCase()) return false;
  if (p.excludeColors?.some((c) => colorMatches(c, v.options.color))) return false;
  return true;
}

function summaryOf(product: ProductDetail, fits: readonly Variant[]): ProductSummary {
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  return {
    id: product.id,
    title: product.title,
    category: product.category,
    brand: product.brand,
    priceFrom: Math.min(...fits.map((v) => v.unitAmount)),
    currency: fits[0]!.currency,
    colors: uniq(fits.map((v) => v.options.color)).sort((a, b) => a.localeCompare(b)),
    sizes: uniq(fits.map((v) => v.options.size)).sort(compareSizes),
    inStock: fits.reduce((n, v) => n + v.stock, 0) > 0,
  };
}

type Hit = { summary: ProductSummary; rank: number };

function order(a: Hit, b: Hit, p: SearchParams, ranked: boolean): number {
  if (p.sort === "price_asc" && a.summary.priceFrom !== b.summary.priceFrom)
    return a.summary.priceFrom - b.summary.priceFrom;
  if (p.sort === "price_desc" && a.summary.priceFrom !== b.summary.priceFrom)
    return b.summary.priceFrom - a.summary.priceFrom;
  if (ranked && a.rank !== b.rank) return b.rank - a.rank;
  if (!ranked && a.summary.title !== b.summary.title) return a.summary.title < b.summary.title ? -1 : 1;
  return a.summary.id < b.summary.id ? -1 : 1;
}
