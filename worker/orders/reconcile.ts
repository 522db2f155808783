import type Stripe from "stripe";
import { checkoutSettings, type CheckoutSettingsEnv } from "../checkout/settings.js";
import { pageFor, shopperReason } from "../payments/charge.js";
import { findSession, intentOfSession, retrieveSession, VIA_CHECKOUT } from "../payments/checkout-session.js";
import { intentMismatch } from "../payments/intent-match.js";
import { isUnreachable, stripeClient } from "../payments/stripe-client.js";
import { getOrder, noteAwaitingPayment, notePayment, type OrderRecord } from "./order-repo.js";
import { paymentNeverReachedNotice, paymentPageFoundNotice } from "./order-wording.js";
import { unreachableRecheckMs } from "./recheck-backoff.js";
import { notifyConversation, settle, type SettleEnv, type Settlement } from "./settle.js";

/** What reconciling reads: settlement's env, and the payment page base for a PaymentIntent found after a timeout. */
export interface ReconcileEnv extends SettleEnv, CheckoutSettingsEnv {}

/**
 * Stripe's advice, followed: an event (or the clock) is only a hint; the
 * PaymentIntent, re-read from the API with its latest charge, is the truth,
 * and the order is brought to its state (docs/ARCHITECTURE.md invariant 8).
 * Every step is a conditional transition, so any order of events, replays and
 * concurrent callers end in the same place.
 */
export interface Reconciled extends Settlement {
  /** A PaymentIntent awaiting the shopper was found for an order that had none recorded: its page. */
  adoptedUrl?: string;
}

/** The order has gone past its deadline unpaid by this much and Stripe still cannot be asked: expire anyway. */
export const EXPIRY_GRACE_MS = 60 * 60_000;

const EXPAND = ["latest_charge"];

/** The PaymentIntent with its latest charge, or null when Stripe has no such object. Throws when Stripe cannot be asked. */
export async function retrieveIntent(
  stripe: Stripe,
  id: string,
  opts: Stripe.RequestOptions = {},
): Promise<Stripe.PaymentIntent | null> {
  try {
    return await stripe.paymentIntents.retrieve(id, { expand: EXPAND }, opts);
  } catch (err) {
    if ((err as { code?: string }).code === "resource_missing") return null;
    throw err;
  }
}

/**
 * The order's PaymentIntent: the recorded one, or (when the charge timed out
 * before Stripe answered) the one Stripe made for it, found by metadata.order_id.
 */
async function intentOf(
  stripe: Stripe,
  order: OrderRecord,
  opts: Stripe.RequestOptions,
): Promise<Stripe.PaymentIntent | null> {
  if (order.paymentIntentId && !order.checkoutSessionId) return retrieveIntent(stripe, order.paymentIntentId, opts);
  // Order ids are ours (ord_<hex>); anything else cannot be put in a query safely.
  if (!/^[A-Za-z0-9_]+$/.test(order.id)) return null;
  const found = await stripe.paymentIntents.search(
    { query: `metadata['order_id']:'${order.id}'`, expand: EXPAND.map((p) => `data.${p}`), limit: 10 },
    opts,
  );
  const mine = found.data.filter((pi) => intentMismatch(order, pi) === null);
  return mine.find((pi) => pi.status === "succeeded") ?? mine[0] ?? null;
}

function fullyRefunded(pi: Stripe.PaymentIntent): boolean {
  const charge = pi.latest_charge;
  return typeof charge === "object" && charge !== null && (charge.refunded || charge.amount_refunded >= charge.amount);
}

/** A signed object that names the order but is not its own (another amount, another session): nothing changes. */
function notTheOrders(order: OrderRecord, what: string, id: string, field: string): Reconciled {
  console.warn(`${what} does not belong to the order it names; nothing changed`, { order: order.id, id, field });
  return { order, changed: false, outcome: `mismatch_${field}` };
}

