import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { inject } from "vitest";
import { signStripePayload } from "../stand-ins/stripe/signature.js";
import { BASE, Shopper, tokenFor, type ChatBody } from "./client.js";
import { insertProduct } from "./fixtures.js";

export const STRIPE = inject("stripeUrl");
export const KEY = "sk_test_integration";
/** How long tests hold a delayed stand-in request: longer than the Worker's 4 s payment budget (vitest.config.ts). */
export const HANG_MS = 9_000;
/** The timeout of a test that waits out HANG_MS. */
export const SLOW = 60_000;

/** A product of the test's own, so parallel files do not share stock. */
export function lampFixture(id: string, sku: string, price: number, stock: number) {
  return insertProduct({ id, title: `${id} Lamp`, category: "home", variants: [{ sku, price, stock }] });
}
export const WHSEC = "whsec_integration_secret";

/** The refunds the Stripe stand-in holds for one payment intent. */
export async function refundsOf(paymentIntentId: string): Promise<{ amount: number }[]> {
  const res = await fetch(`${STRIPE}/v1/refunds?payment_intent=${paymentIntentId}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  return ((await res.json()) as { data: { amount: number }[] }).data;
}

export interface Body extends ChatBody {
  quote?: { id: string; total: number };
  order?: { id: string; status: string; total: number; payment_url?: string };
}

export interface StripeEvent {
  id: string;
  type: string;
  data: { object: { id: string; metadata?: Record<string, string>; payment_intent?: string } };
}

export async function stripeApi(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${STRIPE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Drives the stand-in's /_control endpoints (see test/stand-ins/stripe/README.md). */
export async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(
    `${STRIPE}/_control${path}`,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
  );
  return res.json();
}

/** A signed-in shopper whose card is saved with Stripe (one-tap). */
export async function shopperWithCard(user: string, card: string): Promise<Shopper> {
  const customer = (await stripeApi("/v1/customers", { email: `${user}@example.com` })) as { id: string };
  const pm = (await stripeApi(`/v1/payment_methods/${card}/attach`, { customer: customer.id })) as { id: string };
  await env.DB.prepare(
    "INSERT INTO customers (principal, stripe_customer_id, default_payment_method, updated_at) VALUES (?, ?, ?, ?)",
  )
    .bind(`user:${user}`, customer.id, pm.id, Date.now())
    .run();
  return new Shopper(undefined, await tokenFor(user));
}

export async function allEvents(): Promise<StripeEvent[]> {
  return (await control("/events")) as StripeEvent[];
}

export async function eventsFor(orderId: string): Promise<StripeEvent[]> {
  return (await allEvents()).filter((e) => e.data.object.metadata?.order_id === orderId);
}

/** Every event about one PaymentIntent (its own, its charge's and its refunds'). */
export async function eventsOfIntent(paymentIntentId: string): Promise<StripeEvent[]> {
  return (await allEvents()).filter(
    (e) => e.data.object.id === paymentIntentId || e.data.object.payment_intent === paymentIntentId,
  );
}

export async function deliverRaw(body: string, opts: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  return SELF.fetch(`${BASE}/webhooks/stripe`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "stripe-signature": signStripePayload(body, opts.secret ?? WHSEC, opts.timestamp),
    },
    body,
  });
}

export function deliver(event: StripeEvent, opts: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  return deliverRaw(JSON.stringify(event), opts);
}

export async function order(id: string) {
  return env.DB.prepare("SELECT status, payment_intent_id FROM orders WHERE id = ?")
    .bind(id)
    .first<{ status: string; payment_intent_id: string | null }>();
}

export async function stock(sku: string): Promise<number> {
  return (await env.DB.prepare("SELECT stock FROM variants WHERE sku = ?").bind(sku).first<{ stock: number }>())!.stock;
}

export async function checkoutAndPay(s: Shopper, sku: string): Promise<Body> {
  await s.press(`add:${sku}`);
  const q = ((await s.say("checkout")) as Body).quote!;
  return (await s.press(`pay:${q.id}`)) as Body;
}

/** The shopper pays on the payment page; the webhook is not delivered (tests deliver what they choose). */
export async function payOnPage(paymentUrl: string, card = "pm_card_visa"): Promise<Response> {
  return fetch(`${paymentUrl}?payment_method=${card}&format=json`, {
    method: "POST",
    headers: { accept: "application/json" },
  });
}

/** Lets the order's deadline pass, in D1 and in the conversation's schedule, then runs its alarm. */
export async function expireNow(conversation: string, orderId: string, pastBy = 1): Promise<void> {
  await env.DB.prepare("UPDATE orders SET expires_at = ? WHERE id = ?")
    .bind(Date.now() - pastBy, orderId)
    .run();
  await runDueAlarm(env.CONVERSATION.get(env.CONVERSATION.idFromName(conversation)));
}

/** Makes every scheduled order check of a Durable Object due now and runs its alarm. */
export async function runDueAlarm(stub: DurableObjectStub): Promise<boolean> {
  await runInDurableObject(stub, (_i, state) => {
    state.storage.sql.exec("UPDATE orders SET expires_at = ?", Date.now() - 1);
  });
  return runDurableObjectAlarm(stub);
}
