import type { Reply } from "../../agent/reply.js";
import { ChannelApiError, ChannelNetworkError } from "../errors.js";
import type { TelegramReplyTarget } from "../inbound.js";
import type { TelegramClient } from "./client.js";
import { acknowledgeTelegram, renderTelegram } from "./render.js";

export interface TelegramDelivery {
  /** The messages sent, in order; the last one carries the keyboard, if any. */
  sent: { messageId: number; withButtons: boolean }[];
  /** Acknowledgement calls that failed without stopping the reply (a stale callback query, an already-removed keyboard). */
  warnings: string[];
}

/**
 * Sends one turn's reply: first closes the button press (answerCallbackQuery,
 * and removes the keyboard of a used quote), then sends the messages in
 * order. A failed acknowledgement is a warning, not a failure: the reply
 * matters more. A failed sendMessage throws (ChannelApiError with kind
 * "blocked" means the shopper blocked the bot: stop, do not retry).
 *
 * @example await deliverTelegramReply(telegramClient(env), reply, inbound.replyTo, { pressed: inbound.button })
 */
export async function deliverTelegramReply(
  client: TelegramClient,
  reply: Reply,
  target: TelegramReplyTarget,
  options: { pressed?: string; toast?: string; acknowledge?: boolean } = {},
): Promise<TelegramDelivery> {
  const warnings: string[] = [];
  if (options.acknowledge !== false) {
    for (const call of acknowledgeTelegram(target, options.pressed, options.toast ? { toast: options.toast } : {})) {
      try {
        await client.run(call);
      } catch (error) {
        if (!(error instanceof ChannelApiError || error instanceof ChannelNetworkError)) throw error;
        warnings.push(`${call.method}: ${error.message}`);
      }
    }
  }
  const sent: TelegramDelivery["sent"] = [];
  for (const call of renderTelegram(reply, target)) {
    const message = (await client.run(call)) as { message_id: number };
    sent.push({
      messageId: message.message_id,
      withButtons: call.method === "sendMessage" && call.params.reply_markup !== undefined,
    });
  }
  return { sent, warnings };
}
