import Stripe from "stripe";

export interface StripeSettings {
  /** Stripe secret key (sk_test_… / sk_live_…); unset = checkout answers that payments are not set up. */
  STRIPE_SECRET_KEY?: string;
  /** Base URL of the Stripe API; unset = Stripe itself. `npm run dev` and tests point it at the stand-in. */
  STRIPE_API_BASE?: string;
  /** Milliseconds a chat turn waits for Stripe in all (default 4000); later the alarm or the webhook settles. */
  PAYMENT_TIMEOUT_MS?: string;
}

const DEFAULT_TIMEOUT_MS = 4_000;

/** How long a shopper's turn may wait for Stripe in all (PAYMENT_TIMEOUT_MS, see README). */
export function paymentTimeoutMs(env: Pick<StripeSettings, "PAYMENT_TIMEOUT_MS">): number {
  const n = Number(env.PAYMENT_TIMEOUT_MS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_TIMEOUT_MS;
}

/**
 * The official SDK, on fetch (the Workers runtime has no Node http). A
 * missing key is a configuration error, reported as such by the caller.
 * Each request waits at most PAYMENT_TIMEOUT_MS: a hung Stripe must not hold a
 * conversation (or an alarm) for the SDK's default 80 s. Calls made while a
 * shopper waits pass `maxNetworkRetries: 0` and a deadline of their own.
 */
export function stripeClient(env: StripeSettings): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const options: ConstructorParameters<typeof Stripe>[1] = {
    httpClient: Stripe.createFetchHttpClient(),
    // Our own idempotency keys make retries safe; the SDK's retries reuse them.
    maxNetworkRetries: 1,
    timeout: paymentTimeoutMs(env),
  };
  if (env.STRIPE_API_BASE) {
    const url = new URL(env.STRIPE_API_BASE);
    options.host = url.hostname;
    options.port = url.port || (url.protocol === "https:" ? "443" : "80");
    options.protocol = url.protocol === "https:" ? "https" : "http";
  }
  return new Stripe(env.STRIPE_SECRET_KEY, options);
}

/** Stripe could not be asked (network, timeout, its own 5xx or rate limit): try again later with the same key. */
export function isUnreachable(err: unknown): boolean {
  return (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeAPIError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    // A retry while the first request with this key is still running at Stripe.
    (err instanceof Stripe.errors.StripeIdempotencyError && err.statusCode === 409)
  );
}

export const webCrypto = Stripe.createSubtleCryptoProvider();
