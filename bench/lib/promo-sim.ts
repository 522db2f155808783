/**
 * Discrete-event simulation of one hot promotion on Durable Objects: shoppers
 * arrive at a steady rate, each prices the promotion, reserves a unit and, if
 * it got one, pays a little later (consume). Every call goes to the shopper's
 * shard object (bench/lib/promo-cluster.ts runs the real ledger and sharding
 * protocol); every object is single-threaded with a fixed service time (the
 * per-object limit) and a bounded queue, beyond which it answers "overloaded"
 * like a real object does. Pure and seeded: the same config gives the same figures.
 */
import { mulberry32 } from "../../db/seed/prng.js";
import { PromoCluster, type Msg } from "./promo-cluster.js";

export interface SimConfig {
  shards: number;
  totalCap: number;
  perUserCap: number;
  /** Shopper attempts per second (Poisson arrivals). */
  attemptsPerSecond: number;
  /** Simulated seconds of arrivals; the run continues until every call is answered. */
  seconds: number;
  /** Time one object spends on one request: 1 ms ≈ the documented ~1,000 requests/s per object. */
  serviceMs: number;
  /** Requests an object queues before refusing ("overloaded"). */
  maxQueue: number;
  /** One-way latency worker → object and object → object. */
  latencyMs: number;
  /** Checkout-to-payment delay, uniformly in [min, max]. */
  payMs: readonly [number, number];
  /** Share of attempts made by a shopper who already tried (exercises the per-user cap). */
  repeatShare: number;
  /** Redemption token bucket per shard (rate = burst, per second); null = no limiter. */
  limiterPerShard: number | null;
  seed: number;
}

export interface SimResult {
  attempts: number;
  reserved: number;
  redeemed: number;
  refusedCap: number;
  refusedPerUser: number;
  refusedLimiter: number;
  overloaded: number;
  /** Redemptions per simulated second in the steady part of the run (after the first payments land, before arrivals stop). */
  redemptionsPerSecond: number;
  coordinatorMessages: number;
  /** Busiest object's busy time over the whole run (1 = saturated). */
  maxUtilization: number;
  /** When the last unit was redeemed, if the cap sold out; ms from the start. */
  soldOutAtMs: number | null;
  /** Checked at the end: live units never above the cap, no shopper above theirs. */
  oversold: number;
  perUserOver: number;
}

type Event = { at: number; seq: number; run: () => void };
type Outcome = { readonly ok: boolean; readonly reason?: string };
const PRICED: Outcome = { ok: true };

