// Checkout Sessions (mode=payment, cards only): the hosted payment page Stripe
// serves for a shopper who has to enter a card.
//
//   POST /v1/checkout/sessions               create (line_items with price_data, expires_at 30 min – 24 h ahead)
//   GET  /v1/checkout/sessions               list (created[gte|lte], status, payment_intent, limit)
//   GET  /v1/checkout/sessions/:id           retrieve (expand[]=payment_intent, payment_intent.latest_charge)
//   POST /v1/checkout/sessions/:id/expire    open → expired, checkout.session.expired
//
// As with current API versions, the PaymentIntent does not exist until the
// shopper pays on the page: it is then created from `payment_intent_data`
// (metadata, setup_future_usage, description) for `amount_total`, confirmed,
// and the session becomes complete/paid with checkout.session.completed after
// payment_intent.succeeded. A declined card leaves the session open with its
// PaymentIntent in requires_payment_method; the next attempt reuses it. A
// session past its expires_at expires when it is next looked at.
import type Stripe from "stripe";
import type { ApiContext, RequestRef, StandInCore } from "./core.js";
import { checkChargeAmount, parseCurrency } from "./currencies.js";
import { invalidRequest, parameterError, resourceMissing } from "./errors.js";
import { applyExpand } from "./expand.js";
import type { FormValue } from "./form.js";
import { nowSeconds, randomBase62 } from "./ids.js";
import {
  allowOnly,
  createMetadata,
  optEnum,
  optInt,
  optLimit,
  optMetadata,
  optNonEmpty,
  optObject,
  optString,
  reqInt,
  reqString,
  type Params,
} from "./params.js";
import { startAfter } from "./payment-intents.js";
import { snapshot } from "./state.js";

const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

const CREATE_PARAMS = [
  "mode",
  "line_items",
  "success_url",
  "cancel_url",
  "expires_at",
  "client_reference_id",
  "metadata",
  "customer",
  "customer_email",
  "payment_intent_data",
  "payment_method_types",
  "locale",
  "submit_type",
  "expand",
];
const PAYMENT_INTENT_DATA = ["metadata", "setup_future_usage", "description", "statement_descriptor_suffix"];

/** What the stand-in keeps beside the session object: how to make its PaymentIntent. */
export interface SessionPaymentData {
  metadata: Record<string, string>;
  setupFutureUsage: "on_session" | "off_session" | null;
  description: string | null;
}

export function getSession(core: StandInCore, id: string, status: 400 | 404 = 404): Stripe.Checkout.Session {
  const session = core.state.checkoutSessions.get(id);
  if (!session) throw resourceMissing("checkout.session", id, "session", status);
  expireIfDue(core, session, { id: null, idempotencyKey: null });
  return session;
}

function expireIfDue(core: StandInCore, session: Stripe.Checkout.Session, request: RequestRef): void {
  if (session.status === "open" && nowSeconds() >= session.expires_at) expire(core, session, request);
}

function expire(core: StandInCore, session: Stripe.Checkout.Session, request: RequestRef): void {
  session.status = "expired";
  session.url = null;
  core.emit("checkout.session.expired", session, request);
}

export interface SessionLine {
  name: string;
  description: string | null;
  unitAmount: number;
  quantity: number;
  currency: string;
}

function readLine(value: FormValue, index: number): SessionLine {
  const param = `line_items[${index}]`;
  if (typeof value !== "object" || Array.isArray(value))
    throw parameterError("Invalid object", "parameter_invalid_string", param);
  allowOnly(value, ["price_data", "quantity"], param);
  const priceData = optObject(value, "price_data");
  if (!priceData)
    throw invalidRequest("The Stripe stand-in supports line_items with price_data only (no Price objects).", {
      param: `${param}[price_data]`,
      validation: true,
    });
  allowOnly(priceData, ["currency", "unit_amount", "product_data"], `${param}[price_data]`);
  const product = optObject(priceData, "product_data");
  if (!product)
    throw parameterError(
      `Missing required param: ${param}[price_data][product_data].`,
      "parameter_missing",
      `${param}[price_data][product_data]`,
    );
  allowOnly(product, ["name", "description", "metadata"], `${param}[price_data][product_data]`);
  const unitAmount = reqInt(priceData, "unit_amount");
  if (unitAmount < 0)
    throw parameterError(
      "This value must be greater than or equal to 0.",
      "parameter_invalid_integer",
      `${param}[price_data][unit_amount]`,
    );
  const quantity = reqInt(value, "quantity");
  if (quantity < 1)
    throw parameterError(
      "This value must be greater than or equal to 1.",
      "parameter_invalid_integer",
      `${param}[quantity]`,
    );
  return {
    name: reqString(product, "name"),
    description: optNonEmpty(product, "description") ?? null,
    unitAmount,
    quantity,
    currency: parseCurrency(reqString(priceData, "currency")),
  };
}

