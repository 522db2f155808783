// Customers: create, retrieve, update (including the default PaymentMethod
// used for one-tap, off-session payments).
import type Stripe from "stripe";
import type { ApiContext } from "./core.js";
import { invalidRequest, resourceMissing } from "./errors.js";
import { applyExpand } from "./expand.js";
import { newId, nowSeconds } from "./ids.js";
import {
  allowOnly,
  createMetadata,
  mergeMetadata,
  optMetadata,
  optObject,
  optString,
  optStringArray,
  type Params,
} from "./params.js";
import { attachPaymentMethod } from "./payment-methods.js";

const WRITABLE = [
  "email",
  "name",
  "phone",
  "description",
  "metadata",
  "invoice_settings",
  "preferred_locales",
  "address",
  "shipping",
  "expand",
];

function nullable(value: string | undefined, current: string | null): string | null {
  if (value === undefined) return current;
  return value === "" ? null : value;
}

function defaultPaymentMethod(ctx: ApiContext, customer: Stripe.Customer): void {
  const settings = optObject(ctx.params, "invoice_settings");
  if (!settings) return;
  allowOnly(settings, ["default_payment_method", "custom_fields", "footer", "rendering_options"], "invoice_settings");
  const value = optString(settings, "default_payment_method");
  if (value === undefined) return;
  if (value === "") {
    customer.invoice_settings.default_payment_method = null;
    return;
  }
  const pm = ctx.core.state.paymentMethods.get(value);
  if (!pm || pm.customer !== customer.id) {
    throw invalidRequest(
      `No such PaymentMethod: '${value}'; It's possible this PaymentMethod exists on one of your connected accounts, in which case you should retry this request on that connected account. The payment method must be attached to the customer.`,
      { code: "resource_missing", param: "invoice_settings[default_payment_method]" },
    );
  }
  customer.invoice_settings.default_payment_method = value;
}

function applyFields(params: Params, customer: Stripe.Customer): void {
  customer.email = nullable(optString(params, "email"), customer.email);
  customer.name = nullable(optString(params, "name"), customer.name ?? null);
  customer.phone = nullable(optString(params, "phone"), customer.phone ?? null);
  customer.description = nullable(optString(params, "description"), customer.description);
  const locales = optStringArray(params, "preferred_locales");
  if (locales) customer.preferred_locales = locales;
}

export function createCustomer(ctx: ApiContext): Stripe.Customer {
  const { core, params } = ctx;
  allowOnly(params, [...WRITABLE, "payment_method"]);
  const metadata = createMetadata(optMetadata(params));
  const paymentMethod = optString(params, "payment_method");
  const customer: Stripe.Customer = {
    id: newId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: newId("x").slice(2, 10).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata,
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  applyFields(params, customer);
  core.state.customers.set(customer.id, customer);
  try {
    if (paymentMethod) {
      // `payment_method` on create attaches it, as Stripe does. A magic test id
      // becomes a new `pm_…`, so naming that same test id as the default
      // means "the one just attached".
      const attached = attachPaymentMethod({ ...ctx, params: { customer: customer.id } }, paymentMethod);
      const settings = optObject(params, "invoice_settings");
      if (settings && optString(settings, "default_payment_method") === paymentMethod) {
        customer.invoice_settings.default_payment_method = attached.id;
        return applyExpand(core.state, customer, params);
      }
    }
    defaultPaymentMethod(ctx, customer);
  } catch (error) {
    // A refused create leaves no customer behind.
    core.state.customers.delete(customer.id);
    throw error;
  }
  return applyExpand(core.state, customer, params);
}

export function retrieveCustomer(ctx: ApiContext, id: string): Stripe.Customer {
  allowOnly(ctx.params, ["expand"]);
  const customer = ctx.core.state.customers.get(id);
  if (!customer) throw resourceMissing("customer", id, "id");
  return applyExpand(ctx.core.state, customer, ctx.params);
}

export function updateCustomer(ctx: ApiContext, id: string): Stripe.Customer {
  const { core, params } = ctx;
  allowOnly(params, WRITABLE);
  const customer = core.state.customers.get(id);
  if (!customer) throw resourceMissing("customer", id, "id");
  const metadata = optMetadata(params);
  // Validate everything before changing anything: a refused update changes nothing.
  const draft = structuredClone(customer);
  applyFields(params, draft);
  defaultPaymentMethod(ctx, draft);
  draft.metadata = mergeMetadata(draft.metadata, metadata);
  core.state.customers.set(id, draft);
  return applyExpand(core.state, draft, params);
}
