import { stripeClient, type StripeSettings } from "../payments/stripe-client.js";
import { closeCheckout } from "./close-checkout.js";
import { getOrder, notePayment, transitionOrder, type OrderRecord } from "./order-repo.js";
import { consumeAll, releaseAll, type PromotionReservationsEnv } from "./promotion-reservations.js";
import { isAcp } from "../commerce/shopper-key.js";
import { orderEvent, type OrderEventsEnv } from "./order-events.js";
import { checkoutSessionStub, conversationStub } from "../objects/stubs.js";
import { orderNews, PROMOTION_WITHDRAWN } from "./order-wording.js";

/** Everything that can happen to an order's payment, from Stripe's answer, a webhook or the clock. */
export type PaymentUpdate =
  | { type: "succeeded"; orderId: string; paymentIntentId: string }
  /** final: the order is over (one-tap decline); otherwise the shopper may still pay on the page. */
  | { type: "failed"; orderId: string; paymentIntentId: string | null; message: string; final: boolean }
  | { type: "canceled"; orderId: string; paymentIntentId: string | null }
  | { type: "expired"; orderId: string }
  | { type: "refunded"; orderId: string };

/**
 * What settlement reads: D1, Stripe (late refunds, closing a Checkout
 * Session), the promotion objects, the order outbox and the conversation or
 * ACP session it tells (the namespaces and the locale come with the outbox's env).
 */
export interface SettleEnv extends StripeSettings, PromotionReservationsEnv, OrderEventsEnv {}

export interface Settlement {
  order: OrderRecord | null;
  changed: boolean;
  /** What happened, for the payment_events log. */
  outcome: string;
}

/**
 * The one place an order's payment state changes. Each branch is a
 * conditional transition, so duplicates and out-of-order updates are no-ops;
 * stock moves with the transition (DB trigger), promotions follow here.
 */
export async function settle(
  env: SettleEnv,
  u: PaymentUpdate,
  opts: { notify?: boolean; now?: number } = {},
): Promise<Settlement> {
  const now = opts.now ?? Date.now();
  // The conversation itself settles inline (its own queue would wait on itself);
  // webhooks notify it.
  const notify = opts.notify ?? true;
  const before = await getOrder(env.DB, u.orderId);
  if (!before) return { order: null, changed: false, outcome: "unknown_order" };
  switch (u.type) {
    case "succeeded": {
      // Redeem the promotion units first: if ops withdrew the promotion while
      // this payment was in flight (kill switch without honouring held units),
      // the order cannot stand at that price. It is canceled (stock back) and
      // the money returned, rather than paid with a unit the promotion no longer counts.
      if (
        before.status === "pending_payment" &&
        before.promoCodes.length > 0 &&
        !(await consumeAll(env, u.orderId, before.promoCodes))
      ) {
        await releaseAll(env, u.orderId, before.promoCodes, "withdrawn", true);
        const canceled = await transitionOrder(env.DB, u.orderId, "canceled", {
          paymentIntentId: u.paymentIntentId,
          failureReason: PROMOTION_WITHDRAWN,
          now,
        });
        if (canceled) await refundLate(env, before, u.paymentIntentId);
        return finish(
          env,
          u.orderId,
          notify && canceled,
          canceled ? "canceled_promotion_withdrawn" : "duplicate",
          canceled,
        );
      }
      // Only a pending order can become paid, and states only move forward: an order
      // already past pending (the webhook after an inline settle) needs no write and no re-read.
      const changed =
        before.status === "pending_payment" &&
        (await transitionOrder(env.DB, u.orderId, "paid", {
          paymentIntentId: u.paymentIntentId,
          failureReason: null,
          now,
        }));
      if (changed) return finish(env, u.orderId, notify, "paid");
      const order = before.status === "pending_payment" ? await getOrder(env.DB, u.orderId) : before;
      if (order && ["expired", "canceled", "failed"].includes(order.status)) {
        // Money arrived for an order that already gave its goods back: return it.
        await refundLate(env, order, u.paymentIntentId);
        return { order, changed: false, outcome: "refunded_late_payment" };
      }
      return { order, changed: false, outcome: "duplicate" };
    }
    case "failed": {
      if (!u.final) {
        if (u.paymentIntentId)
          await notePayment(env.DB, u.orderId, { paymentIntentId: u.paymentIntentId, failureReason: u.message, now });
        return { order: await getOrder(env.DB, u.orderId), changed: false, outcome: "attempt_failed" };
      }
      return endUnpaid(
        env,
        before,
        "failed",
        { failureReason: u.message, now, ...(u.paymentIntentId ? { paymentIntentId: u.paymentIntentId } : {}) },
        notify,
      );
    }
    case "canceled":
      return endUnpaid(
        env,
        before,
        "canceled",
        { now, ...(u.paymentIntentId ? { paymentIntentId: u.paymentIntentId } : {}) },
        notify,
      );
    case "expired": {
      const result = await endUnpaid(env, before, "expired", { now }, notify);
      if (result.changed && before.paymentIntentId) await cancelIntent(env, before.paymentIntentId);
      return result;
    }
    case "refunded": {
      const changed = await transitionOrder(env.DB, u.orderId, "refunded", { now });
      return finish(env, u.orderId, changed && notify, changed ? "refunded" : "duplicate", changed);
    }
  }
}

