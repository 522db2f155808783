import type { Cart } from "../commerce/types.js";
import type { OptionChoice } from "./actions.js";
import type { ChoiceView, ProductWords, QuestionView } from "./planner/port.js";

/** The product (and maybe the exact variant) "it" / "this" refers to. */
export interface Focus {
  readonly productId: string;
  readonly sku?: string;
}

/**
 * What a conversation remembers between turns (persisted by the Conversation
 * DO): its cart, which is all the checkout engine is given, and the chat's context.
 */
export interface ConversationState extends Cart {
  /** Product ids of the last list shown, so "the second one" means something. */
  readonly lastResults: readonly string[];
  /** Colour/size the last search asked for: "the second one" then means that variant of it. */
  readonly lastOptions: OptionChoice;
  readonly focus: Focus | null;
  /** The words of the last list shown (same order as lastResults), so planners can read it without a query. */
  readonly shown?: readonly ShownProduct[];
  /** The question the last reply asked, with its choices; null when it asked nothing. */
  readonly asked?: AskedQuestion | null;
}

/** Stored as the view shows it (planner/port.ts); the view adds positions and decoded actions. */
export type ShownProduct = ProductWords;
export type AskedChoice = Omit<ChoiceView, "action">;
export type AskedQuestion = Omit<QuestionView, "choices"> & { readonly choices: readonly AskedChoice[] };

export const EMPTY_STATE: ConversationState = { lines: [], codes: [], lastResults: [], lastOptions: {}, focus: null };

/** How much one reply lists (the cart's own bounds are commerce/cart-limits.ts). */
export const REPLY_LIMITS = {
  searchResults: 5,
  choiceButtons: 8,
} as const;
