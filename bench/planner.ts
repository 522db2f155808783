/**
 * npm run bench:planner — per-message cost of the rules planner on the corpus
 * messages, each with the conversation view it had in its scenario (seeded
 * catalog, in memory). Baseline in the same run: the same messages planned
 * without a conversation view (the clause rules alone, as before the view).
 */
import type { Planner, PlannerContext, PlannerInput } from "../worker/agent/planner/port.js";
import { planRules, RulesPlanner } from "../worker/agent/planner/rules.js";
import { runCorpus } from "../worker/agent/planner/corpus/run.js";
import { SCENARIOS } from "../worker/agent/planner/corpus/scenarios.js";

const seen: [PlannerInput, PlannerContext][] = [];
const rules = new RulesPlanner();
const recording: Planner = { plan: (input, context) => (seen.push([input, context]), rules.plan(input, context)) };
await runCorpus(recording, SCENARIOS);

function measure(label: string, withView: boolean): number {
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const [input, context] of seen) {
      const ctx = withView ? context : { currency: context.currency, vocabulary: context.vocabulary };
      const t0 = performance.now();
      planRules(input, ctx);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  console.log(
    `${label.padEnd(28)} n=${times.length} p50=${q(0.5).toFixed(3)}ms p99=${q(0.99).toFixed(3)}ms max=${q(1).toFixed(3)}ms`,
  );
  return q(0.99);
}

measure("warm-up", true);
const base = measure("baseline (no view)", false);
const now = measure("rules planner (with view)", true);
console.log(
  `p99 ratio with view / without: ${(now / base).toFixed(2)}×; target p99 < 2 ms: ${now < 2 ? "met" : "NOT met"}`,
);
