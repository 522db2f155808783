import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, type LimitState } from "./algorithms.js";
import type { LimitDecision, LimitKind, LimitRule } from "./limiter.js";

const rule = (kind: LimitKind, limit: number, windowMs: number, refillRate?: number): LimitRule => ({
  name: "test",
  kind,
  limit,
  windowMs,
  failMode: "open",
  ...(refillRate === undefined ? {} : { refillRate }),
});

/** Runs requests at the given times through one key; returns each decision. */
function run(
  r: LimitRule,
  times: number[],
  start: LimitState | null = null,
): { decisions: LimitDecision[]; states: LimitState[] } {
  let state = start;
  const decisions: LimitDecision[] = [];
  const states: LimitState[] = [];
  for (const t of times) {
    const step = decide(r, state, t);
    decisions.push(step.decision);
    states.push(step.state);
    state = step.state;
  }
  return { decisions, states };
}
const allowedCount = (ds: LimitDecision[]) => ds.filter((d) => d.allowed).length;
const runningMax = (times: number[]) => times.map((_, i) => Math.max(...times.slice(0, i + 1)));

const T0 = 1_700_000_040_000; // a multiple of 1 s and of 1 min

describe("fixed window", () => {
  it("allows `limit` requests per window and denies the rest until the window ends", () => {
    const r = rule("fixed_window", 3, 1000);
    const { decisions } = run(r, [T0, T0 + 100, T0 + 200, T0 + 300, T0 + 999, T0 + 1000]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false, true]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0, 2]);
    expect(decisions[3]).toEqual({ allowed: false, remaining: 0, resetAt: T0 + 1000, retryAfterSeconds: 1 });
  });

  it("says how many whole seconds to wait", () => {
    const r = rule("fixed_window", 1, 60_000);
    const { decisions } = run(r, [T0, T0 + 1500]);
    expect(decisions[1]).toMatchObject({ allowed: false, resetAt: T0 + 60_000, retryAfterSeconds: 59 });
  });

  it("starts over when the rule's window length changes", () => {
    const { states } = run(rule("fixed_window", 1, 1000), [T0]);
    expect(decide(rule("fixed_window", 1, 2000), states[0]!, T0 + 1).decision.allowed).toBe(true);
  });
});

describe("sliding window (Upstash's weighted approximation)", () => {
  it("weighs the previous window by how much of it still overlaps", () => {
    const r = rule("sliding_window", 10, 1000);
    const first = run(
      r,
      Array.from({ length: 10 }, () => T0 + 500),
    );
    expect(allowedCount(first.decisions)).toBe(10);
    const last = first.states.at(-1)!;
    // At the start of the next window all 10 still count: denied.
    expect(decide(r, last, T0 + 1000).decision.allowed).toBe(false);
    // Half-way through, floor(0.5 * 10) = 5 count: 5 more fit.
    const half = run(
      r,
      Array.from({ length: 6 }, () => T0 + 1500),
      last,
    );
    expect(half.decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(half.decisions[0]!.remaining).toBe(10 - (1 + 5));
    // Two windows on, the old requests are gone.
    expect(decide(r, last, T0 + 2000).decision).toMatchObject({ allowed: true, remaining: 9 });
  });

  it("reports the end of the current window as reset", () => {
    const r = rule("sliding_window", 1, 60_000);
    const { decisions } = run(r, [T0 + 10_000, T0 + 20_000]);
    expect(decisions[1]).toMatchObject({ allowed: false, resetAt: T0 + 60_000, retryAfterSeconds: 40 });
  });
});

describe("token bucket", () => {
  it("spends the burst, then refills refillRate per whole interval", () => {
    const r = rule("token_bucket", 5, 1000, 1);
    const burst = run(
      r,
      Array.from({ length: 6 }, () => T0),
    );
    expect(burst.decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(burst.decisions[5]).toEqual({ allowed: false, remaining: 0, resetAt: T0 + 1000, retryAfterSeconds: 1 });
    const later = run(r, [T0 + 999, T0 + 1000, T0 + 1001, T0 + 3500, T0 + 3500, T0 + 3500], burst.states.at(-1)!);
    expect(later.decisions.map((d) => d.allowed)).toEqual([false, true, false, true, true, false]);
    expect(later.decisions[3]!.resetAt).toBe(T0 + 4000);
  });

  it("forgets a bucket once it would be full again, as Upstash's key expiry does", () => {
    const r = rule("token_bucket", 2, 1000, 1);
    const step = decide(r, null, T0);
    expect(step.expiresAt).toBe(T0 + 1000); // one token short: one interval to full
    // A new bucket starts its refill clock at the request, not at the old phase.
    expect(decide(r, step.state, T0 + 5300).decision).toMatchObject({
      allowed: true,
      remaining: 1,
      resetAt: T0 + 6300,
    });
  });
});

describe("time moving backwards", () => {
  it("does not reopen a fixed window", () => {
    const r = rule("fixed_window", 1, 1000);
    const { decisions } = run(r, [T0 + 1000, T0 + 999]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
  });

  it("does not refill a token bucket", () => {
    const r = rule("token_bucket", 1, 1000, 1);
    const { decisions } = run(r, [T0 + 5000, T0]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
  });

  it("does not pull a token bucket's expiry (a fresh, full bucket) closer", () => {
    const r = rule("token_bucket", 2, 1000, 1);
    const { decisions } = run(r, [T0 + 10_000, T0, T0 + 10_001]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
  });
});

// ---- properties -------------------------------------------------------------

const kinds: LimitKind[] = ["fixed_window", "sliding_window", "token_bucket"];
const arbRule = fc
  .record({
    kind: fc.constantFrom(...kinds),
    limit: fc.integer({ min: 1, max: 12 }),
    windowMs: fc.integer({ min: 1, max: 5000 }),
    refillRate: fc.integer({ min: 1, max: 12 }),
  })
  .map(({ kind, limit, windowMs, refillRate }) =>
    rule(kind, limit, windowMs, kind === "token_bucket" ? refillRate : undefined),
  );
/** Non-decreasing times: a start plus small gaps (many zero: bursts). */
const arbTimes = fc
  .tuple(
    fc.integer({ min: 0, max: 10_000_000 }),
    fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })), { minLength: 1, maxLength: 120 }),
  )
  .map(([start, gaps]) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? start) + g], []));
