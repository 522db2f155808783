import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildOffer,
  cardWords,
  decideOffer,
  hashOfferContent,
  matchLines,
  returnWindowDays,
  unitShares,
  type PaidLine,
  type RefundableOrder,
} from "./refund-offer.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const VISA = { brand: "visa", last4: "4242" };
const opts = { now: NOW, returnWindowDays: 30, card: VISA };

const line = (position: number, title: string, quantity: number, lineTotal: number, discount = 0): PaidLine => ({
  position,
  sku: `SKU-${position}`,
  title,
  color: position === 0 ? "black" : null,
  size: null,
  quantity,
  lineTotal,
  discount,
});

function order(patch: Partial<RefundableOrder> = {}): RefundableOrder {
  return {
    id: "ord_1",
    status: "paid",
    currency: "USD",
    // 2 hoodies at 30.00 and one pair of shoes at 50.00, 10.00 off spread 6/4, 0.50 fee.
    total: 10_050,
    createdAt: NOW - 2 * DAY,
    fulfillment: null,
    lines: [line(0, "Zip Hoodie", 2, 6000, 600), line(1, "Trail Shoes", 1, 5000, 400)],
    refundedUnits: {},
    refundedAmount: 0,
    ...patch,
  };
}

describe("decideOffer", () => {
  it("cancels an unpaid order whole, with nothing to refund and no card", () => {
    const d = decideOffer(order({ status: "pending_payment" }), undefined, opts);
    expect(d).toMatchObject({ kind: "offer", content: { action: "cancel", amount: 0, card: null, closesOrder: true } });
    if (d.kind === "offer") expect(d.content.lines.every((l) => l.restock)).toBe(true);
  });

  it("refuses to cancel part of an unpaid order", () => {
    expect(decideOffer(order({ status: "pending_payment" }), [1], opts)).toEqual({
      kind: "refused",
      reason: "partial_unpaid",
    });
  });

  it("cancels a paid, unshipped order with the whole total back to the order's card, stock back", () => {
    const d = decideOffer(order({ fulfillment: "processing" }), undefined, opts);
    expect(d).toMatchObject({ kind: "offer", content: { action: "cancel", amount: 10_050, card: VISA } });
    if (d.kind === "offer") expect(d.content.lines.map((l) => l.restock)).toEqual([true, true]);
  });

  it("refunds one shipped line within the window, no stock back, order stays open", () => {
    const d = decideOffer(order({ fulfillment: "shipped" }), [1], opts);
    expect(d.kind).toBe("offer");
    if (d.kind !== "offer") return;
    expect(d.content).toMatchObject({ action: "refund", closesOrder: false, card: VISA });
    expect(d.content.lines).toEqual([
      { position: 1, sku: "SKU-1", title: "Trail Shoes", quantity: 1, amount: 4623, restock: false },
    ]);
  });

  it("refuses a shipped order past the return window, and accepts it on the last day", () => {
    const old = order({ fulfillment: "delivered", createdAt: NOW - 31 * DAY });
    expect(decideOffer(old, undefined, opts)).toEqual({ kind: "refused", reason: "window_closed" });
    expect(decideOffer(order({ fulfillment: "delivered", createdAt: NOW - 30 * DAY }), undefined, opts).kind).toBe(
      "offer",
    );
  });

  it("refuses what is already refunded: the order, or the lines asked for", () => {
    expect(decideOffer(order({ status: "refunded" }), undefined, opts)).toEqual({
      kind: "refused",
      reason: "already_refunded",
    });
    const part = order({ fulfillment: "shipped", refundedUnits: { 1: 1 }, refundedAmount: 4623 });
    expect(decideOffer(part, [1], opts)).toEqual({ kind: "refused", reason: "already_refunded" });
    const rest = decideOffer(part, undefined, opts);
    expect(rest).toMatchObject({ kind: "offer", content: { amount: 10_050 - 4623, closesOrder: true } });
  });

  it("refuses canceled, expired and failed orders and lines that do not exist", () => {
    for (const status of ["canceled", "expired", "failed"] as const)
      expect(decideOffer(order({ status }), undefined, opts)).toEqual({ kind: "refused", reason: "not_open" });
    expect(decideOffer(order(), [7], opts)).toEqual({ kind: "refused", reason: "no_such_line" });
  });

  it("hashes the order's state: the same order gives the same hash, a shipment a different one", async () => {
    const a = decideOffer(order(), undefined, opts);
    const b = decideOffer(order(), undefined, opts);
    const shipped = decideOffer(order({ fulfillment: "shipped" }), undefined, opts);
    if (a.kind !== "offer" || b.kind !== "offer" || shipped.kind !== "offer") throw new Error("offers expected");
    expect(await hashOfferContent(a.content)).toBe(await hashOfferContent(b.content));
    expect(await hashOfferContent(a.content)).not.toBe(await hashOfferContent(shipped.content));
    const built = await buildOffer(a.content, "rfo_1", NOW, 600_000);
    expect(built.expiresAt).toBe(NOW + 600_000);
  });
});

