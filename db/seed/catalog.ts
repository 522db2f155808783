/**
 * Deterministic demo catalog: products, variants, price history and
 * promotions, as rows ready for the drizzle tables.
 *
 * Same `{ productCount, now, seed }` in, same rows out: nothing here reads
 * the clock or Math.random. Each product draws from its own PRNG stream
 * (derived from `seed` and its index), so the first N products of a big
 * catalog are identical to a catalog of N products.
 */
import type { priceHistory, products, promotions, variants } from "../../schema/index.js";
import { chance, deriveSeed, int, mulberry32, pick, sample, weighted, window, type Rng } from "./prng.js";
import {
  APPAREL_SIZES,
  CARE_NOTES,
  CATEGORY_SPECS,
  COLOR_CODES,
  type ApparelSpec,
  type GoodsSpec,
  type PriceEnding,
} from "./vocabulary.js";

export type ProductRow = typeof products.$inferInsert;
export type VariantRow = typeof variants.$inferInsert;
export type PriceHistoryRow = typeof priceHistory.$inferInsert;
export type PromotionRow = typeof promotions.$inferInsert;

export interface SeedCatalog {
  products: ProductRow[];
  variants: VariantRow[];
  priceHistory: PriceHistoryRow[];
  promotions: PromotionRow[];
}

export interface BuildCatalogOptions {
  /** Total products, special ones included (never fewer than SPECIAL_PRODUCT_COUNT). Default 320. */
  productCount?: number;
  /** Epoch ms every timestamp is relative to. Injected: the builder never reads the clock. */
  now: number;
  /** PRNG seed. Default 42. */
  seed?: number;
}

export const CURRENCY = "USD";
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Product ids: prd_0001, prd_0002 … prd_100000. */
export function productId(n: number): string {
  return `prd_${String(n).padStart(4, "0")}`;
}

/** SKU id pattern the API accepts. */
export const SKU_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;

/** Well-known SKUs and ids tests and demos can rely on. */
export const MILK_TEA_SKU = "TEA-MILK-500";

// ---------------------------------------------------------------------------
// Price history schedules. A schedule is a list of (time, factor) applied to
// every variant of a product; the last factor is always 1 (= current price).

type ScheduleKind = "stable" | "recent_sale" | "price_rise" | "price_drop" | "old_sale" | "new";

interface SchedulePoint {
  at: number;
  factor: number;
}

/** A time between minDays and maxDays before now, on a whole minute. */
function ago(rng: Rng, now: number, minDays: number, maxDays: number): number {
  return now - int(rng, minDays * 1440, maxDays * 1440) * MINUTE_MS;
}

function between(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor((rng() * (hi - lo)) / MINUTE_MS) * MINUTE_MS;
}

function factor(rng: Rng, lo: number, hi: number): number {
  return lo + rng() * (hi - lo);
}

/**
 * Schedules, by whether an earlier price was lower than today's while the
 * last 30 days ("was it cheaper last month?"):
 *   yes: recent_sale (a sale that ended, or is ending, inside the window),
 *        price_rise (cheaper until a rise less than 30 days ago)
 *   no:  stable, new, price_drop (it used to cost more),
 *        old_sale (cheaper, but the sale ended 31–45 days ago)
 * Every point lies within the last 90 days and the last one is before now.
 */
function schedule(rng: Rng, kind: ScheduleKind, now: number, createdAt: number): SchedulePoint[] {
  switch (kind) {
    case "new":
      return [{ at: createdAt, factor: 1 }];
    case "stable":
      return [{ at: ago(rng, now, 1, 89), factor: 1 }];
    case "recent_sale": {
      const out: SchedulePoint[] = [];
      const prefix = int(rng, 0, 2);
      if (prefix === 2) out.push({ at: ago(rng, now, 75, 89), factor: factor(rng, 1.05, 1.2) });
      if (prefix >= 1) out.push({ at: ago(rng, now, 45, 70), factor: 1 });
      const saleStart = ago(rng, now, 8, 40);
      out.push({ at: saleStart, factor: factor(rng, 0.7, 0.9) });
      const end = between(rng, Math.max(saleStart + 2 * DAY_MS, now - 28 * DAY_MS), now - HOUR_MS);
      out.push({ at: end, factor: 1 });
      return out;
    }
    case "price_rise":
      return [
        { at: ago(rng, now, 35, 89), factor: factor(rng, 0.82, 0.95) },
        { at: ago(rng, now, 2, 25), factor: 1 },
      ];
    case "price_drop":
      return [
        { at: ago(rng, now, 40, 89), factor: factor(rng, 1.1, 1.3) },
        { at: ago(rng, now, 3, 35), factor: 1 },
      ];
    case "old_sale": {
      const dropAfter = chance(rng, 0.5);
      const full = dropAfter ? factor(rng, 1.1, 1.25) : 1;
      const out: SchedulePoint[] = [
        { at: ago(rng, now, 75, 89), factor: full },
        { at: ago(rng, now, 50, 70), factor: factor(rng, 0.72, 0.9) },
        { at: ago(rng, now, 31, 45), factor: full },
      ];
      if (dropAfter) out.push({ at: ago(rng, now, 5, 25), factor: 1 });
      return out;
    }
  }
}

