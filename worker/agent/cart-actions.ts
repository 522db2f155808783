import { summarize } from "../catalog/summarize.js";
import type { ProductDetail, Variant } from "../catalog/types.js";
import type { Action, OptionChoice, ProductRef } from "./actions.js";
import { listProducts } from "./browse.js";
import type { TurnContext } from "./context.js";
import { optionLabel, shortLabel, variantLabel } from "./describe.js";
import { payload } from "./payloads.js";
import { matchesOptions, pickVariant, resolveLine, resolveProduct, type Resolution } from "./resolve.js";
import { REPLY_LIMITS } from "./state.js";
import { CART_LIMITS } from "../commerce/cart-limits.js";
import type { CartLine } from "../commerce/types.js";

type Add = Extract<Action, { type: "add_to_cart" }>;

export async function addToCart(a: Add, ctx: TurnContext): Promise<void> {
  if (!validQuantity(a.quantity, ctx)) return;
  if (a.target.kind === "sku") {
    // A SKU names the variant itself (buttons carry these): nothing to choose.
    const v = (await ctx.catalog.variants([a.target.sku])).get(a.target.sku);
    if (!v || !v.active) return void ctx.say(`There is no item with code ${a.target.sku}.`);
    return addVariant(v, a.quantity, ctx);
  }
  const found = await productForAdd(a.target, a.options, ctx);
  if (found.kind === "none") return void ctx.say(found.reason);
  if (found.kind === "many") return listProducts(found.choices, "Several products match. Which one do you mean?", ctx);
  const product = found.value;
  ctx.focusOn({ productId: product.id });
  const v = pickWithListOptions(product, a, ctx);
  if (v.kind === "one") return addVariant(v.value, a.quantity, ctx);
  // Invariant 3: never guess a variant. Ask, with one button per candidate.
  const candidates = v.kind === "many" ? v.choices : product.variants.filter((x) => x.active);
  ctx.say(
    v.kind === "many"
      ? `${product.title} comes in ${candidates.length} options${describe(a.options)}. Which one would you like?`
      : `${v.reason} It comes in: ${candidates.map((c) => optionLabel(c.options)).join(", ")}.`,
  );
  offerVariants(candidates, a.quantity, ctx);
}

/** "the second one" after "blue, size M": the list's filters narrow the choice, unless nothing then fits. */
function pickWithListOptions(product: ProductDetail, a: Add, ctx: TurnContext) {
  if (a.target.kind !== "result") return pickVariant(product, a.options);
  const narrowed = pickVariant(product, { ...ctx.state.lastOptions, ...a.options });
  return narrowed.kind === "none" ? pickVariant(product, a.options) : narrowed;
}

function describe(o: OptionChoice): string {
  const parts = [o.color, o.size && `size ${o.size}`].filter(Boolean);
  return parts.length ? ` matching ${parts.join(", ")}` : "";
}

function offerVariants(variants: readonly Variant[], quantity: number, ctx: TurnContext): void {
  ctx.reply.offer(
    variants.slice(0, REPLY_LIMITS.choiceButtons).map((v) => ({
      label: shortLabel(`${optionLabel(v.options) || v.title} ${ctx.money(v.unitAmount, v.currency)}`),
      payload: payload.add(v.sku, quantity),
    })),
  );
}

/** "the blue one" with a list on screen but nothing in focus: look for the option among the listed products. */
async function productForAdd(target: ProductRef, options: OptionChoice, ctx: TurnContext) {
  const { focus, lastResults } = ctx.state;
  const hasOptions = Boolean(options.color || options.size);
  if (target.kind !== "current" || focus || lastResults.length <= 1 || !hasOptions) {
    return resolveProduct(target, ctx);
  }
  const listed = await Promise.all(lastResults.map((id) => ctx.catalog.product(id)));
  const fitting = listed.filter(
    (p): p is ProductDetail => !!p && p.variants.some((v) => v.active && matchesOptions(v, options)),
  );
  if (fitting.length === 1) return { kind: "one", value: fitting[0]! } as const;
  if (fitting.length === 0)
    return { kind: "none", reason: `None of the items I showed come in ${Object.values(options).join(" ")}.` } as const;
  return { kind: "many", choices: fitting.map(summarize) } as const;
}

function validQuantity(quantity: number, ctx: TurnContext): boolean {
  if (Number.isInteger(quantity) && quantity >= 1 && quantity <= CART_LIMITS.maxLineQuantity) return true;
  ctx.say(`I can add between 1 and ${CART_LIMITS.maxLineQuantity} of an item at a time.`);
  return false;
}

function addVariant(v: Variant, quantity: number, ctx: TurnContext): void {
  if (v.currency !== ctx.shop.currency)
    return void ctx.say(`${variantLabel(v)} can't be sold in ${ctx.shop.currency}.`);
  const lines = ctx.state.lines;
  const existing = lines.find((l) => l.sku === v.sku);
  const next = (existing?.quantity ?? 0) + quantity;
  if (!existing && lines.length >= CART_LIMITS.maxLines)
    return void ctx.say(`Your cart already has ${CART_LIMITS.maxLines} different items, the most it can hold.`);
  if (next > CART_LIMITS.maxLineQuantity)
    return void ctx.say(`You can have at most ${CART_LIMITS.maxLineQuantity} of ${variantLabel(v)}.`);
  if (!checkStock(v, next, ctx)) return;
  ctx.setLines(
    existing
      ? lines.map((l) => (l.sku === v.sku ? { sku: v.sku, quantity: next } : l))
      : [...lines, { sku: v.sku, quantity }],
  );
  ctx.focusOn({ productId: v.productId, sku: v.sku });
  ctx.say(`Added ${quantity} × ${variantLabel(v)} at ${ctx.money(v.unitAmount, v.currency)} each.`);
}

