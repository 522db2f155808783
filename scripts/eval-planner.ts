/**
 * npm run eval:planner [-- --planner rules] [--verbose] [--kind price]
 * Scores a planner on the shopper corpus (worker/agent/planner/corpus) by kind.
 */
import type { Planner } from "../worker/agent/planner/port.js";
import { RulesPlanner } from "../worker/agent/planner/rules.js";
import { formatScore, runCorpus, scoreByKind } from "../worker/agent/planner/corpus/run.js";
import { SCENARIOS } from "../worker/agent/planner/corpus/scenarios.js";
import { modelPlannerForEval, modelEvalSummary, startEvalModel } from "./eval-model.js";

/** Planners the eval can drive. A model planner registers here (it needs its own config, e.g. an API key). */
const PLANNERS: Record<string, () => Planner> = {
  rules: () => new RulesPlanner(),
  // Whatever model LLM_BASE_URL/LLM_MODEL (or the stand-in, --stand-in) points at; failures fall back to the rules.
  llm: () => modelPlannerForEval(),
};

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const name = opt("planner") ?? "rules";
const make = PLANNERS[name];
if (!make) {
  console.error(`unknown planner "${name}"; known: ${Object.keys(PLANNERS).join(", ")}`);
  process.exit(2);
}
await startEvalModel(args);
const kind = opt("kind");
const scenarios = kind ? SCENARIOS.filter((s) => s.kind === kind) : SCENARIOS;
const results = await runCorpus(make(), scenarios);
if (args.includes("--verbose")) {
  for (const r of results.filter((x) => x.failures.length)) {
    console.log(`✗ [${r.kind}] ${JSON.stringify(r.text)} → ${r.failures.join("; ")}\n    ${JSON.stringify(r.actions)}`);
  }
}
console.log(`planner: ${name}`);
console.log(formatScore(scoreByKind(results)));
await modelEvalSummary();