function pickScheduleKind(rng: Rng, now: number, createdAt: number): ScheduleKind {
  if (createdAt > now - 89 * DAY_MS) return "new";
  const r = rng();
  if (r < 0.2) return "recent_sale";
  if (r < 0.35) return "price_rise";
  if (r < 0.62) return "stable";
  if (r < 0.82) return "price_drop";
  return "old_sale";
}

/** A past price derived from today's: lower stays lower, higher stays higher. */
function pastAmount(current: number, f: number): number {
  if (f === 1) return current;
  const raw = current * f;
  let amount = raw >= 1000 ? Math.round(raw / 100) * 100 - 1 : Math.round(raw);
  if (f < 1) amount = Math.min(amount, current - 1);
  else amount = Math.max(amount, current + 1);
  return Math.max(1, amount);
}

// ---------------------------------------------------------------------------
// Prices, stock, SKUs.

const RETAIL_ENDINGS = [99, 99, 99, 0, 50, 95, 49] as const;
const GROCERY_ENDINGS = [9, 19, 29, 49, 59, 79, 99, 99] as const;

function endPrice(rng: Rng, amount: number, ending: PriceEnding): number {
  const dollars = Math.max(0, Math.floor(amount / 100));
  const cents = pick(rng, ending === "retail" ? RETAIL_ENDINGS : GROCERY_ENDINGS);
  return Math.max(49, dollars * 100 + cents);
}

function stockLevel(rng: Rng): number {
  return chance(rng, 0.04) ? 0 : int(rng, 1, 200);
}

function sku(code: string, n: number, color: string | null, size: string | null): string {
  let s = `${code}-${String(n).padStart(4, "0")}`;
  if (color !== null) {
    const c = COLOR_CODES[color];
    if (c === undefined) throw new Error(`no SKU code for colour "${color}"`);
    s += `-${c}`;
  }
  if (size !== null) s += `-${size}`;
  return s;
}

// ---------------------------------------------------------------------------
// Products.

interface DraftVariant {
  sku?: string;
  color: string | null;
  size: string | null;
  price: number;
  stock: number;
  active: boolean;
}

interface DraftProduct {
  title: string;
  description: string;
  category: string;
  brand: string;
  code: string;
  active: boolean;
  createdAt: number;
  kind: ScheduleKind;
  variants: DraftVariant[];
}

function grid(
  rng: Rng,
  colors: readonly (string | null)[],
  sizes: readonly (string | null)[],
  price: number,
): DraftVariant[] {
  const out: DraftVariant[] = [];
  for (const color of colors) {
    for (const size of sizes) out.push({ color, size, price, stock: int(rng, 3, 200), active: true });
  }
  return out;
}

function createdAtFor(rng: Rng, now: number): number {
  return chance(rng, 0.05) ? ago(rng, now, 2, 85) : ago(rng, now, 91, 730);
}

