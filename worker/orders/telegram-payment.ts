import { parseInvoicePayload } from "../channels/telegram/invoice.js";
import type { TelegramSuccessfulPayment } from "../channels/telegram/update-json.js";
import type { TelegramSettings } from "../channels/telegram/client.js";
import { formatMoney } from "../commerce/format.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { shopperKey } from "../commerce/shopper-key.js";
import { conversationStub } from "../objects/stubs.js";
import { getOrder, type OrderRecord } from "./order-repo.js";
import { settle, type SettleEnv } from "./settle.js";
import {
  auditFlaggedPayment,
  chargeOfOrder,
  claimCharge,
  finishUpdate,
  flagChargeOnce,
  invoiceColumns,
  orderIdOfQuote,
  orderOfCharge,
  updateReplay,
} from "./telegram-payment-repo.js";

/**
 * What an order paid through a Telegram invoice records as its payment
 * (orders.payment_intent_id, like "free" for a zero total): there is no
 * Stripe PaymentIntent to reconcile or refund through the Stripe API. The
 * Telegram and provider charge ids are kept in their own columns.
 */
export const TELEGRAM_PAYMENT = "telegram";

/**
 * What Telegram payment settlement reads: whatever settle() reads (it books
 * the payment through it: D1, the chat's Conversation, the locale) and the
 * bot's settings, to answer Telegram and tell the chat.
 */
export interface TelegramPaymentEnv extends SettleEnv, TelegramSettings {}

/** The order an invoice payload names, with the quote hash it was placed from. */
export interface InvoiceOrder extends OrderRecord {
  quoteHash: string;
  telegramPaymentChargeId: string | null;
}

/** The order of the quote a payload names, if the payload is ours and the hash matches; else null. */
export async function invoiceOrder(db: D1Database, payload: string): Promise<InvoiceOrder | null> {
  const named = parseInvoicePayload(payload);
  if (!named) return null;
  const order = await getOrder(db, (await orderIdOfQuote(db, named.quoteId)) ?? "");
  if (!order) return null;
  const extra = await invoiceColumns(db, order.id);
  if (!extra || !extra.quoteHash.startsWith(named.hashPrefix)) return null;
  return { ...order, ...extra };
}

export interface TelegramPayment {
  updateId: number;
  chatId: number;
  fromId: number;
  payment: TelegramSuccessfulPayment;
}

/** What came of a successful_payment: "paid", "duplicate", or "flagged_<why>" (money to give back by hand). */
export interface TelegramSettlement {
  outcome: string;
  orderId: string | null;
}

/**
 * Settles the order a successful_payment names, exactly once. Telegram has
 * already taken the money, so nothing here may fail silently: a payment that
 * does not match its order (amount, currency, payload, chat or payer), that
 * arrives for an order that is no longer waiting (expired, canceled, already
 * paid with another charge), or whose promotion was withdrawn meanwhile is
 * NOT recorded as paid; it is flagged (audit log, for ops to refund in the
 * provider's dashboard: Telegram has no refund call for card payments) and
 * the shopper is told, once per charge. Replays (same update_id, or the same
 * charge id in another update) change nothing.
 */
export async function settleTelegramPayment(env: TelegramPaymentEnv, p: TelegramPayment): Promise<TelegramSettlement> {
  const seen = await updateReplay(env.DB, p.updateId);
  if (seen) return { outcome: "duplicate", orderId: null };
  const result = await settleOnce(env, p);
  await finishUpdate(env.DB, p.updateId, "telegram.successful_payment", result.orderId, result.outcome);
  return result;
}

