import { env, SELF } from "cloudflare:test";
import { inject } from "vitest";
import { signStripePayload } from "../stand-ins/stripe/signature.js";
import { BASE } from "./client.js";

export const STRIPE = inject("stripeUrl");
export const TELEGRAM = inject("telegramUrl");
export const WHATSAPP_API = inject("whatsappUrl");
export const WHATSAPP = WHATSAPP_API.replace(/\/v\d+\.\d+$/, "");

/** Polls until `check` returns a value (the conversation replies from its alarm, not inline). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 8_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** Pays a PaymentIntent on the stand-in's payment page and posts the success webhook to the Worker, signed. */
export async function payOnPage(paymentUrl: string, orderId: string): Promise<void> {
  await fetch(`${paymentUrl}?payment_method=pm_card_visa&format=json`, {
    method: "POST",
    headers: { accept: "application/json" },
  });
  const events = await json<{ type: string; data: { object: { metadata?: Record<string, string> } } }[]>(
    `${STRIPE}/_control/events`,
  );
  const succeeded = events.find(
    (e) => e.type === "payment_intent.succeeded" && e.data.object.metadata?.order_id === orderId,
  );
  if (!succeeded) throw new Error(`no succeeded event for ${orderId}`);
  const body = JSON.stringify(succeeded);
  const res = await SELF.fetch(`${BASE}/webhooks/stripe`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "stripe-signature": signStripePayload(body, "whsec_integration_secret"),
    },
    body,
  });
  if (res.status !== 200) throw new Error(`stripe webhook answered ${res.status}`);
}

export async function orderOf(
  conversationId: string,
): Promise<{ id: string; status: string; payment_url: string | null } | null> {
  return env.DB.prepare(
    "SELECT id, status, payment_url FROM orders WHERE conversation_id = ? ORDER BY created_at DESC LIMIT 1",
  )
    .bind(conversationId)
    .first();
}

export async function hmacHex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
