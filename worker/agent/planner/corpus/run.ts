/** Runs the corpus through a planner and scores it by kind. */
import type { Action } from "../../actions.js";
import type { Planner } from "../port.js";
import { RulesPlanner } from "../rules.js";
import { check } from "./expect.js";
import { Session } from "./harness.js";
import type { Kind, Scenario } from "./scenarios.js";

export interface CaseResult {
  readonly kind: Kind;
  readonly scenario: number;
  readonly text: string;
  readonly failures: readonly string[];
  readonly actions: readonly Action[];
}

/** Setup steps always run through the rules planner, so every planner is scored from the same situation. */
export async function runCorpus(planner: Planner, scenarios: readonly Scenario[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  const setup = new RulesPlanner();
  for (const [i, s] of scenarios.entries()) {
    const session = new Session(setup);
    for (const step of s.steps) {
      session.planner = step.expect ? planner : setup;
      const r = await session.send(step.press !== undefined ? { button: step.press } : { text: step.say ?? "" });
      if (step.expect)
        out.push({
          kind: s.kind,
          scenario: i,
          text: step.say ?? step.press ?? "",
          failures: check(r, step.expect),
          actions: r.actions,
        });
    }
  }
  return out;
}

export interface KindScore {
  readonly kind: Kind;
  readonly passed: number;
  readonly total: number;
}

export function scoreByKind(results: readonly CaseResult[]): { kinds: KindScore[]; passed: number; total: number } {
  const kinds = new Map<Kind, { passed: number; total: number }>();
  for (const r of results) {
    const k = kinds.get(r.kind) ?? { passed: 0, total: 0 };
    k.total++;
    if (r.failures.length === 0) k.passed++;
    kinds.set(r.kind, k);
  }
  const list = [...kinds].map(([kind, k]) => ({ kind, ...k }));
  return { kinds: list, passed: list.reduce((n, k) => n + k.passed, 0), total: results.length };
}

export function formatScore(s: ReturnType<typeof scoreByKind>): string {
  const pct = (p: number, t: number) => `${((100 * p) / Math.max(1, t)).toFixed(1)}%`;
  const rows = s.kinds.map(
    (k) =>
      `${k.kind.padEnd(10)} ${String(k.passed).padStart(3)}/${String(k.total).padEnd(3)} ${pct(k.passed, k.total).padStart(6)}`,
  );
  return [
    ...rows,
    `${"total".padEnd(10)} ${String(s.passed).padStart(3)}/${String(s.total).padEnd(3)} ${pct(s.passed, s.total).padStart(6)}`,
  ].join("\n");
}

/** A planner that understands nothing: every scored case must fail against it. */
export const NOTHING: Planner = {
  plan: async (input) => [{ type: "unknown", text: "text" in input ? String(input.text ?? "") : "" }],
};
