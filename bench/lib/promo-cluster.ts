/**
 * A message-passing model of one sharded promotion: N shards and a
 * coordinator running the protocol of worker/commerce/promotion-shards.ts over
 * the ledger of worker/commerce/promotion-ledger.ts, as worker/objects/promo.do.ts
 * does with real Durable Objects. Nothing is delivered by itself: every
 * message waits in `outbox` until the driver delivers (or loses) it, so the
 * property tests can try any interleaving and the simulation can add latency.
 * Pure: the clock is an argument.
 */
import {
  decideConsume,
  decideExpire,
  decideKill,
  decideRelease,
  decideReserve,
  isLive,
  type ConsumeOutcome,
  type LedgerView,
  type PromotionLimits,
  type Reservation,
  type ReserveOutcome,
  viewOf,
} from "../../worker/commerce/promotion-ledger.js";
import {
  applyAllotment,
  applyReclaim,
  beginReclaim,
  decideGrant,
  decideSurrender,
  DRY_COOLDOWN_MS,
  initialState,
  NO_ALLOTMENT,
  shardLimits,
  shardOf,
  type Allotment,
  type CoordinatorState,
} from "../../worker/commerce/promotion-shards.js";

export type Msg =
  | { readonly to: "coordinator"; readonly kind: "borrow"; readonly shard: number }
  | { readonly to: number; readonly kind: "grant"; readonly allotment: Allotment; readonly exhausted: boolean }
  | { readonly to: number; readonly kind: "surrender"; readonly version: number }
  | {
      readonly to: "coordinator";
      readonly kind: "surrendered";
      readonly shard: number;
      readonly allotment: Allotment | null;
    };

type Waiting =
  | { readonly kind: "reserve"; readonly id: string; readonly customer: string; readonly ttlMs: number }
  | { readonly kind: "consume"; readonly id: string };
export type Answer = { readonly id: string; readonly outcome: ReserveOutcome | ConsumeOutcome };

/**
 * One shard's reservations with running counts, so a decision does not scan
 * every row (the simulation holds tens of thousands). Lapsed reservations are
 * only discounted by a full recount once the earliest expiry has passed.
 */
export class ShardRows {
  readonly rows = new Map<string, Reservation>();
  private active = 0;
  private readonly perCustomer = new Map<string, number>();
  private earliestExpiry = Infinity;

  get(id: string): Reservation | undefined {
    return this.rows.get(id);
  }
  values(): IterableIterator<Reservation> {
    return this.rows.values();
  }
  set(id: string, r: Reservation): void {
    const before = this.rows.get(id);
    if (before && before.state !== "released") this.count(before.customer, -1);
    if (r.state !== "released") this.count(r.customer, 1);
    if (r.state === "reserved") this.earliestExpiry = Math.min(this.earliestExpiry, r.expiresAt);
    this.rows.set(id, r);
  }
  /** What decide* reads, as viewOf() would compute it from every row. */
  view(at: { id: string; customer?: string }, now: number): LedgerView {
    if (now >= this.earliestExpiry) return viewOf(this.rows.values(), at, now);
    const existing = this.rows.get(at.id) ?? null;
    const customer = at.customer ?? existing?.customer;
    return {
      existing,
      taken: this.active,
      customerTaken: customer === undefined ? 0 : (this.perCustomer.get(customer) ?? 0),
    };
  }
  taken(now: number): number {
    if (now < this.earliestExpiry) return this.active;
    let n = 0;
    for (const r of this.rows.values()) if (isLive(r, now)) n++;
    return n;
  }
  private count(customer: string, delta: number): void {
    this.active += delta;
    this.perCustomer.set(customer, (this.perCustomer.get(customer) ?? 0) + delta);
  }
}

export interface ShardModel {
  allotment: Allotment;
  readonly rows: ShardRows;
  killed: boolean;
  dryUntil: number;
  borrowing: boolean;
  waiting: Waiting[];
}

export class PromoCluster {
  readonly shards: ShardModel[];
  coordinator: CoordinatorState;
  readonly outbox: Msg[] = [];
  /** Borrows waiting their turn: the coordinator serves one at a time (blockConcurrencyWhile in the object). */
  private readonly queue: number[] = [];
  private active: { shard: number; pending: Set<number> } | null = null;

  constructor(
    readonly limits: PromotionLimits,
    shardCount: number,
  ) {
    this.coordinator = initialState(limits.totalCap, shardCount);
    this.shards = Array.from({ length: shardCount }, () => ({
      allotment: NO_ALLOTMENT,
      rows: new ShardRows(),
      killed: false,
      dryUntil: 0,
      borrowing: false,
      waiting: [],
    }));
  }

  shardFor(customer: string): number {
    return shardOf(customer, this.shards.length);
  }

  /** Reserve on the shopper's shard: an answer now, or null while its shard borrows (the answer comes from a later delivery). */
  reserve(id: string, customer: string, now: number, ttlMs = 60_000): ReserveOutcome | null {
    const s = this.shardFor(customer);
    return this.attempt(s, { kind: "reserve", id, customer, ttlMs }, now, true) as ReserveOutcome | null;
  }

  /** Consume on the shard of the reservation's shopper (the caller knows it from the order). */
  consume(id: string, customer: string, now: number): ConsumeOutcome | null {
    return this.attempt(this.shardFor(customer), { kind: "consume", id }, now, true) as ConsumeOutcome | null;
  }

