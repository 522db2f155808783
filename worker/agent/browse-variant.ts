/**
 * Answers for a named variant ("the second one in M", "is it in stock in
 * 40?"): that exact variant with its price, stock and a one-tap Add button,
 * or the variants that fit with a button each. Never adds (docs/ARCHITECTURE.md
 * invariant 3: a variant is chosen by the shopper, not guessed).
 */
import type { OptionChoice, ProductRef } from "./actions.js";
import { listProducts } from "./browse.js";
import type { TurnContext } from "./context.js";
import { optionLabel, shortLabel, variantLabel } from "./describe.js";
import { payload } from "./payloads.js";
import { pickVariant, resolveProduct } from "./resolve.js";
import { REPLY_LIMITS } from "./state.js";
import type { Variant } from "../catalog/types.js";

export async function showVariant(target: ProductRef, options: OptionChoice, ctx: TurnContext): Promise<void> {
  const found = await resolveProduct(target, ctx);
  if (found.kind === "none") return void ctx.say(found.reason);
  if (found.kind === "many") return listProducts(found.choices, "Several products match. Which one do you mean?", ctx);
  const p = found.value;
  const picked = pickVariant(p, options);
  if (picked.kind === "one") {
    const v = picked.value;
    const stock = v.stock > 0 ? `${v.stock} in stock` : "out of stock";
    ctx.say(`${variantLabel(v)} by ${p.brand}: ${ctx.money(v.unitAmount, v.currency)} (${stock}).`);
    ctx.reply.offer(
      v.stock > 0
        ? [
            {
              label: shortLabel(`Add ${optionLabel(v.options) || "to cart"} ${ctx.money(v.unitAmount, v.currency)}`),
              payload: payload.add(v.sku),
            },
          ]
        : [],
    );
    ctx.focusOn({ productId: p.id, sku: v.sku });
    return;
  }
  const candidates = picked.kind === "many" ? picked.choices : p.variants.filter((v) => v.active);
  const rows = candidates.map(
    (v) =>
      `• ${optionLabel(v.options)}: ${ctx.money(v.unitAmount, v.currency)} (${v.stock > 0 ? `${v.stock} in stock` : "out of stock"})`,
  );
  ctx.say(
    [
      picked.kind === "many" ? `${p.title} by ${p.brand}${describeOptions(options)}:` : `${picked.reason} It comes in:`,
      ...rows,
    ].join("\n"),
  );
  offerAdds(candidates, ctx);
  ctx.focusOn({ productId: p.id });
}

function offerAdds(variants: readonly Variant[], ctx: TurnContext): void {
  ctx.reply.offer(
    variants
      .filter((v) => v.stock > 0)
      .slice(0, REPLY_LIMITS.choiceButtons)
      .map((v) => ({
        label: shortLabel(`Add ${optionLabel(v.options) || v.title} ${ctx.money(v.unitAmount, v.currency)}`),
        payload: payload.add(v.sku),
      })),
  );
}

export async function cheapestShown(ctx: TurnContext): Promise<void> {
  const ids = ctx.state.lastResults;
  if (ids.length === 0) return void ctx.say("I haven't shown you a list yet. Tell me what you're looking for.");
  const products = (await Promise.all(ids.map((id) => ctx.catalog.product(id)))).filter((p) => p !== null);
  const priced = products
    .map((p) => ({ p, from: Math.min(...p.variants.filter((v) => v.active).map((v) => v.unitAmount)) }))
    .filter((x) => Number.isFinite(x.from))
    .sort((a, b) => a.from - b.from);
  const best = priced[0];
  if (!best) return void ctx.say("None of those is available right now.");
  ctx.say(`The cheapest of those is ${best.p.title} (${best.p.brand}), from ${ctx.money(best.from, best.p.currency)}.`);
  ctx.reply.offer([{ label: shortLabel(`See ${best.p.title}`), payload: payload.show(best.p.id) }]);
  ctx.focusOn({ productId: best.p.id });
}

function describeOptions(o: OptionChoice): string {
  const parts = [o.color, o.size && `size ${o.size}`].filter(Boolean);
  return parts.length ? ` in ${parts.join(", ")}` : "";
}