function checkStock(v: Variant, wanted: number, ctx: TurnContext): boolean {
  if (v.stock >= wanted) return true;
  ctx.say(
    v.stock === 0 ? `Sorry, ${variantLabel(v)} is out of stock.` : `Sorry, only ${v.stock} of ${variantLabel(v)} left.`,
  );
  return false;
}

/** Resolves a cart line, asking (with buttons) when the reference fits several. */
async function lineFor(
  target: ProductRef,
  ctx: TurnContext,
  verb: string,
): Promise<{ line: CartLine; cart: Map<string, Variant> } | null> {
  const cart = await ctx.catalog.variants(ctx.state.lines.map((l) => l.sku));
  const found: Resolution<CartLine> = resolveLine(target, ctx, cart);
  if (found.kind === "one") return { line: found.value, cart };
  if (found.kind === "none") {
    ctx.say(found.reason);
    return null;
  }
  ctx.say(`Which one should I ${verb}?`);
  ctx.reply.offer(
    found.choices.map((l) => ({
      label: shortLabel(cart.get(l.sku) ? variantLabel(cart.get(l.sku)!) : l.sku),
      payload: verb === "remove" ? payload.remove(l.sku) : payload.show(cart.get(l.sku)?.productId ?? ""),
    })),
  );
  return null;
}

export async function setQuantity(target: ProductRef, quantity: number, ctx: TurnContext): Promise<void> {
  if (quantity === 0) return removeFromCart(target, ctx);
  if (!validQuantity(quantity, ctx)) return;
  const hit = await lineFor(target, ctx, "change");
  if (!hit) return;
  const v = hit.cart.get(hit.line.sku);
  if (!v || !v.active) return void ctx.say("That item is no longer available.");
  if (!checkStock(v, quantity, ctx)) return;
  ctx.setLines(ctx.state.lines.map((l) => (l.sku === v.sku ? { sku: v.sku, quantity } : l)));
  ctx.focusOn({ productId: v.productId, sku: v.sku });
  ctx.say(`You now have ${quantity} × ${variantLabel(v)}.`);
}

export async function removeFromCart(target: ProductRef, ctx: TurnContext): Promise<void> {
  const hit = await lineFor(target, ctx, "remove");
  if (!hit) return;
  const v = hit.cart.get(hit.line.sku);
  ctx.setLines(ctx.state.lines.filter((l) => l.sku !== hit.line.sku));
  if (ctx.state.focus?.sku === hit.line.sku) ctx.focusOn(v ? { productId: v.productId } : null);
  ctx.say(`Removed ${v ? variantLabel(v) : hit.line.sku} from your cart.`);
}

export async function changeOptions(target: ProductRef, options: OptionChoice, ctx: TurnContext): Promise<void> {
  const hit = await lineFor(target, ctx, "change");
  if (!hit) return;
  const current = hit.cart.get(hit.line.sku);
  const product = current ? await ctx.catalog.product(current.productId) : null;
  if (!current || !product) return void ctx.say("That item is no longer available.");
  // Keep the options the shopper did not mention, by their exact current value.
  const wanted: OptionChoice = {
    ...((options.color ?? current.options.color) ? { color: (options.color ?? current.options.color)! } : {}),
    ...((options.size ?? current.options.size) ? { size: (options.size ?? current.options.size)! } : {}),
  };
  const v = pickVariant(product, wanted);
  if (v.kind !== "one") {
    const candidates = v.kind === "many" ? v.choices : product.variants.filter((x) => x.active);
    ctx.say(
      v.kind === "many"
        ? `Which ${product.title} do you mean?`
        : `${v.reason} It comes in: ${candidates.map((c) => optionLabel(c.options)).join(", ")}.`,
    );
    return offerVariants(candidates, hit.line.quantity, ctx);
  }
  const next = v.value;
  if (next.sku === current.sku) return void ctx.say(`It is already ${optionLabel(next.options)}.`);
  const merged = (ctx.state.lines.find((l) => l.sku === next.sku)?.quantity ?? 0) + hit.line.quantity;
  if (merged > CART_LIMITS.maxLineQuantity)
    return void ctx.say(`You can have at most ${CART_LIMITS.maxLineQuantity} of ${variantLabel(next)}.`);
  if (!checkStock(next, merged, ctx)) return;
  const lines = ctx.state.lines
    .filter((l) => l.sku !== next.sku)
    .map((l) => (l.sku === current.sku ? { sku: next.sku, quantity: merged } : l));
  ctx.setLines(lines);
  ctx.focusOn({ productId: next.productId, sku: next.sku });
  ctx.say(
    `Changed ${variantLabel(current)} to ${optionLabel(next.options)} at ${ctx.money(next.unitAmount, next.currency)} each.`,
  );
}