function apparelProduct(rng: Rng, spec: ApparelSpec, now: number): DraftProduct {
  const title = `${pick(rng, spec.modifiers)} ${pick(rng, spec.nouns)}`;
  const item = title.toLowerCase();
  const description = [
    pick(rng, spec.openers).replace("{item}", item),
    pick(rng, spec.details),
    spec.category === "shoes" ? "Wipe clean with a damp cloth." : pick(rng, CARE_NOTES),
  ].join(" ");
  const colors = sample(rng, spec.palette, int(rng, spec.colorRun[0], spec.colorRun[1]));
  const sizes = window(rng, spec.sizes, spec.sizeRun[0], spec.sizeRun[1]);
  const price = endPrice(rng, int(rng, spec.price[0], spec.price[1]), "retail");
  // Now and then one colour costs a little more (a special dye, a print).
  const premiumColor = colors.length > 1 && chance(rng, 0.1) ? colors[colors.length - 1] : undefined;
  const variants: DraftVariant[] = [];
  for (const color of colors) {
    for (const size of sizes) {
      variants.push({
        color,
        size,
        price: color === premiumColor ? price + 500 : price,
        stock: stockLevel(rng),
        active: !chance(rng, 0.02),
      });
    }
  }
  const createdAt = createdAtFor(rng, now);
  return {
    title,
    description,
    category: spec.category,
    brand: pick(rng, spec.brands),
    code: spec.code,
    active: !chance(rng, 0.01),
    createdAt,
    kind: pickScheduleKind(rng, now, createdAt),
    variants,
  };
}

function goodsProduct(rng: Rng, spec: GoodsSpec, now: number): DraftProduct {
  const item = pick(rng, spec.items);
  let title = item.noun;
  if (spec.prefixes.length > 0 && chance(rng, spec.prefixChance)) title = `${pick(rng, spec.prefixes)} ${title}`;
  if (spec.suffixes.length > 0 && chance(rng, spec.suffixChance)) title = `${title} ${pick(rng, spec.suffixes)}`;
  const description = `${item.blurb} ${pick(rng, spec.details)}`;

  let sizes: (string | null)[] = [null];
  const sizeIndex = new Map<string, number>();
  if (item.sizes !== undefined && item.sizes.length > 0) {
    item.sizes.forEach((s, i) => sizeIndex.set(s, i));
    sizes = chance(rng, spec.singleSizeChance)
      ? [pick(rng, item.sizes)]
      : window(rng, item.sizes, 2, item.sizes.length);
  }
  let colors: (string | null)[] = [null];
  if (item.colors !== undefined && item.colors.length > 0) {
    colors = sample(rng, item.colors, int(rng, 1, item.maxColors ?? item.colors.length));
  }
  const base = int(rng, item.price[0], item.price[1]);
  const priceBySize = new Map<string | null, number>();
  for (const size of sizes) {
    const step = size === null ? 0 : (sizeIndex.get(size) ?? 0);
    priceBySize.set(size, endPrice(rng, base * (1 + 0.6 * step), spec.ending));
  }
  const variants: DraftVariant[] = [];
  for (const color of colors) {
    for (const size of sizes) {
      variants.push({
        color,
        size,
        price: priceBySize.get(size) as number,
        stock: stockLevel(rng),
        active: !chance(rng, 0.02),
      });
    }
  }
  const createdAt = createdAtFor(rng, now);
  return {
    title,
    description,
    category: spec.category,
    brand: pick(rng, spec.brands),
    code: spec.code,
    active: !chance(rng, 0.01),
    createdAt,
    kind: pickScheduleKind(rng, now, createdAt),
    variants,
  };
}

const CATEGORY_WEIGHTS = CATEGORY_SPECS.map((c) => c.weight);

function generatedProduct(rng: Rng, now: number): DraftProduct {
  const spec = CATEGORY_SPECS[weighted(rng, CATEGORY_WEIGHTS)];
  if (spec === undefined) throw new Error("no category spec");
  return spec.kind === "apparel" ? apparelProduct(rng, spec, now) : goodsProduct(rng, spec, now);
}

/**
 * Hand-written products every catalog starts with (prd_0001 …): the milk tea
 * the 1-cent promotion targets, other teas so "the tea" is ambiguous, blue
 * dresses on both sides of $40, near-duplicate titles, an apostrophe.
 */
type Special = (rng: Rng, now: number) => Omit<DraftProduct, "createdAt" | "active">;

const XS_XL = APPAREL_SIZES;
const sizes = (from: string, to: string): string[] => XS_XL.slice(XS_XL.indexOf(from), XS_XL.indexOf(to) + 1);

