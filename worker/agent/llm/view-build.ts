import type { Catalog } from "../../catalog/types.js";
import { optionLabel } from "../describe.js";
import type { ConversationState } from "../state.js";
import type { ModelView } from "./view.js";

/** The model's view of a conversation, from its stored state (one catalog read for the cart's variants). */
export async function buildModelView(
  state: ConversationState,
  catalog: Catalog,
  shop: { currency: string; money: (amount: number, currency: string) => string },
  quote: { total: number; currency: string } | null,
): Promise<ModelView> {
  const variants = state.lines.length ? await catalog.variants(state.lines.map((l) => l.sku)) : new Map();
  return {
    currency: shop.currency,
    cart: state.lines.map((l) => {
      const v = variants.get(l.sku);
      return { sku: l.sku, title: v?.title ?? l.sku, options: v ? optionLabel(v.options) : "", quantity: l.quantity };
    }),
    codes: state.codes,
    lastResults: state.lastResults,
    lastOptions: state.lastOptions,
    focus: state.focus,
    openQuote: quote ? { total: shop.money(quote.total, quote.currency) } : null,
  };
}
