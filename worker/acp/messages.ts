import type { DiscountRejectionReason } from "../commerce/types.js";

/**
 * `messages[]` of a checkout session (`MessageInfo` | `MessageWarning` |
 * `MessageError`): what the agent should tell the buyer, with a JSONPath
 * `param` into the session when a message is about one part of it.
 */
export type Resolution = "recoverable" | "requires_buyer_input" | "requires_buyer_review";
export type Severity = "info" | "low" | "medium" | "high" | "critical";

export type ErrorCode =
  | "missing"
  | "invalid"
  | "out_of_stock"
  | "payment_declined"
  | "quantity_exceeded"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "expired";

export type WarningCode = "low_stock" | "price_change" | DiscountRejectionReason;

interface Base {
  content_type: "plain";
  content: string;
  param?: string;
  severity?: Severity;
  resolution?: Resolution;
}

export type Message =
  | (Base & { type: "info" })
  | (Base & { type: "warning"; code: WarningCode })
  | (Base & { type: "error"; code: ErrorCode });

const opt = (param?: string) => (param !== undefined ? { param } : {});

export const info = (content: string, param?: string): Message => ({
  type: "info",
  content_type: "plain",
  content,
  ...opt(param),
});

export const warning = (code: WarningCode, content: string, resolution: Resolution, param?: string): Message => ({
  type: "warning",
  code,
  severity: "medium",
  resolution,
  content_type: "plain",
  content,
  ...opt(param),
});

export const error = (code: ErrorCode, content: string, resolution: Resolution, param?: string): Message => ({
  type: "error",
  code,
  severity: "high",
  resolution,
  content_type: "plain",
  content,
  ...opt(param),
});

export const outOfStock = (title: string, index: number): Message =>
  error(
    "out_of_stock",
    `${title} is out of stock. Remove it or choose another item.`,
    "requires_buyer_input",
    `$.line_items[${index}]`,
  );

export const quantityExceeded = (title: string, index: number, available: number, wanted: number): Message =>
  error(
    "quantity_exceeded",
    `Only ${available} of ${title} left (${wanted} requested). Lower the quantity to continue.`,
    "recoverable",
    `$.line_items[${index}].quantity`,
  );

export const noLongerSold = (sku: string): Message =>
  error(
    "not_found",
    `Item ${sku} is no longer sold. Send line_items without it to continue.`,
    "recoverable",
    "$.line_items",
  );

export const emptyCart = (): Message =>
  error("missing", "The session has no items. Add line_items to continue.", "recoverable", "$.line_items");

export const missingAddress = (): Message =>
  error(
    "missing",
    "A shipping address is needed before payment.",
    "requires_buyer_input",
    "$.fulfillment_details.address",
  );

export const paymentDeclined = (detail: string): Message =>
  error(
    "payment_declined",
    `The payment was declined: ${detail} Nothing was charged. Try another payment method.`,
    "requires_buyer_input",
    "$.payment_data",
  );

/** Reserved for the edge rate limiter: a session answer that says "slow down" without a 5xx. */
export const rateLimited = (retryAfterSeconds: number): Message =>
  error("rate_limited", `Too many requests right now. Try again in ${retryAfterSeconds} seconds.`, "recoverable");

export const discountRejected = (reason: DiscountRejectionReason, text: string, index: number): Message =>
  warning(reason, text, "recoverable", `$.discounts.codes[${index}]`);

export const priceChanged = (changes: readonly string[]): Message =>
  warning(
    "price_change",
    `The totals changed since they were last shown: ${changes.join(" ")} Review the session and complete again; nothing was charged.`,
    "requires_buyer_review",
    "$.totals",
  );

/** The engine refused to place the order (stock or a promotion changed just now); its reason, minus chat wording. */
export const notPlaced = (engineText: string): Message =>
  error(
    "conflict",
    `The order could not be placed and nothing was charged. ${engineText
      .replace(/\s*Say “checkout”[^.]*\./g, "")
      .replace(/\s+/g, " ")
      .trim()} Review the session and complete again.`,
    "recoverable",
  );

export const sessionCanceled = (): Message => info("Checkout session has been canceled.");