/** Brings one order to what its PaymentIntent says; a PaymentIntent that is not the order's changes nothing. */
export async function applyIntent(
  env: ReconcileEnv,
  order: OrderRecord,
  pi: Stripe.PaymentIntent,
  opts: { notify: boolean; now?: number },
): Promise<Reconciled> {
  const now = opts.now ?? Date.now();
  const mismatch = intentMismatch(order, pi);
  if (mismatch) return notTheOrders(order, "PaymentIntent", pi.id, mismatch);
  if (order.checkoutSessionId && pi.metadata?.payment_via !== VIA_CHECKOUT.payment_via && pi.status !== "succeeded") {
    // The saved card's off-session attempt that asked for 3-D Secure: the
    // order is paid through its Checkout Session now, and this one's failure
    // or cancellation says nothing about it.
    return { order, changed: false, outcome: "superseded_payment_intent" };
  }
  const quiet = { notify: false, now };
  let result: Reconciled;
  switch (pi.status) {
    case "succeeded": {
      const paid = await settle(env, { type: "succeeded", orderId: order.id, paymentIntentId: pi.id }, quiet);
      // A refund may be reported before the success (a retried webhook): the order ends refunded either way.
      const refunded = fullyRefunded(pi) ? await settle(env, { type: "refunded", orderId: order.id }, quiet) : null;
      result = refunded?.changed ? { ...refunded, changed: true } : paid;
      if (refunded?.changed && !paid.changed) result.outcome = "refunded";
      break;
    }
    case "canceled":
      result = await settle(env, { type: "canceled", orderId: order.id, paymentIntentId: pi.id }, quiet);
      break;
    case "requires_payment_method":
      if (pi.last_payment_error) {
        // A failed attempt on the payment page: the shopper may still try another card.
        result = await settle(
          env,
          {
            type: "failed",
            orderId: order.id,
            paymentIntentId: pi.id,
            message: shopperReason(pi.last_payment_error),
            final: false,
          },
          quiet,
        );
        break;
      }
      result = await awaiting(env, order, pi, now);
      break;
    default:
      result = await awaiting(env, order, pi, now);
  }
  if (opts.notify && result.changed && result.order) await notifyConversation(env, result.order);
  return result;
}

/** Still unpaid: record a PaymentIntent found after a timed-out charge, so it is never orphaned. */
async function awaiting(
  env: ReconcileEnv,
  order: OrderRecord,
  pi: Stripe.PaymentIntent,
  now: number,
): Promise<Reconciled> {
  if (order.status !== "pending_payment" || order.paymentIntentId || order.checkoutSessionId)
    return { order, changed: false, outcome: "awaiting_payment" };
  const url = pi.next_action?.redirect_to_url?.url ?? pageFor(pi.id, checkoutSettings(env).paymentPageBase);
  await notePayment(env.DB, order.id, { paymentIntentId: pi.id, paymentUrl: url, now });
  return { order: await getOrder(env.DB, order.id), changed: false, outcome: "awaiting_payment", adoptedUrl: url };
}

export type Checked = Reconciled & {
  /** The order is still pending: look again at this time. */
  recheckAt?: number;
  /** For the shopper, when a payment page was found after a timed-out charge. */
  notice?: string;
};

/**
 * The alarm's look at a pending order: at its deadline, or earlier after a
 * charge that timed out. Stripe is asked first: a PaymentIntent that succeeded
 * while no webhook came (Worker down, events lost) makes the order paid; one
 * made after a timeout is recorded. Only an order Stripe confirms unpaid
 * expires at its deadline. If Stripe cannot be asked, the order is not expired
 * blindly: it is looked at again with backoff (recheck-backoff.ts), for at most EXPIRY_GRACE_MS past
 * its deadline; then it expires, and a payment that still lands is refunded
 * (settle: refunded_late_payment).
 */
export async function checkDue(env: ReconcileEnv, orderId: string, opts: { now?: number } = {}): Promise<Checked> {
  const now = opts.now ?? Date.now();
  const order = await getOrder(env.DB, orderId);
  if (!order || order.status !== "pending_payment") return { order, changed: false, outcome: "duplicate" };
  const stripe = order.paymentIntentId === "free" ? null : stripeClient(env);
  let seen: Reconciled | null = null;
  let asked = false;
  if (stripe) {
    try {
      // The alarm is the retry: one attempt within the budget.
      seen = await lookAtStripe(env, stripe, order, now);
      asked = true;
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      const late = now - order.expiresAt;
      if (late < EXPIRY_GRACE_MS) {
        console.warn("payment service unreachable; order check postponed", {
          order: order.id,
          message: (err as Error).message,
        });
        return {
          order,
          changed: false,
          outcome: "payment_service_unreachable",
          recheckAt: now + unreachableRecheckMs(now - order.createdAt),
        };
      }
      console.error("payment service unreachable past the grace; expiring", { order: order.id });
    }
  }
  const current = seen?.order ?? order;
  if (current.status !== "pending_payment") return seen!;
  if (now < current.expiresAt) {
    const notice = seen?.adoptedUrl
      ? paymentPageFoundNotice(order, seen.adoptedUrl, env.SHOP_LOCALE)
      : asked && !seen && !order.paymentIntentId && !order.checkoutSessionId
        ? // The timed-out charge never reached Stripe: say so once (the next check is the deadline).
          paymentNeverReachedNotice(order, env.SHOP_LOCALE)
        : undefined;
    return {
      ...(seen ?? { order: current, changed: false, outcome: "not_due" }),
      recheckAt: current.expiresAt,
      ...(notice ? { notice } : {}),
    };
  }
  return settle(env, { type: "expired", orderId }, { notify: false, now });
}