async function settleOnce(env: TelegramPaymentEnv, p: TelegramPayment): Promise<TelegramSettlement> {
  const charge = p.payment.telegram_payment_charge_id;
  const already = await orderOfCharge(env.DB, charge);
  if (already) return { outcome: "duplicate", orderId: already };
  const order = await invoiceOrder(env.DB, p.payment.invoice_payload);
  const mismatch = !order
    ? "unknown_payload"
    : order.conversationId !== `tg:${p.chatId}` || order.customer !== shopperKey.telegram(p.fromId)
      ? "other_shopper"
      : order.currency !== p.payment.currency
        ? "currency"
        : order.total !== p.payment.total_amount
          ? "amount"
          : null;
  if (!order || mismatch) return flag(env, p, order, `mismatch_${mismatch}`);
  if (order.status !== "pending_payment")
    return flag(env, p, order, order.status === "paid" ? "paid_twice" : `order_${order.status}`);
  // The claim: of two deliveries of one payment (or two payments of one order) exactly one gets past it.
  if (!(await claimCharge(env.DB, order.id, { telegram: charge, provider: p.payment.provider_payment_charge_id }))) {
    // Lost the race: to this same payment delivered twice at once (a duplicate), or to another payment.
    const winner = await chargeOfOrder(env.DB, order.id);
    return winner === charge ? { outcome: "duplicate", orderId: order.id } : flag(env, p, order, "paid_twice");
  }
  const s = await settle(env, { type: "succeeded", orderId: order.id, paymentIntentId: TELEGRAM_PAYMENT });
  if (s.outcome === "paid") return { outcome: "paid", orderId: order.id };
  // Withdrawn promotion, or the order ended between the checks and the transition: the money goes back by hand.
  const why = s.outcome === "canceled_promotion_withdrawn" ? "promotion_withdrawn" : "order_closed";
  return flag(env, p, order, why, { notified: s.changed });
}

/**
 * A Telegram payment we cannot book: an audit-log entry ops see in the
 * console and `npm run ops -- audit` (with both charge ids, to refund it in
 * the provider's dashboard), a warning in the log, and a word to the payer.
 */
async function flag(
  env: TelegramPaymentEnv,
  p: TelegramPayment,
  order: InvoiceOrder | null,
  why: string,
  opts: { notified?: boolean } = {},
): Promise<TelegramSettlement> {
  const outcome = `flagged_${why}`;
  // One flag per charge, however often (or concurrently) Telegram delivers it.
  if (!(await flagChargeOnce(env.DB, p.payment.telegram_payment_charge_id, order?.id ?? null, outcome)))
    return { outcome: "duplicate", orderId: order?.id ?? null };
  const details = {
    telegram_payment_charge_id: p.payment.telegram_payment_charge_id,
    provider_payment_charge_id: p.payment.provider_payment_charge_id,
    total_amount: p.payment.total_amount,
    currency: p.payment.currency,
    invoice_payload: p.payment.invoice_payload,
    chat_id: p.chatId,
    from_id: p.fromId,
    update_id: p.updateId,
  };
  console.warn("telegram payment not booked; flagged for a manual refund", { order: order?.id ?? null, why });
  await auditFlaggedPayment(
    env.DB,
    order?.id ?? `telegram_charge:${p.payment.telegram_payment_charge_id}`,
    why,
    details,
  );
  if (!opts.notified) {
    const money = formatMoney(p.payment.total_amount, p.payment.currency, env.SHOP_LOCALE);
    await telegramNotice(env, `tg:${p.chatId}`, {
      key: `tg:${p.updateId}`,
      text: `We received your payment of ${money}, but it doesn't match an order waiting for payment, so nothing was booked. We've flagged it to be refunded to you; you don't need to do anything.`,
    });
  }
  return { outcome, orderId: order?.id ?? null };
}

/** What the chat is told about a Telegram payment (conversation.do.ts `telegramPaymentNotice`). */
export interface TelegramPaymentNotice {
  /** Idempotency key of the notice (the update it answers). */
  key: string;
  text: string;
  /** The order the notice is about changed status: the conversation records it. */
  order?: { id: string; status: OrderStatus };
  /** Follow the text with a fresh quote of the cart (a pre-checkout refused because something changed). */
  freshQuote?: boolean;
}

export async function telegramNotice(
  env: TelegramPaymentEnv,
  conversationId: string,
  n: TelegramPaymentNotice,
): Promise<void> {
  await conversationStub(env, conversationId).telegramPaymentNotice(conversationId, n);
}
