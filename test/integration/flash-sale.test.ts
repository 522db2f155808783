import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { ChatBody, Shopper } from "./client.js";
import { shopperWithSavedCard } from "./saved-card.js";

/**
 * The flash sale in miniature: 300 signed-in shoppers with saved cards storm a
 * 1-cent promotion capped at 50, through the chat endpoint, paying through the
 * Stripe stand-in. Exactly 50 must get it; nobody is charged twice; nothing 5xx.
 */
const STRIPE = inject("stripeUrl");
const SHOPPERS = 300;
const CAP = 50;
const CODE = "FLASH50";
const DAY = 86_400_000;

interface Body extends ChatBody {
  quote?: { id: string; total: number; discounts: { code: string }[] };
  order?: { id: string; status: string };
}

const shopper = (n: number): Promise<Shopper> => shopperWithSavedCard(`flash-${n}`);

/** One shopper's attempt: statuses of every call, and whether they got the promotion. */
async function attempt(s: Shopper): Promise<{ statuses: number[]; paidWithPromotion: boolean; orderId?: string }> {
  const statuses: number[] = [];
  const send = async (m: { text?: string; button?: string }) => {
    const res = await s.send(m);
    statuses.push(res.status);
    return res.status === 200 ? ((await res.json()) as Body) : null;
  };
  await send({ button: "add:TEA-MILK-500" });
  await send({ text: `apply code ${CODE}` });
  const quoted = await send({ text: "checkout" });
  if (!quoted?.quote?.discounts.some((d) => d.code === CODE)) return { statuses, paidWithPromotion: false };
  const paid = await send({ button: `pay:${quoted.quote.id}` });
  if (paid?.order?.status === "paid") return { statuses, paidWithPromotion: true, orderId: paid.order.id };
  // The promotion ran out between quote and confirmation: a new full-price quote came back; decline it.
  if (paid?.quote) await send({ button: `cancel:${paid.quote.id}` });
  return { statuses, paidWithPromotion: false };
}

beforeAll(async () => {
  await env.DB.prepare(
    `INSERT INTO promotions (code, name, kind, value, currency, scope, scope_ids, max_units, starts_at, ends_at, total_cap, per_user_cap, stackable, active)
     VALUES (?, 'Flash sale tea', 'fixed_unit_price', 1, 'USD', 'skus', '["TEA-MILK-500"]', 1, ?, ?, ?, 1, 0, 1)`,
  )
    .bind(CODE, Date.now() - DAY, Date.now() + DAY, CAP)
    .run();
});

describe("flash sale: 300 shoppers, a 1-cent tea capped at 50", () => {
  it("sells exactly the cap, never twice to anyone, with no 5xx", { timeout: 120_000 }, async () => {
    const shoppers = await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => shopper(i)));
    const stockBefore = (await env.DB.prepare("SELECT stock FROM variants WHERE sku = 'TEA-MILK-500'").first<{
      stock: number;
    }>())!.stock;
    const results: Awaited<ReturnType<typeof attempt>>[] = [];
    // 32 shoppers at a time, like a busy edge: every one of them runs the whole flow.
    for (let i = 0; i < shoppers.length; i += 32)
      results.push(...(await Promise.all(shoppers.slice(i, i + 32).map(attempt))));

    expect(results.flatMap((r) => r.statuses).filter((st) => st >= 500)).toEqual([]);
    const winners = results.filter((r) => r.paidWithPromotion);
    expect(winners).toHaveLength(CAP);

    const paid = await env.DB.prepare(
      "SELECT count(*) AS n FROM orders WHERE status = 'paid' AND EXISTS (SELECT 1 FROM json_each(orders.promo_codes) WHERE value = ?)",
    )
      .bind(CODE)
      .first<{ n: number }>();
    expect(paid!.n).toBe(CAP);
    const promo = env.PROMO.get(env.PROMO.idFromName(CODE));
    expect(await promo.usage()).toMatchObject({ redeemed: CAP, reserved: 0, remaining: 0 });

    const stockAfter = (await env.DB.prepare("SELECT stock FROM variants WHERE sku = 'TEA-MILK-500'").first<{
      stock: number;
    }>())!.stock;
    expect(stockBefore - stockAfter).toBe(CAP);

    // No double charges: each paid order has exactly one succeeded PaymentIntent.
    const intents = (await (await fetch(`${STRIPE}/_control/payment_intents`)).json()) as {
      status: string;
      metadata: Record<string, string>;
    }[];
    const winnerIds = new Set(winners.map((w) => w.orderId));
    const succeeded = intents.filter((pi) => pi.status === "succeeded" && winnerIds.has(pi.metadata.order_id));
    expect(succeeded).toHaveLength(CAP);
    expect(new Set(succeeded.map((pi) => pi.metadata.order_id)).size).toBe(CAP);
  });
});
