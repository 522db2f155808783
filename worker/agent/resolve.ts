import { colorMatches } from "../catalog/colors.js";
import type { ProductDetail, ProductSummary, Variant } from "../catalog/types.js";
import type { OptionChoice, ProductRef } from "./actions.js";
import type { TurnContext } from "./context.js";
import type { CartLine } from "../commerce/types.js";

/** Outcome of pointing at something: exactly one, a choice to offer, or nothing with a reason. */
export type Resolution<T, C = T> =
  | { readonly kind: "one"; readonly value: T }
  | { readonly kind: "many"; readonly choices: readonly C[] }
  | { readonly kind: "none"; readonly reason: string };

const one = <T>(value: T) => ({ kind: "one", value }) as const;
const none = (reason: string) => ({ kind: "none", reason }) as const;

export async function resolveProduct(
  ref: ProductRef,
  ctx: TurnContext,
): Promise<Resolution<ProductDetail, ProductSummary>> {
  const { catalog, state } = ctx;
  switch (ref.kind) {
    case "product":
      return loaded(await catalog.product(ref.productId), "I can't find that product any more.");
    case "sku": {
      const v = (await catalog.variants([ref.sku])).get(ref.sku);
      if (!v || !v.active) return none(`There is no item with code ${ref.sku}.`);
      return loaded(await catalog.product(v.productId), `There is no item with code ${ref.sku}.`);
    }
    case "result": {
      const id = state.lastResults[ref.index - 1];
      if (id === undefined) {
        return none(
          state.lastResults.length === 0
            ? "I haven't shown you a list yet. Tell me what you're looking for."
            : `I only showed ${state.lastResults.length} item(s); pick a number from 1 to ${state.lastResults.length}.`,
        );
      }
      return loaded(await catalog.product(id), "That item is no longer available.");
    }
    case "current": {
      const id = state.focus?.productId ?? (state.lastResults.length === 1 ? state.lastResults[0] : undefined);
      if (id === undefined) return none("Which product do you mean? Search for it or pick one from a list.");
      return loaded(await catalog.product(id), "That item is no longer available.");
    }
    case "text": {
      const found = await catalog.search({ query: ref.query, limit: 8 });
      if (found.length === 0) return none(`I couldn't find "${ref.query}".`);
      const exact = found.filter((p) => p.title.toLowerCase() === ref.query.toLowerCase());
      const only = found.length === 1 ? found[0] : exact.length === 1 ? exact[0] : undefined;
      if (only) return loaded(await catalog.product(only.id), `I couldn't find "${ref.query}".`);
      return { kind: "many", choices: found };
    }
  }
}

function loaded(p: ProductDetail | null, reason: string): Resolution<ProductDetail, ProductSummary> {
  return p ? one(p) : none(reason);
}

export function matchesOptions(v: Variant, o: OptionChoice): boolean {
  if (o.color && !colorMatches(o.color, v.options.color)) return false;
  if (o.size && (v.options.size ?? "").toUpperCase() !== o.size.toUpperCase()) return false;
  return true;
}

/** Never guesses: one variant only when exactly one active variant fits every stated option. */
export function pickVariant(product: ProductDetail, options: OptionChoice): Resolution<Variant> {
  const active = product.variants.filter((v) => v.active);
  if (active.length === 0) return none(`${product.title} is not available right now.`);
  const fits = active.filter((v) => matchesOptions(v, options));
  if (fits.length === 1) return one(fits[0]!);
  if (fits.length > 1) return { kind: "many", choices: fits };
  const wanted = [options.color, options.size].filter(Boolean).join(", size ");
  return none(`${product.title} doesn't come in ${wanted}.`);
}

/** Finds the cart line(s) an action means; `cart` holds the variants of the cart's lines. */
export function resolveLine(
  ref: ProductRef,
  ctx: TurnContext,
  cart: ReadonlyMap<string, Variant>,
): Resolution<CartLine> {
  const productOf = (sku: string) => cart.get(sku)?.productId;
  const { lines, focus, lastResults } = ctx.state;
  if (lines.length === 0) return none("Your cart is empty.");
  let hits: readonly CartLine[];
  switch (ref.kind) {
    case "sku":
      hits = lines.filter((l) => l.sku === ref.sku);
      break;
    case "product":
      hits = lines.filter((l) => productOf(l.sku) === ref.productId);
      break;
    case "result": {
      const id = lastResults[ref.index - 1];
      hits = id === undefined ? [] : lines.filter((l) => productOf(l.sku) === id);
      break;
    }
    case "current":
      if (lines.length === 1) hits = lines;
      else if (focus?.sku && lines.some((l) => l.sku === focus.sku)) hits = lines.filter((l) => l.sku === focus.sku);
      else if (focus) hits = lines.filter((l) => productOf(l.sku) === focus.productId);
      else hits = lines;
      break;
    case "text": {
      const words = ref.query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      hits = lines.filter((l) => {
        const v = cart.get(l.sku);
        const label = v ? `${v.title} ${v.options.color ?? ""} ${v.options.size ?? ""}`.toLowerCase() : "";
        return words.length > 0 && words.every((w) => label.includes(w.replace(/s$/, "")));
      });
      break;
    }
  }
  if (hits.length === 1) return one(hits[0]!);
  if (hits.length > 1) return { kind: "many", choices: hits };
  return none("That isn't in your cart.");
}
