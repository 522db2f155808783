/**
 * The planner of a chat turn, wired from the Worker's env for the
 * Conversation Durable Object: a photo goes to the vision model
 * (photo-planned-turn.ts), anything else to planTurn (rules, or the model with the
 * rules as fallback: model-turn.ts).
 */
import type { Catalog } from "../../catalog/types.js";
import type { Shop } from "../../commerce/types.js";
import type { LimiterEnv } from "../../limits/select.js";
import type { TurnPlanner } from "../turn.js";
import type { LlmEnv } from "./config.js";
import { planTurn } from "./model-turn.js";
import { photoPlannedTurn } from "./photo-planned-turn.js";
import { modelTurnDeps } from "./model-turn-deps.js";

export interface ChatPlannerWiring {
  readonly env: LlmEnv & LimiterEnv & { SHOP_LOCALE: string };
  readonly catalog: Catalog;
  readonly shop: Pick<Shop, "currency" | "now">;
  /** Budget key: the signed-in shopper, or the guest conversation. */
  readonly shopperKey: string;
  readonly turns: () => { role: string; text: string }[];
  readonly waitUntil: (p: Promise<unknown>) => void;
}

export function chatPlanner(w: ChatPlannerWiring): TurnPlanner {
  const { env, shopperKey, waitUntil } = w;
  return ({ input, context, text, imageUrl }) =>
    imageUrl !== undefined
      ? photoPlannedTurn({ env, imageUrl, caption: text, vocabulary: context.vocabulary, shopperKey, waitUntil })
      : planTurn(
          input,
          context,
          modelTurnDeps({
            env,
            catalog: w.catalog,
            shop: w.shop,
            context,
            text,
            turns: w.turns,
            shopperKey,
            waitUntil,
          }),
        );
}
