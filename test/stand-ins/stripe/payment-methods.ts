// PaymentMethods: Stripe's magic test ids (`pm_card_visa`, …) and shared
// payment tokens (`spt_…`) become real-looking PaymentMethods with fresh
// `pm_…` ids the first time they are used or attached, exactly as in test
// mode, so an app that stores the id it was given keeps working against Stripe.
import type Stripe from "stripe";
import type { ApiContext, StandInCore } from "./core.js";
import { ApiError, docUrl, invalidRequest, resourceMissing } from "./errors.js";
import { applyExpand } from "./expand.js";
import { newId, nowSeconds } from "./ids.js";
import { allowOnly, optEnum, optLimit, reqString } from "./params.js";
import { snapshot } from "./state.js";
import { isSharedPaymentToken, testCardFor, type TestCard } from "./test-cards.js";

const CARD_EXPIRY_YEAR = new Date().getUTCFullYear() + 3;

export function buildPaymentMethod(id: string, card: TestCard, customer: string | null): Stripe.PaymentMethod {
  return {
    id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: card.country,
      display_brand: card.brand,
      exp_month: 12,
      exp_year: CARD_EXPIRY_YEAR,
      // Same card number → same fingerprint, as with Stripe (apps dedupe saved cards on it).
      fingerprint: `fp${card.brand}${card.last4}`.padEnd(16, "0").slice(0, 16),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
}

/** Mints a new stored PaymentMethod from a test id or shared payment token. */
function mint(core: StandInCore, card: TestCard, customer: string | null): Stripe.PaymentMethod {
  const pm = buildPaymentMethod(newId("pm"), card, customer);
  core.state.paymentMethods.set(pm.id, pm);
  core.state.cards.set(pm.id, card);
  return pm;
}

export function cardOf(core: StandInCore, paymentMethodId: string): TestCard {
  const card = core.state.cards.get(paymentMethodId);
  if (!card) throw new Error(`stand-in bug: no test card behind ${paymentMethodId}`);
  return card;
}

/**
 * The PaymentMethod to use for a payment by `customerId`. Enforces Stripe's
 * ownership rules: a PaymentMethod attached to a customer can only be used on
 * a PaymentIntent for that customer.
 */
export function paymentMethodForPayment(
  core: StandInCore,
  value: string,
  customerId: string | null,
  param = "payment_method",
): Stripe.PaymentMethod {
  const stored = core.state.paymentMethods.get(value);
  if (stored) {
    if (stored.customer && !customerId) {
      throw invalidRequest(
        `The PaymentMethod ${value} belongs to the Customer ${stored.customer as string}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
        { param },
      );
    }
    if (stored.customer && stored.customer !== customerId) {
      throw invalidRequest(
        `The PaymentMethod ${value} does not belong to the Customer ${customerId}. Please use a PaymentMethod attached to this Customer.`,
        { param },
      );
    }
    return stored;
  }
  const card = testCardFor(value);
  if (!card) throw resourceMissing("PaymentMethod", value, param, 400);
  return mint(core, card, null);
}

/** A card_error (HTTP 402) for a card declined outside any PaymentIntent (attach). */
function cardCheckFailed(spec: NonNullable<TestCard["attachError"]>): ApiError {
  return new ApiError(402, {
    type: "card_error",
    code: spec.code,
    ...(spec.decline_code ? { decline_code: spec.decline_code } : {}),
    message: spec.message,
    ...(spec.param ? { param: spec.param } : {}),
    doc_url: docUrl(spec.code),
  });
}

export function attachPaymentMethod(ctx: ApiContext, id: string): Stripe.PaymentMethod {
  const { core, params } = ctx;
  allowOnly(params, ["customer", "expand"]);
  const customerId = reqString(params, "customer");
  if (!core.state.customers.has(customerId)) throw resourceMissing("customer", customerId, "customer", 400);
  if (isSharedPaymentToken(id)) {
    throw invalidRequest(
      "Shared payment tokens cannot be attached to a Customer; use them as the payment_method of a PaymentIntent.",
      {
        param: "payment_method",
      },
    );
  }
  const stored = core.state.paymentMethods.get(id);
  if (stored) {
    if (stored.customer === customerId) return applyExpand(core.state, stored, params);
    if (stored.customer) {
      throw invalidRequest("The payment method you provided has already been attached to a customer.", {
        param: "payment_method",
      });
    }
    const card = cardOf(core, id);
    if (card.attachError) throw cardCheckFailed(card.attachError);
    stored.customer = customerId;
    return applyExpand(core.state, stored, params);
  }
  const card = testCardFor(id);
  if (!card) throw resourceMissing("PaymentMethod", id, "payment_method");
  if (card.attachError) throw cardCheckFailed(card.attachError);
  return applyExpand(core.state, mint(core, card, customerId), params);
}

export function detachPaymentMethod(ctx: ApiContext, id: string): Stripe.PaymentMethod {
  allowOnly(ctx.params, ["expand"]);
  const stored = ctx.core.state.paymentMethods.get(id);
  if (!stored) throw resourceMissing("PaymentMethod", id, "payment_method");
  if (!stored.customer) {
    throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", {
      param: "payment_method",
    });
  }
  // Stripe also drops it as the customer's default.
  const customer = ctx.core.state.customers.get(stored.customer as string);
  if (customer?.invoice_settings.default_payment_method === id) customer.invoice_settings.default_payment_method = null;
  stored.customer = null;
  return applyExpand(ctx.core.state, stored, ctx.params);
}

export function retrievePaymentMethod(ctx: ApiContext, id: string): Stripe.PaymentMethod {
  allowOnly(ctx.params, ["expand"]);
  const stored = ctx.core.state.paymentMethods.get(id);
  if (stored) return applyExpand(ctx.core.state, stored, ctx.params);
  // A magic test id reads as a template card; it is not stored until used.
  const card = isSharedPaymentToken(id) ? undefined : testCardFor(id);
  if (card) return buildPaymentMethod(id, card, null);
  throw resourceMissing("PaymentMethod", id, "payment_method");
}

function listFor(ctx: ApiContext, customerId: string, url: string): Stripe.ApiList<Stripe.PaymentMethod> {
  const { core, params } = ctx;
  optEnum(params, "type", ["card"]);
  const limit = optLimit(params);
  const all = [...core.state.paymentMethods.values()].filter((pm) => pm.customer === customerId).reverse();
  return applyExpand(
    core.state,
    { object: "list", data: all.slice(0, limit).map(snapshot), has_more: all.length > limit, url },
    params,
  );
}

/** GET /v1/customers/:id/payment_methods */
export function listCustomerPaymentMethods(ctx: ApiContext, customerId: string): Stripe.ApiList<Stripe.PaymentMethod> {
  allowOnly(ctx.params, ["type", "limit", "expand", "starting_after", "ending_before", "allow_redisplay"]);
  if (!ctx.core.state.customers.has(customerId)) throw resourceMissing("customer", customerId, "customer");
  return listFor(ctx, customerId, `/v1/customers/${customerId}/payment_methods`);
}

/** GET /v1/payment_methods?customer=… (the older spelling of the same list). */
export function listPaymentMethods(ctx: ApiContext): Stripe.ApiList<Stripe.PaymentMethod> {
  allowOnly(ctx.params, ["customer", "type", "limit", "expand", "starting_after", "ending_before"]);
  const customerId = reqString(ctx.params, "customer");
  if (!ctx.core.state.customers.has(customerId)) throw resourceMissing("customer", customerId, "customer", 400);
  return listFor(ctx, customerId, "/v1/payment_methods");
}
