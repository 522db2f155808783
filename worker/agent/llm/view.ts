import type { OptionChoice } from "../actions.js";
import type { PlannerVocabulary } from "../planner.js";

/**
 * What the model is told about the conversation: small and bounded, so a
 * prompt costs the same at turn 50 as at turn 1. Built by the caller from
 * the conversation's state (the PlannerContext view once it carries one).
 */
export interface ModelView {
  readonly currency: string;
  readonly cart: readonly { readonly sku: string; readonly title: string; readonly options: string; readonly quantity: number }[];
  readonly codes: readonly string[];
  /** Product ids of the list the shopper was last shown, in order (1-based in tools). */
  readonly lastResults: readonly string[];
  readonly lastOptions: OptionChoice;
  readonly focus: { readonly productId: string; readonly sku?: string } | null;
  /** The open quote's total as the shopper saw it, if one is live. */
  readonly openQuote: { readonly total: string } | null;
}

export interface LlmTurnInput {
  readonly text: string;
  /** A photo from the shopper (data: URL), for a vision model. */
  readonly imageUrl?: string;
  /** The last few turns, oldest first, each already capped. */
  readonly recent: readonly { readonly role: "shopper" | "agent"; readonly text: string }[];
  readonly view: ModelView;
  readonly vocabulary: PlannerVocabulary;
}

export const RECENT_TURNS = 4;
const MAX_TURN_CHARS = 280;

/** The last few turns, each cut short: the prompt must not grow with the conversation. */
export function recentTurns(turns: readonly { role: string; text: string }[]): LlmTurnInput["recent"] {
  return turns.slice(-RECENT_TURNS).map((t) => ({
    role: t.role === "shopper" ? "shopper" : "agent",
    text: t.text.length > MAX_TURN_CHARS ? `${t.text.slice(0, MAX_TURN_CHARS)}…` : t.text,
  }));
}
