import Stripe from "stripe";

export interface StripeSettings {
  STRIPE_SECRET_KEY?: string;
  /** Where the Stripe API lives; unset = api.stripe.com. Local runs point it at the stand-in. */
  STRIPE_API_BASE?: string;
}

/**
 * The official SDK, on fetch (the Workers runtime has no Node http). A
 * missing key is a configuration error, reported as such by the caller.
 */
export function stripeClient(env: StripeSettings): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const options: ConstructorParameters<typeof Stripe>[1] = {
    httpClient: Stripe.createFetchHttpClient(),
    // Our own idempotency keys make retries safe; the SDK's retries reuse them.
    maxNetworkRetries: 2,
    timeout: 15_000,
  };
  if (env.STRIPE_API_BASE) {
    const url = new URL(env.STRIPE_API_BASE);
    options.host = url.hostname;
    options.port = url.port || (url.protocol === "https:" ? "443" : "80");
    options.protocol = url.protocol === "https:" ? "https" : "http";
  }
  return new Stripe(env.STRIPE_SECRET_KEY, options);
}

export const webCrypto = Stripe.createSubtleCryptoProvider();
