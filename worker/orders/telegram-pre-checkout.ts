import { D1Catalog } from "../catalog/d1-catalog.js";
import { repriceCart } from "../catalog/reprice-cart.js";
import { ChannelApiError, ChannelNetworkError, ChannelRateLimitError } from "../channels/errors.js";
import { telegramClient } from "../channels/telegram/client.js";
import type { AnswerPreCheckoutQueryParams } from "../channels/telegram/render.js";
import { ApiError } from "../http/errors.js";
import type { TelegramPreCheckoutQuery } from "../channels/telegram/update-json.js";
import { formatMoney } from "../commerce/format.js";
import { shopperKey } from "../commerce/shopper-key.js";
import type { Cart } from "../commerce/types.js";
import { getOrderWithLines } from "./order-repo.js";
import { promoStub } from "./promotion-reservations.js";
import { settle } from "./settle.js";
import { invoiceOrder, telegramNotice, type InvoiceOrder, type TelegramPaymentEnv } from "./telegram-payment.js";
import { finishUpdate, updateReplay } from "./telegram-payment-repo.js";

/** Telegram drops a pre_checkout_query not answered within 10 s; we answer "no" well before. */
export const PRE_CHECKOUT_BUDGET_MS = 7_000;
/** An order this close to its deadline is not offered for payment: the money could land after it expired. */
export const PAYMENT_MARGIN_MS = 60_000;

export type PreCheckoutDecision =
  | { ok: true; order: InvoiceOrder }
  | {
      ok: false;
      /** For Telegram's payment form (shown to the shopper). */
      message: string;
      outcome: string;
      order: InvoiceOrder | null;
      /** Something changed since the invoice: the order is canceled (stock and promotion back) and a fresh quote shown. */
      requote?: "cancel" | "closed";
      /** The changes, in words, for the chat. */
      changes?: string[];
    };

const refuse = (
  outcome: string,
  message: string,
  order: InvoiceOrder | null,
  extra: { requote?: "cancel" | "closed"; changes?: string[] } = {},
): PreCheckoutDecision => ({ ok: false, outcome, message, order, ...extra });

/**
 * Whether Telegram may charge the shopper for this invoice: the order its
 * payload names is still waiting for this shopper's payment, for the amount
 * and currency of the form, with time to spare; and the quote it froze still
 * holds at today's prices and promotions. The order's stock and promotion
 * units were taken when the shopper confirmed (they cannot be sold to anyone
 * else meanwhile), so the re-check is of prices, items still on sale and the
 * promotions' reservations.
 */
export async function decidePreCheckout(
  env: TelegramPaymentEnv,
  q: TelegramPreCheckoutQuery,
  now = Date.now(),
): Promise<PreCheckoutDecision> {
  const order = await invoiceOrder(env.DB, q.invoice_payload);
  if (!order)
    return refuse("unknown_payload", "This invoice is not valid any more. Please ask for a new one in the chat.", null);
  // Another shopper's invoice (a forwarded copy, a forged payload): refused, and their order is left alone.
  if (order.customer !== shopperKey.telegram(q.from.id))
    return refuse(
      "other_shopper",
      "This invoice belongs to someone else's order, so it can't be paid from here.",
      null,
    );
  if (order.currency !== q.currency || order.total !== q.total_amount)
    return refuse("mismatch_amount", "The amount of this payment doesn't match the order. Nothing was charged.", order);
  if (order.status === "paid")
    return refuse("already_paid", "This order is already paid. Nothing more was charged.", order);
  if (order.status !== "pending_payment" || order.expiresAt <= now + PAYMENT_MARGIN_MS)
    return refuse(
      `order_${order.status === "pending_payment" ? "expiring" : order.status}`,
      "This order is no longer open for payment, so nothing was charged. I've sent you a fresh quote in the chat.",
      order,
      { requote: order.status === "pending_payment" ? "cancel" : "closed" },
    );
  const changes = await changesSince(env, order, now);
  if (changes.length)
    return refuse(
      "quote_changed",
      "Something in your order changed since this invoice, so nothing was charged. I've sent you the updated order in the chat.",
      order,
      { requote: "cancel", changes },
    );
  return { ok: true, order };
}

