import { env } from "cloudflare:test";
import { inject } from "vitest";
import { Shopper, tokenFor } from "./client.js";

const STRIPE = inject("stripeUrl");

async function stripeApi(path: string, form: Record<string, string>): Promise<{ id: string }> {
  const res = await fetch(`${STRIPE}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer sk_test_integration", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return (await res.json()) as { id: string };
}

/** A signed-in shopper whose card is saved (a Stripe customer on the stand-in): a confirmation charges it at once, off-session. */
export async function shopperWithSavedCard(user: string): Promise<Shopper> {
  const customer = await stripeApi("/v1/customers", { email: `${user}@example.com` });
  const pm = await stripeApi("/v1/payment_methods/pm_card_visa/attach", { customer: customer.id });
  await env.DB.prepare(
    "INSERT INTO customers (principal, stripe_customer_id, default_payment_method, updated_at) VALUES (?, ?, ?, ?)",
  )
    .bind(`user:${user}`, customer.id, pm.id, Date.now())
    .run();
  return new Shopper(undefined, await tokenFor(user));
}
