import type { Action } from "../actions.js";

/**
 * Checkout words. Whole-clause matches only: "pay" alone confirms, but
 * "pay with the blue card" or "checkout counter" are not guessed at.
 * Confirming without naming a quote is allowed by the executor only when
 * exactly one live quote exists (docs/ARCHITECTURE.md invariant 4).
 */
const CHECKOUT = new Set([
  "checkout",
  "check out",
  "checkout please",
  "check out please",
  "proceed to checkout",
  "go to checkout",
  "place order",
  "place my order",
  "place the order",
  "buy now",
  "buy it now",
  "complete my order",
  "complete order",
  "finish my order",
  "finish order",
  "ready to pay",
  "im ready to pay",
  "i want to pay",
  "i would like to pay",
  "id like to pay",
  "lets pay",
  "lets check out",
  "lets checkout",
]);
const CONFIRM = new Set([
  "yes",
  "yes please",
  "yep",
  "yeah",
  "confirm",
  "i confirm",
  "confirmed",
  "pay",
  "pay now",
  "pay it",
  "go ahead",
  "yes pay",
  "yes confirm",
  "ok pay",
  "okay pay",
  "confirm and pay",
  "confirm payment",
  "pay for it",
]);
const CANCEL = new Set([
  "cancel",
  "cancel order",
  "cancel my order",
  "cancel checkout",
  "cancel the order",
  "no",
  "no thanks",
  "never mind",
  "nevermind",
  "dont pay",
  "do not pay",
]);

export function parseCheckout(t: readonly string[]): Action[] | null {
  const text = t.join(" ");
  if (CHECKOUT.has(text)) return [{ type: "checkout" }];
  if (CONFIRM.has(text)) return [{ type: "confirm_quote" }];
  if (CANCEL.has(text)) return [{ type: "cancel_quote" }];
  return null;
}
