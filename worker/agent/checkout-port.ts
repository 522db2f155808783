import type { Quote } from "../commerce/quote.js";
import type { OrderStatus } from "../commerce/order-status.js";
import type { Cart } from "../commerce/types.js";

export interface OrderSummary {
  readonly id: string;
  readonly status: OrderStatus;
  readonly total: number;
  readonly currency: string;
  readonly paymentUrl: string | null;
}

export interface PaymentChoice {
  readonly paymentMethod?: string;
}

export type QuoteResult =
  | { kind: "quote"; quote: Quote; notes: string[] }
  | { kind: "refused"; text: string }
  /** An order of this conversation is still waiting for payment: it is resumed instead of quoting anew. */
  | { kind: "order"; order: OrderSummary; text: string };

export type ConfirmResult =
  /** Something changed since the quote: a new one to confirm, with the changes in words. */
  | { kind: "requote"; quote: Quote; changes: string[] }
  | { kind: "refused"; text: string }
  | { kind: "order"; order: OrderSummary; text: string };

/**
 * What the executor needs to take money. Implemented by the Conversation DO
 * (chat) and the ACP session: one engine behind both.
 */
export interface CheckoutPort {
  openQuote(cart: Cart): Promise<QuoteResult>;
  /** Open quotes that have not expired, newest first. */
  liveQuotes(): Quote[];
  /** Any quote this conversation issued, with whether it is still open. */
  findQuote(id: string): { quote: Quote; state: "open" | "superseded" | "confirmed" | "canceled" } | null;
  /** `payment.paymentMethod`: a card or shared payment token the caller supplied (ACP); else the saved card or a payment link. */
  confirm(quote: Quote, cart: Cart, payment?: PaymentChoice): Promise<ConfirmResult>;
  cancel(quoteId: string): void;
  /** Cancels the order of this conversation waiting for payment (the shopper said "cancel"); `target`, when given, must name it or its quote. */
  cancelPending(target?: string): Promise<OrderSummary | null>;
}
