import type { OrderSummary } from "../../agent/checkout-port.js";
import { formatMoney } from "../../commerce/format.js";
import type { Quote } from "../../commerce/quote.js";
import { isTelegram, type ShopperKey } from "../../commerce/shopper-key.js";
import type { TelegramSettings } from "./client.js";
import { invoiceParams, type InvoiceContent } from "./invoice.js";

/**
 * Native payment in a Telegram chat (TELEGRAM_PAYMENT_PROVIDER_TOKEN set):
 * the checkout engine's external payment for one turn. A confirmed order
 * waits for the invoice instead of a Stripe charge; the conversation takes
 * the invoice after the turn and sends it after the reply.
 */
export interface TelegramInvoicing {
  /** Called by the checkout engine for an order waiting for payment; the reply's text. */
  awaiting(order: OrderSummary, quote: Quote): string;
  /** The invoice this turn asked for, once. */
  take(): InvoiceContent | null;
}

export function telegramInvoicing(
  env: TelegramSettings & { SHOP_LOCALE?: string },
  shopper: ShopperKey,
): TelegramInvoicing | null {
  if (!env.TELEGRAM_PAYMENT_PROVIDER_TOKEN || !isTelegram(shopper)) return null;
  let asked: InvoiceContent | null = null;
  return {
    awaiting(order, quote) {
      const money = (n: number) => formatMoney(n, quote.currency, env.SHOP_LOCALE);
      asked = invoiceParams(order.id, quote, money);
      return `Order ${order.id} (${money(order.total)}) is reserved for you. Pay with the invoice below, right here in Telegram.`;
    },
    take() {
      const invoice = asked;
      asked = null;
      return invoice;
    },
  };
}
