import type { PromotionUsage } from "../commerce/types.js";
import type { Env } from "../env.js";

/** Talks to each promotion's Durable Object; the only place that knows the stub naming. */
export function promoStub(env: Env, code: string) {
  return env.PROMO.get(env.PROMO.idFromName(code));
}

/** true only when every code's unit is this order's to keep. */
export async function consumeAll(env: Env, orderId: string, codes: readonly string[]): Promise<boolean> {
  const outcomes = await Promise.all(codes.map((c) => promoStub(env, c).consume(orderId)));
  return outcomes.every((o) => o.ok);
}

/** `force` also gives back units already redeemed: only when the order is undone. */
export async function releaseAll(env: Env, orderId: string, codes: readonly string[], reason: string, force = false): Promise<void> {
  await Promise.all(codes.map((c) => promoStub(env, c).release(orderId, reason, { force })));
}

/** Redemption counts per code for pricing: taken = live reservations + redemptions. */
export function promotionUsage(env: Env, customer: string) {
  return async (codes: readonly string[]) => {
    const entries = await Promise.all(
      codes.map(async (code) => {
        const u = await promoStub(env, code).usage(customer);
        const usage: PromotionUsage = {
          totalRedeemed: u.reserved + u.redeemed,
          userRedeemed: u.userReserved + u.userRedeemed,
          killed: u.killed,
          shopperKnown: !customer.startsWith("guest:"),
        };
        return [code, usage] as const;
      }),
    );
    return new Map(entries);
  };
}
