/** Builds the model planner's dependencies from the Worker's env, for the Conversation Durable Object. */
import type { Catalog } from "../../catalog/types.js";
import { formatMoney } from "../../commerce/format.js";
import type { CurrencyCode, Shop } from "../../commerce/types.js";
import { limiterFor, type LimiterEnv } from "../../limits/select.js";
import { TokenBudget } from "./budget.js";
import { modelConfig, type LlmEnv, type ModelConfig } from "./config.js";
import type { ModelTurnDeps } from "./model-turn.js";
import { recentTurns, type LlmTurnInput } from "./view.js";
import type { PlannerContext } from "../planner/port.js";
import { EMPTY_VIEW } from "../conversation-view.js";

export interface ModelTurnDepsInput {
  readonly env: LlmEnv & LimiterEnv & { SHOP_LOCALE: string };
  readonly catalog: Catalog;
  readonly shop: Pick<Shop, "currency" | "now">;
  /** Budget key: the signed-in shopper, or the guest conversation. */
  readonly shopperKey: string;
  readonly text: string;
  readonly imageUrl?: string;
  readonly context: PlannerContext;
  readonly turns: () => { role: string; text: string }[];
  readonly waitUntil: (p: Promise<unknown>) => void;
}

export function configOrNull(env: LlmEnv): ModelConfig | null {
  try {
    return modelConfig(env);
  } catch (err) {
    // A mistyped variable must not take chat down: say so in the log, answer with the rules.
    console.error("model planner disabled:", err instanceof Error ? err.message : err);
    return null;
  }
}

export function modelTurnDeps(w: ModelTurnDepsInput): ModelTurnDeps {
  const config = configOrNull(w.env);
  const money = (amount: number, currency: string) => formatMoney(amount, currency as CurrencyCode, w.env.SHOP_LOCALE);
  const deps: ModelTurnDeps = {
    config,
    catalog: w.catalog,
    money,
    now: w.shop.now,
    waitUntil: w.waitUntil,
    modelInput: async (): Promise<LlmTurnInput> => ({
      text: w.text,
      ...(w.imageUrl ? { imageUrl: w.imageUrl } : {}),
      recent: recentTurns(w.turns()),
      currency: w.context.currency,
      conversation: w.context.conversation ?? EMPTY_VIEW,
      vocabulary: w.context.vocabulary,
    }),
  };
  if (!config) return deps;
  return {
    ...deps,
    budget: new TokenBudget(limiterFor(w.env, w.waitUntil), `llm:${w.shopperKey}`, config.tokensPerDay),
  };
}
