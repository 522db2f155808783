import type Stripe from "stripe";
import type { ConfirmResult, OrderSummary, PaymentChoice } from "../agent/checkout-port.js";
import type { Quote } from "../commerce/quote.js";
import { isSignedIn, type ShopperKey } from "../commerce/shopper-key.js";
import type { Shop } from "../commerce/types.js";
import { noteAwaitingPayment } from "../orders/order-repo.js";
import { orderNews, orderReply, paymentDeclinedReply, paymentProcessingReply } from "../orders/order-wording.js";
import { settle, type SettleEnv } from "../orders/settle.js";
import { charge, type ChargeOutcome } from "../payments/charge.js";
import { sessionContent, shopUrl } from "../payments/checkout-session.js";
import { addStripeCustomer, savedCardOf, stripeCustomerOf, type SavedCard } from "../payments/customer-repo.js";
import { paymentTimeoutMs, stripeClient } from "../payments/stripe-client.js";
import type { OrderCopy } from "./order-copy.js";
import type { checkoutSettings } from "./settings.js";

/** What paying reads: settlement's env (D1, Stripe, promotions, the outbox) and the shop's address. */
export interface PaymentEnv extends SettleEnv {
  /** Public origin of this Worker (https://shop.example): Stripe Checkout returns the shopper to its /pay/done and /pay/cancelled. */
  SHOP_URL?: string;
}

/**
 * The shopper pays outside Stripe (a Telegram invoice, worker/channels/telegram/invoicing.ts):
 * a confirmed order waits for that payment instead of a charge; `awaiting` gives the reply.
 */
export interface ExternalPayment {
  awaiting(order: OrderSummary, quote: Quote): string;
}

/** What the charge step needs of its checkout. */
export interface PaymentContext {
  env: PaymentEnv;
  /** The checkout's copy of its orders: each outcome is recorded there. */
  orders: OrderCopy;
  settings: Pick<ReturnType<typeof checkoutSettings>, "paymentTtlMs" | "paymentPageBase">;
  shop: Shop;
  conversationId: string;
  /** Who buys: a signed-in one may have a saved card, or gets a Stripe customer to keep the next one. */
  shopper: ShopperKey;
  /** The order waits longer than planned (a charge that timed out): the DO sets its alarm again. */
  onOrderPending: (expiresAt: number) => Promise<void>;
  externalPayment?: ExternalPayment;
}

/** The order being paid: what it froze and when its hold runs out. */
interface Due {
  order: OrderSummary;
  quote: Quote;
  expiresAt: number;
}

/** After a charge that timed out, when to ask Stripe what became of it. */
const RECHECK_AFTER_TIMEOUT_MS = 30_000;

/**
 * Takes the money for a placed order (free, outside Stripe, saved card, a
 * card given over ACP, or a payment page) and settles what the charge says.
 */
export async function payOrder(
  p: PaymentContext,
  order: OrderSummary,
  quote: Quote,
  expiresAt: number,
  payment: PaymentChoice,
): Promise<ConfirmResult> {
  const { env } = p;
  const due: Due = { order, quote, expiresAt };
  if (quote.total === 0) {
    const s = await settle(env, { type: "succeeded", orderId: order.id, paymentIntentId: "free" }, { notify: false });
    return finished(p, due, s.order?.status ?? "paid", null);
  }
  if (p.externalPayment) {
    finished(p, due, "pending_payment", null);
    return { kind: "order", order, text: p.externalPayment.awaiting(order, quote) };
  }
  const stripe = stripeClient(env);
  if (!stripe) {
    await settle(
      env,
      { type: "failed", orderId: order.id, paymentIntentId: null, message: "payments are not configured", final: true },
      { notify: false },
    );
    record(p, due, { ...order, status: "failed" });
    return { kind: "refused", text: "Payments are not set up in this shop yet, so nothing was charged." };
  }
  const saved = payment.paymentMethod ? null : await savedCard(env.DB, p.shopper);
  // The shopper waits for all of this: one budget for every Stripe call (PAYMENT_TIMEOUT_MS).
  const deadline = Date.now() + paymentTimeoutMs(env);
  // A signed-in shopper without a card gets a Stripe customer now, so the card
  // used on the payment page is kept for one-tap next time.
  const newCustomer =
    !saved && !payment.paymentMethod ? await ensureCustomer(stripe, env.DB, p.shopper, deadline) : null;
  const outcome = await charge(stripe, {
    orderId: order.id,
    amount: quote.total,
    currency: quote.currency,
    description: `Order ${order.id}`,
    metadata: { order_id: order.id, quote_id: quote.id, conversation_id: p.conversationId },
    ...(saved ? { customer: saved.customer, paymentMethod: saved.paymentMethod } : {}),
    ...(newCustomer ? { customer: newCustomer, saveCard: true } : {}),
    ...(payment.paymentMethod ? { paymentMethod: payment.paymentMethod, onSession: true } : {}),
    paymentPageBase: p.settings.paymentPageBase,
    checkout: sessionContent(quote, {
      shopUrl: shopUrl(env),
      locale: p.shop.locale,
      createdAt: expiresAt - p.settings.paymentTtlMs,
      expiresAt,
    }),
    budgetMs: Math.max(deadline - Date.now(), 0),
  });
  return charged(p, due, outcome);
}

