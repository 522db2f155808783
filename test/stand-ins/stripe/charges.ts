// Charges: every confirmation attempt that reaches the "card network" leaves a
// Charge (succeeded or failed), which is what `latest_charge`, refunds and the
// `charge.refunded` event point at.
import type Stripe from "stripe";
import type { ApiContext } from "./core.js";
import { resourceMissing } from "./errors.js";
import { applyExpand } from "./expand.js";
import { newId, nowSeconds } from "./ids.js";
import { allowOnly } from "./params.js";
import type { DeclineSpec } from "./test-cards.js";

export function buildCharge(
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  failure: DeclineSpec | null,
): Stripe.Charge {
  const card = pm.card;
  const succeeded = failure === null;
  return {
    id: newId("ch"),
    object: "charge",
    amount: pi.amount,
    amount_captured: succeeded ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? newId("txn") : null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: "STAND-IN SHOP",
    captured: succeeded,
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: succeeded
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "Payment complete.",
          type: "authorized",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: failure.decline_code ?? failure.code,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        },
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: succeeded ? pi.amount : null,
        authorization_code: succeeded ? "123456" : null,
        brand: card?.brand ?? null,
        checks: card?.checks ?? null,
        country: card?.country ?? null,
        electronic_commerce_indicator: null,
        exp_month: card?.exp_month ?? 12,
        exp_year: card?.exp_year ?? 2030,
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        network: card?.brand ?? null,
        network_transaction_id: succeeded ? newId("ntx").slice(4, 19) : null,
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: pi.shipping,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: succeeded ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: pi.transfer_group,
  };
}

export function retrieveCharge(ctx: ApiContext, id: string): Stripe.Charge {
  allowOnly(ctx.params, ["expand"]);
  const charge = ctx.core.state.charges.get(id);
  if (!charge) throw resourceMissing("charge", id, "charge");
  return applyExpand(ctx.core.state, charge, ctx.params);
}