async function endUnpaid(
  env: SettleEnv,
  before: OrderRecord,
  to: "failed" | "canceled" | "expired",
  patch: { failureReason?: string; paymentIntentId?: string; now: number },
  notify: boolean,
): Promise<Settlement> {
  const changed = await transitionOrder(env.DB, before.id, to, patch);
  if (changed) await releaseAll(env, before.id, before.promoCodes, to);
  if (changed && before.checkoutSessionId) await closeCheckout(env, before.checkoutSessionId);
  return finish(env, before.id, changed && notify, changed ? to : "duplicate", changed);
}

async function finish(
  env: SettleEnv,
  orderId: string,
  notify: boolean,
  outcome: string,
  changed = true,
): Promise<Settlement> {
  const order = await getOrder(env.DB, orderId);
  if (notify && order) await notifyConversation(env, order);
  // The agent of an ACP order hears of every change (worker/orders/order-events.ts); the
  // settlement stands even if the outbox cannot be reached.
  if (changed && order && order.status !== "pending_payment") {
    await orderEvent(env, order, order.status).catch((err: unknown) =>
      console.error(`order event for ${order.id} not recorded`, err instanceof Error ? err.message : err),
    );
  }
  return { order, changed, outcome };
}

async function refundLate(env: SettleEnv, order: OrderRecord, paymentIntentId: string): Promise<void> {
  const stripe = stripeClient(env);
  // Only a Stripe PaymentIntent can be refunded here ("free" has no money, a Telegram invoice payment is flagged by its settler).
  if (!stripe || !paymentIntentId.startsWith("pi_")) return;
  try {
    await stripe.refunds.create(
      { payment_intent: paymentIntentId },
      { idempotencyKey: `order-${order.id}-late-refund` },
    );
  } catch (err) {
    // Refunded already (from the dashboard, before the success was reconciled): the money is back.
    if ((err as { code?: string }).code !== "charge_already_refunded") throw err;
  }
}

async function cancelIntent(env: SettleEnv, paymentIntentId: string): Promise<void> {
  const stripe = stripeClient(env);
  if (!stripe) return;
  try {
    await stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: "abandoned" });
  } catch {
    // Already succeeded or canceled: the webhook for that state settles the order.
  }
}

/** Tells the conversation (chat or ACP session) how its order ended, in words built from the order. */
export async function notifyConversation(env: SettleEnv, order: OrderRecord): Promise<void> {
  const text = orderNews(order, env.SHOP_LOCALE);
  const update = { orderId: order.id, status: order.status, text };
  const where = conversationOf(env, order);
  await (where.kind === "acp" ? where.stub.orderUpdated(update) : where.stub.orderUpdated(update));
}

/**
 * Where an order came from decides who hears about it: a chat conversation or
 * an ACP checkout session. ACP orders are told apart by their customer
 * ("acp:<session id>", set by the CheckoutSession object), not by the id
 * alone: chat clients choose their conversation ids freely.
 */
function conversationOf(env: SettleEnv, order: Pick<OrderRecord, "conversationId" | "customer">) {
  if (isAcp(order.customer)) {
    return {
      kind: "acp" as const,
      stub: checkoutSessionStub(env, order.conversationId),
    };
  }
  return { kind: "chat" as const, stub: conversationStub(env, order.conversationId) };
}
