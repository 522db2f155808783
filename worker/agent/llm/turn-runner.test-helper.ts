/** Model turns against the in-memory catalog for Node tests: actions out, the llm_turn log lines kept. */
import { EMPTY_VIEW } from "../conversation-view.js";
import { fixtureContext } from "../planner/fixtures.js";
import { memoryCatalog } from "./memory-catalog.test-helper.js";
import { planTurn, type ModelTurnLog } from "./model-turn.js";
import type { ModelProvider } from "./provider.js";

export function modelTurns(provider: ModelProvider) {
  const logs: ModelTurnLog[] = [];
  const turn = async (text: string, recent: { role: "shopper" | "agent"; text: string }[] = []) => {
    const planned = await planTurn({ text }, fixtureContext, {
      config: { provider, routing: "model-first", timeoutMs: 5000, tokensPerDay: 1e6 },
      catalog: memoryCatalog,
      money: (a) => `$${(a / 100).toFixed(2)}`,
      now: 0,
      log: (l) => logs.push(l as unknown as ModelTurnLog),
      modelInput: async () => ({
        text,
        recent,
        currency: "USD",
        conversation: EMPTY_VIEW,
        vocabulary: fixtureContext.vocabulary,
      }),
    });
    planned.finish("ok", []);
    return planned.actions;
  };
  return { turn, logs };
}
