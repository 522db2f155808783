import type { Reply } from "../agent/reply.js";
import type { ClientOptions, FetchLike } from "./http.js";
import type { ReplyTarget } from "./inbound.js";
import { TELEGRAM_CALLBACK_DATA_MAX_BYTES, payloadTokens, type PayloadToken } from "./payload-tokens.js";
import { telegramClient, type TelegramSettings } from "./telegram/client.js";
import { deliverTelegramReply } from "./telegram/deliver.js";
import { whatsappClient, type WhatsAppSettings } from "./whatsapp/client.js";
import { deliverWhatsAppReply } from "./whatsapp/deliver.js";
import { WHATSAPP_LIMITS } from "./whatsapp/render.js";

export interface ChannelSettings extends TelegramSettings, WhatsAppSettings {
  /** Locale for prices the channel adds itself (WhatsApp list rows); default "en-US". */
  SHOP_LOCALE?: string;
}

export interface DeliverOptions {
  /** The payload of the button the shopper pressed, if any (inbound.button, resolved). */
  pressed?: string;
  fetch?: FetchLike;
  client?: ClientOptions;
  /**
   * Stores `t:` token → payload mappings before anything is sent, so a press
   * can be resolved later (resolvePayloadToken). Only called when a payload is
   * over the channel's limit.
   */
  saveTokens?: (tokens: PayloadToken[]) => Promise<void> | void;
}

/** What was sent, channel-neutral: ids as strings (a Telegram message_id, a WhatsApp wamid). */
export interface Delivery {
  channel: ReplyTarget["channel"];
  sent: { id: string; withButtons: boolean }[];
  warnings: string[];
}

/**
 * The one call the conversation Durable Object makes after a turn: render
 * the reply for the channel the message came from and send it. Throws
 * ChannelConfigError (token unset), ChannelApiError / ChannelRateLimitError
 * (the provider said no) or ChannelNetworkError; see errors.ts.
 *
 * @example
 * const delivery = await deliverReply(this.env, reply, inbound.replyTo, {
 *   pressed: inbound.button,
 *   saveTokens: (tokens) => this.store.saveTokens(tokens),
 * });
 */
export async function deliverReply(
  env: ChannelSettings,
  reply: Reply,
  target: ReplyTarget,
  options: DeliverOptions = {},
): Promise<Delivery> {
  const warnings: string[] = [];
  const limit = target.channel === "telegram" ? TELEGRAM_CALLBACK_DATA_MAX_BYTES : WHATSAPP_LIMITS.rowId;
  const tokens = payloadTokens(reply, limit);
  if (tokens.length) {
    if (options.saveTokens) await options.saveTokens(tokens);
    else warnings.push(`${tokens.length} button payload(s) over ${limit} bytes were sent as tokens nobody stored`);
  }
  switch (target.channel) {
    case "telegram": {
      const client = telegramClient(env, options.fetch, options.client);
      const result = await deliverTelegramReply(
        client,
        reply,
        target,
        options.pressed !== undefined ? { pressed: options.pressed } : {},
      );
      return {
        channel: "telegram",
        sent: result.sent.map((s) => ({ id: String(s.messageId), withButtons: s.withButtons })),
        warnings: [...warnings, ...result.warnings],
      };
    }
    case "whatsapp": {
      const client = whatsappClient(env, options.fetch, options.client);
      const result = await deliverWhatsAppReply(
        client,
        reply,
        target,
        env.SHOP_LOCALE ? { locale: env.SHOP_LOCALE } : {},
      );
      return {
        channel: "whatsapp",
        sent: result.sent.map((s) => ({ id: s.messageId, withButtons: s.withButtons })),
        warnings,
      };
    }
  }
}
