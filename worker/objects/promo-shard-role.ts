/**
 * The sharded roles of a Promo object (worker/commerce/promotion-shards.ts holds
 * the decisions, bench/lib/promo-cluster.ts the reference model of this
 * exchange). A shard sells from its allotment and, when it runs dry, asks the
 * coordinator for more; the coordinator lends from its free pool and, when
 * that is empty, reclaims every other shard's unsold units first. The
 * coordinator serves one borrow at a time (blockConcurrencyWhile), so its
 * state never interleaves; a shard keeps serving while it waits, and its
 * concurrent dry requests share one borrow.
 */
import {
  applyAllotment,
  applyReclaim,
  assertShards,
  beginReclaim,
  decideGrant,
  decideSurrender,
  DRY_COOLDOWN_MS,
  NO_ALLOTMENT,
  overCommitted,
  shardLimits,
  withCap,
  type Allotment,
  type CoordinatorState,
} from "../commerce/promotion-shards.js";
import type { Decision, PromotionLimits } from "../commerce/promotion-ledger.js";
import type { PromoEnv } from "./promo.do.js";
import { promoCoordinatorStub, promoShardStub } from "./stubs.js";

export interface BorrowRequest {
  code: string;
  shard: number;
  shards: number;
  /** The cap the shard was just told (from D1); a change reaches the coordinator this way. */
  totalCap: number | null;
}

export interface BorrowAnswer {
  allotment: Allotment;
  /** Nothing left anywhere (or the caller is not one of this coordinator's shards). */
  exhausted: boolean;
}

