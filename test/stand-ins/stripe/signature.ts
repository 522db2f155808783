// Stripe-Signature, exactly as Stripe computes it (stripe-node src/Webhooks.ts):
//   t=<unix seconds>,v1=<hex HMAC-SHA256(key = the whole "whsec_…" secret as
//   UTF-8, message = "<t>.<raw body>")>
// Exported so tests sign payloads with the same code the stand-in uses instead
// of hard-coding signatures. Only node:crypto, so it also loads in workerd with
// nodejs_compat.
import { createHmac } from "node:crypto";

export function stripeSignatureV1(payload: string, secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

/** The value of a `Stripe-Signature` header for `payload` (the raw request body). */
export function signStripePayload(
  payload: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  return `t=${timestamp},v1=${stripeSignatureV1(payload, secret, timestamp)}`;
}
