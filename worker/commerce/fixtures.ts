/**
 * Test fixtures for the commerce core: sensible defaults plus a partial
 * override, so each test states only what it is about. Production code has
 * no reason to import it.
 */
import type { PriceCartInput, PricingLine, Promotion, PromotionUsage } from "./types.js";

/** 2026-01-15T12:00:00Z: a fixed "now" so messages and windows are stable. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const DAY_MS = 24 * 60 * 60 * 1000;

export function promotion(overrides: Partial<Promotion> = {}): Promotion {
  return {
    code: "SAVE10",
    name: "10% off everything",
    kind: "percent_off",
    value: 1000,
    currency: null,
    scope: "all",
    scopeIds: [],
    minSubtotal: 0,
    maxUnits: null,
    startsAt: null,
    endsAt: null,
    totalCap: null,
    perUserCap: null,
    stackable: true,
    active: true,
    ...overrides,
  };
}

export function line(overrides: Partial<PricingLine> = {}): PricingLine {
  return { sku: "TEA-GREEN-250G", productId: "tea-green", quantity: 1, unitAmount: 1000, ...overrides };
}

/** A cart input whose `promotions` map is keyed by each promotion's code. */
export function cart(
  overrides: Omit<Partial<PriceCartInput>, "promotions" | "usage"> & {
    promotions?: readonly Promotion[];
    usage?: Readonly<Record<string, PromotionUsage>>;
  } = {},
): PriceCartInput {
  const { promotions = [], usage = {}, ...rest } = overrides;
  return {
    currency: "USD",
    lines: [line()],
    codes: [],
    now: NOW,
    ...rest,
    promotions: new Map(promotions.map((p) => [p.code, p])),
    usage: new Map(Object.entries(usage)),
  };
}
