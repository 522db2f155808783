import { DurableObject } from "cloudflare:workers";
import {
  decideConsume,
  decideExpire,
  decideKill,
  decideRelease,
  decideReserve,
  effective,
  type ConsumeOutcome,
  type LedgerView,
  type PromotionLimits,
  type PromoUsage,
  type ReleaseOutcome,
  type Reservation,
  type ReserveOutcome,
  remaining,
} from "../commerce/promotion-ledger.js";
import { type Allotment } from "../commerce/promotion-shards.js";
import { PromoShards, type BorrowAnswer, type BorrowRequest, type ShardStatus } from "./promo-shard-role.js";

export type {
  BorrowAnswer,
  BorrowRequest,
  ConsumeOutcome,
  PromotionLimits,
  PromoUsage,
  ReleaseOutcome,
  Reservation,
  ReserveOutcome,
  ShardStatus,
};

export interface ReserveRequest {
  code: string;
  /** The caller's idempotency key for this hold, e.g. the quote id. */
  reservationId: string;
  /** "user:<sub>" or another stable shopper key: the per-user cap counts by it. */
  customer: string;
  /** The promotion's current caps from D1; they replace the stored copy. */
  limits: PromotionLimits;
  ttlMs: number;
  /** Set when the promotion is sharded: this object is shard `index` of `of` (worker/commerce/promotion-shards.ts). */
  shard?: { index: number; of: number };
}

