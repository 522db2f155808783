/**
 * What the shopper reads when a card is declined, chosen by Stripe's
 * decline_code or code. Stripe's own `message` is written for developers
 * (and can name API details); it goes to the log, never to the chat.
 * Lost, stolen and fraud declines read as a plain decline, as Stripe advises.
 */
const SENTENCES: Readonly<Record<string, string>> = {
  insufficient_funds: "Your card has insufficient funds.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "The card's security code is incorrect.",
  invalid_cvc: "The card's security code is incorrect.",
  incorrect_number: "The card number is incorrect.",
  invalid_number: "The card number is incorrect.",
  invalid_expiry_month: "The card's expiry date is incorrect.",
  invalid_expiry_year: "The card's expiry date is incorrect.",
  processing_error: "The card could not be processed. Please try again.",
  card_velocity_exceeded: "The card's spending limit was reached.",
  withdrawal_count_limit_exceeded: "The card's spending limit was reached.",
  authentication_required: "The card needs authentication that was not completed.",
  payment_intent_authentication_failure: "The card's authentication failed.",
  currency_not_supported: "The card does not support this currency.",
  card_not_supported: "The card does not support this kind of purchase.",
  canceled: "The payment was canceled.",
};

const DECLINED = "Your card was declined.";
/** A request Stripe refused (amount, parameters): nothing the shopper did wrong. */
const NOT_SET_UP = "The payment could not be set up.";

export function declineText(code: string | null | undefined, kind: "card" | "request" = "card"): string {
  if (code && Object.hasOwn(SENTENCES, code)) return SENTENCES[code]!;
  return kind === "request" ? NOT_SET_UP : DECLINED;
}
