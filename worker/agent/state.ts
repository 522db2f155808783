import type { OptionChoice } from "./actions.js";

/** What a conversation remembers between turns (persisted by the Conversation DO). */
export interface CartLine {
  readonly sku: string;
  readonly quantity: number;
}

/** The product (and maybe the exact variant) "it" / "this" refers to. */
export interface Focus {
  readonly productId: string;
  readonly sku?: string;
}

export interface ConversationState {
  readonly lines: readonly CartLine[];
  /** Promotion codes in the order the shopper applied them (upper case). */
  readonly codes: readonly string[];
  /** Product ids of the last list shown, so "the second one" means something. */
  readonly lastResults: readonly string[];
  /** Colour/size the last search asked for: "the second one" then means that variant of it. */
  readonly lastOptions: OptionChoice;
  readonly focus: Focus | null;
}

export const EMPTY_STATE: ConversationState = { lines: [], codes: [], lastResults: [], lastOptions: {}, focus: null };

/** Bounds the executor enforces; a shopper hitting one gets told, not an error. */
export const LIMITS = {
  maxLineQuantity: 99,
  maxLines: 50,
  maxCodes: 5,
  searchResults: 5,
  choiceButtons: 8,
} as const;
