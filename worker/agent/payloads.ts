import type { Action } from "./actions.js";

/**
 * Button payloads: short strings a reply offers and the shopper sends back.
 * They are untrusted input (anyone can post any payload), so decoding only
 * builds an Action; the executor validates it like any other. Kept short so
 * most fit Telegram's 64-byte callback_data as they are.
 *
 *   show:<productId>        add:<sku>[:<qty>]      rm:<sku>
 *   qty:<sku>:<qty>         hist:<productId>        cart        help
 *   code-rm:<CODE>          pay:<quoteId>           cancel:<quoteId>       checkout
 *   refund-ok:<offerId>     refund-no:<offerId>
 */
const ID = /^[A-Za-z0-9_.-]{1,40}$/;
const QTY = /^[1-9][0-9]{0,2}$/;
const CODE = /^[A-Z0-9_-]{1,32}$/;

export const payload = {
  show: (productId: string) => `show:${productId}`,
  add: (sku: string, quantity = 1) => (quantity === 1 ? `add:${sku}` : `add:${sku}:${quantity}`),
  remove: (sku: string) => `rm:${sku}`,
  quantity: (sku: string, quantity: number) => `qty:${sku}:${quantity}`,
  history: (productId: string) => `hist:${productId}`,
  removeCode: (code: string) => `code-rm:${code}`,
  cart: () => "cart",
  checkout: () => "checkout",
  pay: (quoteId: string) => `pay:${quoteId}`,
  cancel: (quoteId: string) => `cancel:${quoteId}`,
  help: () => "help",
  refundYes: (offerId: string) => `refund-ok:${offerId}`,
  refundNo: (offerId: string) => `refund-no:${offerId}`,
} as const;

/** Decodes a payload into an action, or null when it is not one we issue. */
export function decodePayload(raw: string): Action | null {
  const parts = raw.split(":");
  const [verb, a, b] = parts;
  if (parts.length > 3 || verb === undefined) return null;
  const id = a !== undefined && ID.test(a) ? a : null;
  switch (verb) {
    case "cart":
      return parts.length === 1 ? { type: "view_cart" } : null;
    case "help":
      return parts.length === 1 ? { type: "help" } : null;
    case "checkout":
      return parts.length === 1 ? { type: "checkout" } : null;
    case "pay":
      return id && parts.length === 2 ? { type: "confirm_quote", quoteId: id } : null;
    case "cancel":
      return id && parts.length === 2 ? { type: "cancel_quote", quoteId: id } : null;
    case "refund-ok":
      return id && parts.length === 2 ? { type: "confirm_refund", offerId: id } : null;
    case "refund-no":
      return id && parts.length === 2 ? { type: "decline_refund", offerId: id } : null;
    case "show":
      return id && parts.length === 2 ? { type: "show_product", target: { kind: "product", productId: id } } : null;
    case "hist":
      return id && parts.length === 2 ? { type: "price_history", target: { kind: "product", productId: id } } : null;
    case "rm":
      return id && parts.length === 2 ? { type: "remove_from_cart", target: { kind: "sku", sku: id } } : null;
    case "add": {
      if (!id) return null;
      if (b !== undefined && !QTY.test(b)) return null;
      return { type: "add_to_cart", target: { kind: "sku", sku: id }, quantity: b ? Number(b) : 1, options: {} };
    }
    case "qty": {
      if (!id || b === undefined || !/^[0-9]{1,3}$/.test(b)) return null;
      return { type: "set_quantity", target: { kind: "sku", sku: id }, quantity: Number(b) };
    }
    case "code-rm":
      return a !== undefined && CODE.test(a) && parts.length === 2 ? { type: "remove_promo", code: a } : null;
    default:
      return null;
  }
}