export function createCheckoutSession(ctx: ApiContext): Stripe.Checkout.Session {
  const { core, params } = ctx;
  allowOnly(params, CREATE_PARAMS);
  const mode = reqString(params, "mode");
  if (mode !== "payment")
    throw invalidRequest("The Stripe stand-in supports mode=payment only.", { param: "mode", validation: true });
  const raw = params.line_items;
  if (raw === undefined || raw === "")
    throw parameterError("Missing required param: line_items.", "parameter_missing", "line_items");
  if (!Array.isArray(raw)) throw parameterError("Invalid array", "parameter_invalid_string", "line_items");
  const lines = raw.map(readLine);
  const currency = lines[0]!.currency;
  if (lines.some((l) => l.currency !== currency))
    throw invalidRequest("All line_items must use the same currency.", { param: "line_items", validation: true });
  const total = lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0);
  checkChargeAmount(total, currency, "line_items");
  const successUrl = reqString(params, "success_url");
  const cancelUrl = optNonEmpty(params, "cancel_url") ?? null;
  for (const [name, url] of [
    ["success_url", successUrl],
    ["cancel_url", cancelUrl],
  ] as const) {
    if (url !== null && !/^https?:\/\/[^\s]+$/.test(url))
      throw invalidRequest("Not a valid URL", { param: name, code: "url_invalid", validation: true });
  }
  const now = nowSeconds();
  const expiresAt = optInt(params, "expires_at") ?? now + MAX_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS || expiresAt > now + MAX_EXPIRY_SECONDS)
    throw invalidRequest(
      "The `expires_at` timestamp must be less than 24 hours and at least 30 minutes from Checkout Session creation.",
      { param: "expires_at", validation: true },
    );
  const customer = optNonEmpty(params, "customer") ?? null;
  if (customer && !core.state.customers.has(customer)) throw resourceMissing("customer", customer, "customer", 400);
  const clientReference = optString(params, "client_reference_id") ?? null;
  if (clientReference !== null && clientReference.length > 200)
    throw parameterError(
      "client_reference_id is too long (at most 200 characters).",
      "parameter_invalid_string",
      "client_reference_id",
    );
  const pid = optObject(params, "payment_intent_data") ?? {};
  allowOnly(pid, PAYMENT_INTENT_DATA, "payment_intent_data");
  const payment: SessionPaymentData = {
    metadata: createMetadata(optMetadata(pid)),
    setupFutureUsage: optEnum(pid, "setup_future_usage", ["on_session", "off_session"] as const) ?? null,
    description: optNonEmpty(pid, "description") ?? null,
  };
  if (payment.setupFutureUsage && !customer)
    throw invalidRequest(
      "The Stripe stand-in saves cards only for an existing customer: pass `customer` with payment_intent_data[setup_future_usage].",
      { param: "payment_intent_data[setup_future_usage]", validation: true },
    );

  const id = `cs_test_${randomBase62(58)}`;
  const session = {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: cancelUrl,
    client_reference_id: clientReference,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer,
    customer_account: null,
    customer_creation: customer ? null : "if_required",
    customer_details: null,
    customer_email: optNonEmpty(params, "customer_email") ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: createMetadata(optMetadata(params)),
    mode: "payment",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: core.checkoutPageUrl(id),
    wallet_options: null,
  } as Stripe.Checkout.Session;
  core.state.checkoutSessions.set(id, session);
  core.state.sessionPayments.set(id, payment);
  core.state.sessionLines.set(id, lines);
  return applyExpand(core.state, session, params);
}

export function retrieveCheckoutSession(ctx: ApiContext, id: string): Stripe.Checkout.Session {
  allowOnly(ctx.params, ["expand"]);
  return applyExpand(ctx.core.state, getSession(ctx.core, id), ctx.params);
}

export function expireCheckoutSession(ctx: ApiContext, id: string): Stripe.Checkout.Session {
  const { core, params, request } = ctx;
  allowOnly(params, ["expand"]);
  const session = getSession(core, id);
  if (session.status !== "open")
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      { code: "checkout_session_unexpected_state" },
    );
  expire(core, session, request);
  return applyExpand(core.state, session, params);
}

export function listCheckoutSessions(ctx: ApiContext): Stripe.ApiList<Stripe.Checkout.Session> {
  const { core, params } = ctx;
  allowOnly(params, [
    "limit",
    "expand",
    "starting_after",
    "ending_before",
    "created",
    "status",
    "payment_intent",
    "customer",
  ]);
  const limit = optLimit(params);
  const created = optObject(params, "created") ?? {};
  allowOnly(created, ["gt", "gte", "lt", "lte"], "created");
  const bound = (name: string) => optInt(created, name);
  const [gt, gte, lt, lte] = [bound("gt"), bound("gte"), bound("lt"), bound("lte")];
  const status = optEnum(params, "status", ["open", "complete", "expired"]);
  const paymentIntent = optNonEmpty(params, "payment_intent");
  const customer = optNonEmpty(params, "customer");
  const all = [...core.state.checkoutSessions.values()]
    .map((s) => (expireIfDue(core, s, { id: null, idempotencyKey: null }), s))
    .filter(
      (s) =>
        (gt === undefined || s.created > gt) &&
        (gte === undefined || s.created >= gte) &&
        (lt === undefined || s.created < lt) &&
        (lte === undefined || s.created <= lte) &&
        (!status || s.status === status) &&
        (!paymentIntent || s.payment_intent === paymentIntent) &&
        (!customer || s.customer === customer),
    )
    .reverse();
  const start = startAfter(all, optNonEmpty(params, "starting_after"));
  const page = all.slice(start, start + limit);
  return applyExpand(
    core.state,
    { object: "list", data: page.map(snapshot), has_more: start + limit < all.length, url: "/v1/checkout/sessions" },
    params,
  );
}

/** Marks the session paid once its PaymentIntent succeeded (called by the hosted page). */
export function completeSession(
  core: StandInCore,
  session: Stripe.Checkout.Session,
  pi: Stripe.PaymentIntent,
  request: RequestRef,
): void {
  if (pi.status !== "succeeded" || session.status !== "open") return;
  session.status = "complete";
  session.payment_status = "paid";
  session.url = null;
  session.customer_details = {
    address: null,
    business_name: null,
    email: null,
    individual_name: null,
    name: null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  } as Stripe.Checkout.Session.CustomerDetails;
  core.emit("checkout.session.completed", session, request);
}
