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
  type PromoLimits,
  type PromoUsage,
  type ReleaseOutcome,
  type Reservation,
  type ReserveOutcome,
  remaining,
} from "../commerce/promo-ledger.js";
import type { Env } from "../env.js";

export type { ConsumeOutcome, PromoLimits, PromoUsage, ReleaseOutcome, Reservation, ReserveOutcome };

export interface ReserveRequest {
  code: string;
  /** The caller's idempotency key for this hold, e.g. the quote id. */
  reservationId: string;
  /** "user:<sub>" or another stable shopper key: the per-user cap counts by it. */
  customer: string;
  /** The promotion's current caps from D1; they replace the stored copy. */
  limits: PromoLimits;
  ttlMs: number;
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
  id: string; customer: string; state: Reservation["state"]; expires_at: number; created_at: number; redeemed_at: number | null; released_reason: string | null;
};
type ConfigRow = { code: string | null; total_cap: number | null; per_user_cap: number | null; killed: number };

/**
 * One promotion code (`env.PROMO.idFromName(code)`): its caps, kill switch
 * and reservations. A thin shell over worker/commerce/promo-ledger.ts: each
 * method reads, decides and writes inside one transactionSync with no await,
 * so concurrent calls run one after another and caps are exact. The only
 * await (setAlarm) comes after the write.
 */
export class Promo extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async reserve(req: ReserveRequest): Promise<ReserveOutcome> {
    const now = Date.now();
    const outcome = this.ctx.storage.transactionSync(() => {
      const config = this.config();
      if (config.code !== null && config.code !== req.code) throw new Error(`Promo object of ${config.code} asked to reserve ${req.code}`);
      const view = this.view(req.reservationId, req.customer, now);
      const d = decideReserve(view, { id: req.reservationId, customer: req.customer, now, ttlMs: req.ttlMs }, req.limits, config.killed);
      this.sql.exec(
        `INSERT INTO config (id, code, total_cap, per_user_cap, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET code = excluded.code, total_cap = excluded.total_cap, per_user_cap = excluded.per_user_cap, updated_at = excluded.updated_at`,
        req.code, req.limits.totalCap, req.limits.perUserCap, now,
      );
      this.write(d.write);
      return d.outcome;
    });
    if (outcome.ok && !outcome.replayed) await this.scheduleAlarm();
    return outcome;
  }

  /** Payment succeeded. A refusal means the shopper paid for a discount with no unit left: refund or void. */
  async consume(reservationId: string): Promise<ConsumeOutcome> {
    const now = Date.now();
    return this.ctx.storage.transactionSync(() => {
      const config = this.config();
      const d = decideConsume(this.view(reservationId, undefined, now), now, config, config.killed);
      this.write(d.write);
      return d.outcome;
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
        killed ? 1 : 0, opts.honorReserved ? 1 : 0, killed ? opts.reason : null, now,
      );
      if (!killed) return { killed, released: [] };
      const live = this.rows(`SELECT * FROM reservations WHERE ${LIVE_RESERVED}`, now);
      const released = decideKill(live, now, opts.honorReserved);
      released.forEach((r) => this.write(r));
      return { killed, released: released.map((r) => r.id) };
    });
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
    const next = this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM reservations WHERE state = 'reserved'").one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private view(id: string, customer: string | undefined, now: number): LedgerView {
    const existing = this.find(id);
    const who = customer ?? existing?.customer;
    const count = (extra: string, ...args: SqlStorageValue[]) =>
      this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM reservations WHERE ${LIVE}${extra}`, now, ...args).one().n;
    return { existing, taken: count(""), customerTaken: who === undefined ? 0 : count(" AND customer = ?", who) };
  }

  private config(): PromoLimits & { code: string | null; killed: boolean } {
    const row = this.sql.exec<ConfigRow>("SELECT code, total_cap, per_user_cap, killed FROM config WHERE id = 1").toArray()[0];
    return { code: row?.code ?? null, totalCap: row?.total_cap ?? null, perUserCap: row?.per_user_cap ?? null, killed: row?.killed === 1 };
  }

  private find(id: string): Reservation | null {
    return this.rows("SELECT * FROM reservations WHERE id = ?", id)[0] ?? null;
  }

  private rows(query: string, ...args: SqlStorageValue[]): Reservation[] {
    return this.sql.exec<ReservationRow>(query, ...args).toArray().map((r) => ({
      id: r.id, customer: r.customer, state: r.state, expiresAt: r.expires_at, createdAt: r.created_at, redeemedAt: r.redeemed_at, releasedReason: r.released_reason,
    }));
  }

  private write(r: Reservation | null): void {
    if (!r) return;
    this.sql.exec(
      `INSERT INTO reservations (id, customer, state, expires_at, created_at, redeemed_at, released_reason) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, redeemed_at = excluded.redeemed_at, released_reason = excluded.released_reason`,
      r.id, r.customer, r.state, r.expiresAt, r.createdAt, r.redeemedAt, r.releasedReason,
    );
  }
}