const SPECIALS: readonly Special[] = [
  () => ({
    title: "Classic Milk Tea",
    description: "Creamy black tea with milk and a touch of cane sugar. Ready to drink; serve chilled or warm gently.",
    category: "beverages",
    brand: "Teahouse Co.",
    code: "BEV",
    kind: "stable",
    variants: [{ sku: MILK_TEA_SKU, color: null, size: "500ML", price: 450, stock: 100_000, active: true }],
  }),
  (rng) => ({
    title: "Jasmine Green Tea",
    description:
      "Green tea leaves scented with fresh jasmine blossoms. Delicate and floral; steep for 2 minutes at 80°C.",
    category: "beverages",
    brand: "Teahouse Co.",
    code: "BEV",
    kind: "recent_sale",
    variants: [
      { color: null, size: "20PK", price: 399, stock: int(rng, 20, 200), active: true },
      { color: null, size: "50PK", price: 849, stock: int(rng, 20, 200), active: true },
    ],
  }),
  (rng) => ({
    title: "Matcha Latte Powder",
    description:
      "Stone-ground Japanese green tea, blended for lattes. Whisk a teaspoon into hot water or an oat drink.",
    category: "beverages",
    brand: "Kyoto Leaf",
    code: "BEV",
    kind: "price_rise",
    variants: [{ color: null, size: "250G", price: 1499, stock: int(rng, 20, 200), active: true }],
  }),
  (rng) => ({
    title: "Linen Midi Dress",
    description: "A breezy linen midi dress with a square neckline and a softly tiered skirt. Machine wash cold.",
    category: "dresses",
    brand: "Marlowe",
    code: "DRS",
    kind: "recent_sale",
    variants: grid(rng, ["navy", "sky blue"], XS_XL, 5999),
  }),
  (rng) => ({
    title: "Linen Midi Dress - Petite",
    description: "Our linen midi dress, re-cut for petite frames (5'3\" and under). Machine wash cold.",
    category: "dresses",
    brand: "Marlowe",
    code: "DRS",
    kind: "stable",
    variants: grid(rng, ["navy"], sizes("XS", "M"), 5999),
  }),
  (rng) => ({
    title: "Cotton Sundress",
    description: "A light cotton sundress with adjustable straps and side pockets. Made for warm days.",
    category: "dresses",
    brand: "Soleil",
    code: "DRS",
    kind: "price_rise",
    variants: grid(rng, ["sky blue", "white"], sizes("S", "XL"), 3499),
  }),
  (rng) => ({
    title: "Wrap Dress",
    description: "A true wrap dress in fluid crepe with a self-tie waist and flutter sleeves. Dry clean only.",
    category: "dresses",
    brand: "Juniper & Lane",
    code: "DRS",
    kind: "price_drop",
    variants: grid(rng, ["royal blue", "red"], sizes("XS", "L"), 7900),
  }),
  (rng) => ({
    title: "Jersey T-Shirt Dress",
    description: "The easiest dress you will own: soft cotton jersey, short sleeves, knee length.",
    category: "dresses",
    brand: "Oak Street",
    code: "DRS",
    kind: "recent_sale",
    variants: grid(rng, ["powder blue", "grey"], XS_XL, 2900),
  }),
  (rng) => {
    const variants = grid(rng, ["cobalt blue", "black"], sizes("S", "L"), 8900);
    const soldOut = variants.find((v) => v.color === "cobalt blue" && v.size === "M");
    if (soldOut) soldOut.stock = 0;
    return {
      title: "Satin Slip Dress",
      description: "A bias-cut satin slip dress with a cowl neck and adjustable straps. Hand wash recommended.",
      category: "dresses",
      brand: "Ellery",
      code: "DRS",
      kind: "stable",
      variants,
    };
  },
  (rng) => ({
    title: "Tiered Maxi Dress",
    description: "A floaty tiered maxi dress in cotton voile, fully lined. Machine wash at 30°C.",
    category: "dresses",
    brand: "Hazel Row",
    code: "DRS",
    kind: "old_sale",
    variants: grid(rng, ["teal", "beige"], sizes("S", "XL"), 6400),
  }),
  (rng) => {
    const variants = grid(rng, ["powder blue"], sizes("XS", "L"), 3800);
    const retired = variants.find((v) => v.size === "XS");
    if (retired) retired.active = false;
    return {
      title: "Chambray Shirt Dress",
      description: "A chambray shirt dress with a button front, roll-up sleeves and a removable belt.",
      category: "dresses",
      brand: "Northbound",
      code: "DRS",
      kind: "stable",
      variants,
    };
  },
  (rng) => ({
    title: "Wireless Earbuds Pro",
    description: "Active noise cancelling earbuds with 8-hour battery and a wireless charging case.",
    category: "electronics",
    brand: "Sonique",
    code: "ELC",
    kind: "price_drop",
    variants: grid(rng, ["black", "white"], [null], 12999),
  }),
  (rng) => ({
    title: "Wireless Earbuds Pro",
    description: "Lightweight earbuds with deep bass, IPX5 sweat resistance and 30 hours with the case.",
    category: "electronics",
    brand: "Auralis",
    code: "ELC",
    kind: "recent_sale",
    variants: grid(rng, ["black", "midnight blue"], [null], 8999),
  }),
  (rng) => ({
    title: "Levi's 501 Original Jeans",
    description: "The original straight-leg jean with a button fly, in rigid-feel denim that's built to last.",
    category: "jeans",
    brand: "Levi's",
    code: "JNS",
    kind: "stable",
    variants: grid(rng, ["indigo", "black"], XS_XL, 6950),
  }),
  (rng) => ({
    title: "Free-Range Eggs",
    description: "A dozen large free-range eggs from hens with room to roam. Keep refrigerated.",
    category: "groceries",
    brand: "Sunny Fields",
    code: "GRC",
    kind: "stable",
    variants: [{ color: null, size: "12PK", price: 499, stock: int(rng, 20, 200), active: true }],
  }),
  (rng) => ({
    title: "Sourdough Loaf",
    description: "Slow-fermented for 24 hours and baked daily with a crackling crust.",
    category: "groceries",
    brand: "Old Mill",
    code: "GRC",
    kind: "price_rise",
    variants: [{ color: null, size: null, price: 550, stock: int(rng, 20, 200), active: true }],
  }),
  (rng) => ({
    title: "Noise-Cancelling Headphones",
    description: "Over-ear headphones with adaptive noise cancelling, 30-hour battery and multipoint pairing.",
    category: "electronics",
    brand: "Voltra",
    code: "ELC",
    kind: "old_sale",
    variants: grid(rng, ["black", "silver"], [null], 24999),
  }),
  (rng) => ({
    title: "Smartphone X",
    description: "6.1-inch OLED display, dual 48 MP camera and all-day battery. Unlocked.",
    category: "electronics",
    brand: "Pixelon",
    code: "ELC",
    kind: "price_drop",
    variants: [
      { color: "black", size: "128GB", price: 69999, stock: int(rng, 5, 60), active: true },
      { color: "black", size: "256GB", price: 79999, stock: int(rng, 5, 60), active: true },
      { color: "white", size: "128GB", price: 69999, stock: int(rng, 5, 60), active: true },
    ],
  }),
];

