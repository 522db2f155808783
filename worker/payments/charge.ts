import Stripe from "stripe";
import { createSession, type SessionContent, type SessionRequest } from "./checkout-session.js";
import { declineText } from "./decline-text.js";
import { isUnreachable } from "./stripe-client.js";

/** What happened when we asked the processor for money: a closed union the engine switches on. */
export type ChargeOutcome =
  | { kind: "succeeded"; paymentIntentId: string }
  /**
   * Nothing charged yet: the shopper finishes on a payment page. With a
   * checkoutSessionId that page is Stripe's hosted Checkout (no saved card, or
   * a saved card asking for 3-D Secure) and the PaymentIntent comes with the
   * payment; otherwise it is the PaymentIntent's own next action (ACP, 3-D Secure).
   */
  | { kind: "awaiting_payment"; paymentIntentId: string | null; paymentUrl: string; checkoutSessionId?: string }
  /** message: a sentence for the shopper (decline-text.ts); Stripe's developer message is logged. */
  | { kind: "declined"; paymentIntentId: string | null; code: string; message: string }
  /**
   * Stripe did not answer in time or failed: the PaymentIntent may exist (it
   * can be created after we stopped waiting). Safe to retry with the same key;
   * reconciliation finds it by metadata.order_id.
   */
  | { kind: "unavailable"; message: string };

export interface ChargeRequest {
  orderId: string;
  amount: number;
  currency: string;
  description: string;
  metadata: Record<string, string>;
  /** Saved card for a one-tap, off-session payment. */
  customer?: string;
  paymentMethod?: string;
  /** For an agent-supplied payment method (ACP): confirm on-session with it. */
  onSession?: boolean;
  /** Keep the card the shopper pays with on the payment page, for one-tap next time. */
  saveCard?: boolean;
  /** What the Checkout Session shows and where it returns, for a payment that needs the shopper. */
  checkout: SessionContent;
  /**
   * The stand-in's 3-D Secure page for a PaymentIntent in requires_action
   * without a redirect URL (STRIPE_API_BASE; real Stripe always gives one).
   */
  paymentPageBase: string;
  /** Milliseconds the whole charge may take, retries included (PAYMENT_TIMEOUT_MS). */
  budgetMs: number;
}

/** Below this, another attempt could not finish in time anyway. */
const MIN_ATTEMPT_MS = 250;

const backoffMs = (attempt: number) => Math.min(100 * 2 ** attempt, 1_000);

/**
 * One PaymentIntent (card given: saved card, or the agent's over ACP) or one
 * Checkout Session (the shopper has to pay on a page) per order: the
 * idempotency keys are derived from the order id, so a retried or concurrent
 * confirmation can never create a second one.
 */
export async function charge(stripe: Stripe, r: ChargeRequest): Promise<ChargeOutcome> {
  // The shopper waits: one deadline for every attempt, instead of the
  // SDK's per-try timeout times its retries.
  const deadline = Date.now() + r.budgetMs;
  if (!r.paymentMethod) return openCheckout(stripe, r, deadline);
  const params: Stripe.PaymentIntentCreateParams = {
    amount: r.amount,
    currency: r.currency.toLowerCase(),
    description: r.description,
    metadata: r.metadata,
    payment_method: r.paymentMethod,
    confirm: true,
  };
  if (r.customer) params.customer = r.customer;
  if (r.onSession) params.return_url = `${r.checkout.shopUrl || r.paymentPageBase}/pay/done`;
  else {
    params.off_session = true;
    // Off-session means nobody can follow a redirect; authentication needs become declines.
    params.automatic_payment_methods = { enabled: true, allow_redirects: "never" };
  }
  const created = await withinDeadline(deadline, (timeout) =>
    stripe.paymentIntents.create(params, { idempotencyKey: `order-${r.orderId}-pi`, timeout, maxNetworkRetries: 0 }),
  );
  if (created.ok) return outcomeOf(created.value, r);
  const failure = failureOf(created.error, r.paymentPageBase);
  // A saved card that asks for 3-D Secure: the shopper confirms on Stripe's Checkout page instead.
  if (failure.kind === "awaiting_payment" && !r.onSession) return openCheckout(stripe, r, deadline);
  return failure;
}

