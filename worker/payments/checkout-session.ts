import type Stripe from "stripe";
import { formatMoney } from "../commerce/format.js";
import type { Quote } from "../commerce/quote.js";
import { sessionLineItems, type OrderLineForSession } from "./session-lines.js";

/**
 * Stripe's hosted Checkout Session for a payment that needs the shopper (no
 * saved card, or a saved card that asks for 3-D Secure): the page is Stripe's,
 * so a real deployment has nothing to host. One session per order: the
 * idempotency key is the order's, and every parameter is a function of the
 * order (its frozen quote, its deadline, its shopper), so a retried or resumed
 * creation gets the same session back.
 */
export type SessionContent = Omit<
  SessionRequest,
  "orderId" | "total" | "currency" | "metadata" | "customer" | "saveCard"
>;

export interface SessionRequest {
  orderId: string;
  total: number;
  currency: string;
  lines: readonly OrderLineForSession[];
  fees: readonly { label: string; amount: number }[];
  codes: readonly string[];
  money: (minor: number) => string;
  metadata: Record<string, string>;
  /** The shopper's Stripe customer (signed in), so Checkout can keep the card. */
  customer?: string;
  /** setup_future_usage: the card paid with is saved for one-tap next time. */
  saveCard?: boolean;
  /** The Worker's public origin (SHOP_URL): the pages Stripe returns to. */
  shopUrl: string;
  /** When the order was placed and when its payment window ends (ms). */
  createdAt: number;
  expiresAt: number;
}

/** Marks the PaymentIntents a Checkout Session makes, so reconciliation can tell them from an abandoned one-tap attempt. */
export const VIA_CHECKOUT = { payment_via: "checkout_session" } as const;

/** Stripe's bounds on expires_at, from the session's creation. */
const MIN_SESSION_MS = 30 * 60_000;
const MAX_SESSION_MS = 24 * 60 * 60_000;
/** Room for the request's own time and clock skew, so Stripe never sees less than its minimum. */
const SLACK_MS = 60_000;

/**
 * The session's expires_at (ms): the order's deadline when Stripe allows it.
 * A window shorter than Stripe's 30-minute minimum (the default 15 minutes)
 * cannot be mirrored, so the session is given the deadline plus that minimum
 * (deterministic: the same for every attempt up to the deadline) and the
 * order's deadline stays the rule: at it the order expires (alarm) and the
 * session is expired through the API; a payment that still slips through is
 * refunded like any late payment. A window over 24 hours is cut to 24 hours
 * after the order was placed, and the session's expiry then ends the order.
 */
export function sessionExpiresAt(createdAt: number, expiresAt: number): number {
  const cap = createdAt + MAX_SESSION_MS - SLACK_MS;
  if (expiresAt > cap) return cap;
  if (expiresAt - createdAt >= MIN_SESSION_MS + SLACK_MS) return expiresAt;
  return expiresAt + MIN_SESSION_MS + SLACK_MS;
}

export function sessionParams(r: SessionRequest): Stripe.Checkout.SessionCreateParams {
  const currency = r.currency.toLowerCase();
  const items = sessionLineItems(r);
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: items.map((i) => ({
      quantity: i.quantity,
      price_data: {
        currency,
        unit_amount: i.unitAmount,
        product_data: { name: i.name, ...(i.description ? { description: i.description } : {}) },
      },
    })),
    client_reference_id: r.orderId,
    metadata: r.metadata,
    payment_intent_data: { metadata: { ...r.metadata, ...VIA_CHECKOUT }, description: `Order ${r.orderId}` },
    expires_at: Math.floor(sessionExpiresAt(r.createdAt, r.expiresAt) / 1000),
    // Stripe fills {CHECKOUT_SESSION_ID} in; the page reads the order's real state from it.
    success_url: `${r.shopUrl}/pay/done?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${r.shopUrl}/pay/cancelled?order=${encodeURIComponent(r.orderId)}`,
  };
  if (r.customer) params.customer = r.customer;
  if (r.customer && r.saveCard) params.payment_intent_data!.setup_future_usage = "off_session";
  return params;
}

export async function createSession(
  stripe: Stripe,
  r: SessionRequest,
  opts: Stripe.RequestOptions,
): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create(sessionParams(r), { ...opts, idempotencyKey: `order-${r.orderId}-cs` });
}

const EXPAND = ["payment_intent.latest_charge"];

/** The session with its PaymentIntent and that one's latest charge; null when Stripe has no such session. Throws when Stripe cannot be asked. */
export async function retrieveSession(
  stripe: Stripe,
  id: string,
  opts: Stripe.RequestOptions = {},
): Promise<Stripe.Checkout.Session | null> {
  try {
    return await stripe.checkout.sessions.retrieve(id, { expand: EXPAND }, opts);
  } catch (err) {
    if ((err as { code?: string }).code === "resource_missing") return null;
    throw err;
  }
}

/** The session's PaymentIntent, once the shopper tried to pay (expanded by retrieveSession). */
export function intentOfSession(session: Stripe.Checkout.Session): Stripe.PaymentIntent | null {
  return typeof session.payment_intent === "object" ? session.payment_intent : null;
}

/**
 * After a creation that timed out: the session Stripe made for this order
 * anyway, found among the sessions created around the order's time by
 * client_reference_id (the list cannot filter by it). Read-only.
 */
export async function findSession(
  stripe: Stripe,
  order: { id: string; createdAt: number },
  opts: Stripe.RequestOptions,
): Promise<Stripe.Checkout.Session | null> {
  const from = Math.floor(order.createdAt / 1000) - 60;
  const list = await stripe.checkout.sessions.list({ created: { gte: from, lte: from + 3600 }, limit: 100 }, opts);
  const found = list.data.find((s) => s.client_reference_id === order.id);
  return found ? retrieveSession(stripe, found.id, opts) : null;
}

/** Closes an open session so it cannot be paid any more; a session already paid or expired is left to its event. */
export async function expireSession(stripe: Stripe, id: string, opts: Stripe.RequestOptions = {}): Promise<void> {
  try {
    await stripe.checkout.sessions.expire(id, {}, opts);
  } catch (err) {
    console.warn("checkout session not expired", { session: id, message: (err as Error).message });
  }
}

/** SHOP_URL without a trailing slash, or "" when unset (then no session can be made; see README). */
export function shopUrl(env: { SHOP_URL?: string }): string {
  return (env.SHOP_URL ?? "").replace(/\/+$/, "");
}

/** What a session shows for a quote, and its window: everything but who pays and the order's id. */
export function sessionContent(
  quote: Quote,
  o: { shopUrl: string; locale: string; createdAt: number; expiresAt: number },
): SessionContent {
  return {
    lines: quote.lines,
    fees: quote.fees,
    codes: quote.discounts.map((d) => d.code),
    money: (n) => formatMoney(n, quote.currency, o.locale),
    shopUrl: o.shopUrl,
    createdAt: o.createdAt,
    expiresAt: o.expiresAt,
  };
}
