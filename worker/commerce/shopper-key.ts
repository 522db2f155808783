/**
 * Who is buying, as the one string stored on orders (`orders.customer`), in
 * the promotion ledgers and in limiter keys. Built and read only here, so the
 * prefixes live in one place.
 *
 * - `user:<sub>`: signed in on the storefront (a JWT's subject);
 * - `guest:<scope>`: not signed in; scoped to one conversation, or to an ACP
 *   session's key for promotion counting (an agent can open any number of sessions);
 * - `tg:<user id>`, `wa:<phone>`: a Telegram or WhatsApp user (the app vouches for them);
 * - `acp:<session id>`: an order placed by an agent over ACP.
 */
export type ShopperKey = string;

/** The principal a storefront conversation stores before it knows its conversation: "user:…" or this. */
export const GUEST_PRINCIPAL = "guest";

export const shopperKey = {
  user: (userId: string): ShopperKey => `user:${userId}`,
  guest: (scope: string): ShopperKey => `guest:${scope}`,
  telegram: (userId: string | number): ShopperKey => `tg:${userId}`,
  whatsapp: (phone: string): ShopperKey => `wa:${phone}`,
  acp: (sessionId: string): ShopperKey => `acp:${sessionId}`,
} as const;

/** The shopper of one conversation: a stored principal, with a guest scoped to the conversation. */
export function conversationShopper(principal: string, conversationId: string): ShopperKey {
  return principal === GUEST_PRINCIPAL ? shopperKey.guest(conversationId) : principal;
}

/** Signed in on the storefront: may have a saved card. */
export const isSignedIn = (key: ShopperKey): boolean => key.startsWith("user:");
/** Anonymous: per-shopper promotion caps cannot be enforced for them. */
export const isGuest = (key: ShopperKey): boolean => key.startsWith("guest:");
/** A Telegram user: may pay inside the chat with an invoice (TELEGRAM_PAYMENT_PROVIDER_TOKEN). */
export const isTelegram = (key: ShopperKey): boolean => key.startsWith("tg:");
/** Placed by an agent over ACP: its news goes to the CheckoutSession, not a chat. */
export const isAcp = (key: ShopperKey): boolean => key.startsWith("acp:");

/** Where the shopper chats: the pages Stripe Checkout returns to point them back there. */
export function channelOf(key: ShopperKey): "storefront" | "telegram" | "whatsapp" | "agent" {
  if (key.startsWith("tg:")) return "telegram";
  if (key.startsWith("wa:")) return "whatsapp";
  if (isAcp(key)) return "agent";
  return "storefront";
}
