import type { ShopVocabulary } from "../../catalog/types.js";
import type { Action } from "../actions.js";

export interface PlannerInput {
  /** Free chat text, if the shopper typed something. */
  readonly text?: string;
  /** A button payload the previous reply offered (see payloads.ts). */
  readonly button?: string;
}

export interface PlannerContext {
  /** Currency the shop prices in, so "$40" / "40 dollars" becomes 4000 minor units. */
  readonly currency: string;
  readonly vocabulary: ShopVocabulary;
  /**
   * What the shopper can see of the conversation so far (conversation-view.ts
   * fills it). Absent means a fresh conversation (nothing shown, empty cart).
   */
  readonly conversation?: ConversationView;
}

/**
 * A compact, read-only view of the conversation for planners (rules and
 * model alike). Words and ids only: no prices, totals or stock, so a planner
 * cannot state an amount it did not get from the engine (docs/ARCHITECTURE.md
 * invariants 2 and 9). Everything here is a hint: the executor re-validates
 * every id a planner sends back.
 */
export interface ConversationView {
  /** The last list of products shown, in order: position 1 is `shown[0]`. */
  readonly shown: readonly ShownProductView[];
  /** The product "it" / "this" refers to, with the exact variant when one is known. */
  readonly focus: FocusView | null;
  readonly cart: readonly CartLineView[];
  /** Promotion codes applied to the cart, upper case, as the shopper typed them. */
  readonly codes: readonly string[];
  /** The open quote awaiting confirmation, if any (newest when several). */
  readonly quote: QuoteView | null;
  /** The question our last reply asked, with the choices it offered; null when it asked nothing. */
  readonly question: QuestionView | null;
}

/** The words a shopper sees of a product: what "the Marlowe one" or "in red" can point at. */
export interface ProductWords {
  readonly productId: string;
  readonly title: string;
  readonly brand: string;
  readonly category: string;
  /** Lower-case colours / upper-case sizes the product comes in (active variants). */
  readonly colors: readonly string[];
  readonly sizes: readonly string[];
}

export interface ShownProductView extends ProductWords {
  /** 1-based position in the list, as the shopper counts ("the second one"). */
  readonly position: number;
}

export interface FocusView extends ProductWords {
  /** The variant in focus (just added, or the product has one variant). */
  readonly sku?: string;
  readonly color?: string | null;
  readonly size?: string | null;
}

export interface CartLineView {
  readonly sku: string;
  readonly productId: string;
  readonly title: string;
  readonly brand: string;
  /** So "take the shoes out" can find the sneakers. */
  readonly category: string;
  readonly color: string | null;
  readonly size: string | null;
  readonly quantity: number;
}

export interface QuoteView {
  readonly id: string;
  /** Distinct lines and total units frozen in the quote. */
  readonly lines: number;
  readonly items: number;
  readonly expiresAt: number;
}

export type QuestionKind =
  /** Which variant of one product: choices are add buttons. */
  | "variant"
  /** Which product: choices are show buttons. */
  | "product"
  /** Which cart line. */
  | "cart_line"
  /** Pay or cancel a quote. */
  | "confirm"
  | "other";

export interface QuestionView {
  readonly kind: QuestionKind;
  /** The paragraph of our reply that asked. */
  readonly text: string;
  /** The product the question is about, when all choices are variants of one product. */
  readonly productId?: string;
  readonly choices: readonly ChoiceView[];
}

export interface ChoiceView {
  readonly label: string;
  /** The button payload; a planner answering the question by words sends it back as `button`-equivalent actions. */
  readonly payload: string;
  /** What pressing it means (decodePayload of `payload`). */
  readonly action: Action;
  /** Filled when the choice is a product or a variant. */
  readonly productId?: string;
  readonly sku?: string;
  readonly title?: string;
  readonly brand?: string;
  readonly color?: string | null;
  readonly size?: string | null;
}

/**
 * A planner turns one inbound message into actions. It is a port with two
 * adapters (rules, llm); both return the same union and never touch state.
 */
export interface Planner {
  plan(input: PlannerInput, context: PlannerContext): Promise<readonly Action[]>;
}
