/** A photo turn as a PlannedTurn for the Conversation Durable Object, from the Worker's env. */
import { limiterFor, type LimiterEnv } from "../../limits/select.js";
import { TokenBudget } from "./budget.js";
import type { LlmEnv } from "./config.js";
import type { PlannedTurn } from "./model-turn.js";
import { configOrNull } from "./model-turn-deps.js";
import type { ShopVocabulary } from "../../catalog/types.js";
import { planPhoto, photoReplyText } from "../photo/photo-turn.js";

export interface PhotoTurnInput {
  readonly env: LlmEnv & LimiterEnv;
  readonly imageUrl: string;
  readonly caption: string;
  readonly vocabulary: ShopVocabulary;
  readonly shopperKey: string;
  readonly waitUntil: (p: Promise<unknown>) => void;
}

/** Whether a photo would be looked at: without a vision model the channel need not even download it. */
export function photosSeen(env: LlmEnv): boolean {
  return configOrNull(env)?.provider.vision === true;
}

export async function photoPlannedTurn(w: PhotoTurnInput): Promise<PlannedTurn> {
  const config = configOrNull(w.env);
  const budget = config
    ? new TokenBudget(limiterFor(w.env, w.waitUntil), `llm:${w.shopperKey}`, config.tokensPerDay)
    : undefined;
  const plan = await planPhoto(w.imageUrl, w.caption, {
    config,
    vocabulary: w.vocabulary,
    ...(budget ? { budget } : {}),
  });
  if (plan.kind === "reply") return { actions: [], finish: () => plan.reply.text };
  return { actions: plan.actions, finish: (engineText) => photoReplyText(plan.seen, engineText) };
}
