import { describe, expect, it } from "vitest";
import { RulesPlanner } from "../rules.js";
import { NOTHING, formatScore, runCorpus, scoreByKind } from "./run.js";
import { SCENARIOS } from "./scenarios.js";

/**
 * The floor the rules planner must keep per kind (a ratchet: raise it when
 * the planner improves; `npm run eval:planner -- --verbose` lists failures).
 */
const FLOOR = { total: 0.97 };

describe("planner corpus", () => {
  it("holds at least 300 scored shopper messages", () => {
    expect(SCENARIOS.flatMap((s) => s.steps.filter((x) => x.expect)).length).toBeGreaterThanOrEqual(300);
  });

  it("every case fails for a planner that does nothing", async () => {
    const results = await runCorpus(NOTHING, SCENARIOS);
    expect(results.filter((r) => r.failures.length === 0).map((r) => r.text)).toEqual([]);
  }, 60_000);

  it("the rules planner keeps its score", async () => {
    const score = scoreByKind(await runCorpus(new RulesPlanner(), SCENARIOS));
    expect(score.passed / score.total, formatScore(score)).toBeGreaterThanOrEqual(FLOOR.total);
  }, 60_000);
});