/** How many hand-written products lead every catalog. */
export const SPECIAL_PRODUCT_COUNT = SPECIALS.length;

// ---------------------------------------------------------------------------
// Promotions.

function buildPromotions(now: number, dressIds: string[]): PromotionRow[] {
  const row = (p: PromotionRow): PromotionRow => p;
  return [
    row({
      code: "MILKTEA1C",
      name: "1-cent Classic Milk Tea",
      kind: "fixed_unit_price",
      value: 1,
      currency: CURRENCY,
      scope: "skus",
      scopeIds: [MILK_TEA_SKU],
      minSubtotal: 0,
      maxUnits: 1,
      startsAt: now - DAY_MS,
      endsAt: now + 30 * DAY_MS,
      totalCap: 500,
      perUserCap: 1,
      stackable: false,
      active: true,
    }),
    row({
      code: "WELCOME10",
      name: "10% off your order",
      kind: "percent_off",
      value: 1000,
      currency: null,
      scope: "all",
      scopeIds: [],
      minSubtotal: 2000,
      maxUnits: null,
      startsAt: now - 90 * DAY_MS,
      endsAt: null,
      totalCap: null,
      perUserCap: null,
      stackable: true,
      active: true,
    }),
    row({
      code: "SAVE5",
      name: "$5 off orders over $50",
      kind: "amount_off",
      value: 500,
      currency: CURRENCY,
      scope: "all",
      scopeIds: [],
      minSubtotal: 5000,
      maxUnits: null,
      startsAt: now - 60 * DAY_MS,
      endsAt: null,
      totalCap: null,
      perUserCap: null,
      stackable: true,
      active: true,
    }),
    row({
      code: "DRESS15",
      name: "15% off dresses",
      kind: "percent_off",
      value: 1500,
      currency: null,
      scope: "products",
      scopeIds: dressIds,
      minSubtotal: 0,
      maxUnits: null,
      startsAt: now - 14 * DAY_MS,
      endsAt: now + 14 * DAY_MS,
      totalCap: null,
      perUserCap: null,
      stackable: false,
      active: true,
    }),
    row({
      code: "EXPIRED20",
      name: "20% off spring sale",
      kind: "percent_off",
      value: 2000,
      currency: null,
      scope: "all",
      scopeIds: [],
      minSubtotal: 0,
      maxUnits: null,
      startsAt: now - 40 * DAY_MS,
      endsAt: now - 10 * DAY_MS,
      totalCap: null,
      perUserCap: null,
      stackable: false,
      active: true,
    }),
    row({
      code: "SOON25",
      name: "25% off summer preview",
      kind: "percent_off",
      value: 2500,
      currency: null,
      scope: "all",
      scopeIds: [],
      minSubtotal: 0,
      maxUnits: null,
      startsAt: now + 7 * DAY_MS,
      endsAt: now + 21 * DAY_MS,
      totalCap: null,
      perUserCap: null,
      stackable: false,
      active: true,
    }),
    row({
      code: "BIGSPENDER",
      name: "$30 off orders over $200",
      kind: "amount_off",
      value: 3000,
      currency: CURRENCY,
      scope: "all",
      scopeIds: [],
      minSubtotal: 20000,
      maxUnits: null,
      startsAt: now - 30 * DAY_MS,
      endsAt: now + 60 * DAY_MS,
      totalCap: 100,
      perUserCap: 1,
      stackable: false,
      active: true,
    }),
    row({
      code: "RETIRED",
      name: "$10 off (retired)",
      kind: "amount_off",
      value: 1000,
      currency: CURRENCY,
      scope: "all",
      scopeIds: [],
      minSubtotal: 0,
      maxUnits: null,
      startsAt: now - 180 * DAY_MS,
      endsAt: null,
      totalCap: null,
      perUserCap: null,
      stackable: true,
      active: false,
    }),
  ];
}

