// The Stripe stand-in's public surface: start it, sign payloads like Stripe,
// and the types tests use to read what it did.
export { startStripeStandIn, type StripeStandIn, type StripeStandInOptions } from "./server.js";
export { signStripePayload, stripeSignatureV1 } from "./signature.js";
export { DEFAULT_API_VERSION } from "./core.js";
export { TEST_PAYMENT_METHODS, testCardFor, type TestCard, type DeclineSpec } from "./test-cards.js";
export type { StandInEvent, RequestLogEntry } from "./state.js";
export type { ConcurrencyMode } from "./idempotency.js";
export type {
  WebhookTarget,
  WebhookDelivery,
  RetryPolicy,
  ResumeOptions,
  RedeliverOptions,
  Tamper,
} from "./webhooks.js";
