// Everything the stand-in remembers, in memory, typed with stripe-node's own
// resource types so the objects it returns cannot drift from the SDK's idea of
// Stripe's API. `clear()` is what reset() does.
import type Stripe from "stripe";
import type { SessionLine, SessionPaymentData } from "./checkout-sessions.js";
import type { TestCard } from "./test-cards.js";

/** Objects an event can carry in `data.object`. */
export type EventObject = Stripe.PaymentIntent | Stripe.Charge | Stripe.Refund | Stripe.Checkout.Session;

/** Stripe's event envelope (https://docs.stripe.com/api/events/object). */
export interface StandInEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: EventObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface StoredEvent {
  event: StandInEvent;
  /**
   * The JSON body every delivery of this event sends, frozen when the event
   * happened: retries and duplicates are byte-identical, as with Stripe, and
   * `data.object` is the object as it was at that moment.
   */
  payload: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  /** True when the response was an idempotent replay (nothing executed). */
  replayed: boolean;
  requestId: string;
  at: number;
}

export class StandInState {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  /** The test-card behaviour behind each PaymentMethod the stand-in minted. */
  readonly cards = new Map<string, TestCard>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  /** Stripe keeps a PaymentIntent's return_url without exposing it on the object. */
  readonly returnUrls = new Map<string, string>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly checkoutSessions = new Map<string, Stripe.Checkout.Session>();
  /** How each session makes its PaymentIntent (payment_intent_data), and its lines: Stripe keeps both off the object. */
  readonly sessionPayments = new Map<string, SessionPaymentData>();
  readonly sessionLines = new Map<string, SessionLine[]>();
  /** Oldest first. */
  readonly events: StoredEvent[] = [];
  readonly eventsById = new Map<string, StoredEvent>();
  readonly requests: RequestLogEntry[] = [];

  clear(): void {
    for (const value of Object.values(this)) {
      if (value instanceof Map) value.clear();
      else if (Array.isArray(value)) value.length = 0;
    }
  }

  /** Any stored object by id, for `expand[]`. */
  lookup(id: string): object | undefined {
    return (
      this.customers.get(id) ??
      this.paymentMethods.get(id) ??
      this.paymentIntents.get(id) ??
      this.charges.get(id) ??
      this.refunds.get(id) ??
      this.checkoutSessions.get(id)
    );
  }
}

/** Deep copy for anything handed out (responses, events, control methods). */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
