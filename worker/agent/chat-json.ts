/** The `POST /v1/chat` response body (snake_case, minor units), from a turn's Reply and the conversation's checkout. */
import { summaryJson } from "../catalog/product-view.js";
import { orderJson, quoteJson } from "../checkout/checkout-json.js";
import type { Quote } from "../commerce/quote.js";
import type { CartJson } from "./cart-json.js";
import type { OrderSummary } from "./checkout-port.js";
import type { Button, Reply } from "./reply.js";

/** Stored verbatim with the message id, so a replay returns the same bytes' meaning. */
export interface ChatBody {
  conversation_id: string;
  message_id: string;
  reply: { text: string; buttons: readonly Button[]; products?: ReturnType<typeof summaryJson>[] };
  cart: CartJson;
  /** The open quote, while one is live. */
  quote?: ReturnType<typeof quoteJson>;
  /** The latest order of this conversation, once the shopper confirmed. */
  order?: ReturnType<typeof orderJson>;
}

export interface ChatBodyParts {
  readonly conversationId: string;
  readonly messageId: string;
  readonly reply: Reply;
  readonly cart: CartJson;
  readonly quote: Quote | null;
  readonly order: OrderSummary | null;
}

export function chatBody(p: ChatBodyParts): ChatBody {
  const { products, ...reply } = p.reply;
  const body: ChatBody = {
    conversation_id: p.conversationId,
    message_id: p.messageId,
    reply: products ? { ...reply, products: products.map(summaryJson) } : reply,
    cart: p.cart,
  };
  if (p.quote) body.quote = quoteJson(p.quote);
  if (p.order) body.order = orderJson(p.order);
  return body;
}

/**
 * A stored body's reply back into the channel-neutral Reply: only for a
 * message answered before (a replay), whose Reply was not kept.
 */
export function storedReply(r: ChatBody["reply"]): Reply {
  const products = r.products?.map((p) => ({
    id: p.id,
    title: p.title,
    category: p.category,
    brand: p.brand,
    priceFrom: p.price_from,
    currency: p.currency,
    colors: p.colors,
    sizes: p.sizes,
    inStock: p.in_stock,
  }));
  return products ? { text: r.text, buttons: r.buttons, products } : { text: r.text, buttons: r.buttons };
}
