import { cardWords, type RefundOffer } from "../commerce/refund-offer.js";
import type { Action } from "./actions.js";
import type { AfterSalesPort } from "./after-sales-port.js";
import type { TurnContext } from "./context.js";
import { payload } from "./payloads.js";

type CancelOrRefund = Extract<Action, { type: "cancel_or_refund" }>;

/** "cancel my order", "refund the hoodie": what would happen, as an offer to confirm; nothing moves yet. */
export async function cancelOrRefund(port: AfterSalesPort | undefined, a: CancelOrRefund, ctx: TurnContext) {
  if (!port) return void ctx.say("I can't cancel or refund orders here.");
  const result = await port.offer(a.order, a.items ?? []);
  if (result.kind === "refused") return void ctx.say(result.text);
  presentOffer(result.offer, ctx);
}

/** Every line, every amount and the card, from the engine's offer: what a "yes" will do, exactly. */
export function presentOffer(o: RefundOffer, ctx: TurnContext, heading?: string): void {
  const m = (n: number) => ctx.money(n, o.currency);
  const paid = o.amount > 0 || o.lines.some((l) => l.amount > 0);
  const rows = o.lines.map((l) => {
    const back = paid ? ` — ${m(l.amount)} back` : "";
    const shelf = l.restock ? "" : " (send it back to us first)";
    return `• ${l.quantity} × ${l.title}${back}${shelf}`;
  });
  const what =
    o.action === "cancel"
      ? `Cancel order ${o.orderId}:`
      : `Refund ${o.closesOrder ? "" : "part of "}order ${o.orderId}:`;
  const money = !paid
    ? "It isn't paid, so nothing is charged and nothing needs refunding."
    : `${m(o.amount)} goes back to ${cardWords(o.card)}.`;
  const minutes = Math.max(1, Math.round((o.expiresAt - ctx.shop.now) / 60_000));
  ctx.say(
    [
      heading ?? "Here is what will happen if you confirm:",
      what,
      ...rows,
      money,
      ...(o.lines.some((l) => l.restock) ? ["Nothing has shipped yet, so the items go back in stock."] : []),
      `Reply “yes” or press the button within ${minutes} minute${minutes === 1 ? "" : "s"}; nothing happens until you do.`,
    ].join("\n"),
  );
  const verb = o.action === "cancel" ? "cancel order" : `refund ${m(o.amount)}`;
  ctx.reply.offer([
    { label: `Yes, ${verb}`.slice(0, 40), payload: payload.refundYes(o.id) },
    { label: "No, keep it", payload: payload.refundNo(o.id) },
  ]);
}

export async function confirmRefund(port: AfterSalesPort | undefined, offerId: string | undefined, ctx: TurnContext) {
  if (!port) return void ctx.say("I can't cancel or refund orders here.");
  const result = await port.accept(offerId);
  ctx.say(result.text);
  if (result.kind === "changed" && result.offer) presentOffer(result.offer, ctx, "Here is the updated offer:");
}

export async function declineRefund(port: AfterSalesPort | undefined, offerId: string | undefined, ctx: TurnContext) {
  if (!port) return void ctx.say("I can't cancel or refund orders here.");
  const declined = await port.decline(offerId);
  ctx.say(declined ? "OK, nothing changed: your order stays as it is." : "There's no open cancel or refund offer.");
}

/**
 * "yes" / "no" with no button: they answer the newest open question about
 * money. An offer shown after the last quote is that question.
 */
export async function answersOffer(
  port: AfterSalesPort | undefined,
  latestQuoteAt: number | undefined,
): Promise<RefundOffer | null> {
  const offer = port ? await port.liveOffer() : null;
  if (!offer) return null;
  return latestQuoteAt === undefined || offer.createdAt >= latestQuoteAt ? offer : null;
}
