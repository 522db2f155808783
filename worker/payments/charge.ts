import Stripe from "stripe";

/** What happened when we asked the processor for money: a closed union the engine switches on. */
export type ChargeOutcome =
  | { kind: "succeeded"; paymentIntentId: string }
  /** Nothing charged yet: the shopper finishes on a payment page (no saved card, or 3-D Secure). */
  | { kind: "awaiting_payment"; paymentIntentId: string; paymentUrl: string }
  | { kind: "declined"; paymentIntentId: string | null; code: string; message: string }
  /** The processor or the network failed: nothing is known to be charged; safe to retry with the same key. */
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
  /** Where the payment page is for a PaymentIntent awaiting a card; see README. */
  paymentPageBase: string;
  returnUrl: string;
}

/**
 * One PaymentIntent per order: the idempotency key is derived from the order
 * id, so a retried or concurrent confirmation can never create a second one.
 */
export async function charge(stripe: Stripe, r: ChargeRequest): Promise<ChargeOutcome> {
  const params: Stripe.PaymentIntentCreateParams = {
    amount: r.amount,
    currency: r.currency.toLowerCase(),
    description: r.description,
    metadata: r.metadata,
  };
  if (r.customer) params.customer = r.customer;
  if (r.customer && r.saveCard && !r.paymentMethod) params.setup_future_usage = "off_session";
  if (r.paymentMethod) {
    params.payment_method = r.paymentMethod;
    params.confirm = true;
    if (r.onSession) params.return_url = r.returnUrl;
    else {
      params.off_session = true;
      // Off-session means nobody can follow a redirect; authentication needs become declines.
      params.automatic_payment_methods = { enabled: true, allow_redirects: "never" };
    }
  }
  try {
    const pi = await stripe.paymentIntents.create(params, { idempotencyKey: `order-${r.orderId}-pi` });
    return outcomeOf(pi, r);
  } catch (err) {
    return failureOf(err, r.paymentPageBase);
  }
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
        return {
          kind: "declined",
          paymentIntentId: pi.id,
          code: pi.last_payment_error.decline_code ?? pi.last_payment_error.code ?? "card_declined",
          message: pi.last_payment_error.message ?? "The card was declined.",
        };
      }
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, r.paymentPageBase) };
    case "requires_confirmation":
    case "processing":
    case "requires_capture":
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, r.paymentPageBase) };
    case "canceled":
      return { kind: "declined", paymentIntentId: pi.id, code: "canceled", message: "The payment was canceled." };
    default:
      // A status newer than this code: treat as not yet paid; the webhook will settle it.
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, r.paymentPageBase) };
  }
}

function pageFor(paymentIntentId: string, base: string): string {
  return `${base.replace(/\/$/, "")}/pay/${paymentIntentId}`;
}

function failureOf(err: unknown, base: string): ChargeOutcome {
  if (err instanceof Stripe.errors.StripeCardError) {
    const pi = (err.raw as { payment_intent?: { id?: string } }).payment_intent;
    // The saved card needs the shopper (3-D Secure): not a decline, a trip to the payment page.
    if (err.code === "authentication_required" && pi?.id) {
      return { kind: "awaiting_payment", paymentIntentId: pi.id, paymentUrl: pageFor(pi.id, base) };
    }
    return {
      kind: "declined",
      paymentIntentId: pi?.id ?? null,
      code: err.decline_code ?? err.code ?? "card_declined",
      message: err.message,
    };
  }
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    return { kind: "declined", paymentIntentId: null, code: err.code ?? "invalid_request", message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: "unavailable", message };
}
