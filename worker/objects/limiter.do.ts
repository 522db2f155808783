import { DurableObject } from "cloudflare:workers";
import { decide, type LimitState } from "../limits/algorithms.js";
import type { LimitDecision, LimitRule } from "../limits/limiter.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS limit_state (
  key TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS limit_state_expiry ON limit_state (expires_at);
`;

/**
 * The embedded rate limiter: one object per rule and key
 * (named "<rule>:<key>", `rateLimiterStub` in stubs.ts). A thin shell over the
 * pure algorithms in algorithms.ts: `limit` reads, decides and writes with no
 * await in between, so concurrent calls run one after another and a limit of
 * 10 lets exactly 10 through. State that means "nothing counted" is deleted
 * by an alarm once the object goes quiet.
 */
// Reads nothing of the env: the rule and the key come with each call.
export class RateLimiter extends DurableObject<unknown> {
  private readonly sql: SqlStorage;
  /** The alarm as last set by this instance (undefined: not read yet). */
  private alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async limit(rule: LimitRule, key: string): Promise<LimitDecision> {
    const now = Date.now();
    const id = `${rule.name}:${key}`;
    const row = this.sql.exec<{ state: string }>("SELECT state FROM limit_state WHERE key = ?", id).toArray()[0];
    const step = decide(rule, row ? (JSON.parse(row.state) as LimitState) : null, now);
    this.sql.exec(
      "INSERT INTO limit_state (key, state, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at",
      id,
      JSON.stringify(step.state),
      step.expiresAt,
    );
    // The decision is already stored; awaiting the alarm bookkeeping lets other calls in, harmlessly.
    await this.cleanUpAfter(step.expiresAt);
    return step.decision;
  }

  override async alarm(): Promise<void> {
    this.sql.exec("DELETE FROM limit_state WHERE expires_at <= ?", Date.now());
    const next = this.sql.exec<{ at: number | null }>("SELECT max(expires_at) AS at FROM limit_state").one().at;
    this.alarmAt = next;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** Keeps one alarm at the latest expiry: it fires once the object has gone quiet. */
  private async cleanUpAfter(expiresAt: number): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt === null || expiresAt > this.alarmAt) {
      this.alarmAt = expiresAt;
      await this.ctx.storage.setAlarm(expiresAt);
    }
  }
}