/**
 * Runs one Stripe request, retrying while Stripe cannot be reached and the
 * deadline leaves room for another try (same idempotency key each time).
 */
async function withinDeadline<T>(
  deadline: number,
  run: (timeoutMs: number) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await run(Math.max(deadline - Date.now(), MIN_ATTEMPT_MS)) };
    } catch (error) {
      const again = isUnreachable(error) && deadline - Date.now() >= MIN_ATTEMPT_MS + backoffMs(attempt);
      if (!again) return { ok: false, error };
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}

/** The order's Checkout Session: the shopper pays on Stripe's page; the webhook (or the alarm) settles. */
async function openCheckout(stripe: Stripe, r: ChargeRequest, deadline: number): Promise<ChargeOutcome> {
  const request: SessionRequest = {
    ...r.checkout,
    orderId: r.orderId,
    total: r.amount,
    currency: r.currency,
    metadata: r.metadata,
    ...(r.customer ? { customer: r.customer } : {}),
    ...(r.customer && r.saveCard && !r.paymentMethod ? { saveCard: true } : {}),
  };
  if (!r.checkout.shopUrl) {
    console.error("SHOP_URL is not set: no page for Stripe Checkout to return to (see README)");
    return {
      kind: "declined",
      paymentIntentId: null,
      code: "not_configured",
      message: declineText("not_configured", "request"),
    };
  }
  const created = await withinDeadline(deadline, (timeout) =>
    createSession(stripe, request, { timeout, maxNetworkRetries: 0 }),
  );
  if (!created.ok) return failureOf(created.error, r.paymentPageBase);
  const session = created.value;
  return { kind: "awaiting_payment", paymentIntentId: null, paymentUrl: session.url!, checkoutSessionId: session.id };
}

export function outcomeOf(pi: Stripe.PaymentIntent, r: Pick<ChargeRequest, "paymentPageBase">): ChargeOutcome {
  switch (pi.status) {
    case "succeeded":
      return { kind: "succeeded", paymentIntentId: pi.id };
    case "requires_action": {
      const url = pi.next_action?.redirect_to_url?.url ?? pageFor(pi.id, r.paymentPageBase);
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: url };
    }
    case "requires_payment_method":
      if (pi.last_payment_error) {
        const code = pi.last_payment_error.decline_code ?? pi.last_payment_error.code ?? "card_declined";
        return { kind: "declined", paymentIntentId: pi.id, code, message: shopperReason(pi.last_payment_error) };
      }
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, r.paymentPageBase) };
    case "requires_confirmation":
    case "processing":
    case "requires_capture":
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, r.paymentPageBase) };
    case "canceled":
      return { kind: "declined", paymentIntentId: pi.id, code: "canceled", message: declineText("canceled") };
    default:
      // A status newer than this code: treat as not yet paid; the webhook will settle it.
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, r.paymentPageBase) };
  }
}

export function pageFor(paymentIntentId: string, base: string): string {
  return `${base.replace(/\/$/, "")}/pay/${paymentIntentId}`;
}

function failureOf(err: unknown, base: string): ChargeOutcome {
  if (err instanceof Stripe.errors.StripeCardError) {
    const pi = (err.raw as { payment_intent?: { id?: string } }).payment_intent;
    // The saved card needs the shopper (3-D Secure): not a decline, a trip to the payment page.
    if (err.code === "authentication_required" && pi?.id) {
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, base) };
    }
    const code = err.decline_code ?? err.code ?? "card_declined";
    console.warn("card declined", { code, paymentIntent: pi?.id ?? null, message: err.message });
    return { kind: "declined", paymentIntentId: pi?.id ?? null, code, message: declineText(code) };
  }
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    const code = err.code ?? "invalid_request";
    console.error("payment request refused", { code, message: err.message });
    return { kind: "declined", paymentIntentId: null, code, message: declineText(code, "request") };
  }
  const message = err instanceof Error ? err.message : String(err);
  console.warn("payment service unavailable", { message });
  return { kind: "unavailable", message };
}

/** The shopper's sentence for a PaymentIntent's last error; Stripe's developer message goes to the log. */
export function shopperReason(e: {
  decline_code?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
}): string {
  const code = e.decline_code ?? e.code;
  if (e.message) console.warn("payment attempt failed", { code, message: e.message });
  return declineText(code);
}
