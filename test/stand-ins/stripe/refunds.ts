// Refunds, full or partial, against a PaymentIntent's successful charge (or a
// charge id). Each refund emits `refund.created` and then `charge.refunded`
// carrying the charge with its new `amount_refunded`.
import type Stripe from "stripe";
import type { ApiContext } from "./core.js";
import { formatMinor } from "./currencies.js";
import { invalidRequest, parameterError, resourceMissing } from "./errors.js";
import { applyExpand } from "./expand.js";
import { newId, nowSeconds } from "./ids.js";
import { allowOnly, createMetadata, optEnum, optInt, optLimit, optMetadata, optNonEmpty } from "./params.js";
import { startAfter } from "./payment-intents.js";
import { snapshot } from "./state.js";

function chargeToRefund(ctx: ApiContext): Stripe.Charge {
  const { core, params } = ctx;
  const piId = optNonEmpty(params, "payment_intent");
  const chargeId = optNonEmpty(params, "charge");
  if (piId && chargeId) {
    throw invalidRequest("You may only specify one of these parameters: charge, payment_intent.", {
      param: "charge",
      validation: true,
    });
  }
  if (chargeId) {
    const charge = core.state.charges.get(chargeId);
    if (!charge) throw resourceMissing("charge", chargeId, "charge", 400);
    if (charge.status !== "succeeded") {
      throw invalidRequest(`Charge ${chargeId} has not succeeded and cannot be refunded.`, { param: "charge" });
    }
    return charge;
  }
  if (!piId) {
    throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", {
      validation: true,
    });
  }
  const pi = core.state.paymentIntents.get(piId);
  if (!pi) throw resourceMissing("payment_intent", piId, "payment_intent", 400);
  const charge = pi.latest_charge ? core.state.charges.get(pi.latest_charge as string) : undefined;
  if (pi.status !== "succeeded" || !charge || charge.status !== "succeeded") {
    throw invalidRequest(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, {
      param: "payment_intent",
    });
  }
  return charge;
}

export function createRefund(ctx: ApiContext): Stripe.Refund {
  const { core, params, request } = ctx;
  allowOnly(params, ["payment_intent", "charge", "amount", "reason", "metadata", "expand", "instructions_email"]);
  const requested = optInt(params, "amount");
  const reason = optEnum(params, "reason", ["duplicate", "fraudulent", "requested_by_customer"]) ?? null;
  const metadata = createMetadata(optMetadata(params));
  if (requested !== undefined && requested < 1) {
    throw parameterError("This value must be greater than or equal to 1.", "parameter_invalid_integer", "amount");
  }
  const charge = chargeToRefund(ctx);
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  }
  const amount = requested ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatMinor(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMinor(remaining, charge.currency)})`,
      { code: "amount_too_large", param: "amount" },
    );
  }
  const refund: Stripe.Refund = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: newId("txn"),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer as string | null,
    customer_account: null,
    metadata,
    payment_intent: charge.payment_intent as string | null,
    payment_method: charge.payment_method,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  core.state.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  core.emit("refund.created", refund, request);
  core.emit(
    "charge.refunded",
    charge,
    request,
    charge.refunded === previous.refunded ? { amount_refunded: previous.amount_refunded } : previous,
  );
  return applyExpand(core.state, refund, params);
}

export function retrieveRefund(ctx: ApiContext, id: string): Stripe.Refund {
  allowOnly(ctx.params, ["expand"]);
  const refund = ctx.core.state.refunds.get(id);
  if (!refund) throw resourceMissing("refund", id, "refund");
  return applyExpand(ctx.core.state, refund, ctx.params);
}

export function listRefunds(ctx: ApiContext): Stripe.ApiList<Stripe.Refund> {
  const { core, params } = ctx;
  allowOnly(params, ["payment_intent", "charge", "limit", "expand", "starting_after", "ending_before", "created"]);
  const piId = optNonEmpty(params, "payment_intent");
  const chargeId = optNonEmpty(params, "charge");
  const limit = optLimit(params);
  const all = [...core.state.refunds.values()]
    .filter((r) => (!piId || r.payment_intent === piId) && (!chargeId || r.charge === chargeId))
    .reverse();
  const start = startAfter(all, optNonEmpty(params, "starting_after"));
  return applyExpand(
    core.state,
    {
      object: "list",
      data: all.slice(start, start + limit).map(snapshot),
      has_more: start + limit < all.length,
      url: "/v1/refunds",
    },
    params,
  );
}
