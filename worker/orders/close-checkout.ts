import { expireSession } from "../payments/checkout-session.js";
import { stripeClient, type StripeSettings } from "../payments/stripe-client.js";

/**
 * An order that ended unpaid (expired, canceled, failed) closes its Checkout
 * Session, so the shopper cannot pay for goods already given back; if Stripe
 * cannot be asked, a payment that still lands is refunded (settle: late payment).
 */
export async function closeCheckout(env: StripeSettings, sessionId: string): Promise<void> {
  const stripe = stripeClient(env);
  if (stripe) await expireSession(stripe, sessionId, { maxNetworkRetries: 0 });
}
