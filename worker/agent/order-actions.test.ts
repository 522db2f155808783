import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog/types.js";
import { TurnContext } from "./context.js";
import { orderStatus } from "./order-actions.js";
import type { OrdersPort, ShopperOrderView } from "./orders-port.js";
import { ReplyBuilder } from "./reply.js";
import { EMPTY_STATE } from "./state.js";

const NOW = Date.UTC(2026, 11, 2, 12);
const DAY = 86_400_000;

const order = (id: string, daysAgo: number, patch: Partial<ShopperOrderView> = {}): ShopperOrderView => ({
  id,
  status: "paid",
  fulfillment: null,
  tracking: null,
  currency: "USD",
  total: 4200,
  createdAt: NOW - daysAgo * DAY,
  lines: [{ title: "Status Lamp", color: "red", size: null, quantity: 1, lineTotal: 4200 }],
  ...patch,
});

/** A port over a fixed list, recording what it was asked. */
function port(orders: ShopperOrderView[]): OrdersPort & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    async recent(opts) {
      asked.push(opts);
      return orders.filter((o) => o.createdAt >= (opts.since ?? 0)).slice(0, opts.limit);
    },
    async find(id) {
      asked.push(id);
      return orders.find((o) => o.id === id) ?? null;
    },
  };
}

async function say(p: OrdersPort | undefined, a: Parameters<typeof orderStatus>[1]): Promise<string> {
  const reply = new ReplyBuilder();
  const ctx = new TurnContext({} as Catalog, reply, EMPTY_STATE, { currency: "USD", locale: "en-US", now: NOW });
  await orderStatus(p, a, ctx);
  return reply.build().text;
}

describe("order status answers", () => {
  it("tells the latest order with status, lines, total, fulfilment and tracking", async () => {
    const text = await say(
      port([order("ord_aaaa1111", 1, { fulfillment: "shipped", tracking: "1Z999" }), order("ord_bbbb2222", 3)]),
      { type: "order_status", view: "latest" },
    );
    expect(text).toBe(
      "Your latest order, ord_aaaa1111 (placed Dec 1, 2026): paid and shipped (tracking: 1Z999).\n• 1 × Status Lamp (red) = $42.00\nTotal: $42.00",
    );
  });

  it("lists recent orders within the period asked, at most five", async () => {
    const many = Array.from({ length: 7 }, (_, i) => order(`ord_${String(i).padStart(8, "0")}`, i));
    const p = port(many);
    const text = await say(p, { type: "order_status", view: "history", sinceDays: 14 });
    expect(text.split("\n")[0]).toBe("Your 5 most recent orders in the last 14 days:");
    expect(text.split("\n")).toHaveLength(6);
    expect(p.asked[0]).toEqual({ limit: 5, since: NOW - 14 * DAY });
    const none = await say(port([order("ord_old00000", 40)]), { type: "order_status", view: "history", sinceDays: 7 });
    expect(none).toBe("You have no orders in the last 7 days.");
  });

  it("an id that is not the shopper's reads like an unknown one, and a malformed id is never looked up", async () => {
    const p = port([order("ord_aaaa1111", 1)]);
    expect(await say(p, { type: "order_status", view: "latest", orderId: "ord_ffff9999" })).toBe(
      "I can't find an order ord_ffff9999 among yours.",
    );
    expect(await say(p, { type: "order_status", view: "latest", orderId: "ord_' OR 1=1 --" })).toMatch(/can't find/);
    expect(p.asked).toEqual(["ord_ffff9999"]);
  });

  it("bounds the days a planner may ask for, and says so when there are no orders or no port", async () => {
    const p = port([]);
    await say(p, { type: "order_status", view: "history", sinceDays: 1e9 });
    expect(p.asked[0]).toEqual({ limit: 5, since: NOW - 366 * DAY });
    expect(await say(p, { type: "order_status", view: "latest" })).toMatch(/no orders yet/);
    expect(await say(undefined, { type: "order_status", view: "latest" })).toBe("I can't look up orders here.");
  });
});