export interface KillOptions {
  reason: string;
  /** true: live reservations stay payable; false: each is released ("killed"). */
  honorReserved: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS config (
  id INTEGER PRIMARY KEY CHECK (id = 1), code TEXT, total_cap INTEGER, per_user_cap INTEGER,
  killed INTEGER NOT NULL DEFAULT 0, honor_reserved INTEGER NOT NULL DEFAULT 1, killed_reason TEXT, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (
  id TEXT PRIMARY KEY, customer TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('reserved', 'redeemed', 'released')),
  expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL, redeemed_at INTEGER, released_reason TEXT);
CREATE INDEX IF NOT EXISTS reservations_state_expiry ON reservations (state, expires_at);
CREATE INDEX IF NOT EXISTS reservations_customer ON reservations (customer, state);
`;

// Mirror isLive() in the ledger: redeemed, or reserved and not yet expired (expires_at > now).
const LIVE_RESERVED = "state = 'reserved' AND expires_at > ?";
const LIVE = `(state = 'redeemed' OR (${LIVE_RESERVED}))`;

type ReservationRow = {
  id: string;
  customer: string;
  state: Reservation["state"];
  expires_at: number;
  created_at: number;
  redeemed_at: number | null;
  released_reason: string | null;
};
type ConfigRow = { code: string | null; total_cap: number | null; per_user_cap: number | null; killed: number };

/**
 * One promotion code (`promoCoordinatorStub`, stubs.ts): its caps, kill switch
 * and reservations. A thin shell over worker/commerce/promotion-ledger.ts: each
 * method reads, decides and writes inside one transactionSync with no await,
 * so concurrent calls run one after another and caps are exact. The only
 * awaits (setAlarm; a shard asking its coordinator for units) come between
 * such steps, never inside one.
 *
 * A sharded promotion uses the same class in two more roles (promo-shard-role.ts):
 * each shard object sells from its allotment, and the object named by the
 * code becomes the coordinator that lends allotments and holds no reservations.
 */
/** What a Promo object reads of the Worker's env: the namespace its coordinator and shards live in. */
export interface PromoEnv {
  /** One Promo Durable Object per promotion code: caps, kill switch, reservations. */
  PROMO: DurableObjectNamespace<Promo>;
}

export class Promo extends DurableObject<PromoEnv> {
  private readonly sql: SqlStorage;
  private readonly shards: PromoShards;

  constructor(ctx: DurableObjectState, env: PromoEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    this.shards = new PromoShards(ctx, env, () => this.hasReservations());
  }

  async reserve(req: ReserveRequest): Promise<ReserveOutcome> {
    const role = this.shards.claim(req.shard);
    // A caller routing by a stale shard count reached the wrong object: refuse rather than sell outside the cap.
    if (!role.ok) return { ok: false, reason: "usage_limit_reached" };
    const outcome = await this.shards.withAllotment(req.code, req.limits.totalCap, role.sharded, (allotment, now) => {
      const config = this.config();
      if (config.code !== null && config.code !== req.code)
        throw new Error(`Promo object of ${config.code} asked to reserve ${req.code}`);
      const view = this.view(req.reservationId, req.customer, now);
      const d = decideReserve(
        view,
        { id: req.reservationId, customer: req.customer, now, ttlMs: req.ttlMs },
        this.shards.limitsFor(req.limits, allotment),
        config.killed,
      );
      return { decision: d, commit: () => this.saveReserve(req, d.write, now) };
    });
    if (outcome.ok && !outcome.replayed) await this.scheduleAlarm();
    return outcome;
  }

  private saveReserve(req: ReserveRequest, write: Reservation | null, now: number): void {
    this.sql.exec(
      `INSERT INTO config (id, code, total_cap, per_user_cap, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET code = excluded.code, total_cap = excluded.total_cap, per_user_cap = excluded.per_user_cap, updated_at = excluded.updated_at`,
      req.code,
      req.limits.totalCap,
      req.limits.perUserCap,
      now,
    );
    this.write(write);
  }

  /** Payment succeeded. A refusal means the shopper paid for a discount with no unit left: refund or void. */
  async consume(reservationId: string): Promise<ConsumeOutcome> {
    const config = this.config();
    const sharded = this.shards.isShard();
    return this.shards.withAllotment(config.code ?? "", config.totalCap, sharded, (allotment, now) => {
      const current = this.config();
      const d = decideConsume(
        this.view(reservationId, undefined, now),
        now,
        this.shards.limitsFor(current, allotment),
        current.killed,
      );
      return { decision: d, commit: () => this.write(d.write) };
    });
  }

  /** `force` gives back a redeemed unit too: only for a refund or cancellation. */
  async release(reservationId: string, reason: string, opts: { force?: boolean } = {}): Promise<ReleaseOutcome> {
    const now = Date.now();
    return this.ctx.storage.transactionSync(() => {
      const d = decideRelease(this.view(reservationId, undefined, now), { now, reason, force: opts.force ?? false });
      this.write(d.write);
      return d.outcome;
    });
  }

  /** A reservation as it stands now (a lapsed one reads as released), or null. */
  async reservation(reservationId: string): Promise<Reservation | null> {
    const row = this.find(reservationId);
    return row && effective(row, Date.now());
  }

  /** reserved counts live reservations only; a caller pricing with it uses toPromotionUsage(). */
  async usage(customer?: string): Promise<PromoUsage> {
    const now = Date.now();
    const config = this.config();
    const count = (where: string, ...args: SqlStorageValue[]) =>
      this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM reservations WHERE ${where}`, ...args).one().n;
    const reserved = count(LIVE_RESERVED, now);
    const redeemed = count("state = 'redeemed'");
    return {
      code: config.code,
      totalCap: config.totalCap,
      perUserCap: config.perUserCap,
      reserved,
      redeemed,
      remaining: remaining(config, reserved + redeemed),
      killed: config.killed,
      userReserved: customer === undefined ? 0 : count(`${LIVE_RESERVED} AND customer = ?`, now, customer),
      userRedeemed: customer === undefined ? 0 : count("state = 'redeemed' AND customer = ?", customer),
    };
  }

  /** Kill switch. Returns the ids it released so the caller can void their quotes; [] when reviving or honouring. */
  async setKilled(killed: boolean, opts: KillOptions): Promise<{ killed: boolean; released: string[] }> {
    const now = Date.now();
    return this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO config (id, killed, honor_reserved, killed_reason, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET killed = excluded.killed, honor_reserved = excluded.honor_reserved,
           killed_reason = excluded.killed_reason, updated_at = excluded.updated_at`,
        killed ? 1 : 0,
        opts.honorReserved ? 1 : 0,
        killed ? opts.reason : null,
        now,
      );
      if (!killed) return { killed, released: [] };
      const live = this.rows(`SELECT * FROM reservations WHERE ${LIVE_RESERVED}`, now);
      const released = decideKill(live, now, opts.honorReserved);
      released.forEach((r) => this.write(r));
      return { killed, released: released.map((r) => r.id) };
    });
  }

  /** Coordinator: a shard of this promotion ran dry and asks for units. */
  async borrow(req: BorrowRequest): Promise<BorrowAnswer> {
    return this.shards.borrow(req);
  }

  /** Shard: the coordinator takes back every unit this shard has not sold. */
  async surrender(version: number): Promise<Allotment> {
    return this.ctx.storage.transactionSync(() => this.shards.surrender(version, this.taken(Date.now())));
  }

  /** Role, allotment and whether anything was ever reserved here (ops views; shard count changes). */
  async shardStatus(): Promise<ShardStatus> {
    return this.shards.status(this.taken(Date.now()));
  }

  /** Releases every reservation whose time has come, then waits for the next one. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      const due = this.rows("SELECT * FROM reservations WHERE state = 'reserved' AND expires_at <= ?", now);
      decideExpire(due, now).forEach((r) => this.write(r));
    });
    await this.scheduleAlarm();
  }

  private async scheduleAlarm(): Promise<void> {
    const next = this.sql
      .exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM reservations WHERE state = 'reserved'")
      .one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private taken(now: number): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM reservations WHERE ${LIVE}`, now).one().n;
  }

  private hasReservations(): boolean {
    return this.sql.exec("SELECT 1 FROM reservations LIMIT 1").toArray().length > 0;
  }

  private view(id: string, customer: string | undefined, now: number): LedgerView {
    const existing = this.find(id);
    const who = customer ?? existing?.customer;
    const count = (extra: string, ...args: SqlStorageValue[]) =>
      this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM reservations WHERE ${LIVE}${extra}`, now, ...args).one()
        .n;
    return { existing, taken: count(""), customerTaken: who === undefined ? 0 : count(" AND customer = ?", who) };
  }

  private config(): PromotionLimits & { code: string | null; killed: boolean } {
    const row = this.sql
      .exec<ConfigRow>("SELECT code, total_cap, per_user_cap, killed FROM config WHERE id = 1")
      .toArray()[0];
    return {
      code: row?.code ?? null,
      totalCap: row?.total_cap ?? null,
      perUserCap: row?.per_user_cap ?? null,
      killed: row?.killed === 1,
    };
  }

  private find(id: string): Reservation | null {
    return this.rows("SELECT * FROM reservations WHERE id = ?", id)[0] ?? null;
  }

  private rows(query: string, ...args: SqlStorageValue[]): Reservation[] {
    return this.sql
      .exec<ReservationRow>(query, ...args)
      .toArray()
      .map((r) => ({
        id: r.id,
        customer: r.customer,
        state: r.state,
        expiresAt: r.expires_at,
        createdAt: r.created_at,
        redeemedAt: r.redeemed_at,
        releasedReason: r.released_reason,
      }));
  }

  private write(r: Reservation | null): void {
    if (!r) return;
    this.sql.exec(
      `INSERT INTO reservations (id, customer, state, expires_at, created_at, redeemed_at, released_reason) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, redeemed_at = excluded.redeemed_at, released_reason = excluded.released_reason`,
      r.id,
      r.customer,
      r.state,
      r.expiresAt,
      r.createdAt,
      r.redeemedAt,
      r.releasedReason,
    );
  }
}
