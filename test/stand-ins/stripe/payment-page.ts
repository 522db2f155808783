// The payment page: the stand-in's equivalent of Stripe's hosted page / 3D
// Secure challenge. The app hands shoppers a "payment link" for a
// PaymentIntent; here that link is
//
//   GET  <stand-in>/pay/<payment_intent_id>          tiny HTML page
//   POST <stand-in>/pay/<payment_intent_id>          pay / authenticate
//        ?payment_method=pm_card_visa                 (query or form body; default:
//                                                      the PI's own PM, else pm_card_visa)
//        &action=authenticate|fail                    3D Secure outcome (default authenticate)
//
// It is also `next_action.redirect_to_url.url` of a PaymentIntent in
// requires_action. Completing it fires the same webhooks as the API would.
// The answer is JSON `{ payment_intent, error }` when the client asks for JSON
// (Accept: application/json or ?format=json), a 303 to the return_url (with
// Stripe's payment_intent, payment_intent_client_secret and redirect_status
// query parameters) when one is known, otherwise an HTML result page.
import type Stripe from "stripe";
import type { StandInCore } from "./core.js";
import { formatMinor } from "./currencies.js";
import { ApiError, invalidRequest, type StripeErrorBody } from "./errors.js";
import { type Params, optNonEmpty } from "./params.js";
import { confirm, failAuthentication, type ConfirmOptions } from "./payment-intents.js";
import { paymentMethodForPayment } from "./payment-methods.js";
import { snapshot } from "./state.js";
import { TEST_PAYMENT_METHODS } from "./test-cards.js";

export interface PageOutcome {
  status: number;
  paymentIntent: Stripe.PaymentIntent | null;
  error: StripeErrorBody | null;
}

export const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** POST /pay/:id — pay, or pass/fail 3D Secure, as the shopper would. */
export function completePayment(core: StandInCore, pi: Stripe.PaymentIntent, input: Params): PageOutcome {
  const request = { id: null, idempotencyKey: null };
  try {
    const action = optNonEmpty(input, "action") ?? "authenticate";
    if (action !== "authenticate" && action !== "fail") {
      throw invalidRequest("action must be authenticate or fail", { param: "action", validation: true });
    }
    const clientSecret = optNonEmpty(input, "client_secret");
    if (clientSecret && clientSecret !== pi.client_secret) {
      throw invalidRequest(
        "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
        { param: "client_secret" },
      );
    }
    const chosen = optNonEmpty(input, "payment_method");
    if (pi.status === "requires_action" && !chosen && action === "fail") {
      return { status: 200, paymentIntent: snapshot(failAuthentication(core, pi, request)), error: null };
    }
    const value = chosen ?? (pi.payment_method ? undefined : "pm_card_visa");
    const options: ConfirmOptions = {
      offSession: false,
      via: "page",
      authentication: action === "fail" ? "fail" : "pass",
      request,
    };
    if (value) options.paymentMethod = paymentMethodForPayment(core, value, pi.customer as string | null);
    return { status: 200, paymentIntent: snapshot(confirm(core, pi, options)), error: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      status: error.status,
      paymentIntent: snapshot(core.state.paymentIntents.get(pi.id) ?? null),
      error: error.error,
    };
  }
}

/** Where a finished page sends the shopper, if the app gave a return_url. */
export function returnLocation(core: StandInCore, pi: Stripe.PaymentIntent): string | null {
  const returnUrl = core.state.returnUrls.get(pi.id);
  if (!returnUrl) return null;
  const url = new URL(returnUrl);
  url.searchParams.set("payment_intent", pi.id);
  if (pi.client_secret) url.searchParams.set("payment_intent_client_secret", pi.client_secret);
  url.searchParams.set("redirect_status", pi.status === "succeeded" ? "succeeded" : "failed");
  return url.toString();
}

/** The test cards a page offers, as <option>s. */
export function cardOptions(): string {
  return Object.keys(TEST_PAYMENT_METHODS)
    .map((id) => `<option value="${id}">${id}</option>`)
    .join("");
}

/** The top of a stand-in page that asks for `amount`. */
export function pageHead(amount: string, label: string): string[] {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>Pay ${escape(amount)}</title>`,
    "<style>body{font:16px system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>",
    "</head><body>",
    `<p><small>${escape(label)}</small></p>`,
    `<h1>${escape(amount)}</h1>`,
  ];
}

export function renderPaymentPage(pi: Stripe.PaymentIntent, outcome?: PageOutcome): string {
  const amount = `${formatMinor(pi.amount, pi.currency)} ${pi.currency.toUpperCase()}`;
  const action = `/pay/${encodeURIComponent(pi.id)}`;
  const open = ["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status);
  const options = cardOptions();
  const parts = [
    ...pageHead(amount, "Stripe stand-in · test mode"),
    pi.description ? `<p>${escape(pi.description)}</p>` : "",
    `<p>PaymentIntent <code>${escape(pi.id)}</code>: <strong data-status="${escape(pi.status)}">${escape(pi.status)}</strong></p>`,
  ];
  if (outcome?.error) parts.push(`<p role="alert">${escape(outcome.error.message)}</p>`);
  if (open && pi.status === "requires_action") {
    parts.push(
      `<form method="post" action="${action}"><input type="hidden" name="action" value="authenticate"><button>Complete authentication</button></form>`,
      `<form method="post" action="${action}"><input type="hidden" name="action" value="fail"><button>Fail authentication</button></form>`,
    );
  } else if (open) {
    parts.push(
      `<form method="post" action="${action}"><label>Test card <select name="payment_method">${options}</select></label> <button>Pay ${escape(amount)}</button></form>`,
    );
  }
  parts.push("</body></html>");
  return parts.join("\n");
}
