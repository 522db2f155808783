// The Stripe API subset the stand-in serves: method + path pattern → handler.
import type { ApiHandler } from "./core.js";
import { retrieveCharge } from "./charges.js";
import {
  createCheckoutSession,
  expireCheckoutSession,
  listCheckoutSessions,
  retrieveCheckoutSession,
} from "./checkout-sessions.js";
import { createCustomer, retrieveCustomer, updateCustomer } from "./customers.js";
import { listEvents, retrieveEvent } from "./events.js";
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  listPaymentIntents,
  retrievePaymentIntent,
  updatePaymentIntent,
} from "./payment-intents.js";
import {
  attachPaymentMethod,
  detachPaymentMethod,
  listCustomerPaymentMethods,
  listPaymentMethods,
  retrievePaymentMethod,
} from "./payment-methods.js";
import { createRefund, listRefunds, retrieveRefund } from "./refunds.js";
import { searchPaymentIntents } from "./search.js";

interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  handle: ApiHandler;
}

const ID = "([^/]+)";
const route = (method: Route["method"], path: string, handle: ApiHandler): Route => ({
  method,
  pattern: new RegExp(`^${path.replace(/:id/g, ID)}$`),
  handle,
});

export const API_ROUTES: readonly Route[] = [
  route("POST", "/v1/customers", createCustomer),
  route("GET", "/v1/customers/:id", retrieveCustomer),
  route("POST", "/v1/customers/:id", updateCustomer),
  route("GET", "/v1/customers/:id/payment_methods", listCustomerPaymentMethods),
  route("GET", "/v1/payment_methods", listPaymentMethods),
  route("GET", "/v1/payment_methods/:id", retrievePaymentMethod),
  route("POST", "/v1/payment_methods/:id/attach", attachPaymentMethod),
  route("POST", "/v1/payment_methods/:id/detach", detachPaymentMethod),
  route("POST", "/v1/payment_intents", createPaymentIntent),
  route("GET", "/v1/payment_intents", listPaymentIntents),
  route("GET", "/v1/payment_intents/search", searchPaymentIntents),
  route("GET", "/v1/payment_intents/:id", retrievePaymentIntent),
  route("POST", "/v1/payment_intents/:id", updatePaymentIntent),
  route("POST", "/v1/payment_intents/:id/confirm", confirmPaymentIntent),
  route("POST", "/v1/payment_intents/:id/cancel", cancelPaymentIntent),
  route("GET", "/v1/charges/:id", retrieveCharge),
  route("POST", "/v1/refunds", createRefund),
  route("GET", "/v1/refunds", listRefunds),
  route("GET", "/v1/refunds/:id", retrieveRefund),
  route("POST", "/v1/checkout/sessions", createCheckoutSession),
  route("GET", "/v1/checkout/sessions", listCheckoutSessions),
  route("GET", "/v1/checkout/sessions/:id", retrieveCheckoutSession),
  route("POST", "/v1/checkout/sessions/:id/expire", expireCheckoutSession),
  route("GET", "/v1/events", listEvents),
  route("GET", "/v1/events/:id", retrieveEvent),
];

export function findRoute(method: string, path: string): { handle: ApiHandler; ids: string[] } | undefined {
  for (const r of API_ROUTES) {
    if (r.method !== method) continue;
    const match = r.pattern.exec(path);
    if (match) return { handle: r.handle, ids: match.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return undefined;
}
