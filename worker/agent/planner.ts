import type { Action } from "./actions.js";

/** What a planner may know about the shop: words, never prices or stock. */
export interface PlannerVocabulary {
  /** Lower-case colour names used by variants, e.g. "navy", "sky blue". */
  readonly colors: readonly string[];
  /** Upper-case size labels used by variants, e.g. "S", "M", "42". */
  readonly sizes: readonly string[];
  /** Lower-case category names, e.g. "dresses", "groceries". */
  readonly categories: readonly string[];
}

export interface PlannerInput {
  /** Free chat text, if the shopper typed something. */
  readonly text?: string;
  /** A button payload the previous reply offered (see payloads.ts). */
  readonly button?: string;
}

export interface PlannerContext {
  /** Currency the shop prices in, so "$40" / "40 dollars" becomes 4000 minor units. */
  readonly currency: string;
  readonly vocabulary: PlannerVocabulary;
}

/**
 * A planner turns one inbound message into actions. It is a port with two
 * adapters (rules, llm); both return the same union and never touch state.
 */
export interface Planner {
  plan(input: PlannerInput, context: PlannerContext): Promise<readonly Action[]>;
}
