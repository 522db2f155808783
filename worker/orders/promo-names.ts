/**
 * How a promotion's Durable Objects are named. The object named by the code
 * is its whole ledger (1 shard) or, when sharded, its coordinator; shard i
 * lives in its own object. Shared by the callers' facade
 * (promo-reservations.ts) and the objects themselves (a shard calls its coordinator).
 */
import type { Env } from "../env.js";

export function coordinatorStub(env: Pick<Env, "PROMO">, code: string) {
  return env.PROMO.get(env.PROMO.idFromName(code));
}

export function shardStub(env: Pick<Env, "PROMO">, code: string, shard: number) {
  // "#" cannot occur in a promotion code, so no shard name collides with another code.
  return env.PROMO.get(env.PROMO.idFromName(`${code}#${shard}`));
}
