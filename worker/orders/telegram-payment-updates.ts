import type { TelegramPaymentUpdate } from "../channels/telegram/parse-payment.js";
import { answer, answerPreCheckout } from "./telegram-pre-checkout.js";
import { settleTelegramPayment, type TelegramPaymentEnv } from "./telegram-payment.js";
import { finishUpdate, updateReplay } from "./telegram-payment-repo.js";

/**
 * A verified Telegram payment update, handled before the webhook answers:
 * a pre_checkout_query must be answered within Telegram's 10 s, and a
 * successful_payment settles its order. Each update_id is handled once. The
 * answer is the webhook's JSON body (always 200, except 503 when Telegram
 * itself cannot be answered).
 */
export async function onTelegramPayment(
  env: TelegramPaymentEnv,
  u: TelegramPaymentUpdate,
): Promise<Record<string, unknown>> {
  switch (u.kind) {
    case "pre_checkout_query":
      return { ok: true, ...(await answerPreCheckout(env, u.updateId, u.query)) };
    case "successful_payment": {
      const s = await settleTelegramPayment(env, u);
      return { ok: true, outcome: s.outcome, ...(s.orderId ? { order_id: s.orderId } : {}) };
    }
    case "malformed_pre_checkout_query": {
      if (await updateReplay(env.DB, u.updateId)) return { ok: true, duplicate: true };
      // Unreadable, so not trusted: never approved, but answered so the shopper's form does not hang.
      const answered = u.queryId
        ? await answer(env, {
            pre_checkout_query_id: u.queryId,
            ok: false,
            error_message: "Sorry, this payment could not be checked. Please ask for a new invoice in the chat.",
          })
        : false;
      await finishUpdate(env.DB, u.updateId, "telegram.pre_checkout_query", null, "malformed");
      return { ok: true, ignored: "malformed pre_checkout_query", answered };
    }
    case "malformed_successful_payment":
      if (await updateReplay(env.DB, u.updateId)) return { ok: true, duplicate: true };
      console.warn("unreadable successful_payment: nothing settled", { update: u.updateId });
      await finishUpdate(env.DB, u.updateId, "telegram.successful_payment", null, "malformed");
      return { ok: true, ignored: "malformed successful_payment" };
  }
}
