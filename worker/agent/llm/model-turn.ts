/**
 * Which planner answers a turn, and how the model's turn ends. Buttons
 * never go to the model; the shopper's own "yes" to a quote is the rules
 * planner's (no model tool confirms a payment, docs/ARCHITECTURE.md
 * invariant 9). A model that fails, times out, is rate limited, answers
 * garbage or is over budget hands the turn to the rules planner, and the
 * shopper never hears why.
 */
import type { Action } from "../actions.js";
import type { Catalog } from "../../catalog/types.js";
import type { PlannerContext, PlannerInput } from "../planner/port.js";
import { planRules } from "../planner/rules.js";
import type { TokenBudget } from "./budget.js";
import { checkClaims, type DropReason } from "./claims.js";
import type { ModelConfig } from "./config.js";
import { planWithModel, type LlmPlan } from "./llm-planner.js";
import { ModelFailure, type FallbackReason } from "./provider.js";
import type { LlmTurnInput } from "./view.js";

export interface PlannedTurn {
  readonly actions: readonly Action[];
  /** Adds the model's sentence to the engine's reply if the claims check lets it; logs the model turn. */
  finish(replyText: string, engineFacts: readonly string[]): string;
}

export interface ModelTurnDeps {
  readonly config: ModelConfig | null;
  readonly catalog: Catalog;
  readonly money: (amount: number, currency: string) => string;
  readonly now: number;
  readonly budget?: TokenBudget;
  /** The model part of the turn input; only built when the model will be asked. */
  readonly modelInput: () => Promise<LlmTurnInput>;
  readonly log?: (line: Record<string, unknown>) => void;
  readonly waitUntil?: (p: Promise<unknown>) => void;
}

export interface ModelTurnLog {
  readonly event: "llm_turn";
  readonly model: string;
  readonly routing: string;
  readonly steps: number;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly latency_ms: number;
  readonly fallback: FallbackReason | null;
  readonly refused_calls: number;
  readonly claims_dropped: number;
  readonly drop_reason: DropReason | null;
}

const rulesOnly = (actions: readonly Action[]): PlannedTurn => ({ actions, finish: (text) => text });

export async function planTurn(
  input: PlannerInput,
  context: PlannerContext,
  deps: ModelTurnDeps,
): Promise<PlannedTurn> {
  const rules = planRules(input, context);
  const config = deps.config;
  if (!config || input.button !== undefined || !input.text?.trim()) return rulesOnly(rules);
  if (rules.some((a) => a.type === "confirm_quote")) return rulesOnly(rules);
  if (config.routing === "rules-first" && !rules.some((a) => a.type === "unknown")) return rulesOnly(rules);

  const started = Date.now();
  const log = deps.log ?? ((line) => console.log(JSON.stringify(line)));
  const base = { event: "llm_turn" as const, model: config.provider.model, routing: config.routing };
  const fallback = (reason: FallbackReason, steps = 0): PlannedTurn => {
    log({
      ...base,
      steps,
      prompt_tokens: 0,
      completion_tokens: 0,
      latency_ms: Date.now() - started,
      fallback: reason,
      refused_calls: 0,
      claims_dropped: 0,
      drop_reason: null,
    } satisfies ModelTurnLog);
    return rulesOnly(rules);
  };
  if (deps.budget && !(await deps.budget.admit())) return fallback("over_budget");

  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), config.timeoutMs);
  let plan: LlmPlan;
  try {
    const modelInput = await deps.modelInput();
    if (modelInput.imageUrl && !config.provider.vision) return fallback("no_vision");
    plan = await planWithModel(
      modelInput,
      { provider: config.provider, catalog: deps.catalog, money: deps.money, now: deps.now },
      abort.signal,
    );
  } catch (err) {
    if (err instanceof ModelFailure) return fallback(abort.signal.aborted ? "timeout" : err.reason);
    if (abort.signal.aborted) return fallback("timeout");
    // A bug of ours must not cost the shopper an answer either.
    console.error("model planner failed", err instanceof Error ? err.message : err);
    return fallback("provider_error");
  } finally {
    clearTimeout(timer);
  }
  const modelMs = Date.now() - started;
  // A model that only talked must say something the shop can stand behind, or the rules answer.
  if (plan.actions.length === 0 && !checkClaims(plan.note, plan.facts).note) return fallback("no_plan", plan.steps);
  const tokens = plan.usage.promptTokens + plan.usage.completionTokens;
  if (deps.budget && tokens > 0) {
    const spent = deps.budget.spend(tokens).catch(() => undefined);
    if (deps.waitUntil) deps.waitUntil(spent);
    else void spent;
  }
  return {
    actions: plan.actions,
    finish(replyText, engineFacts) {
      const verdict = checkClaims(plan.note, [replyText, ...engineFacts, ...plan.facts]);
      log({
        ...base,
        steps: plan.steps,
        prompt_tokens: plan.usage.promptTokens,
        completion_tokens: plan.usage.completionTokens,
        latency_ms: modelMs,
        fallback: null,
        refused_calls: plan.refused,
        claims_dropped: verdict.dropped ? 1 : 0,
        drop_reason: verdict.dropped,
      } satisfies ModelTurnLog);
      return verdict.note ? [replyText, verdict.note].filter(Boolean).join("\n\n") : replyText;
    },
  };
}
