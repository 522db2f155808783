// The hosted Checkout page of a session, the stand-in's checkout.stripe.com:
//
//   GET  <stand-in>/c/pay/<cs_id>                  tiny HTML page: lines, total, test-card picker
//   POST <stand-in>/c/pay/<cs_id>                  pay, as the shopper would
//        ?payment_method=pm_card_visa              (query or form body; default pm_card_visa)
//        &action=authenticate|fail                 3-D Secure outcome for cards that ask (default authenticate)
//
// Paying creates the session's PaymentIntent (from payment_intent_data) on the
// first attempt, confirms it on-session, and on success completes the session
// (checkout.session.completed). The answer is JSON `{ checkout_session,
// payment_intent, error }` when the client asks for JSON (Accept:
// application/json or ?format=json), else a 303 to success_url (with
// {CHECKOUT_SESSION_ID} filled in) after a payment, or the page again with the
// error. `?cancel=1` on a GET follows cancel_url, like the page's back link.
import type Stripe from "stripe";
import { completeSession, getSession } from "./checkout-sessions.js";
import type { StandInCore } from "./core.js";
import { formatMinor } from "./currencies.js";
import { ApiError, invalidRequest, type StripeErrorBody } from "./errors.js";
import { optNonEmpty, type Params } from "./params.js";
import { confirm, createPaymentIntent, getPaymentIntent } from "./payment-intents.js";
import { paymentMethodForPayment } from "./payment-methods.js";
import { cardOptions, escape, pageHead } from "./payment-page.js";
import { snapshot } from "./state.js";

export interface CheckoutPageResult {
  status: number;
  html: string;
  json: unknown;
  location?: string;
}

export function handleCheckoutPage(core: StandInCore, method: string, id: string, input: Params): CheckoutPageResult {
  const session = core.state.checkoutSessions.has(id) ? getSession(core, id) : undefined;
  if (!session) {
    const message = "No such Checkout Session.";
    return {
      status: 404,
      html: `<!doctype html><title>Not found</title><p>${message}</p>`,
      json: { error: { type: "invalid_request_error", code: "resource_missing", message } },
    };
  }
  if (method === "GET") {
    if (input.cancel && session.cancel_url) return { status: 303, html: "", json: null, location: session.cancel_url };
    return { status: 200, html: render(core, session), json: { checkout_session: snapshot(session) } };
  }
  const { pi, error } = pay(core, session, input);
  const body = { checkout_session: snapshot(session), payment_intent: pi ? snapshot(pi) : null, error };
  const status = error ? (error.type === "card_error" ? 402 : 400) : 200;
  if (!error && session.status === "complete" && session.success_url) {
    const location = session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id);
    return { status, html: "", json: body, location };
  }
  return { status, html: render(core, session, error), json: body };
}

function pay(
  core: StandInCore,
  session: Stripe.Checkout.Session,
  input: Params,
): { pi: Stripe.PaymentIntent | null; error: StripeErrorBody | null } {
  const request = { id: null, idempotencyKey: null };
  let pi: Stripe.PaymentIntent | null = null;
  try {
    if (session.status !== "open") {
      throw invalidRequest(
        session.status === "complete"
          ? "This Checkout Session is already paid."
          : "This Checkout Session is no longer active.",
        { code: "checkout_session_unexpected_state" },
      );
    }
    const action = optNonEmpty(input, "action") ?? "authenticate";
    if (action !== "authenticate" && action !== "fail")
      throw invalidRequest("action must be authenticate or fail", { param: "action" });
    pi = intentOf(core, session);
    const pm = paymentMethodForPayment(
      core,
      optNonEmpty(input, "payment_method") ?? "pm_card_visa",
      session.customer as string | null,
    );
    pi = confirm(core, pi, {
      paymentMethod: pm,
      offSession: false,
      via: "page",
      authentication: action === "fail" ? "fail" : "pass",
      request,
    });
    completeSession(core, session, pi, request);
    return { pi, error: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const current = pi ? (core.state.paymentIntents.get(pi.id) ?? pi) : null;
    return { pi: current, error: error.error };
  }
}

/** The session's PaymentIntent: made on the first attempt, reused after a decline. */
function intentOf(core: StandInCore, session: Stripe.Checkout.Session): Stripe.PaymentIntent {
  if (typeof session.payment_intent === "string") return getPaymentIntent(core, session.payment_intent);
  const data = core.state.sessionPayments.get(session.id)!;
  const params: Params = {
    amount: String(session.amount_total),
    currency: session.currency as string,
    payment_method_types: ["card"],
  };
  if (session.customer) params.customer = session.customer as string;
  if (data.description) params.description = data.description;
  if (data.setupFutureUsage) params.setup_future_usage = data.setupFutureUsage;
  if (Object.keys(data.metadata).length) params.metadata = data.metadata;
  const pi = createPaymentIntent({ core, params, request: { id: null, idempotencyKey: null } });
  session.payment_intent = pi.id;
  return getPaymentIntent(core, pi.id);
}

function render(core: StandInCore, session: Stripe.Checkout.Session, error?: StripeErrorBody | null): string {
  const currency = session.currency as string;
  const money = (n: number) => `${formatMinor(n, currency)} ${currency.toUpperCase()}`;
  const total = money(session.amount_total ?? 0);
  const action = `/c/pay/${encodeURIComponent(session.id)}`;
  const lines = (core.state.sessionLines.get(session.id) ?? [])
    .map(
      (l) =>
        `<li>${escape(l.name)} × ${l.quantity}: ${escape(money(l.unitAmount * l.quantity))}${l.description ? `<br><small>${escape(l.description)}</small>` : ""}</li>`,
    )
    .join("");
  const options = cardOptions();
  const parts = [
    ...pageHead(total, "Stripe stand-in · Checkout · test mode"),
    `<ul>${lines}</ul>`,
    `<p>Checkout Session: <strong data-status="${escape(session.status ?? "")}">${escape(session.status ?? "")}</strong></p>`,
  ];
  if (error) parts.push(`<p role="alert">${escape(error.message)}</p>`);
  if (session.status === "open") {
    parts.push(
      `<form method="post" action="${action}"><label>Test card <select name="payment_method">${options}</select></label> <button>Pay ${escape(total)}</button></form>`,
    );
    if (session.cancel_url) parts.push(`<p><a href="${action}?cancel=1">← Back</a></p>`);
  }
  parts.push("</body></html>");
  return parts.join("\n");
}
