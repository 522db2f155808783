import { lowestPriceInWindow, THIRTY_DAYS_MS } from "../commerce/price-history.js";
import type { Action, ProductRef } from "./actions.js";
import type { TurnContext } from "./context.js";
import { optionLabel, shortLabel, summaryOptions } from "./describe.js";
import { payload } from "./payloads.js";
import type { Button } from "./reply.js";
import { resolveProduct } from "./resolve.js";
import { productWords } from "./conversation-view.js";
import { REPLY_LIMITS } from "./state.js";
import type { ProductSummary } from "../catalog/types.js";

type SearchAction = Extract<Action, { type: "search" }>;

export async function search(a: SearchAction, ctx: TurnContext): Promise<void> {
  const found = await ctx.catalog.search({
    ...a.filters,
    query: a.query || undefined,
    limit: REPLY_LIMITS.searchResults,
  });
  const wanted = describeSearch(a, ctx);
  if (found.length === 0) {
    ctx.say(`I found nothing for ${wanted}. Try fewer words or drop a filter.`);
    return;
  }
  listProducts(found, `Here's what I found for ${wanted}:`, ctx);
  const { color, size } = a.filters;
  ctx.update({ lastOptions: { ...(color ? { color } : {}), ...(size ? { size } : {}) } });
}

export function listProducts(found: readonly ProductSummary[], heading: string, ctx: TurnContext): void {
  const rows = found.map((p, i) => {
    const extra = summaryOptions(p);
    const stock = p.inStock ? "" : " · out of stock";
    return `${i + 1}. ${p.title} (${p.brand}) from ${ctx.money(p.priceFrom, p.currency)}${extra ? ` · ${extra}` : ""}${stock}`;
  });
  ctx.say([heading, ...rows].join("\n"));
  ctx.reply
    .show(found)
    .offer(found.map((p, i) => ({ label: shortLabel(`${i + 1}. ${p.title}`), payload: payload.show(p.id) })));
  ctx.update({
    lastResults: found.map((p) => p.id),
    shown: found.map(productWords),
    lastOptions: {},
    focus: found.length === 1 ? { productId: found[0]!.id } : null,
  });
}

function describeSearch(a: SearchAction, ctx: TurnContext): string {
  const f = a.filters;
  const bits = [
    f.color,
    f.size && `size ${f.size}`,
    f.minPrice !== undefined && `from ${ctx.money(f.minPrice)}`,
    f.maxPrice !== undefined && `up to ${ctx.money(f.maxPrice)}`,
    f.category && `in ${f.category}`,
    f.excludeColors?.length && `not ${f.excludeColors.join(" or ")}`,
    f.sort === "price_asc" && "cheapest first",
    f.sort === "price_desc" && "priciest first",
  ].filter(Boolean);
  const what = a.query ? `“${a.query}”` : "everything";
  return bits.length ? `${what} (${bits.join(", ")})` : what;
}

export async function showProduct(target: ProductRef, ctx: TurnContext): Promise<void> {
  const found = await resolveProduct(target, ctx);
  if (found.kind === "none") return void ctx.say(found.reason);
  if (found.kind === "many") return listProducts(found.choices, "Several products match. Which one?", ctx);
  const p = found.value;
  const history = await ctx.catalog.priceHistory(p.variants.map((v) => v.sku));
  const lines = p.variants.map((v) => {
    const stock = v.stock > 0 ? `${v.stock} in stock` : "out of stock";
    return `• ${optionLabel(v.options) || "standard"}: ${ctx.money(v.unitAmount, v.currency)} (${stock})`;
  });
  const lowest = Math.min(...p.variants.map((v) => lowestOf(history.get(v.sku), ctx) ?? v.unitAmount));
  ctx.say(
    [
      `${p.title} by ${p.brand}`,
      p.description,
      ...lines,
      Number.isFinite(lowest) ? `Lowest price in the last 30 days: ${ctx.money(lowest, p.currency)}.` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  const buttons: Button[] = p.variants
    .filter((v) => v.stock > 0)
    .slice(0, REPLY_LIMITS.choiceButtons)
    .map((v) => ({
      label: shortLabel(`Add ${optionLabel(v.options) || "to cart"} ${ctx.money(v.unitAmount, v.currency)}`),
      payload: payload.add(v.sku),
    }));
  ctx.reply.offer([...buttons, { label: "Price history", payload: payload.history(p.id) }]);
  ctx.focusOn({ productId: p.id, ...(p.variants.length === 1 ? { sku: p.variants[0]!.sku } : {}) });
}

function lowestOf(points: Parameters<typeof lowestPriceInWindow>[0] | undefined, ctx: TurnContext): number | null {
  return points ? lowestPriceInWindow(points, ctx.shop.now, THIRTY_DAYS_MS) : null;
}

export async function priceHistory(target: ProductRef, ctx: TurnContext): Promise<void> {
  const found = await resolveProduct(target, ctx);
  if (found.kind === "none") return void ctx.say(found.reason);
  if (found.kind === "many") return listProducts(found.choices, "Which product's price history do you want?", ctx);
  const p = found.value;
  const focusSku = ctx.state.focus?.productId === p.id ? ctx.state.focus.sku : undefined;
  const variants = p.variants.filter((v) => !focusSku || v.sku === focusSku);
  if (variants.length === 0) return void ctx.say(`${p.title} is not available right now.`);
  const history = await ctx.catalog.priceHistory(variants.map((v) => v.sku));
  const now = Math.min(...variants.map((v) => v.unitAmount));
  const lowest = Math.min(...variants.map((v) => lowestOf(history.get(v.sku), ctx) ?? v.unitAmount));
  const currency = variants[0]!.currency;
  const which = focusSku ? `${p.title} (${optionLabel(variants[0]!.options)})` : p.title;
  ctx.say(
    lowest < now
      ? `Yes: ${which} was cheaper. It costs ${ctx.money(now, currency)} now; the lowest price in the last 30 days was ${ctx.money(lowest, currency)}.`
      : `No: ${ctx.money(now, currency)} is the lowest price ${which} has had in the last 30 days.`,
  );
  ctx.focusOn({ productId: p.id, ...(focusSku ? { sku: focusSku } : {}) });
}
