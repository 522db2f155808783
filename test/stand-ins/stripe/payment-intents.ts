// PaymentIntents and their state machine:
//
//   requires_payment_method ──(PM attached)──▶ requires_confirmation
//          ▲       │ confirm                          │ confirm
//          │       ▼                                  ▼
//          └── declined ◀── card network ──▶ succeeded
//                               │
//                               └─ 3DS needed, on-session ─▶ requires_action ─(payment page)─▶ succeeded | requires_payment_method
//   any non-final state ──cancel──▶ canceled
//
// `processing` is skipped (cards settle synchronously here) and capture is
// automatic only. Every transition that Stripe reports by webhook emits the
// matching event.
import type Stripe from "stripe";
import { buildCharge } from "./charges.js";
import type { ApiContext, RequestRef, StandInCore } from "./core.js";
import { checkChargeAmount, parseCurrency } from "./currencies.js";
import { ApiError, docUrl, invalidRequest, parameterError, resourceMissing, unexpectedState } from "./errors.js";
import { applyExpand } from "./expand.js";
import { newId, nowSeconds, randomBase62 } from "./ids.js";
import {
  allowOnly,
  createMetadata,
  mergeMetadata,
  optBool,
  optEnum,
  optInt,
  optLimit,
  optMetadata,
  optNonEmpty,
  optObject,
  optString,
  optStringArray,
  reqInt,
  reqString,
  type Params,
} from "./params.js";
import { cardOf, paymentMethodForPayment } from "./payment-methods.js";
import { snapshot } from "./state.js";
import { AUTHENTICATION_FAILED, AUTHENTICATION_REQUIRED, type DeclineSpec } from "./test-cards.js";

type Status = Stripe.PaymentIntent.Status;

const CONFIRMABLE: readonly Status[] = ["requires_payment_method", "requires_confirmation", "requires_action"];
const CANCELABLE: readonly Status[] = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];
const CANCELLATION_REASONS = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"] as const;

const COMMON_PARAMS = [
  "description",
  "metadata",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "transfer_group",
  "expand",
  "payment_method",
  "payment_method_data",
  "payment_method_options",
  "payment_method_types",
];
const CREATE_PARAMS = [
  ...COMMON_PARAMS,
  "amount",
  "currency",
  "customer",
  "confirm",
  "off_session",
  "return_url",
  "automatic_payment_methods",
  "capture_method",
  "confirmation_method",
  "error_on_requires_action",
  "use_stripe_sdk",
  "mandate_data",
  "radar_options",
];
const CONFIRM_PARAMS = [
  "payment_method",
  "payment_method_data",
  "payment_method_options",
  "payment_method_types",
  "return_url",
  "off_session",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "expand",
  "error_on_requires_action",
  "use_stripe_sdk",
  "mandate_data",
  "radar_options",
  "capture_method",
];
const UPDATE_PARAMS = [...COMMON_PARAMS, "amount", "currency", "customer"];

const RETURN_URL_REQUIRED =
  "A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.";

export function getPaymentIntent(core: StandInCore, id: string, status: 400 | 404 = 404): Stripe.PaymentIntent {
  const pi = core.state.paymentIntents.get(id);
  if (!pi) throw resourceMissing("payment_intent", id, "intent", status);
  return pi;
}

// ── parameter readers ────────────────────────────────────────────────────────

/** `payment_method`, or a shared payment token in `payment_method_data`. */
function readPaymentMethod(params: Params): string | undefined {
  const direct = optNonEmpty(params, "payment_method");
  const data = optObject(params, "payment_method_data");
  if (!data) return direct;
  const token = optNonEmpty(data, "shared_payment_granted_token");
  if (!token) {
    throw invalidRequest(
      "The Stripe stand-in supports payment_method_data only with shared_payment_granted_token (raw card details are never accepted); pass a test PaymentMethod id such as pm_card_visa as payment_method instead.",
      { param: "payment_method_data", validation: true },
    );
  }
  if (direct) {
    throw invalidRequest("You may only specify one of these parameters: payment_method, payment_method_data.", {
      param: "payment_method",
      validation: true,
    });
  }
  return token;
}

/** `off_session` takes true/false or the older "one_off"/"recurring". */
function readOffSession(params: Params): boolean | undefined {
  const value = optNonEmpty(params, "off_session");
  if (value === undefined) return undefined;
  if (value === "true" || value === "one_off" || value === "recurring") return true;
  if (value === "false") return false;
  throw parameterError(`Invalid boolean: ${value}`, "parameter_invalid_boolean", "off_session");
}

