/**
 * How one hot promotion scales with shards: the sharded ledger and its
 * protocol (bench/lib/promo-cluster.ts over worker/commerce/) on modelled
 * Durable Objects (bench/lib/promo-sim.ts), at 10× the seed campaign's
 * attempt rate. Prints redemptions/s per shard count, with and without the
 * redemption limiter, and a sell-out run per shard count that must sell the
 * cap exactly. Figures are simulated time, so they do not depend on this
 * machine; the run itself is bounded (a few seconds of CPU per row).
 *
 *   npm run bench:promo-sim [-- --seconds 6 --rate 10000 --shards 1,4,16,64]
 */
import { parseArgs } from "node:util";
import { simulate, type SimConfig } from "./lib/promo-sim.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "6" },
    rate: { type: "string", default: "10000" },
    shards: { type: "string", default: "1,4,16,64" },
    "sellout-cap": { type: "string", default: "2000" },
  },
});

// The seed campaign: 10 M orders in 9 h ≈ 310 orders/s on average; its opening
// burst is taken as 1,000 attempts/s, so 10× is 10,000 attempts/s.
const base: Omit<SimConfig, "shards" | "limiterPerShard" | "totalCap"> = {
  perUserCap: 1,
  attemptsPerSecond: Number(values.rate),
  seconds: Number(values.seconds),
  serviceMs: 1, // ≈ 1,000 requests/s per object (Cloudflare's documented soft limit)
  maxQueue: 200,
  latencyMs: 5,
  payMs: [1_000, 3_000],
  repeatShare: 0.1,
  seed: 15,
};
const shardCounts = values.shards.split(",").map(Number);
const LIMITERS = [
  { label: "no limiter", perShard: null },
  { label: "limiter 50/s per shard (default)", perShard: 50 },
  { label: "limiter 300/s per shard (sized)", perShard: 300 },
] as const;

console.log(
  `promotion simulation: ${base.attemptsPerSecond} attempts/s for ${base.seconds} s, ${1000 / base.serviceMs} req/s per object, ${base.latencyMs} ms hops, per-user cap ${base.perUserCap}`,
);
console.log("redemptions/s (overloaded share of attempts) by shard count:");
console.log(["shards", ...LIMITERS.map((l) => l.label)].join(" | "));
for (const shards of shardCounts) {
  const cells = LIMITERS.map((l) => {
    const r = simulate({ ...base, shards, totalCap: 10_000_000, limiterPerShard: l.perShard });
    if (r.oversold !== 0 || r.perUserOver !== 0) throw new Error(`cap broken: ${JSON.stringify(r)}`);
    return `${r.redemptionsPerSecond} (${Math.round((r.overloaded / r.attempts) * 100)} % overloaded)`;
  });
  console.log([String(shards), ...cells].join(" | "));
}

const cap = Number(values["sellout-cap"]);
console.log(`\nsell-out of a cap of ${cap} with the sized limiter: every run must sell exactly the cap`);
console.log("shards | sold | oversold | per-user over | sold out at | coordinator messages");
for (const shards of shardCounts) {
  const r = simulate({ ...base, shards, totalCap: cap, limiterPerShard: 300 });
  const exact = r.redeemed === cap && r.oversold === 0 && r.perUserOver === 0;
  console.log(
    `${shards} | ${r.redeemed} | ${r.oversold} | ${r.perUserOver} | ${r.soldOutAtMs === null ? "not sold out" : `${(r.soldOutAtMs / 1000).toFixed(1)} s`} | ${r.coordinatorMessages}`,
  );
  if (!exact && r.soldOutAtMs !== null) throw new Error(`sell-out not exact: ${JSON.stringify(r)}`);
}
