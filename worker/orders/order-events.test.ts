import { describe, expect, it } from "vitest";
import { orderEvent, producesEvents, type OrderEventsEnv } from "./order-events.js";
import type { OrderRecord } from "./order-repo.js";

const ACP_ON = { ACP_ORDER_WEBHOOK_URL: "https://agent.example/hooks", ACP_ORDER_WEBHOOK_SECRET: "s" };

describe("producesEvents: which order changes tell anyone anything", () => {
  it("a chat order: only fulfilment changes (payment news goes through settle)", () => {
    for (const change of ["created", "paid", "refunded", "canceled", "expired"] as const)
      expect(producesEvents(ACP_ON, "user:u1", change)).toBe(false);
    for (const change of ["processing", "shipped", "delivered"] as const)
      expect(producesEvents(ACP_ON, "user:u1", change)).toBe(true);
  });

  it("an ACP order: every change, when the agent's webhook is configured", () => {
    expect(producesEvents(ACP_ON, "acp:cs_1", "paid")).toBe(true);
    expect(producesEvents({}, "acp:cs_1", "paid")).toBe(false);
    expect(producesEvents({ ACP_ORDER_WEBHOOK_URL: "https://agent.example/hooks" }, "acp:cs_1", "paid")).toBe(false);
  });
});

describe("orderEvent", () => {
  // Any read or outbox call fails the test: a paid chat order has nothing to record.
  const untouchable = new Proxy(
    {},
    {
      get(_t, prop) {
        throw new Error(`touched env.${String(prop)}`);
      },
    },
  );
  const env = new Proxy(ACP_ON, {
    get: (t, prop) => (prop in t ? t[prop as keyof typeof t] : Reflect.get(untouchable, prop)),
  }) as unknown as OrderEventsEnv;

  it("does not read the order of a chat payment change", async () => {
    const order = { id: "ord_1", customer: "user:u1", conversationId: "c1" } as OrderRecord;
    await expect(orderEvent(env, order, "paid")).resolves.toBeUndefined();
  });

  it("reads it for a fulfilment change (the proxy proves the read is attempted)", async () => {
    const order = { id: "ord_1", customer: "user:u1", conversationId: "c1" } as OrderRecord;
    await expect(orderEvent(env, order, "shipped")).rejects.toThrow(/touched env.DB/);
  });
});
