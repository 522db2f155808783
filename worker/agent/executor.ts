import type { Catalog } from "../catalog/types.js";
import type { Shop } from "../commerce/types.js";
import { assertNever, type Action } from "./actions.js";
import { priceHistory, search, showProduct } from "./browse.js";
import { cheapestShown, showVariant } from "./browse-variant.js";
import { addToCart, changeOptions, removeFromCart, setQuantity } from "./cart-actions.js";
import { repriceCart, type RepricedCart, type UsageLoader } from "../catalog/reprice-cart.js";
import { cartJson, type CartJson } from "./cart-json.js";
import { cancelQuote, checkout, confirmQuote } from "./checkout-actions.js";
import { cancelOrRefund, confirmRefund, declineRefund } from "./after-sales-actions.js";
import type { AfterSalesPort } from "./after-sales-port.js";
import type { CheckoutPort } from "./checkout-port.js";
import { TurnContext } from "./context.js";
import { askedBy } from "./conversation-view.js";
import { variantLabel } from "./describe.js";
import { payload } from "./payloads.js";
import { applyPromotion, removePromotion } from "./promotion-actions.js";
import { orderStatus } from "./order-actions.js";
import type { OrdersPort } from "./orders-port.js";
import { ReplyBuilder, type Reply } from "./reply.js";
import type { ConversationState } from "./state.js";

export interface TurnResult {
  readonly state: ConversationState;
  readonly reply: Reply;
  readonly cart: CartJson;
}

// A message asking for more than this many things is probably not a shopper.
const MAX_ACTIONS_PER_TURN = 5;

/**
 * The one place actions take effect (docs/ARCHITECTURE.md invariant 2). Each action is
 * validated against the catalog and the cart; prices, totals and stock in the
 * reply all come from the engine, never from the planner.
 */
export interface TurnDeps {
  readonly checkout?: CheckoutPort;
  readonly usage?: UsageLoader;
  /** The shopper's own orders, for after-sales questions; absent = "can't look up orders here". */
  readonly orders?: OrdersPort;
  readonly afterSales?: AfterSalesPort;
}

export async function executeTurn(
  actions: readonly Action[],
  state: ConversationState,
  catalog: Catalog,
  shop: Shop,
  deps: TurnDeps = {},
): Promise<TurnResult> {
  const reply = new ReplyBuilder();
  const ctx = new TurnContext(catalog, reply, state, shop);
  const reportCodes: string[] = [];
  let confirmations = 0;
  for (const action of actions.slice(0, MAX_ACTIONS_PER_TURN)) {
    // At most one confirmation per message ("yes. yes. yes" is one yes); the checkout engine refuses a second one too.
    if (action.type === "confirm_quote" && confirmations++ > 0) continue;
    const code = await run(action, ctx, deps);
    if (code) reportCodes.push(code);
  }
  const pricing = deps.usage ? { usage: deps.usage } : {};
  let priced = await repriceCart(ctx.state, catalog, shop, pricing);
  if (priced.unavailable.length) {
    const gone = priced.unavailable.map((l) => priced.variants.get(l.sku)?.title ?? l.sku);
    ctx.setLines(ctx.state.lines.filter((l) => !priced.unavailable.includes(l)));
    ctx.say(`No longer available, so I took it out of your cart: ${gone.join(", ")}.`);
    priced = await repriceCart(ctx.state, catalog, shop, pricing);
  }
  for (const code of reportCodes) reportCode(code, priced, ctx);
  const checkingOut = actions.some(
    (a) => a.type === "checkout" || a.type === "confirm_quote" || a.type === "cancel_quote",
  );
  const cartChanged = !checkingOut && (ctx.state.lines !== state.lines || ctx.state.codes !== state.codes);
  const viewing = actions.some((a) => a.type === "view_cart");
  if (viewing) describeCart(priced, ctx);
  else if (cartChanged) summarizeCart(priced, ctx);
  const built = reply.build();
  // The next turn's planners read what this reply asked (conversation-view.ts).
  const asked = await askedBy(built, ctx.state, catalog);
  return { state: { ...ctx.state, asked }, reply: built, cart: cartJson(ctx.state, priced) };
}

