/**
 * How big a cart may grow, the same for the chat and ACP: the chat tells a
 * shopper who hits one, ACP refuses the request with a 400.
 */
export const CART_LIMITS = {
  maxLineQuantity: 99,
  maxLines: 50,
  maxCodes: 5,
} as const;
