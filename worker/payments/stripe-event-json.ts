import { z } from "zod";

const Id = z.string().min(1).max(255);

/**
 * The part of a Stripe event the webhook reads: which object it is about.
 * Everything else is re-read from the API (the event is a hint), so a
 * correctly signed but odd event is refused with 400 instead of tripping
 * over a missing field.
 */
export const StripeEventShape = z.looseObject({
  id: Id,
  type: Id,
  data: z.looseObject({
    object: z.looseObject({
      id: Id,
      object: z.string().max(64),
      metadata: z.record(z.string(), z.string()).nullish(),
      payment_intent: z.union([Id, z.looseObject({ id: Id }), z.null()]).optional(),
      client_reference_id: z.string().max(200).nullish(),
    }),
  }),
});

export type StripeEventShape = z.infer<typeof StripeEventShape>;

/** The PaymentIntent an event is about: its own object, or the one its charge or refund belongs to. */
export function paymentIntentOf(event: StripeEventShape): string | null {
  const o = event.data.object;
  if (o.object === "payment_intent") return o.id;
  if (typeof o.payment_intent === "string") return o.payment_intent;
  return o.payment_intent?.id ?? null;
}

/** Event families that can move an order's money; the rest are acknowledged and ignored. */
export function aboutPayments(type: string): boolean {
  return /^(payment_intent|charge|refund)\./.test(type);
}

/** Checkout Session events: completed, expired, async payment succeeded / failed. */
export function aboutCheckout(type: string): boolean {
  return /^checkout\.session\./.test(type);
}