/** Any times, including jumps backwards. */
const arbJumpyTimes = fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 120 });

describe("properties", () => {
  it("fixed window: never more than `limit` allowed in any window, and exactly min(limit, asked)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5000 }),
        arbTimes,
        (limit, windowMs, times) => {
          const { decisions } = run(rule("fixed_window", limit, windowMs), times);
          const asked = new Map<number, number>();
          const allowed = new Map<number, number>();
          times.forEach((t, i) => {
            const w = Math.floor(t / windowMs);
            asked.set(w, (asked.get(w) ?? 0) + 1);
            if (decisions[i]!.allowed) allowed.set(w, (allowed.get(w) ?? 0) + 1);
          });
          for (const [w, n] of asked) expect(allowed.get(w) ?? 0).toBe(Math.min(limit, n));
        },
      ),
    );
  });

  it("fixed window with a jumpy clock: never more than `limit` per window of the latest time seen", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5000 }),
        arbJumpyTimes,
        (limit, windowMs, times) => {
          const { decisions } = run(rule("fixed_window", limit, windowMs), times);
          const perWindow = new Map<number, number>();
          runningMax(times).forEach((t, i) => {
            if (!decisions[i]!.allowed) return;
            const w = Math.floor(t / windowMs);
            perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
          });
          for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it("sliding window: the weighted estimate never exceeds the limit, nor any W-long span twice the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5000 }),
        arbTimes,
        (limit, windowMs, times) => {
          const { decisions, states } = run(rule("sliding_window", limit, windowMs), times);
          states.forEach((s, i) => {
            if (s.kind !== "sliding_window") throw new Error("wrong state kind");
            const t = times[i]!;
            expect(Math.floor((1 - (t % windowMs) / windowMs) * s.previous) + s.current).toBeLessThanOrEqual(limit);
            expect(s.current).toBeLessThanOrEqual(limit);
          });
          const allowedAt = times.filter((_, i) => decisions[i]!.allowed);
          for (const start of allowedAt) {
            expect(allowedAt.filter((t) => t >= start && t < start + windowMs).length).toBeLessThanOrEqual(2 * limit);
          }
        },
      ),
    );
  });

  it("token bucket: tokens stay within [0, capacity] and no more than capacity + refills are ever granted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 12 }),
        arbTimes,
        (capacity, interval, refill, times) => {
          const { decisions, states } = run(rule("token_bucket", capacity, interval, refill), times);
          for (const s of states) {
            if (s.kind !== "token_bucket") throw new Error("wrong state kind");
            expect(s.tokens).toBeGreaterThanOrEqual(0);
            expect(s.tokens).toBeLessThanOrEqual(capacity);
          }
          decisions.forEach((d) => expect(d.remaining).toBeLessThan(capacity));
          times.forEach((t, i) => {
            const granted = allowedCount(decisions.slice(0, i + 1));
            expect(granted).toBeLessThanOrEqual(capacity + refill * Math.floor((t - times[0]!) / interval));
          });
        },
      ),
    );
  });

  it("a clock running behind never gets an answer a later clock would not", () => {
    fc.assert(
      fc.property(
        arbRule,
        arbJumpyTimes,
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 40_000 }),
        (r, history, a, b) => {
          const state = run(r, history).states.at(-1)!;
          const [early, late] = a <= b ? [a, b] : [b, a];
          if (!decide(r, state, late).decision.allowed) expect(decide(r, state, early).decision.allowed).toBe(false);
        },
      ),
    );
  });

  it("a jumpy clock grants no more than the same requests at the latest time seen", () => {
    fc.assert(
      fc.property(arbRule, arbJumpyTimes, (r, times) => {
        expect(allowedCount(run(r, times).decisions)).toBeLessThanOrEqual(
          allowedCount(run(r, runningMax(times)).decisions),
        );
      }),
    );
  });
});