function readShipping(params: Params): Stripe.PaymentIntent.Shipping | null | undefined {
  const value = params.shipping;
  if (value === undefined) return undefined;
  if (value === "") return null;
  const shipping = optObject(params, "shipping") as Params;
  const address = optObject(shipping, "address");
  const field = (p: Params | undefined, name: string) => (p ? (optString(p, name) ?? null) : null);
  return {
    address: {
      city: field(address, "city"),
      country: field(address, "country"),
      line1: field(address, "line1"),
      line2: field(address, "line2"),
      postal_code: field(address, "postal_code"),
      state: field(address, "state"),
    },
    carrier: field(shipping, "carrier"),
    name: reqString(shipping, "name"),
    phone: field(shipping, "phone"),
    tracking_number: field(shipping, "tracking_number"),
  };
}

function readPaymentMethodTypes(params: Params): string[] | undefined {
  const types = optStringArray(params, "payment_method_types");
  if (types && !types.includes("card")) {
    throw invalidRequest("The Stripe stand-in only processes cards: payment_method_types must include card.", {
      param: "payment_method_types",
      validation: true,
    });
  }
  return types;
}

/** Fields every write endpoint may change, validated into a patch first. */
function readCommon(params: Params) {
  return {
    description: optString(params, "description"),
    metadata: optMetadata(params),
    receiptEmail: optString(params, "receipt_email"),
    setupFutureUsage: optEnum(params, "setup_future_usage", ["on_session", "off_session"]),
    shipping: readShipping(params),
    statementDescriptor: optString(params, "statement_descriptor"),
    statementDescriptorSuffix: optString(params, "statement_descriptor_suffix"),
    transferGroup: optString(params, "transfer_group"),
  };
}

function applyCommon(pi: Stripe.PaymentIntent, common: ReturnType<typeof readCommon>): void {
  const orNull = (v: string | undefined, current: string | null) => (v === undefined ? current : v === "" ? null : v);
  pi.description = orNull(common.description, pi.description);
  pi.metadata = mergeMetadata(pi.metadata, common.metadata);
  pi.receipt_email = orNull(common.receiptEmail, pi.receipt_email);
  if (common.setupFutureUsage) pi.setup_future_usage = common.setupFutureUsage;
  if (common.shipping !== undefined) pi.shipping = common.shipping;
  pi.statement_descriptor = orNull(common.statementDescriptor, pi.statement_descriptor);
  pi.statement_descriptor_suffix = orNull(common.statementDescriptorSuffix, pi.statement_descriptor_suffix);
  pi.transfer_group = orNull(common.transferGroup, pi.transfer_group);
}

// ── confirmation ─────────────────────────────────────────────────────────────

export interface ConfirmOptions {
  /** A PaymentMethod supplied with this confirmation (else the PI's own). */
  paymentMethod?: Stripe.PaymentMethod;
  offSession: boolean;
  returnUrl?: string;
  /** "page": the shopper is on the payment page and can pass 3D Secure there. */
  via: "api" | "page";
  /** On the page, whether the shopper passes or fails 3D Secure. */
  authentication?: "pass" | "fail";
  errorOnRequiresAction?: boolean;
  request: RequestRef;
}

/** Everything that makes Stripe refuse a confirmation before it reaches the card network. */
function checkConfirmable(core: StandInCore, pi: Stripe.PaymentIntent, options: ConfirmOptions): void {
  if (pi.status === "succeeded") {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.",
    );
  }
  if (!CONFIRMABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
    );
  }
  if (!options.paymentMethod && !pi.payment_method) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
    );
  }
  const apm = pi.automatic_payment_methods;
  const returnUrl = options.returnUrl ?? core.state.returnUrls.get(pi.id);
  // Real Stripe refuses this even for cards, on- or off-session; catching it
  // here keeps it from first surfacing in production.
  if (
    options.via === "api" &&
    core.config.requireReturnUrl &&
    apm?.enabled &&
    apm.allow_redirects !== "never" &&
    !returnUrl
  ) {
    throw invalidRequest(RETURN_URL_REQUIRED, { param: "return_url", validation: true });
  }
}

function succeed(
  core: StandInCore,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  request: RequestRef,
): Stripe.PaymentIntent {
  const charge = buildCharge(pi, pm, null);
  core.state.charges.set(charge.id, charge);
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  pi.payment_method = pm.id;
  // As Stripe does: a successful payment with setup_future_usage saves the card to the customer.
  const customer = typeof pi.customer === "string" ? pi.customer : (pi.customer?.id ?? null);
  if (pi.setup_future_usage && customer && !pm.customer && pm.id.startsWith("pm_")) pm.customer = customer;
  core.emit("payment_intent.succeeded", pi, request);
  return pi;
}