/** What is different now from the order's frozen lines and discounts, in words; empty when nothing is. */
async function changesSince(env: TelegramPaymentEnv, order: InvoiceOrder, now: number): Promise<string[]> {
  const lines = (await getOrderWithLines(env.DB, order.id))?.lines ?? [];
  const money = (n: number) => formatMoney(n, order.currency, env.SHOP_LOCALE);
  const cart: Cart = { lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), codes: order.promoCodes };
  // No usage loader: the order's own reservations already count against the promotions' caps.
  const priced = await repriceCart(cart, new D1Catalog(env.DB), { currency: order.currency, now });
  const out: string[] = [];
  for (const l of lines) {
    const v = priced.variants.get(l.sku);
    const p = priced.priced.lines.find((x) => x.sku === l.sku);
    if (!v || !p) out.push(`${l.title} is no longer available.`);
    else if (p.unitAmount !== l.unitAmount)
      out.push(`${l.title} now costs ${money(p.unitAmount)} (was ${money(l.unitAmount)}).`);
    else if (p.discount !== l.discount)
      out.push(`The discount on ${l.title} is now ${money(p.discount)} (was ${money(l.discount)}).`);
  }
  for (const r of priced.priced.rejected) out.push(`The ${r.code} promotion no longer applies.`);
  const held = await Promise.all(order.promoCodes.map((code) => promoStub(env, code).reservation(order.id)));
  order.promoCodes.forEach((code, i) => {
    if (held[i]?.state !== "reserved" && !out.some((c) => c.includes(code)))
      out.push(`The ${code} promotion is no longer available.`);
  });
  return out;
}

/**
 * Answers a pre_checkout_query once (update_id, like every update): the
 * decision within PRE_CHECKOUT_BUDGET_MS (else "no, try again"), then
 * answerPreCheckoutQuery. A refusal because something changed cancels the
 * order (stock and promotion units back) and shows a fresh quote in the chat.
 */
export async function answerPreCheckout(
  env: TelegramPaymentEnv,
  updateId: number,
  q: TelegramPreCheckoutQuery,
): Promise<{ outcome: string; duplicate: boolean }> {
  const seen = await updateReplay(env.DB, updateId);
  if (seen) return { outcome: seen, duplicate: true };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<PreCheckoutDecision>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(refuse("timeout", "The shop took too long to check your order. Please try again in a moment.", null)),
      PRE_CHECKOUT_BUDGET_MS,
    );
  });
  const decision = await Promise.race([decidePreCheckout(env, q), late]).finally(() => clearTimeout(timer));
  const answered = await answer(
    env,
    decision.ok
      ? { pre_checkout_query_id: q.id, ok: true }
      : { pre_checkout_query_id: q.id, ok: false, error_message: decision.message },
  );
  // Telegram refused the answer (the query is stale or not one it issued): the decision stands, unannounced.
  const outcome = `${decision.ok ? "approved" : decision.outcome}${answered ? "" : "_unanswered"}`;
  if (!decision.ok && decision.requote && decision.order) await requote(env, updateId, decision.order, decision);
  await finishUpdate(env.DB, updateId, "telegram.pre_checkout_query", decision.order?.id ?? null, outcome);
  return { outcome, duplicate: false };
}

/**
 * answerPreCheckoutQuery. false: Telegram said no (the query is too old or
 * unknown). Telegram unreachable or rate limiting → 503, nothing recorded,
 * and Telegram redelivers the update.
 */
export async function answer(env: TelegramPaymentEnv, params: AnswerPreCheckoutQueryParams): Promise<boolean> {
  try {
    await telegramClient(env).answerPreCheckoutQuery(params);
    return true;
  } catch (err) {
    if (err instanceof ChannelApiError && !(err instanceof ChannelRateLimitError)) {
      console.warn("answerPreCheckoutQuery refused", { message: err.message });
      return false;
    }
    if (err instanceof ChannelApiError || err instanceof ChannelNetworkError)
      throw new ApiError(
        503,
        "telegram_unavailable",
        "Telegram could not be answered; redeliver the update.",
        undefined,
        {
          cause: err,
        },
      );
    throw err;
  }
}

async function requote(
  env: TelegramPaymentEnv,
  updateId: number,
  order: InvoiceOrder,
  decision: { requote?: "cancel" | "closed"; changes?: string[] },
): Promise<void> {
  let status = order.status;
  if (decision.requote === "cancel") {
    const s = await settle(env, { type: "canceled", orderId: order.id, paymentIntentId: null }, { notify: false });
    status = s.order?.status ?? status;
  }
  const why = decision.changes?.length
    ? `Something changed since your invoice, so nothing was charged and order ${order.id} is canceled:\n${decision.changes.map((c) => `• ${c}`).join("\n")}`
    : `Order ${order.id} is no longer open for payment, so nothing was charged.`;
  await telegramNotice(env, order.conversationId, {
    key: `tg:${updateId}`,
    text: why,
    order: { id: order.id, status },
    freshQuote: true,
  });
}