describe("matchLines", () => {
  const lines = order().lines;
  it("finds lines by title words, colour and plurals", () => {
    expect(matchLines(lines, [["hoodie"]])).toEqual([0]);
    expect(matchLines(lines, [["shoes"]])).toEqual([1]);
    expect(matchLines(lines, [["black", "hoodie"]])).toEqual([0]);
    expect(matchLines(lines, [["hoodie"], ["shoe"]])).toEqual([0, 1]);
  });
  it("answers null when a group names nothing in the order", () => {
    expect(matchLines(lines, [["dress"]])).toBeNull();
  });
});

describe("cardWords", () => {
  it("names the card from the payment record, and never makes one up", () => {
    expect(cardWords(VISA)).toBe("your Visa card ending 4242");
    expect(cardWords({ brand: "someco", last4: "0005" })).toBe("your someco card ending 0005");
    expect(cardWords(null)).toBe("the card you paid with");
  });
});

describe("returnWindowDays", () => {
  it("reads RETURN_WINDOW_DAYS, 30 when unset or not a whole number", () => {
    expect(returnWindowDays(undefined)).toBe(30);
    expect(returnWindowDays("14")).toBe(14);
    expect(returnWindowDays("0")).toBe(0);
    expect(returnWindowDays("-3")).toBe(30);
    expect(returnWindowDays("7.5")).toBe(30);
  });
});

describe("refund amounts (properties)", () => {
  const arbLine = fc
    .record({ quantity: fc.integer({ min: 1, max: 5 }), unit: fc.integer({ min: 0, max: 20_000 }), off: fc.nat(100) })
    .map(({ quantity, unit, off }) => ({ quantity, lineTotal: quantity * unit, pct: off }));
  const arbOrder = fc
    .record({
      lines: fc.array(arbLine, { minLength: 1, maxLength: 6 }),
      fee: fc.integer({ min: 0, max: 100 }),
      shipped: fc.boolean(),
    })
    .map(({ lines, fee, shipped }) => {
      const paid = lines.map((l, i) =>
        line(i, `Item ${i}`, l.quantity, l.lineTotal, Math.floor((l.lineTotal * l.pct) / 100)),
      );
      const total = paid.reduce((n, l) => n + l.lineTotal - l.discount, 0) + fee;
      return order({ lines: paid, total, fulfillment: shipped ? "shipped" : null });
    });

  it("unit shares sum to the total and are never negative", () => {
    fc.assert(
      fc.property(arbOrder, (o) => {
        const shares = unitShares(o).flat();
        expect(shares.reduce((a, b) => a + b, 0)).toBe(o.total);
        expect(shares.every((s) => Number.isSafeInteger(s) && s >= 0)).toBe(true);
      }),
    );
  });

  it("refunds of lines in any order never exceed what was paid and end at exactly the total", () => {
    fc.assert(
      fc.property(arbOrder, fc.array(fc.nat(5), { maxLength: 10 }), (start, picks) => {
        let o = start;
        let refunded = 0;
        const perLine = new Map<number, number>();
        const shares = unitShares(start).map((s) => s.reduce((a, b) => a + b, 0));
        for (const pick of [...picks, -1]) {
          const positions = pick < 0 ? undefined : [pick % o.lines.length];
          const d = decideOffer(o, positions, opts);
          if (d.kind === "refused") {
            expect(d.reason).toBe("already_refunded");
            continue;
          }
          refunded += d.content.amount;
          expect(refunded).toBeLessThanOrEqual(o.total);
          const units = { ...o.refundedUnits };
          for (const l of d.content.lines) {
            units[l.position] = (units[l.position] ?? 0) + l.quantity;
            perLine.set(l.position, (perLine.get(l.position) ?? 0) + l.amount);
            expect(perLine.get(l.position)).toBeLessThanOrEqual(shares[l.position]!);
          }
          o = {
            ...o,
            refundedUnits: units,
            refundedAmount: refunded,
            status: d.content.closesOrder ? "refunded" : "paid",
          };
        }
        expect(refunded).toBe(start.total);
        expect(o.status).toBe("refunded");
      }),
    );
  });

  it("never offers stock back for a shipped line, always for an unshipped one", () => {
    fc.assert(
      fc.property(arbOrder, (o) => {
        const d = decideOffer(o, undefined, opts);
        if (d.kind !== "offer") return;
        expect(d.content.lines.every((l) => l.restock === (o.fulfillment === null))).toBe(true);
      }),
    );
  });
});