async function run(a: Action, ctx: TurnContext, deps: TurnDeps): Promise<string | null> {
  switch (a.type) {
    case "search":
      await search(a, ctx);
      return null;
    case "show_product":
      await (a.options && (a.options.color || a.options.size)
        ? showVariant(a.target, a.options, ctx)
        : showProduct(a.target, ctx));
      return null;
    case "cheapest_shown":
      await cheapestShown(ctx);
      return null;
    case "clear_cart":
      if (ctx.state.lines.length === 0) ctx.say("Your cart is empty.");
      else ctx.setLines([]);
      return null;
    case "decline_discount":
      ctx.say(
        "Sorry, I can't change prices or give discounts myself: prices are the same for everyone. If you have a promo code, type it (e.g. “apply code WELCOME10”) and I'll apply it.",
      );
      return null;
    case "price_history":
      await priceHistory(a.target, ctx);
      return null;
    case "add_to_cart":
      await addToCart(a, ctx);
      return null;
    case "set_quantity":
      await setQuantity(a.target, a.quantity, ctx);
      return null;
    case "change_options":
      await changeOptions(a.target, a.options, ctx);
      return null;
    case "remove_from_cart":
      await removeFromCart(a.target, ctx);
      return null;
    case "view_cart":
      return null; // rendered after pricing, from the priced cart
    case "apply_promo":
      return applyPromotion(a.code, ctx);
    case "remove_promo":
      removePromotion(a.code, ctx);
      return null;
    case "help":
      ctx.say(HELP);
      ctx.reply.offer([{ label: "View cart", payload: payload.cart() }]);
      return null;
    case "checkout":
      await checkout(deps.checkout, ctx);
      return null;
    case "confirm_quote":
      await confirmQuote(deps.checkout, a.quoteId, ctx);
      return null;
    case "cancel_quote":
      await cancelQuote(deps.checkout, a.quoteId, ctx);
      return null;
    case "order_status":
      await orderStatus(deps.orders, a, ctx);
      return null;
    case "cancel_or_refund":
      await cancelOrRefund(deps.afterSales, a, ctx);
      return null;
    case "confirm_refund":
      await confirmRefund(deps.afterSales, a.offerId, ctx);
      return null;
    case "decline_refund":
      await declineRefund(deps.afterSales, a.offerId, ctx);
      return null;
    case "unknown":
      ctx.say(`Sorry, I didn't understand that. ${HELP}`);
      ctx.reply.offer([{ label: "View cart", payload: payload.cart() }]);
      return null;
    default:
      return assertNever(a);
  }
}

const HELP = [
  "I can help you shop. Try:",
  "• “find a blue dress under $40 in size M”",
  "• “add 2 of the second one”, “make it size L”, “remove the tea”",
  "• “apply code WELCOME10”, “what's in my cart?”",
  "• “was this cheaper last month?”",
  "• “checkout”, then press Pay to confirm",
].join("\n");

function reportCode(code: string, p: RepricedCart, ctx: TurnContext): void {
  const applied = p.priced.discounts.find((d) => d.code === code);
  if (applied) return void ctx.say(`Code ${code} applied: −${ctx.money(applied.amount)}.`);
  const rejected = p.priced.rejected.find((r) => r.code === code);
  if (rejected) {
    ctx.say(`Code ${code} can't be used right now: ${rejected.message}`);
    ctx.reply.offer([{ label: `Remove ${code}`, payload: payload.removeCode(code) }]);
  }
}

function summarizeCart({ priced }: RepricedCart, ctx: TurnContext): void {
  const items = priced.lines.reduce((n, l) => n + l.quantity, 0);
  if (items === 0) return void ctx.say("Your cart is empty.");
  const off = priced.discountTotal > 0 ? ` after ${ctx.money(priced.discountTotal)} off` : "";
  ctx.say(`Cart: ${items} item${items === 1 ? "" : "s"}, total ${ctx.money(priced.total)}${off}.`);
}

function describeCart({ priced, variants }: RepricedCart, ctx: TurnContext): void {
  if (priced.lines.length === 0 && priced.rejected.length === 0) return void ctx.say("Your cart is empty.");
  const rows = priced.lines.map((l) => {
    const v = variants.get(l.sku);
    return `• ${l.quantity} × ${v ? variantLabel(v) : l.sku} @ ${ctx.money(l.unitAmount)} = ${ctx.money(l.lineTotal)}`;
  });
  const discounts = priced.discounts.map((d) => `• ${d.code} (${d.name}): −${ctx.money(d.amount)}`);
  const refused = priced.rejected.map((r) => `• ${r.code} not applied: ${r.message}`);
  ctx.say(
    [
      "Your cart:",
      ...rows,
      `Subtotal: ${ctx.money(priced.subtotal)}`,
      ...discounts,
      ...refused,
      ...priced.fees.map((f) => `• ${f.label}: ${ctx.money(f.amount)}`),
      `Total: ${ctx.money(priced.total)}`,
    ].join("\n"),
  );
  ctx.reply.offer(
    priced.lines.slice(0, 8).map((l) => ({
      label: `Remove ${variants.get(l.sku)?.title ?? l.sku}`.slice(0, 40),
      payload: payload.remove(l.sku),
    })),
  );
}