  release(id: string, customer: string, now: number, force: boolean) {
    const shard = this.shards[this.shardFor(customer)]!;
    const d = decideRelease(shard.rows.view({ id }, now), { now, reason: force ? "refunded" : "abandoned", force });
    if (d.write) shard.rows.set(d.write.id, d.write);
    return d.outcome;
  }

  alarm(now: number): void {
    for (const shard of this.shards) for (const r of decideExpire(shard.rows.values(), now)) shard.rows.set(r.id, r);
  }

  /** The kill switch reaches every shard in one fan-out; answers ids released. */
  setKilled(killed: boolean, honorReserved: boolean, now: number): string[] {
    const released: string[] = [];
    for (const shard of this.shards) {
      shard.killed = killed;
      if (!killed) continue;
      for (const r of decideKill(shard.rows.values(), now, honorReserved)) {
        shard.rows.set(r.id, r);
        released.push(r.id);
      }
    }
    return released;
  }

  /** Delivers one message; answers for requests that were waiting on it. */
  deliver(msg: Msg, now: number): Answer[] {
    if (msg.to === "coordinator") {
      if (msg.kind === "borrow") {
        this.queue.push(msg.shard);
        this.serve();
      } else {
        if (msg.allotment) this.coordinator = applyReclaim(this.coordinator, msg.shard, msg.allotment);
        this.active?.pending.delete(msg.shard);
        this.finishReclaim();
      }
      return [];
    }
    const shard = this.shards[msg.to]!;
    if (msg.kind === "surrender") {
      shard.allotment = decideSurrender(shard.allotment, this.taken(msg.to, now), msg.version);
      this.outbox.push({ to: "coordinator", kind: "surrendered", shard: msg.to, allotment: shard.allotment });
      return [];
    }
    shard.allotment = applyAllotment(shard.allotment, msg.allotment);
    shard.borrowing = false;
    if (msg.exhausted) shard.dryUntil = now + DRY_COOLDOWN_MS;
    // Still dry after a grant (others waiting took it): ask again; after an empty reclaim, refuse.
    return this.retryWaiting(msg.to, now, !msg.exhausted);
  }

  /** The message never arrives: its sender sees an error (an RPC that threw) and refuses rather than guesses. */
  lose(msg: Msg, now: number): Answer[] {
    if (msg.to === "coordinator") {
      // A lost borrow is a failed RPC for the shard; a lost answer leaves the coordinator's belief as it was.
      if (msg.kind === "borrow") return this.borrowFailed(msg.shard, now);
      this.active?.pending.delete(msg.shard);
      this.finishReclaim();
      return [];
    }
    if (msg.kind === "surrender") {
      this.outbox.push({ to: "coordinator", kind: "surrendered", shard: msg.to, allotment: null });
      return [];
    }
    return this.borrowFailed(msg.to, now);
  }

  /** Live units of one shard. */
  taken(shard: number, now: number): number {
    return this.shards[shard]!.rows.taken(now);
  }

  private attempt(s: number, w: Waiting, now: number, mayBorrow: boolean): ReserveOutcome | ConsumeOutcome | null {
    const shard = this.shards[s]!;
    const limits = shardLimits(this.limits, shard.allotment);
    const d =
      w.kind === "reserve"
        ? decideReserve(shard.rows.view(w, now), { ...w, now }, limits, shard.killed)
        : decideConsume(shard.rows.view(w, now), now, limits, shard.killed);
    const dry = !d.outcome.ok && d.outcome.reason === "usage_limit_reached" && this.limits.totalCap !== null;
    if (dry && mayBorrow && now >= shard.dryUntil) {
      shard.waiting.push(w);
      if (!shard.borrowing) {
        shard.borrowing = true;
        this.outbox.push({ to: "coordinator", kind: "borrow", shard: s });
      }
      return null;
    }
    if (d.write) shard.rows.set(d.write.id, d.write);
    return d.outcome;
  }

  private retryWaiting(s: number, now: number, mayBorrow: boolean): Answer[] {
    const shard = this.shards[s]!;
    const waiting = shard.waiting;
    shard.waiting = [];
    const answers: Answer[] = [];
    for (const w of waiting) {
      const outcome = this.attempt(s, w, now, mayBorrow);
      if (outcome) answers.push({ id: w.id, outcome });
    }
    return answers;
  }

  private borrowFailed(s: number, now: number): Answer[] {
    const shard = this.shards[s]!;
    shard.borrowing = false;
    return this.retryWaiting(s, now, false);
  }

  private serve(): void {
    while (!this.active && this.queue.length > 0) {
      const s = this.queue.shift()!;
      const d = decideGrant(this.coordinator, s);
      if (d.granted > 0) {
        this.coordinator = d.state;
        this.outbox.push({ to: s, kind: "grant", allotment: d.allotment, exhausted: false });
        continue;
      }
      // The pool is empty: every other shard gives back its unsold units first.
      const pending = new Set<number>();
      this.shards.forEach((_, j) => {
        if (j === s) return;
        const b = beginReclaim(this.coordinator, j);
        this.coordinator = b.state;
        pending.add(j);
        this.outbox.push({ to: j, kind: "surrender", version: b.version });
      });
      this.active = { shard: s, pending };
      this.finishReclaim();
    }
  }

  private finishReclaim(): void {
    if (!this.active || this.active.pending.size > 0) return;
    const s = this.active.shard;
    this.active = null;
    const d = decideGrant(this.coordinator, s);
    this.coordinator = d.state;
    this.outbox.push({ to: s, kind: "grant", allotment: d.allotment, exhausted: d.granted === 0 });
    this.serve();
  }
}
