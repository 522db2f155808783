import {
  TelegramPaymentMessage,
  TelegramPreCheckoutQuery,
  TelegramUpdateEnvelope,
  type TelegramSuccessfulPayment,
} from "./update-json.js";

/** A Telegram payment update, validated strictly (update-json.ts). */
export type TelegramPaymentUpdate =
  | { kind: "pre_checkout_query"; updateId: number; query: TelegramPreCheckoutQuery }
  | {
      kind: "successful_payment";
      updateId: number;
      chatId: number;
      fromId: number;
      payment: TelegramSuccessfulPayment;
    }
  /**
   * A pre_checkout_query we cannot read: still answered (no) when it has an id,
   * or the shopper's payment form waits for Telegram's timeout.
   */
  | { kind: "malformed_pre_checkout_query"; updateId: number; queryId: string | null }
  /** A successful_payment we cannot read: never settles anything; logged for ops. */
  | { kind: "malformed_successful_payment"; updateId: number };

/**
 * The payment part of an update, or null when the update is about something
 * else (then parseTelegramUpdate reads it). Never throws.
 */
export function parseTelegramPayment(json: unknown): TelegramPaymentUpdate | null {
  const envelope = TelegramUpdateEnvelope.safeParse(json);
  if (!envelope.success) return null;
  const update = envelope.data as Record<string, unknown> & { update_id: number };
  const updateId = update.update_id;
  if (update.pre_checkout_query !== undefined) {
    const q = TelegramPreCheckoutQuery.safeParse(update.pre_checkout_query);
    if (q.success) return { kind: "pre_checkout_query", updateId, query: q.data };
    const id = (update.pre_checkout_query as { id?: unknown } | null)?.id;
    return {
      kind: "malformed_pre_checkout_query",
      updateId,
      queryId: typeof id === "string" && id.length > 0 && id.length <= 256 ? id : null,
    };
  }
  const message = update.message as { successful_payment?: unknown } | undefined;
  if (message === null || typeof message !== "object" || message.successful_payment === undefined) return null;
  const m = TelegramPaymentMessage.safeParse(message);
  if (!m.success) return { kind: "malformed_successful_payment", updateId };
  return {
    kind: "successful_payment",
    updateId,
    chatId: m.data.chat.id,
    fromId: m.data.from.id,
    payment: m.data.successful_payment,
  };
}
