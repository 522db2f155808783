import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, NOW } from "./fixtures.js";
import { THIRTY_DAYS_MS, lowestPriceInWindow } from "./price-history.js";
import type { PricePoint } from "./types.js";

const at = (daysAgo: number, amount: number): PricePoint => ({ effectiveFrom: NOW - daysAgo * DAY_MS, amount });

describe("lowestPriceInWindow", () => {
  it("is thirty days of milliseconds", () => {
    expect(THIRTY_DAYS_MS).toBe(2_592_000_000);
  });

  it("returns null for an empty history", () => {
    expect(lowestPriceInWindow([], NOW, THIRTY_DAYS_MS)).toBeNull();
  });

  it("counts the price in force at the window start even though it began earlier", () => {
    // 800 from 60 days ago until 10 days ago, then 1200.
    expect(lowestPriceInWindow([at(60, 800), at(10, 1200)], NOW, THIRTY_DAYS_MS)).toBe(800);
  });

  it("ignores prices that were superseded before the window started", () => {
    expect(lowestPriceInWindow([at(90, 500), at(40, 1000), at(5, 900)], NOW, THIRTY_DAYS_MS)).toBe(900);
  });

  it("treats a price starting exactly at the window start as in force there", () => {
    expect(lowestPriceInWindow([at(45, 100), at(30, 700), at(3, 900)], NOW, THIRTY_DAYS_MS)).toBe(700);
  });

  it("counts a price that takes effect exactly now", () => {
    expect(lowestPriceInWindow([at(40, 1000), at(0, 600)], NOW, THIRTY_DAYS_MS)).toBe(600);
  });

  it("ignores future prices, and is null when only future prices exist", () => {
    expect(lowestPriceInWindow([at(40, 1000), at(-1, 10)], NOW, THIRTY_DAYS_MS)).toBe(1000);
    expect(lowestPriceInWindow([at(-1, 10)], NOW, THIRTY_DAYS_MS)).toBeNull();
  });

  it("accepts unsorted input", () => {
    expect(lowestPriceInWindow([at(2, 1500), at(50, 1300), at(20, 1400)], NOW, THIRTY_DAYS_MS)).toBe(1300);
  });

  it("counts every price set at the same instant, since either could have won", () => {
    expect(lowestPriceInWindow([at(40, 1000), at(40, 950), at(1, 1200)], NOW, THIRTY_DAYS_MS)).toBe(950);
  });

  it("refuses a negative window", () => {
    expect(() => lowestPriceInWindow([at(1, 1)], NOW, -1)).toThrow(/windowMs/);
  });

  it("equals a brute-force scan of the window, for any history", () => {
    const point = fc.record({
      effectiveFrom: fc.integer({ min: 0, max: 100 }),
      amount: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(point, { maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 60 }),
        (history, now, windowMs) => {
          // Brute force: at every integer instant of the window, which prices
          // were in force (latest effectiveFrom ≤ t, all ties)? Take the min.
          let expected: number | null = null;
          for (let t = now - windowMs; t <= now; t++) {
            const started = history.filter((p) => p.effectiveFrom <= t);
            if (started.length === 0) continue;
            const latest = Math.max(...started.map((p) => p.effectiveFrom));
            for (const p of started) {
              if (p.effectiveFrom === latest && (expected === null || p.amount < expected)) expected = p.amount;
            }
          }
          expect(lowestPriceInWindow(history, now, windowMs)).toBe(expected);
        },
      ),
    );
  });
});
