// The stand-in's shared machinery, independent of HTTP: state, configuration,
// and `emit`, which turns a change into a Stripe event and hands it to the
// webhook dispatcher.
import { newId, nowSeconds } from "./ids.js";
import type { Params } from "./params.js";
import { snapshot, StandInState, type EventObject, type StandInEvent, type StoredEvent } from "./state.js";
import type { WebhookDispatcher } from "./webhooks.js";

/**
 * api_version stamped on events: the version stripe-node 23.1 pins
 * (node_modules/stripe/esm/apiVersion.js). Stripe stamps the endpoint's
 * version, not the request's, so this is configuration, not per request.
 */
export const DEFAULT_API_VERSION = "2026-10-28.endive";

/** The request that caused a change: Stripe puts it on the event as `request`. */
export interface RequestRef {
  /** `req_…`, or null for changes not made through the API (the payment page). */
  id: string | null;
  idempotencyKey: string | null;
}

export interface CoreConfig {
  apiVersion: string;
  /** Enforce Stripe's "return_url required" rule for automatic_payment_methods. */
  requireReturnUrl: boolean;
}

export class StandInCore {
  readonly state = new StandInState();
  /** Set once the server listens, e.g. http://127.0.0.1:12111. */
  baseUrl = "";

  constructor(
    readonly config: CoreConfig,
    readonly webhooks: WebhookDispatcher,
  ) {}

  /** Shopper-facing page that pays (or authenticates) a PaymentIntent. */
  paymentPageUrl(paymentIntentId: string): string {
    return `${this.baseUrl}/pay/${paymentIntentId}`;
  }

  /** The hosted Checkout page of a session (Stripe's checkout.stripe.com/c/pay/cs_…). */
  checkoutPageUrl(sessionId: string): string {
    return `${this.baseUrl}/c/pay/${sessionId}`;
  }

  emit(
    type: string,
    object: EventObject,
    request: RequestRef,
    previousAttributes?: Record<string, unknown>,
  ): StandInEvent {
    const event: StandInEvent = {
      id: newId("evt"),
      object: "event",
      api_version: this.config.apiVersion,
      created: nowSeconds(),
      data: previousAttributes
        ? { object: snapshot(object), previous_attributes: previousAttributes }
        : { object: snapshot(object) },
      livemode: false,
      pending_webhooks: this.webhooks.hasTarget ? 1 : 0,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
    };
    // Stripe sends pretty-printed JSON; receivers must verify the raw bytes, not a re-serialisation.
    const stored: StoredEvent = { event, payload: JSON.stringify(event, null, 2) };
    this.state.events.push(stored);
    this.state.eventsById.set(event.id, stored);
    this.webhooks.enqueue(stored);
    return event;
  }

  markDelivered(eventId: string): void {
    const stored = this.state.eventsById.get(eventId);
    if (stored) stored.event.pending_webhooks = 0;
  }
}

/** What every API handler gets. */
export interface ApiContext {
  core: StandInCore;
  params: Params;
  request: RequestRef;
}

export type ApiHandler = (ctx: ApiContext, ...ids: string[]) => unknown;