// ---------------------------------------------------------------------------

export function buildCatalog(options: BuildCatalogOptions): SeedCatalog {
  const { now, seed = 42 } = options;
  const productCount = Math.max(SPECIAL_PRODUCT_COUNT, Math.floor(options.productCount ?? 320));
  if (!Number.isSafeInteger(now)) throw new RangeError(`now must be integer epoch ms, got ${String(now)}`);
  if (!Number.isFinite(productCount)) throw new RangeError("productCount must be finite");

  const productRows: ProductRow[] = new Array(productCount);
  const variantRows: VariantRow[] = [];
  const historyRows: PriceHistoryRow[] = [];
  const dressIds: string[] = [];

  for (let i = 0; i < productCount; i++) {
    const n = i + 1;
    const rng = mulberry32(deriveSeed(seed, i));
    let draft: DraftProduct;
    const special = SPECIALS[i];
    if (special !== undefined) {
      const s = special(rng, now);
      draft = { ...s, active: true, createdAt: ago(rng, now, 120, 400) };
    } else {
      draft = generatedProduct(rng, now);
    }
    const id = productId(n);
    productRows[i] = {
      id,
      title: draft.title,
      description: draft.description,
      category: draft.category,
      brand: draft.brand,
      active: draft.active,
      createdAt: draft.createdAt,
    };
    if (draft.category === "dresses") dressIds.push(id);

    const points = schedule(rng, draft.kind, now, draft.createdAt);
    for (const v of draft.variants) {
      const code = v.sku ?? sku(draft.code, n, v.color, v.size);
      variantRows.push({
        sku: code,
        productId: id,
        color: v.color,
        size: v.size,
        priceAmount: v.price,
        currency: CURRENCY,
        stock: v.stock,
        active: v.active,
      });
      for (const p of points) {
        historyRows.push({ sku: code, effectiveFrom: p.at, amount: pastAmount(v.price, p.factor), currency: CURRENCY });
      }
    }
  }

  return {
    products: productRows,
    variants: variantRows,
    priceHistory: historyRows,
    promotions: buildPromotions(now, dressIds),
  };
}