/** Settles and records what the charge came back with, and says so to the shopper. */
async function charged(p: PaymentContext, due: Due, outcome: ChargeOutcome): Promise<ConfirmResult> {
  const { env } = p;
  const { order, expiresAt } = due;
  switch (outcome.kind) {
    case "succeeded": {
      const s = await settle(
        env,
        { type: "succeeded", orderId: order.id, paymentIntentId: outcome.paymentIntentId },
        { notify: false },
      );
      if (s.outcome === "canceled_promotion_withdrawn" && s.order) {
        finished(p, due, "canceled", null);
        return { kind: "order", order: { ...order, status: "canceled" }, text: orderNews(s.order, p.shop.locale) };
      }
      return finished(p, due, s.order?.status ?? "paid", null);
    }
    case "awaiting_payment": {
      await noteAwaitingPayment(env.DB, order.id, outcome);
      return finished(p, due, "pending_payment", outcome.paymentUrl);
    }
    case "declined": {
      await settle(
        env,
        {
          type: "failed",
          orderId: order.id,
          paymentIntentId: outcome.paymentIntentId,
          message: outcome.message,
          final: true,
        },
        { notify: false },
      );
      const failed = { ...order, status: "failed" as const };
      record(p, due, failed);
      return { kind: "order", order: failed, text: paymentDeclinedReply(outcome.message) };
    }
    case "unavailable": {
      // Stripe may still make the PaymentIntent: the conversation looks for it
      // soon (alarm, worker/orders/reconcile.ts) and the webhook settles it.
      const at = Date.now() + RECHECK_AFTER_TIMEOUT_MS;
      p.orders.recheck(order.id, Math.min(at, expiresAt), null, Date.now());
      await p.onOrderPending(expiresAt);
      return { kind: "order", order, text: paymentProcessingReply(order.id) };
    }
  }
}

/** The order as paying left it (its payment page, or none), recorded and told. */
function finished(
  p: PaymentContext,
  due: Due,
  status: OrderSummary["status"],
  paymentUrl: string | null,
): ConfirmResult {
  const done: OrderSummary = { ...due.order, status, paymentUrl };
  record(p, due, done);
  return { kind: "order", order: done, text: orderReply(done, p.shop.locale) };
}

function record(p: PaymentContext, due: Due, o: OrderSummary): void {
  p.orders.record({ ...o, quoteId: due.quote.id, expiresAt: due.expiresAt }, Date.now());
}

async function savedCard(db: D1Database, shopper: ShopperKey): Promise<SavedCard | null> {
  return isSignedIn(shopper) ? savedCardOf(db, shopper) : null;
}

async function ensureCustomer(
  stripe: Stripe,
  db: D1Database,
  shopper: ShopperKey,
  deadline: number,
): Promise<string | null> {
  if (!isSignedIn(shopper)) return null;
  const known = await stripeCustomerOf(db, shopper);
  if (known) return known;
  try {
    // `principal` is the metadata key Stripe customers already carry: a contract, kept under its old name.
    const customer = await stripe.customers.create(
      { metadata: { principal: shopper } },
      { idempotencyKey: `customer-${shopper}`, timeout: Math.max(deadline - Date.now(), 1), maxNetworkRetries: 0 },
    );
    await addStripeCustomer(db, shopper, customer.id, Date.now());
    return customer.id;
  } catch {
    // Saving the card is a convenience; paying must not depend on it.
    return null;
  }
}