/**
 * What Stripe says about a pending order: its Checkout Session (and the
 * session's PaymentIntent), or its PaymentIntent; after a creation that timed
 * out, the session or PaymentIntent Stripe made anyway is adopted.
 */
async function lookAtStripe(
  env: ReconcileEnv,
  stripe: Stripe,
  order: OrderRecord,
  now: number,
): Promise<Reconciled | null> {
  const opts = { maxNetworkRetries: 0 };
  if (order.checkoutSessionId) {
    const session = await retrieveSession(stripe, order.checkoutSessionId, opts);
    return session ? applySession(env, order, session, { notify: false, now }) : null;
  }
  const pi = await intentOf(stripe, order, opts);
  if (pi) return applyIntent(env, order, pi, { notify: false, now });
  if (order.paymentIntentId) return null;
  const session = await findSession(stripe, order, opts);
  return session && !sessionMismatch(order, session) ? applySession(env, order, session, { notify: false, now }) : null;
}

/** Why this Checkout Session cannot settle this order, or null when it is the order's own. */
export function sessionMismatch(order: OrderRecord, session: Stripe.Checkout.Session): string | null {
  if (session.client_reference_id !== order.id || session.metadata?.order_id !== order.id) return "order_id";
  if (order.checkoutSessionId !== null && order.checkoutSessionId !== session.id) return "checkout_session_id";
  if (session.amount_total !== order.total) return "amount";
  if ((session.currency ?? "").toLowerCase() !== order.currency.toLowerCase()) return "currency";
  return null;
}

/**
 * Brings one order to what its Checkout Session says (retrieved, with its
 * PaymentIntent expanded): paid or failed attempts through the PaymentIntent
 * (applyIntent, so a payment after the order ended is refunded), an expired
 * session ends a pending order like its deadline does, and a session found
 * for an order that had none recorded is adopted.
 */
export async function applySession(
  env: ReconcileEnv,
  order: OrderRecord,
  session: Stripe.Checkout.Session,
  opts: { notify: boolean; now?: number },
): Promise<Reconciled> {
  const mismatch = sessionMismatch(order, session);
  if (mismatch) return notTheOrders(order, "Checkout Session", session.id, mismatch);
  let adoptedUrl: string | undefined;
  if (order.status === "pending_payment" && !order.checkoutSessionId && session.url && session.status === "open") {
    await noteAwaitingPayment(env.DB, order.id, {
      paymentIntentId: null,
      paymentUrl: session.url,
      checkoutSessionId: session.id,
    });
    adoptedUrl = session.url;
    order = (await getOrder(env.DB, order.id)) ?? order;
  }
  const pi = intentOfSession(session);
  if (pi) return applyIntent(env, order, pi, opts);
  if (session.status === "expired" && order.status === "pending_payment") {
    return settle(env, { type: "expired", orderId: order.id }, { notify: opts.notify, now: opts.now ?? Date.now() });
  }
  const outcome = order.status === "pending_payment" ? "awaiting_payment" : "duplicate";
  return { order, changed: false, outcome, ...(adoptedUrl ? { adoptedUrl } : {}) };
}

/** What a Checkout Session event hints at, reconciled. null: Stripe has no such session, or it is not for one of our orders. */
export async function reconcileSession(
  env: ReconcileEnv,
  stripe: Stripe,
  sessionId: string,
  opts: Stripe.RequestOptions = {},
): Promise<{ pi: Stripe.PaymentIntent | null; result: Reconciled } | null> {
  const session = await retrieveSession(stripe, sessionId, opts);
  const orderId = session?.client_reference_id;
  if (!session || !orderId) return null;
  const order = await getOrder(env.DB, orderId);
  if (!order) return { pi: null, result: { order: null, changed: false, outcome: "unknown_order" } };
  return { pi: intentOfSession(session), result: await applySession(env, order, session, { notify: true }) };
}

/** What a webhook event hints at, reconciled. null: Stripe has no such PaymentIntent, or it is not for one of our orders. */
export async function reconcileIntent(
  env: ReconcileEnv,
  stripe: Stripe,
  paymentIntentId: string,
): Promise<{ pi: Stripe.PaymentIntent; result: Reconciled } | null> {
  const pi = await retrieveIntent(stripe, paymentIntentId);
  const orderId = pi?.metadata?.order_id;
  if (!pi || !orderId) return null;
  const order = await getOrder(env.DB, orderId);
  if (!order) return { pi, result: { order: null, changed: false, outcome: "unknown_order" } };
  return { pi, result: await applyIntent(env, order, pi, { notify: true }) };
}
