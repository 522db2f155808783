/**
 * The closed set of things a planner (rules or LLM) may propose. Planners only
 * emit these; the executor validates each one against the catalog and the
 * cart and is the only code that changes state (docs/ARCHITECTURE.md invariant 2).
 * Amounts in actions are minor units; planners never state a price.
 */

import type { OrderRef } from "./after-sales-port.js";

/** How an action points at a product or a cart line. */
export type ProductRef =
  /** 1-based position in the last list of products shown to the shopper. */
  | { readonly kind: "result"; readonly index: number }
  | { readonly kind: "product"; readonly productId: string }
  | { readonly kind: "sku"; readonly sku: string }
  /** Free words naming a product, e.g. "the tea" → "tea". */
  | { readonly kind: "text"; readonly query: string }
  /** "it", "this", "the blue one": the product in focus (last shown or added). */
  | { readonly kind: "current" };

/** Variant options named by the shopper; lower-case colour, upper-case size. */
export interface OptionChoice {
  readonly color?: string;
  readonly size?: string;
}

export interface SearchFilters {
  readonly color?: string;
  readonly size?: string;
  /** Minor units, inclusive. */
  readonly maxPrice?: number;
  /** Minor units, inclusive ("over $20", "between $20 and $35"). */
  readonly minPrice?: number;
  readonly category?: string;
  /** Lower-case colours ruled out ("no pink", "anything but white"). */
  readonly excludeColors?: readonly string[];
  /** "cheapest" → price_asc. */
  readonly sort?: "price_asc" | "price_desc";
}

export type Action =
  | { readonly type: "search"; readonly query: string; readonly filters: SearchFilters }
  /** With options: the shopper named a variant ("the second one in M"): answer with that variant, never add it. */
  | { readonly type: "show_product"; readonly target: ProductRef; readonly options?: OptionChoice }
  /** "which of these is cheapest?": the cheapest product of the last list. */
  | { readonly type: "cheapest_shown" }
  | {
      readonly type: "add_to_cart";
      readonly target: ProductRef;
      readonly quantity: number;
      readonly options: OptionChoice;
    }
  | { readonly type: "set_quantity"; readonly target: ProductRef; readonly quantity: number }
  | { readonly type: "change_options"; readonly target: ProductRef; readonly options: OptionChoice }
  | { readonly type: "remove_from_cart"; readonly target: ProductRef }
  | { readonly type: "view_cart" }
  | { readonly type: "clear_cart" }
  /** "give me 30% off": prices are not negotiable in chat; nothing changes. */
  | { readonly type: "decline_discount" }
  | { readonly type: "apply_promo"; readonly code: string }
  | { readonly type: "remove_promo"; readonly code: string }
  | { readonly type: "price_history"; readonly target: ProductRef }
  | { readonly type: "help" }
  /** Price the cart into a quote and ask the shopper to confirm it. */
  | { readonly type: "checkout" }
  /** Pay for a quote. Without an id, only when exactly one live quote exists. */
  | { readonly type: "confirm_quote"; readonly quoteId?: string }
  | { readonly type: "cancel_quote"; readonly quoteId?: string }
  /**
   * "where's my order?", "what did I buy last week?": the shopper's own orders,
   * read from D1 for this shopper only (worker/agent/order-actions.ts). Read-only.
   */
  | {
      readonly type: "order_status";
      readonly view: "latest" | "history";
      readonly orderId?: string;
      /** History only: orders placed in the last this-many days. */
      readonly sinceDays?: number;
    }
  /**
   * "cancel my order", "refund the hoodie", "return the shoes": show what would
   * happen, as an offer to confirm (worker/agent/after-sales-actions.ts). Never acts by itself.
   */
  | { readonly type: "cancel_or_refund"; readonly order?: OrderRef; readonly items?: readonly (readonly string[])[] }
  /** The shopper's yes to one offer; only a button or "yes", never a model (invariant 9). */
  | { readonly type: "confirm_refund"; readonly offerId?: string }
  | { readonly type: "decline_refund"; readonly offerId?: string }
  /** The planner could not map the text to an action; the reply says so politely. */
  | { readonly type: "unknown"; readonly text: string };

export type ActionType = Action["type"];

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