/**
 * A declined payment: a failed Charge, the PI back to requires_payment_method
 * with `last_payment_error`, a `payment_intent.payment_failed` event, and a 402
 * card_error whose body carries the PaymentIntent, as Stripe's does.
 */
function decline(
  core: StandInCore,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  spec: DeclineSpec,
  request: RequestRef,
): never {
  const charge = buildCharge(pi, pm, spec);
  core.state.charges.set(charge.id, charge);
  const error: Stripe.PaymentIntent.LastPaymentError = {
    type: "card_error",
    code: spec.code as Stripe.PaymentIntent.LastPaymentError.Code,
    doc_url: docUrl(spec.code),
    message: spec.message,
    charge: charge.id,
    payment_method: snapshot(pm),
  };
  if (spec.decline_code) error.decline_code = spec.decline_code;
  if (spec.param) error.param = spec.param;
  pi.status = "requires_payment_method";
  pi.last_payment_error = error;
  pi.latest_charge = charge.id;
  pi.payment_method = null;
  pi.next_action = null;
  core.emit("payment_intent.payment_failed", pi, request);
  throw new ApiError(402, {
    type: "card_error",
    code: spec.code,
    ...(spec.decline_code ? { decline_code: spec.decline_code } : {}),
    message: spec.message,
    ...(spec.param ? { param: spec.param } : {}),
    doc_url: docUrl(spec.code),
    charge: charge.id,
    payment_intent: snapshot(pi),
    payment_method: snapshot(pm),
  });
}

function requireAction(
  core: StandInCore,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  request: RequestRef,
): Stripe.PaymentIntent {
  pi.status = "requires_action";
  pi.payment_method = pm.id;
  pi.next_action = {
    type: "redirect_to_url",
    redirect_to_url: { url: core.paymentPageUrl(pi.id), return_url: core.state.returnUrls.get(pi.id) ?? null },
  };
  core.emit("payment_intent.requires_action", pi, request);
  return pi;
}

/** Runs a confirmation that passed checkConfirmable. May throw a 402 card_error. */
function runConfirmation(core: StandInCore, pi: Stripe.PaymentIntent, options: ConfirmOptions): Stripe.PaymentIntent {
  const pm = options.paymentMethod ?? core.state.paymentMethods.get(pi.payment_method as string);
  if (!pm) throw new Error(`stand-in bug: ${pi.id} has no stored payment method`);
  if (options.returnUrl) core.state.returnUrls.set(pi.id, options.returnUrl);
  pi.payment_method = pm.id;
  const behaviour = cardOf(core, pm.id).charge;
  switch (behaviour.kind) {
    case "succeed":
      return succeed(core, pi, pm, options.request);
    case "decline":
      return decline(core, pi, pm, behaviour.error, options.request);
    case "authenticate":
      if (options.via === "page") {
        if (options.authentication === "fail") return failAuthentication(core, pi, options.request);
        return succeed(core, pi, pm, options.request);
      }
      if (options.offSession || options.errorOnRequiresAction)
        return decline(core, pi, pm, AUTHENTICATION_REQUIRED, options.request);
      return requireAction(core, pi, pm, options.request);
  }
}

export function confirm(core: StandInCore, pi: Stripe.PaymentIntent, options: ConfirmOptions): Stripe.PaymentIntent {
  checkConfirmable(core, pi, options);
  return runConfirmation(core, pi, options);
}

/**
 * The shopper failed 3D Secure: no charge reaches the network, the PI returns
 * to requires_payment_method with Stripe's payment_intent_authentication_failure.
 */
export function failAuthentication(
  core: StandInCore,
  pi: Stripe.PaymentIntent,
  request: RequestRef,
): Stripe.PaymentIntent {
  const pm = pi.payment_method ? core.state.paymentMethods.get(pi.payment_method as string) : undefined;
  const error: Stripe.PaymentIntent.LastPaymentError = {
    type: "invalid_request_error",
    code: AUTHENTICATION_FAILED.code as Stripe.PaymentIntent.LastPaymentError.Code,
    doc_url: docUrl(AUTHENTICATION_FAILED.code),
    message: AUTHENTICATION_FAILED.message,
  };
  if (pm) error.payment_method = snapshot(pm);
  pi.status = "requires_payment_method";
  pi.last_payment_error = error;
  pi.payment_method = null;
  pi.next_action = null;
  core.emit("payment_intent.payment_failed", pi, request);
  return pi;
}