export interface ShardStatus {
  role: "ledger" | "coordinator" | "shard" | null;
  shard: number | null;
  shards: number;
  /** This shard's allotment (shard role); the coordinator reports its belief per shard in `grants`. */
  allotment: number | null;
  taken: number;
  /** Sold out here and told by the coordinator that nothing is left anywhere, for now. */
  dry: boolean;
  used: boolean;
  grants: Allotment[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS shard_layout (
  id INTEGER PRIMARY KEY CHECK (id = 1), role TEXT NOT NULL CHECK (role IN ('ledger', 'coordinator', 'shard')), shard INTEGER,
  shards INTEGER NOT NULL, units INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0,
  cap_seen INTEGER, cap_synced INTEGER NOT NULL DEFAULT 0, dry_until INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS shard_grants (shard INTEGER PRIMARY KEY, units INTEGER NOT NULL, version INTEGER NOT NULL);
`;

/** A borrow answered after this many rounds still dry means others are draining it: decide with what is held. */
const MAX_ROUNDS = 6;
const REFUSED: BorrowAnswer = { allotment: NO_ALLOTMENT, exhausted: true };

type LayoutRow = {
  role: "ledger" | "coordinator" | "shard";
  shard: number | null;
  shards: number;
  units: number;
  version: number;
  cap_seen: number | null;
  cap_synced: number;
  dry_until: number;
};

/** One step of a shard's ledger: the decision, and how to store it if it stands. */
export type Step<O> = { decision: Decision<O>; commit: () => void };

export class PromoShards {
  private readonly sql: SqlStorage;
  private pending: Promise<"granted" | "exhausted" | "failed"> | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: PromoEnv,
    private readonly hasReservations: () => boolean,
  ) {
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  /** Which role a reserve puts this object in; refused if it already plays another (a caller with a stale shard count). */
  claim(shard: { index: number; of: number } | undefined): { ok: boolean; sharded: boolean } {
    const sharded = shard !== undefined && shard.of > 1;
    const lay = this.layout();
    if (!lay) {
      if (sharded) assertShards(shard.of);
      this.sql.exec(
        "INSERT INTO shard_layout (id, role, shard, shards) VALUES (1, ?, ?, ?)",
        sharded ? "shard" : "ledger",
        sharded ? shard.index : null,
        sharded ? shard.of : 1,
      );
      return { ok: true, sharded };
    }
    const ok = sharded
      ? lay.role === "shard" && lay.shard === shard.index && lay.shards === shard.of
      : lay.role === "ledger";
    return { ok, sharded };
  }

  isShard(): boolean {
    return this.layout()?.role === "shard";
  }

  limitsFor(limits: PromotionLimits, allotment: Allotment | null): PromotionLimits {
    return allotment ? shardLimits(limits, allotment) : limits;
  }

  /**
   * Runs one ledger step against this shard's allotment (or plainly, unsharded).
   * When it would refuse only because the shard is dry, or the cap changed
   * since the coordinator last heard, it borrows first and decides again.
   */
  async withAllotment<O extends { ok: boolean; reason?: string }>(
    code: string,
    totalCap: number | null,
    sharded: boolean,
    step: (allotment: Allotment | null, now: number) => Step<O>,
  ): Promise<O> {
    let mayBorrow = sharded && totalCap !== null && code !== "";
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS - 1) mayBorrow = false;
      const now = Date.now();
      const outcome = this.ctx.storage.transactionSync(() => {
        const lay = this.layout();
        const s = step(sharded && lay ? allotmentOf(lay) : null, now);
        if (mayBorrow && lay) {
          const synced = lay.cap_synced === 1 && lay.cap_seen === totalCap;
          const dry =
            !s.decision.outcome.ok && s.decision.outcome.reason === "usage_limit_reached" && now >= lay.dry_until;
          if (!synced || dry) return null;
        }
        s.commit();
        return s.decision.outcome;
      });
      if (outcome !== null) return outcome;
      if ((await this.borrowOnce(code, totalCap)) === "failed") mayBorrow = false;
    }
  }

  /** Concurrent dry requests on this shard share one call to the coordinator. */
  private borrowOnce(code: string, totalCap: number | null): Promise<"granted" | "exhausted" | "failed"> {
    this.pending ??= this.askCoordinator(code, totalCap).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async askCoordinator(code: string, totalCap: number | null): Promise<"granted" | "exhausted" | "failed"> {
    const lay = this.layout();
    if (!lay || lay.shard === null) return "failed";
    let answer: BorrowAnswer;
    try {
      answer = await promoCoordinatorStub(this.env, code).borrow({
        code,
        shard: lay.shard,
        shards: lay.shards,
        totalCap,
      });
    } catch (e) {
      console.error("promo borrow failed", code, lay.shard, e);
      return "failed";
    }
    this.ctx.storage.transactionSync(() => {
      const cur = this.layout()!;
      const next = applyAllotment(allotmentOf(cur), answer.allotment);
      this.sql.exec(
        "UPDATE shard_layout SET units = ?, version = ?, cap_seen = ?, cap_synced = 1, dry_until = ? WHERE id = 1",
        next.units,
        next.version,
        totalCap,
        answer.exhausted ? Date.now() + DRY_COOLDOWN_MS : cur.dry_until,
      );
    });
    return answer.exhausted ? "exhausted" : "granted";
  }

  /** Shard side of a reclaim (inside the caller's transaction). */
  surrender(version: number, taken: number): Allotment {
    const lay = this.layout();
    if (lay?.role !== "shard") return NO_ALLOTMENT;
    const next = decideSurrender(allotmentOf(lay), taken, version);
    this.sql.exec("UPDATE shard_layout SET units = ?, version = ? WHERE id = 1", next.units, next.version);
    return next;
  }

  /** Coordinator: one borrow at a time, reclaims included. Never throws (that would reset the object). */
  borrow(req: BorrowRequest): Promise<BorrowAnswer> {
    return this.ctx.blockConcurrencyWhile(async () => {
      try {
        return await this.lend(req);
      } catch (e) {
        console.error("promo lend failed", req.code, e);
        return REFUSED;
      }
    });
  }

  status(taken: number): ShardStatus {
    const lay = this.layout();
    const grants = this.sql
      .exec<{ units: number; version: number }>("SELECT units, version FROM shard_grants ORDER BY shard")
      .toArray();
    return {
      role: lay?.role ?? null,
      shard: lay?.shard ?? null,
      shards: lay?.shards ?? 1,
      allotment: lay?.role === "shard" ? lay.units : null,
      taken,
      dry: lay?.role === "shard" && lay.units <= taken && Date.now() < lay.dry_until,
      used: lay !== null || this.hasReservations(),
      grants: grants.map((g) => ({ units: g.units, version: g.version })),
    };
  }

  private async lend(req: BorrowRequest): Promise<BorrowAnswer> {
    assertShards(req.shards);
    if (!Number.isSafeInteger(req.shard) || req.shard < 0 || req.shard >= req.shards) return REFUSED;
    const lay = this.layout();
    if (lay ? lay.role !== "coordinator" || lay.shards !== req.shards : this.hasReservations()) return REFUSED;
    if (!lay) {
      this.sql.exec(
        "INSERT INTO shard_layout (id, role, shards, cap_seen) VALUES (1, 'coordinator', ?, ?)",
        req.shards,
        req.totalCap,
      );
      for (let i = 0; i < req.shards; i++)
        this.sql.exec("INSERT INTO shard_grants (shard, units, version) VALUES (?, 0, 0)", i);
    }
    let s = withCap(this.coordinatorState(), req.totalCap);
    if (overCommitted(s)) s = await this.reclaim(req.code, s, null);
    let d = decideGrant(s, req.shard);
    if (d.granted === 0 && s.totalCap !== null) {
      s = await this.reclaim(req.code, s, req.shard);
      d = decideGrant(s, req.shard);
    }
    this.saveCoordinator(d.state);
    return { allotment: d.allotment, exhausted: d.granted === 0 };
  }

  /** Every shard but `except` gives back what it has not sold; the new versions are stored before anyone is asked. */
  private async reclaim(code: string, s: CoordinatorState, except: number | null): Promise<CoordinatorState> {
    const targets = s.grants.map((_, j) => j).filter((j) => j !== except);
    const versions = new Map<number, number>();
    for (const j of targets) {
      const b = beginReclaim(s, j);
      s = b.state;
      versions.set(j, b.version);
    }
    this.saveCoordinator(s);
    const answers = await Promise.all(
      targets.map((j) =>
        promoShardStub(this.env, code, j)
          .surrender(versions.get(j)!)
          .catch((e: unknown) => (console.error("promo surrender failed", code, j, e), null)),
      ),
    );
    answers.forEach((a, k) => {
      if (a) s = applyReclaim(s, targets[k]!, a);
    });
    this.saveCoordinator(s);
    return s;
  }

  private coordinatorState(): CoordinatorState {
    const grants = this.sql
      .exec<{ units: number; version: number }>("SELECT units, version FROM shard_grants ORDER BY shard")
      .toArray();
    return {
      totalCap: this.layout()?.cap_seen ?? null,
      grants: grants.map((g) => ({ units: g.units, version: g.version })),
    };
  }

  private saveCoordinator(s: CoordinatorState): void {
    this.sql.exec("UPDATE shard_layout SET cap_seen = ? WHERE id = 1", s.totalCap);
    s.grants.forEach((g, i) =>
      this.sql.exec("UPDATE shard_grants SET units = ?, version = ? WHERE shard = ?", g.units, g.version, i),
    );
  }

  private layout(): LayoutRow | null {
    return (
      this.sql
        .exec<LayoutRow>(
          "SELECT role, shard, shards, units, version, cap_seen, cap_synced, dry_until FROM shard_layout WHERE id = 1",
        )
        .toArray()[0] ?? null
    );
  }
}

function allotmentOf(lay: LayoutRow): Allotment {
  return { units: lay.units, version: lay.version };
}
