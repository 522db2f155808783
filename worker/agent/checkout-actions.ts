import type { Quote } from "../commerce/quote.js";
import type { CheckoutPort, OrderSummary } from "./checkout-port.js";
import type { TurnContext } from "./context.js";
import { payload } from "./payloads.js";

/** "checkout": freeze the cart into a quote and ask for an explicit confirmation bound to it. */
export async function checkout(port: CheckoutPort | undefined, ctx: TurnContext): Promise<void> {
  if (!port) return void ctx.say("Checkout isn't available here.");
  if (ctx.state.lines.length === 0) return void ctx.say("Your cart is empty. Add something first.");
  const result = await port.openQuote(ctx.cart);
  if (result.kind === "refused") return void ctx.say(result.text);
  if (result.kind === "order") return orderPlaced(result, ctx);
  for (const note of result.notes) ctx.say(note);
  presentQuote(result.quote, ctx);
}

export function presentQuote(q: Quote, ctx: TurnContext, heading = "Please confirm your order:"): void {
  const m = (n: number) => ctx.money(n, q.currency);
  const rows = q.lines.map((l) => {
    const opts = [l.color, l.size].filter(Boolean).join(" / ");
    return `• ${l.quantity} × ${l.title}${opts ? ` (${opts})` : ""} @ ${m(l.unitAmount)} = ${m(l.lineTotal)}`;
  });
  const minutes = Math.max(1, Math.round((q.expiresAt - ctx.shop.now) / 60_000));
  ctx.say(
    [
      heading,
      ...rows,
      `Subtotal: ${m(q.subtotal)}`,
      ...q.discounts.map((d) => `• ${d.code}: −${m(d.amount)}`),
      ...q.fees.map((f) => `• ${f.label}: ${m(f.amount)}`),
      `Total to pay: ${m(q.total)}`,
      `This quote is valid for ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    ].join("\n"),
  );
  ctx.reply.offer([
    { label: `Pay ${m(q.total)}`, payload: payload.pay(q.id) },
    { label: "Cancel", payload: payload.cancel(q.id) },
  ]);
}

export async function confirmQuote(
  port: CheckoutPort | undefined,
  quoteId: string | undefined,
  ctx: TurnContext,
): Promise<void> {
  if (!port) return void ctx.say("Checkout isn't available here.");
  let quote: Quote;
  if (quoteId) {
    const found = port.findQuote(quoteId);
    if (!found) return void ctx.say("I don't know that quote. Say “checkout” to get a new one.");
    // A confirmed quote's Pay answers for its order: the link, or the charge retried after a payment-service failure.
    if (found.state !== "confirmed" && (found.state !== "open" || found.quote.expiresAt <= ctx.shop.now)) {
      ctx.say("That quote is no longer valid, so nothing was charged. Say “checkout” for a fresh one.");
      ctx.reply.offer([{ label: "Checkout", payload: payload.checkout() }]);
      return;
    }
    quote = found.quote;
  } else {
    const live = port.liveQuotes();
    // "pay" with nothing quoted yet means "show me what I'd pay": quote, never charge.
    if (live.length === 0) return checkout(port, ctx);
    if (live.length > 1) return void ctx.say("Please use the Pay button of the quote you mean.");
    quote = live[0]!;
  }
  const result = await port.confirm(quote, ctx.cart);
  switch (result.kind) {
    case "requote":
      ctx.say(
        `Something changed since your quote, so I did not charge you:\n${result.changes.map((c) => `• ${c}`).join("\n")}`,
      );
      return presentQuote(result.quote, ctx, "Here is the updated order to confirm:");
    case "refused":
      return void ctx.say(result.text);
    case "order":
      return orderPlaced(result, ctx);
  }
}

function orderPlaced(result: { order: OrderSummary; text: string }, ctx: TurnContext): void {
  ctx.say(result.text);
  if (result.order.status === "paid") ctx.update({ lines: [], codes: [] });
  else if (result.order.status === "pending_payment") {
    ctx.reply.offer([{ label: "Cancel order", payload: payload.cancel(result.order.id) }]);
  }
}

export async function cancelQuote(
  port: CheckoutPort | undefined,
  quoteId: string | undefined,
  ctx: TurnContext,
): Promise<void> {
  if (!port) return void ctx.say("Checkout isn't available here.");
  // "cancel" while an order waits for payment is the explicit way out of it.
  const canceled = await port.cancelPending(quoteId);
  if (canceled) {
    return void ctx.say(
      canceled.status === "canceled"
        ? `OK, I canceled order ${canceled.id}. Nothing was charged; the items are back in stock and your cart is still here.`
        : `Order ${canceled.id} is ${canceled.status.replace("_", " ")}, so it can't be canceled.`,
    );
  }
  const target = quoteId ?? port.liveQuotes()[0]?.id;
  if (!target) return void ctx.say("There's no open quote to cancel.");
  port.cancel(target);
  ctx.say("OK, I canceled that quote. Nothing was charged; your cart is still here.");
}
