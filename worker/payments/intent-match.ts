/** The order fields a PaymentIntent must agree with before it may settle that order. */
export interface OrderMoney {
  id: string;
  total: number;
  currency: string;
  paymentIntentId: string | null;
}

export interface IntentMoney {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string> | null;
}

/**
 * Why this PaymentIntent cannot settle this order, or null when it is the
 * order's own: it names the order, is the one already recorded (one
 * PaymentIntent per order), and is for exactly the order's amount and currency.
 */
export function intentMismatch(
  order: OrderMoney,
  pi: IntentMoney,
): "order_id" | "payment_intent_id" | "amount" | "currency" | null {
  if (pi.metadata?.order_id !== order.id) return "order_id";
  if (order.paymentIntentId !== null && order.paymentIntentId !== "free" && order.paymentIntentId !== pi.id)
    return "payment_intent_id";
  if (pi.amount !== order.total) return "amount";
  if (pi.currency.toLowerCase() !== order.currency.toLowerCase()) return "currency";
  return null;
}
