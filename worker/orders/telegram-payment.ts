import { parseInvoicePayload } from "../channels/telegram/invoice.js";
import type { TelegramSuccessfulPayment } from "../channels/telegram/update-json.js";
import type { TelegramSettings } from "../channels/telegram/client.js";
import { formatMoney } from "../commerce/format.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { shopperKey } from "../commerce/shopper-key.js";
import { conversationStub } from "../objects/stubs.js";
import { getOrder, type OrderRecord } from "./order-repo.js";
import { settle, type SettleEnv } from "./settle.js";

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
  const extra = await db
    .prepare("SELECT quote_hash, telegram_payment_charge_id FROM orders WHERE id = ?")
    .bind(order.id)
    .first<{ quote_hash: string; telegram_payment_charge_id: string | null }>();
  if (!extra || !extra.quote_hash.startsWith(named.hashPrefix)) return null;
  return { ...order, quoteHash: extra.quote_hash, telegramPaymentChargeId: extra.telegram_payment_charge_id };
}

async function orderIdOfQuote(db: D1Database, quoteId: string): Promise<string | null> {
  const row = await db.prepare("SELECT id FROM orders WHERE quote_id = ?").bind(quoteId).first<{ id: string }>();
  return row?.id ?? null;
}

/** A Telegram update already handled (its update_id), with what came of it. */
export async function updateReplay(db: D1Database, updateId: number): Promise<string | null> {
  const row = await db
    .prepare("SELECT outcome FROM payment_events WHERE event_id = ?")
    .bind(`tg:${updateId}`)
    .first<{ outcome: string }>();
  return row?.outcome ?? null;
}

/** Records a handled payment update once, in the same log as Stripe's events. */
export async function finishUpdate(
  db: D1Database,
  updateId: number,
  type: "telegram.pre_checkout_query" | "telegram.successful_payment",
  orderId: string | null,
  outcome: string,
): Promise<void> {
  await db
    .prepare(
      "INSERT OR IGNORE INTO payment_events (event_id, type, order_id, payment_intent_id, outcome, received_at) VALUES (?, ?, ?, NULL, ?, ?)",
    )
    .bind(`tg:${updateId}`, type, orderId, outcome, Date.now())
    .run();
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
  const already = await env.DB.prepare("SELECT id FROM orders WHERE telegram_payment_charge_id = ?")
    .bind(charge)
    .first<{ id: string }>();
  if (already) return { outcome: "duplicate", orderId: already.id };
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
  // The claim: of two deliveries of one payment (or two payments of one order) exactly one gets here.
  const claimed = await env.DB.prepare(
    `UPDATE orders SET telegram_payment_charge_id = ?, provider_payment_charge_id = ?
     WHERE id = ? AND status = 'pending_payment' AND telegram_payment_charge_id IS NULL`,
  )
    .bind(charge, p.payment.provider_payment_charge_id, order.id)
    .run();
  if (claimed.meta.changes === 0) {
    // Lost the race: to this same payment delivered twice at once (a duplicate), or to another payment.
    const winner = await env.DB.prepare("SELECT telegram_payment_charge_id AS c FROM orders WHERE id = ?")
      .bind(order.id)
      .first<{ c: string | null }>();
    return winner?.c === charge ? { outcome: "duplicate", orderId: order.id } : flag(env, p, order, "paid_twice");
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
  const first = await env.DB.prepare(
    "INSERT OR IGNORE INTO payment_events (event_id, type, order_id, payment_intent_id, outcome, received_at) VALUES (?, 'telegram.flagged_charge', ?, NULL, ?, ?)",
  )
    .bind(`tg-charge:${p.payment.telegram_payment_charge_id}`, order?.id ?? null, outcome, Date.now())
    .run();
  if (first.meta.changes === 0) return { outcome: "duplicate", orderId: order?.id ?? null };
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
  await env.DB.prepare(
    "INSERT INTO audit_log (actor, action, target, reason, details, at) VALUES ('telegram', 'telegram_payment_flagged', ?, ?, ?, ?)",
  )
    .bind(
      order?.id ?? `telegram_charge:${p.payment.telegram_payment_charge_id}`,
      why,
      JSON.stringify(details),
      Date.now(),
    )
    .run();
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
