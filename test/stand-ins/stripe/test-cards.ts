// Stripe's test PaymentMethods (https://docs.stripe.com/testing) and what each
// one does when charged or attached, plus the Agentic Commerce Protocol's
// shared payment tokens.
//
// Faithful to test mode on purpose:
// - Decline cards (`pm_card_chargeDeclined…`) are declined when *attached* to a
//   customer too (attaching runs a card check). To test "saved card, then the
//   charge fails" use `pm_card_chargeCustomerFail`, which attaches fine and
//   declines every charge, as in test mode.
// - `pm_card_authenticationRequired` needs 3D Secure on every payment:
//   on-session → `requires_action`; off-session → 402 `authentication_required`.
// - `pm_card_authenticationRequiredOnSetup` behaves like a plain visa here (its
//   SetupIntent flow is not modelled).
//
// Shared payment tokens (ACP "delegated payment"): any `spt_…` value passed as
// `payment_method` (or `payment_method_data[shared_payment_granted_token]`)
// charges like `pm_card_visa`; `spt_declined_…` declines like
// `pm_card_chargeDeclined`. Tokens are not single-use here, so a double charge
// by the app shows up as two PaymentIntents instead of being masked by the stand-in.

export interface DeclineSpec {
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
}

export type ChargeBehaviour = { kind: "succeed" } | { kind: "authenticate" } | { kind: "decline"; error: DeclineSpec };

export interface TestCard {
  brand: string;
  last4: string;
  funding: "credit" | "debit" | "prepaid";
  country: string;
  charge: ChargeBehaviour;
  /** Error returned by POST /v1/payment_methods/:id/attach, if any. */
  attachError?: DeclineSpec;
}

export const GENERIC_DECLINE: DeclineSpec = {
  code: "card_declined",
  decline_code: "generic_decline",
  message: "Your card was declined.",
};
const INSUFFICIENT_FUNDS: DeclineSpec = {
  code: "card_declined",
  decline_code: "insufficient_funds",
  message: "Your card has insufficient funds.",
};
const LOST_CARD: DeclineSpec = { code: "card_declined", decline_code: "lost_card", message: "Your card was declined." };
const STOLEN_CARD: DeclineSpec = {
  code: "card_declined",
  decline_code: "stolen_card",
  message: "Your card was declined.",
};
const EXPIRED_CARD: DeclineSpec = {
  code: "expired_card",
  decline_code: "expired_card",
  message: "Your card has expired.",
  param: "exp_month",
};
const INCORRECT_CVC: DeclineSpec = {
  code: "incorrect_cvc",
  decline_code: "incorrect_cvc",
  message: "Your card's security code is incorrect.",
  param: "cvc",
};
const PROCESSING_ERROR: DeclineSpec = {
  code: "processing_error",
  decline_code: "processing_error",
  message: "An error occurred while processing your card. Try again in a little bit.",
};

/** Off-session payment on a card whose issuer demands 3D Secure. */
export const AUTHENTICATION_REQUIRED: DeclineSpec = {
  code: "authentication_required",
  decline_code: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

/** The shopper failed (or abandoned) 3D Secure on the payment page. */
export const AUTHENTICATION_FAILED: DeclineSpec = {
  code: "payment_intent_authentication_failure",
  message:
    "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
};

const succeed: ChargeBehaviour = { kind: "succeed" };
const decline = (error: DeclineSpec): ChargeBehaviour => ({ kind: "decline", error });
const visa = (last4: string, charge: ChargeBehaviour = succeed, attachError?: DeclineSpec): TestCard => ({
  brand: "visa",
  last4,
  funding: "credit",
  country: "US",
  charge,
  ...(attachError ? { attachError } : {}),
});

export const TEST_PAYMENT_METHODS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: visa("4242"),
  pm_card_visa_debit: { ...visa("5556"), funding: "debit" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", funding: "credit", country: "US", charge: succeed },
  pm_card_amex: { brand: "amex", last4: "8431", funding: "credit", country: "US", charge: succeed },
  pm_card_chargeDeclined: visa("0002", decline(GENERIC_DECLINE), GENERIC_DECLINE),
  pm_card_chargeDeclinedInsufficientFunds: visa("9995", decline(INSUFFICIENT_FUNDS), INSUFFICIENT_FUNDS),
  pm_card_chargeDeclinedLostCard: visa("9987", decline(LOST_CARD), LOST_CARD),
  pm_card_chargeDeclinedStolenCard: visa("9979", decline(STOLEN_CARD), STOLEN_CARD),
  pm_card_chargeDeclinedExpiredCard: visa("0069", decline(EXPIRED_CARD), EXPIRED_CARD),
  pm_card_chargeDeclinedIncorrectCvc: visa("0127", decline(INCORRECT_CVC), INCORRECT_CVC),
  pm_card_chargeDeclinedProcessingError: visa("0119", decline(PROCESSING_ERROR), PROCESSING_ERROR),
  pm_card_chargeCustomerFail: visa("0341", decline(GENERIC_DECLINE)),
  pm_card_authenticationRequired: visa("3184", { kind: "authenticate" }),
  pm_card_threeDSecure2Required: visa("3220", { kind: "authenticate" }),
  pm_card_authenticationRequiredOnSetup: visa("3155"),
};

/** Test card for a magic PaymentMethod id or shared payment token, if it is one. */
export function testCardFor(id: string): TestCard | undefined {
  if (Object.hasOwn(TEST_PAYMENT_METHODS, id)) return TEST_PAYMENT_METHODS[id];
  if (id.startsWith("spt_declined_")) return TEST_PAYMENT_METHODS.pm_card_chargeDeclined;
  if (id.startsWith("spt_")) return TEST_PAYMENT_METHODS.pm_card_visa;
  return undefined;
}

export function isSharedPaymentToken(id: string): boolean {
  return id.startsWith("spt_");
}
