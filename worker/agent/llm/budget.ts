import type { Limiter, LimitRule } from "../../limits/limiter.js";

/**
 * A shopper's daily model tokens, counted by the existing limiter port in
 * units of 1,000 tokens (the limiter counts calls, not weights). A turn
 * takes one unit up front, which is the check, and the rest once the
 * provider reported its usage. Fails open: the budget guards cost, and the
 * rules planner is always there.
 */
const UNIT = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
// One turn is at most 4 steps of a few thousand tokens; never more round trips than this to record it.
const MAX_EXTRA_UNITS = 40;

export function tokenRule(tokensPerDay: number): LimitRule {
  return {
    name: "llm_tokens",
    kind: "fixed_window",
    limit: Math.max(1, Math.floor(tokensPerDay / UNIT)),
    windowMs: DAY_MS,
    failMode: "open",
  };
}

export class TokenBudget {
  private readonly rule: LimitRule;
  constructor(
    private readonly limiter: Limiter,
    private readonly key: string,
    tokensPerDay: number,
  ) {
    this.rule = tokenRule(tokensPerDay);
  }

  /** Takes the turn's first unit; false = over budget today. */
  async admit(): Promise<boolean> {
    return (await this.limiter.limit(this.key, this.rule)).allowed;
  }

  /** Records what the turn used beyond the unit admit() took. */
  async spend(tokens: number): Promise<void> {
    const extra = Math.min(MAX_EXTRA_UNITS, Math.ceil(tokens / UNIT) - 1);
    for (let i = 0; i < extra; i++) await this.limiter.limit(this.key, this.rule);
  }
}