/** A binary min-heap of events by time, ties in insertion order. */
class Agenda {
  private readonly heap: Event[] = [];
  private seq = 0;
  now = 0;
  at(at: number, run: () => void): void {
    const e = { at, seq: this.seq++, run };
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (before(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  runAll(): void {
    const h = this.heap;
    while (h.length > 0) {
      const top = h[0]!;
      const last = h.pop()!;
      if (h.length > 0) {
        h[0] = last;
        for (let i = 0; ;) {
          const l = 2 * i + 1,
            r = l + 1;
          let m = i;
          if (l < h.length && before(h[l]!, h[m]!)) m = l;
          if (r < h.length && before(h[r]!, h[m]!)) m = r;
          if (m === i) break;
          [h[m], h[i]] = [h[i]!, h[m]!];
          i = m;
        }
      }
      this.now = top.at;
      top.run();
    }
  }
}

function before(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A single-threaded object: FIFO, fixed service time, bounded queue. */
class ObjectModel {
  busyMs = 0;
  private freeAt = 0;
  private queued = 0;
  constructor(
    private readonly agenda: Agenda,
    private readonly cfg: SimConfig,
  ) {}
  /** Runs `work` when the object gets to it; false if its queue is full (the request is refused unseen). */
  submit(work: () => void, always = false): boolean {
    if (!always && this.queued >= this.cfg.maxQueue) return false;
    this.queued++;
    const start = Math.max(this.agenda.now, this.freeAt);
    this.freeAt = start + this.cfg.serviceMs;
    this.busyMs += this.cfg.serviceMs;
    this.agenda.at(this.freeAt, () => {
      this.queued--;
      work();
    });
    return true;
  }
}

export function simulate(cfg: SimConfig): SimResult {
  const random = mulberry32(cfg.seed);
  const agenda = new Agenda();
  const cluster = new PromoCluster({ totalCap: cfg.totalCap, perUserCap: cfg.perUserCap }, cfg.shards);
  const shardObjects = Array.from({ length: cfg.shards }, () => new ObjectModel(agenda, cfg));
  const coordinatorObject = new ObjectModel(agenda, cfg);
  const buckets = Array.from({ length: cfg.shards }, () => ({ tokens: cfg.limiterPerShard ?? 0, at: 0 }));
  const waiting = new Map<string, (o: Outcome) => void>();
  const r: SimResult = {
    attempts: 0,
    reserved: 0,
    redeemed: 0,
    refusedCap: 0,
    refusedPerUser: 0,
    refusedLimiter: 0,
    overloaded: 0,
    redemptionsPerSecond: 0,
    coordinatorMessages: 0,
    maxUtilization: 0,
    soldOutAtMs: null,
    oversold: 0,
    perUserOver: 0,
  };
  const endMs = cfg.seconds * 1000;
  // The ledger keeps integer epoch ms.
  const clock = () => Math.floor(agenda.now);
  const warmMs = Math.min(endMs / 2, cfg.payMs[1] + 1000);
  let redeemedInWindow = 0;
  let shoppers = 0;

  const answer = (id: string, o: Outcome) => {
    const done = waiting.get(id);
    waiting.delete(id);
    done?.(o);
  };
  /** Moves whatever the cluster wants to send onto the wire. */
  const flush = () => {
    for (const msg of cluster.outbox.splice(0)) {
      const target = msg.to === "coordinator" ? coordinatorObject : shardObjects[msg.to]!;
      if (msg.to === "coordinator") r.coordinatorMessages++;
      // Object-to-object traffic is a handful of calls per borrow; only shoppers' calls meet a full queue.
      agenda.at(agenda.now + cfg.latencyMs, () => void target.submit(() => deliver(msg), true));
    }
  };
  const deliver = (msg: Msg) => {
    const answers = cluster.deliver(msg, clock());
    for (const a of answers) agenda.at(agenda.now + cfg.latencyMs, () => answer(a.id, a.outcome));
    flush();
  };
  const limiterAllows = (shard: number): boolean => {
    if (cfg.limiterPerShard === null) return true;
    const b = buckets[shard]!;
    b.tokens = Math.min(cfg.limiterPerShard, b.tokens + ((agenda.now - b.at) / 1000) * cfg.limiterPerShard);
    b.at = agenda.now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  /** One call from a worker to the shopper's shard; `then` runs when its answer is back at the worker. */
  const call = (shard: number, work: () => Outcome | null, id: string, then: (o: Outcome | "overloaded") => void) => {
    agenda.at(agenda.now + cfg.latencyMs, () => {
      const accepted = shardObjects[shard]!.submit(() => {
        const o = work();
        flush();
        if (o === null) waiting.set(id, then);
        else agenda.at(agenda.now + cfg.latencyMs, () => then(o));
      });
      if (!accepted) agenda.at(agenda.now + cfg.latencyMs, () => then("overloaded"));
    });
  };

  const attempt = (n: number) => {
    r.attempts++;
    const repeat = shoppers > 0 && random() < cfg.repeatShare;
    const customer = `user:${repeat ? Math.floor(random() * shoppers) : shoppers++}`;
    const id = `a${n}`;
    const shard = cluster.shardFor(customer);
    // Pricing reads the shopper's shard first (usage), then the confirmation reserves.
    call(
      shard,
      () => PRICED,
      id,
      (priced) => {
        if (priced === "overloaded") return void r.overloaded++;
        if (!limiterAllows(shard)) return void r.refusedLimiter++;
        call(
          shard,
          () => cluster.reserve(id, customer, clock(), 900_000),
          id,
          (o) => {
            if (o === "overloaded") return void r.overloaded++;
            if (!o.ok) return void (o.reason === "per_user_limit_reached" ? r.refusedPerUser++ : r.refusedCap++);
            r.reserved++;
            const pay = cfg.payMs[0] + random() * (cfg.payMs[1] - cfg.payMs[0]);
            agenda.at(agenda.now + pay, () => consume(id, customer, shard));
          },
        );
      },
    );
  };
  // A payment webhook is retried until the object takes it, as Stripe retries.
  const consume = (id: string, customer: string, shard: number) => {
    call(
      shard,
      () => cluster.consume(id, customer, clock()),
      id,
      (o) => {
        if (o === "overloaded") return void agenda.at(agenda.now + 100, () => consume(id, customer, shard));
        if (!o.ok) return;
        r.redeemed++;
        if (agenda.now >= warmMs && agenda.now <= endMs) redeemedInWindow++;
        if (r.redeemed === cfg.totalCap) r.soldOutAtMs = Math.round(agenda.now);
      },
    );
  };

  let t = 0;
  for (let n = 0; ; n++) {
    t += (-Math.log(1 - random()) / cfg.attemptsPerSecond) * 1000;
    if (t >= endMs) break;
    agenda.at(t, () => attempt(n));
  }
  agenda.runAll();

  r.redemptionsPerSecond = Math.round((redeemedInWindow * 1000) / (endMs - warmMs));
  r.maxUtilization =
    Math.round((Math.max(...shardObjects.map((o) => o.busyMs), coordinatorObject.busyMs) / agenda.now) * 100) / 100;
  const now = clock();
  const taken = cluster.shards.reduce((s, _, i) => s + cluster.taken(i, now), 0);
  r.oversold = Math.max(0, taken - cfg.totalCap);
  const perUser = new Map<string, number>();
  for (const s of cluster.shards)
    for (const row of s.rows.values())
      if (row.state === "redeemed") perUser.set(row.customer, (perUser.get(row.customer) ?? 0) + 1);
  r.perUserOver = [...perUser.values()].filter((v) => v > cfg.perUserCap).length;
  return r;
}
