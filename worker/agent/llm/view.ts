import type { ShopVocabulary } from "../../catalog/types.js";
import type { ConversationView } from "../planner/port.js";

/**
 * What the model is told about a turn: the PlannerContext's conversation view
 * (words and ids, no amounts) plus the last few turns, each cut short, so a
 * prompt costs the same at turn 50 as at turn 1.
 */
export interface LlmTurnInput {
  readonly text: string;
  /** A photo from the shopper (data: URL), for a vision model. */
  readonly imageUrl?: string;
  /** The last few turns, oldest first, each already capped. */
  readonly recent: readonly { readonly role: "shopper" | "agent"; readonly text: string }[];
  readonly currency: string;
  readonly conversation: ConversationView;
  readonly vocabulary: ShopVocabulary;
}

export const RECENT_TURNS = 4;
const MAX_TURN_CHARS = 280;
// Our own replies mostly repeat lists and carts that the state view already
// gives the model with ids, so a shorter excerpt of them is enough.
const MAX_AGENT_TURN_CHARS = 160;

/** The last few turns, each cut short: the prompt must not grow with the conversation. */
export function recentTurns(turns: readonly { role: string; text: string }[]): LlmTurnInput["recent"] {
  return turns.slice(-RECENT_TURNS).map((t) => {
    const role = t.role === "shopper" ? "shopper" : "agent";
    const max = role === "shopper" ? MAX_TURN_CHARS : MAX_AGENT_TURN_CHARS;
    return { role, text: t.text.length > max ? `${t.text.slice(0, max)}…` : t.text };
  });
}