// ── endpoints ────────────────────────────────────────────────────────────────

export function createPaymentIntent(ctx: ApiContext): Stripe.PaymentIntent {
  const { core, params, request } = ctx;
  allowOnly(params, CREATE_PARAMS);
  const amount = reqInt(params, "amount");
  const currency = parseCurrency(reqString(params, "currency"));
  checkChargeAmount(amount, currency);
  const customer = optNonEmpty(params, "customer") ?? null;
  if (customer && !core.state.customers.has(customer)) throw resourceMissing("customer", customer, "customer", 400);
  const shouldConfirm = optBool(params, "confirm") ?? false;
  const offSession = readOffSession(params);
  if (offSession !== undefined && !shouldConfirm) {
    throw invalidRequest("The parameter off_session can only be used when confirm is also set to true.", {
      param: "off_session",
      validation: true,
    });
  }
  const captureMethod =
    optEnum(params, "capture_method", ["automatic", "automatic_async", "manual"]) ?? "automatic_async";
  if (captureMethod === "manual") {
    throw invalidRequest(
      "The Stripe stand-in supports automatic capture only (capture_method automatic or automatic_async).",
      { param: "capture_method", validation: true },
    );
  }
  if (optEnum(params, "confirmation_method", ["automatic", "manual"]) === "manual") {
    throw invalidRequest("The Stripe stand-in supports confirmation_method=automatic only.", {
      param: "confirmation_method",
      validation: true,
    });
  }
  const types = readPaymentMethodTypes(params);
  const apmParams = optObject(params, "automatic_payment_methods");
  let automatic: Stripe.PaymentIntent.AutomaticPaymentMethods | null = null;
  if (apmParams) {
    allowOnly(apmParams, ["enabled", "allow_redirects"], "automatic_payment_methods");
    const enabled = optBool(apmParams, "enabled");
    if (enabled === undefined)
      throw parameterError(
        "Missing required param: automatic_payment_methods[enabled].",
        "parameter_missing",
        "automatic_payment_methods[enabled]",
      );
    const redirects = optEnum(apmParams, "allow_redirects", ["always", "never"]);
    automatic = enabled ? { allow_redirects: redirects ?? "always", enabled } : null;
  }
  if (types && automatic) {
    throw invalidRequest(
      "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
      { param: "automatic_payment_methods", validation: true },
    );
  }
  // Current API versions turn automatic payment methods on unless
  // payment_method_types is given.
  if (!types && !apmParams) automatic = { allow_redirects: "always", enabled: true };
  const common = readCommon(params);
  const returnUrl = optNonEmpty(params, "return_url");
  const errorOnRequiresAction = optBool(params, "error_on_requires_action") ?? false;
  const pmValue = readPaymentMethod(params);
  const pm = pmValue ? paymentMethodForPayment(core, pmValue, customer) : undefined;

  const id = newId("pi");
  const pi: Stripe.PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod,
    client_secret: `${id}_secret_${randomBase62(25)}`,
    confirmation_method: "automatic",
    created: nowSeconds(),
    currency,
    customer,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: createMetadata(common.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: types ?? ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: pm ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
  applyCommon(pi, { ...common, metadata: undefined });

  const options: ConfirmOptions = { offSession: offSession ?? false, via: "api", request, errorOnRequiresAction };
  if (returnUrl) options.returnUrl = returnUrl;
  // A create+confirm that Stripe refuses up front (missing PM, return_url)
  // creates nothing; a declined card does leave the PaymentIntent behind.
  if (shouldConfirm) checkConfirmable(core, pi, options);
  core.state.paymentIntents.set(id, pi);
  if (returnUrl) core.state.returnUrls.set(id, returnUrl);
  const result = shouldConfirm ? runConfirmation(core, pi, options) : pi;
  return applyExpand(core.state, result, params);
}

export function retrievePaymentIntent(ctx: ApiContext, id: string): Stripe.PaymentIntent {
  allowOnly(ctx.params, ["expand", "client_secret"]);
  return applyExpand(ctx.core.state, getPaymentIntent(ctx.core, id), ctx.params);
}

export function updatePaymentIntent(ctx: ApiContext, id: string): Stripe.PaymentIntent {
  const { core, params } = ctx;
  allowOnly(params, UPDATE_PARAMS);
  const current = getPaymentIntent(core, id);
  const amount = optInt(params, "amount");
  const currencyParam = optNonEmpty(params, "currency");
  const customerParam = optString(params, "customer");
  const pmValue = readPaymentMethod(params);
  const types = readPaymentMethodTypes(params);
  const common = readCommon(params);
  const touched = (
    [
      ["amount", amount !== undefined],
      ["currency", currencyParam !== undefined],
      ["customer", customerParam !== undefined],
      ["payment_method", pmValue !== undefined],
      ["payment_method_types", types !== undefined],
    ] as const
  ).find(([, changed]) => changed);
  if (touched && !CONFIRMABLE.includes(current.status)) {
    const field = touched[0];
    throw unexpectedState(
      `This PaymentIntent's ${field} could not be updated because it has a status of ${current.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
    );
  }
  // Work on a copy: a refused update leaves the PaymentIntent untouched.
  const pi = structuredClone(current);
  if (amount !== undefined) pi.amount = amount;
  if (currencyParam !== undefined) pi.currency = parseCurrency(currencyParam);
  if (amount !== undefined || currencyParam !== undefined) checkChargeAmount(pi.amount, pi.currency);
  if (customerParam !== undefined) {
    if (customerParam && !core.state.customers.has(customerParam))
      throw resourceMissing("customer", customerParam, "customer", 400);
    pi.customer = customerParam || null;
  }
  if (types) pi.payment_method_types = types;
  if (pmValue !== undefined)
    pi.payment_method = paymentMethodForPayment(core, pmValue, pi.customer as string | null).id;
  if (touched) {
    // Changing what is paid, or how, needs a new confirmation.
    pi.status = pi.payment_method ? "requires_confirmation" : "requires_payment_method";
    pi.next_action = null;
  }
  applyCommon(pi, common);
  core.state.paymentIntents.set(id, pi);
  return applyExpand(core.state, pi, params);
}

export function confirmPaymentIntent(ctx: ApiContext, id: string): Stripe.PaymentIntent {
  const { core, params, request } = ctx;
  allowOnly(params, CONFIRM_PARAMS);
  const pi = getPaymentIntent(core, id);
  const offSession = readOffSession(params) ?? false;
  const returnUrl = optNonEmpty(params, "return_url");
  const errorOnRequiresAction = optBool(params, "error_on_requires_action") ?? false;
  const common = readCommon(params);
  readPaymentMethodTypes(params);
  const pmValue = readPaymentMethod(params);
  const pm = pmValue ? paymentMethodForPayment(core, pmValue, pi.customer as string | null) : undefined;
  const options: ConfirmOptions = { offSession, via: "api", request, errorOnRequiresAction };
  if (pm) options.paymentMethod = pm;
  if (returnUrl) options.returnUrl = returnUrl;
  checkConfirmable(core, pi, options);
  applyCommon(pi, { ...common, metadata: undefined });
  return applyExpand(core.state, runConfirmation(core, pi, options), params);
}

export function cancelPaymentIntent(ctx: ApiContext, id: string): Stripe.PaymentIntent {
  const { core, params, request } = ctx;
  allowOnly(params, ["cancellation_reason", "expand"]);
  const reason = optEnum(params, "cancellation_reason", CANCELLATION_REASONS);
  const pi = getPaymentIntent(core, id);
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
    );
  }
  pi.status = "canceled";
  pi.canceled_at = nowSeconds();
  pi.cancellation_reason = reason ?? null;
  pi.next_action = null;
  core.emit("payment_intent.canceled", pi, request);
  return applyExpand(core.state, pi, params);
}

export function listPaymentIntents(ctx: ApiContext): Stripe.ApiList<Stripe.PaymentIntent> {
  const { core, params } = ctx;
  allowOnly(params, ["customer", "limit", "expand", "starting_after", "ending_before", "created"]);
  const customer = optNonEmpty(params, "customer");
  const limit = optLimit(params);
  const all = [...core.state.paymentIntents.values()].filter((pi) => !customer || pi.customer === customer).reverse();
  const start = startAfter(all, optNonEmpty(params, "starting_after"));
  const page = all.slice(start, start + limit);
  return applyExpand(
    core.state,
    { object: "list", data: page.map(snapshot), has_more: start + limit < all.length, url: "/v1/payment_intents" },
    params,
  );
}

/** Index just past `id` in a newest-first list (cursor pagination). */
export function startAfter(items: readonly { id: string }[], id: string | undefined): number {
  if (!id) return 0;
  const index = items.findIndex((item) => item.id === id);
  return index === -1 ? items.length : index + 1;
}
