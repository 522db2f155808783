import { formatMoney } from "../commerce/format.js";
import type { OrderStatus } from "../commerce/order-status.js";

/**
 * Every sentence the shopper reads about an order, in one place: the news a
 * conversation is told when an order changes later (webhook, expiry, the
 * alarm), the alarm's notices after a charge that timed out, and the engine's
 * answer at the moment of confirming or paying. (The words for an order's
 * state, which the chat uses too, are commerce/order-status-words.ts.)
 * Pure: the amount comes from the order, formatted for the shop's locale.
 */

/** The failure reason settle records when a promotion is switched off while its order is being paid. */
export const PROMOTION_WITHDRAWN = "promotion withdrawn";

interface WordedOrder {
  readonly id: string;
  readonly status: OrderStatus;
  readonly total: number;
  readonly currency: string;
}

/** What happened to an order, told after the fact (settlement news, pushed to the chat or the ACP session). */
export function orderNews(order: WordedOrder & { readonly failureReason: string | null }, locale: string): string {
  const money = formatMoney(order.total, order.currency, locale);
  switch (order.status) {
    case "paid":
      return `Payment received: order ${order.id} is paid (${money}). Thank you!`;
    case "failed":
      return `The payment for order ${order.id} failed${order.failureReason ? `: ${order.failureReason}` : ""}. Nothing was charged and the items are back in stock.`;
    case "expired":
      return `Order ${order.id} expired before it was paid. Nothing was charged. Check out again whenever you like.`;
    case "canceled":
      return order.failureReason === PROMOTION_WITHDRAWN
        ? `The promotion on order ${order.id} was switched off while you were paying, so the order was canceled and your payment refunded (${money}).`
        : `Order ${order.id} was canceled. Nothing was charged.`;
    case "refunded":
      return `Order ${order.id} was refunded (${money}).`;
    case "pending_payment":
      return `Order ${order.id} is waiting for payment (${money}).`;
  }
}

/** The engine's answer to a confirmation (or to paying again), from the order as it stands now. */
export function orderReply(order: WordedOrder & { readonly paymentUrl: string | null }, locale: string): string {
  const total = formatMoney(order.total, order.currency, locale);
  switch (order.status) {
    case "paid":
      return `Paid! Order ${order.id}: ${total}. Receipt sent to this chat.`;
    case "pending_payment":
      return order.paymentUrl
        ? `Order ${order.id} (${total}) is reserved for you. Finish paying here: ${order.paymentUrl}`
        : `Order ${order.id} (${total}) is waiting for payment. Press Pay (or say “pay”) to try the payment again, or say “cancel” to cancel it.`;
    default:
      return `Order ${order.id} is ${order.status.replace("_", " ")}.`;
  }
}

type NoticedOrder = Pick<WordedOrder, "id" | "total" | "currency">;

/** The alarm found the payment page Stripe made after a charge that timed out (worker/orders/reconcile.ts). */
export function paymentPageFoundNotice(order: NoticedOrder, url: string, locale: string): string {
  const money = formatMoney(order.total, order.currency, locale);
  return `The payment service answered: order ${order.id} (${money}) is reserved for you. Finish paying here: ${url}`;
}

/** The alarm found that a charge which timed out never reached Stripe: said once, the next look is the deadline. */
export function paymentNeverReachedNotice(order: NoticedOrder, locale: string): string {
  const money = formatMoney(order.total, order.currency, locale);
  return `The payment for order ${order.id} (${money}) never reached the payment service, so nothing was charged. Say “pay” to try again.`;
}

/** A one-tap charge the card issuer declined: the order is over, the cart stays. */
export function paymentDeclinedReply(reason: string): string {
  return `The payment did not go through: ${reason} Nothing was charged and your cart is unchanged. Say “checkout” to try again.`;
}

/** The payment service did not answer in time: the order is looked at again soon (worker/orders/reconcile.ts). */
export function paymentProcessingReply(orderId: string): string {
  return `Your payment for order ${orderId} is being processed; the payment service is slow to answer. I'll tell you here as soon as it is settled (nothing is charged twice).`;
}
