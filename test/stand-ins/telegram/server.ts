// startTelegramStandIn(): a local server that speaks the part of the Telegram
// Bot API the checkout agent uses, validates calls like Telegram, records
// them, and plays the shopper: it builds updates (messages, button presses)
// and delivers them to the webhook with the secret header. Listens on
// 127.0.0.1 only. See README.md.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLarge, readBody, sendJson } from "../stripe/http-io.js";
import { BotApiError, METHODS, methodParams, type BotUser } from "./bot-api.js";
import { handleControl } from "./control.js";
import type { FileBehaviour } from "../media-files.js";
import {
  TelegramState,
  type BotMessage,
  type CallbackQueryRecord,
  type PreCheckoutRecord,
  type RecordedCall,
  type UpdateDelivery,
  type WebhookConfig,
} from "./state.js";
import {
  callbackUpdate,
  deliverUpdate,
  messageUpdate,
  preCheckoutUpdate,
  successfulPaymentUpdate,
  type DeliveryOutcome,
  type Shopper,
  type TelegramUpdate,
} from "./updates.js";

export interface TelegramStandInOptions {
  /** The bot token calls must use ("123456:ABC…"); other tokens get 401. */
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface ShopperInput {
  chatId: number;
  /** Defaults to a private chat's user: `{ id: chatId }`. */
  from?: Shopper;
}

export interface Simulated {
  update: TelegramUpdate;
  delivery: DeliveryOutcome;
}

export class StandInUsageError extends Error {}

export interface TelegramStandIn {
  /** http://127.0.0.1:<port>: use it as TELEGRAM_API_BASE. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Calls received, oldest first, optionally of one method. */
  calls(method?: string): RecordedCall[];
  /** Messages the bot sent, as they are now, optionally in one chat. */
  messages(chatId?: number): BotMessage[];
  webhook(): WebhookConfig | null;
  deliveries(): UpdateDelivery[];
  callbackQueries(): CallbackQueryRecord[];
  preCheckoutQueries(): PreCheckoutRecord[];
  /** The next `count` (1) calls (of `method`) answer 429 with `retry_after`. */
  rateLimit(options: { retryAfter: number; count?: number; method?: string }): void;
  /** The next `count` (1) calls (of `method`) answer `status` with `description`. */
  failNext(options: { status: number; description: string; count?: number; method?: string }): void;
  /** sendMessage to this chat answers 403 "bot was blocked by the user". */
  block(chatId: number): void;
  unblock(chatId: number): void;
  /** The shopper types `text`; the update goes to the webhook (if set) and is returned. */
  sendText(input: ShopperInput & { text: string }): Promise<Simulated>;
  /** The shopper sends a photo (Telegram's PhotoSize list, smallest first); its bytes are served by getFile. */
  sendPhoto(
    input: ShopperInput & { fileId: string; bytes: Uint8Array; behaviour?: FileBehaviour; caption?: string },
  ): Promise<Simulated>;
  /** The shopper sends anything else: `{ sticker: {…} }`, `{ photo: […], caption }`; `edited` makes it an edited_message. */
  sendContent(input: ShopperInput & { content: Record<string, unknown>; edited?: boolean }): Promise<Simulated>;
  /**
   * The shopper presses a button of a bot message (default: the newest one with a
   * keyboard in the chat), chosen by `data` or `label`. Only buttons on the
   * current keyboard can be pressed unless `force` (a stale or forged press).
   */
  press(
    input: ShopperInput & { messageId?: number; data?: string; label?: string; force?: boolean },
  ): Promise<Simulated>;
  /**
   * The shopper presses Pay on an invoice the bot sent (default: the newest in
   * the chat) and fills in the form: a pre_checkout_query with the invoice's
   * total, currency and payload, registered for answerPreCheckoutQuery.
   */
  preCheckout(input: ShopperInput & { messageId?: number }): Promise<Simulated>;
  /**
   * The payment of a pre-checkout query the bot answered ok (unless `force`)
   * goes through: a successful_payment message with new charge ids (or the
   * given ones, to replay a payment). `override` forges the amount, currency or payload.
   */
  pay(
    input: ShopperInput & {
      preCheckoutQueryId: string;
      force?: boolean;
      telegramChargeId?: string;
      override?: { currency?: string; totalAmount?: number; payload?: string };
    },
  ): Promise<Simulated>;
  /** Delivers any update; `secret` overrides the header (null leaves it out). */
  deliver(update: TelegramUpdate, options?: { secret?: string | null }): Promise<DeliveryOutcome>;
  nextUpdateId(): number;
  /** Drops calls, messages, deliveries, queries, failures and blocks; keeps the webhook. */
  reset(): void;
}

const reply = (res: Parameters<typeof sendJson>[0], status: number, body: unknown) => sendJson(res, status, body);

export async function startTelegramStandIn(options: TelegramStandInOptions): Promise<TelegramStandIn> {
  const state = new TelegramState();
  const botId = Number(options.token.split(":")[0]) || 1;
  const bot: BotUser = { id: botId, is_bot: true, first_name: "Stand-in Bot", username: "stand_in_bot" };
  const methods = new Map(Object.entries(METHODS).map(([name, run]) => [name.toLowerCase(), { name, run }]));

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let body: string;
      try {
        body = await readBody(req);
      } catch (error) {
        return reply(res, error instanceof BodyTooLarge ? 413 : 400, {
          ok: false,
          error_code: 400,
          description: "Bad Request: request body unreadable",
        });
      }
      const path = url.pathname;
      if (path === "/_control" || path.startsWith("/_control/")) {
        const result = await handleControl(standIn, summary, req.method ?? "GET", `${path}${url.search}`, body);
        return reply(res, result.status, result.body);
      }
      const download = /^\/file\/bot([^/]+)\/photos\/([^/]+)\.jpg$/.exec(path);
      if (download) {
        const file = download[1] === options.token ? state.files.get(decodeURIComponent(download[2]!)) : undefined;
        if (!file) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        return state.files.serve(res, file, "application/octet-stream");
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(path);
      if (!match) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      const [, token, requested] = match as unknown as [string, string, string];
      const method = methods.get(requested.toLowerCase());
      const record = (status: number, params: Record<string, unknown>, description?: string) =>
        state.calls.push({
          method: method?.name ?? requested,
          params,
          status,
          ok: status === 200,
          ...(description ? { description } : {}),
          at: Date.now(),
        });
      if (token !== options.token) {
        record(401, {}, "Unauthorized");
        return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      }
      if (!method) {
        record(404, {}, "Not Found");
        return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      }
      let params: Record<string, unknown> = {};
      try {
        params = methodParams(url.searchParams, body, req.headers["content-type"]);
        const failure = state.takeFailure(method.name);
        if (failure)
          throw new BotApiError(
            failure.status,
            failure.description,
            failure.retryAfter !== undefined ? { retry_after: failure.retryAfter } : undefined,
          );
        const { result, description } = method.run({ state, bot, params, now: Date.now });
        record(200, params);
        return reply(res, 200, { ok: true, result, ...(description ? { description } : {}) });
      } catch (error) {
        if (!(error instanceof BotApiError)) throw error;
        record(error.status, params, error.description);
        return reply(res, error.status, {
          ok: false,
          error_code: error.status,
          description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}),
        });
      }
    })().catch((error: unknown) => {
      reply(res, 500, {
        ok: false,
        error_code: 500,
        description: `Internal Server Error: Telegram stand-in bug: ${(error as Error)?.stack ?? String(error)}`,
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port ?? 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const summary = () => ({
    url: baseUrl,
    bot,
    webhook: state.webhook ? { ...state.webhook, secretToken: state.webhook.secretToken ? "(set)" : undefined } : null,
    counts: {
      calls: state.calls.length,
      messages: state.messages.size,
      deliveries: state.deliveries.length,
      pendingFailures: state.failures.length,
    },
  });

  async function simulate(update: TelegramUpdate): Promise<Simulated> {
    return { update, delivery: await deliverUpdate(state, update) };
  }

  function pressTarget(input: ShopperInput & { messageId?: number }): BotMessage {
    const inChat = [...state.messages.values()].filter((m) => m.chatId === input.chatId);
    const m =
      input.messageId !== undefined
        ? inChat.find((x) => x.messageId === input.messageId)
        : inChat.reverse().find((x) => x.replyMarkup);
    if (!m)
      throw new StandInUsageError(`no bot message ${input.messageId ?? "with a keyboard"} in chat ${input.chatId}`);
    return m;
  }

  let closing: Promise<void> | undefined;
  const standIn: TelegramStandIn = {
    url: baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    calls: (method) =>
      state.calls.filter((c) => method === undefined || c.method === method).map((c) => structuredClone(c)),
    messages: (chatId) =>
      [...state.messages.values()]
        .filter((m) => chatId === undefined || m.chatId === chatId)
        .map((m) => structuredClone(m)),
    webhook: () => (state.webhook ? { ...state.webhook } : null),
    deliveries: () => state.deliveries.map((d) => ({ ...d })),
    callbackQueries: () => [...state.callbackQueries.values()].map((q) => ({ ...q })),
    preCheckoutQueries: () => [...state.preCheckoutQueries.values()].map((q) => ({ ...q })),
    rateLimit({ retryAfter, count = 1, method }) {
      state.failures.push({
        remaining: count,
        status: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        retryAfter,
        ...(method ? { method } : {}),
      });
    },
    failNext({ status, description, count = 1, method }) {
      state.failures.push({ remaining: count, status, description, ...(method ? { method } : {}) });
    },
    block: (chatId) => void state.blockedChats.add(chatId),
    unblock: (chatId) => void state.blockedChats.delete(chatId),
    sendText: (input) => standIn.sendContent({ ...input, content: { text: input.text } }),
    sendPhoto(input) {
      state.files.add(input.fileId, input.bytes, input.behaviour ? { behaviour: input.behaviour } : {});
      const size = (w: number, id: string) => ({
        file_id: id,
        file_unique_id: `u${id}`,
        width: w,
        height: w,
        file_size: input.bytes.byteLength,
      });
      const photo = [size(90, `${input.fileId}-thumb`), size(800, input.fileId)];
      return standIn.sendContent({
        ...input,
        content: { photo, ...(input.caption ? { caption: input.caption } : {}) },
      });
    },
    sendContent(input) {
      const update = messageUpdate(state.nextUpdateId++, {
        chatId: input.chatId,
        messageId: state.allocateMessageId(input.chatId),
        content: input.content,
        ...(input.from ? { from: input.from } : {}),
        ...(input.edited ? { edited: true } : {}),
      });
      return simulate(update);
    },
    async press(input) {
      const message = pressTarget(input);
      const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
      const button = buttons.find((b) =>
        input.data !== undefined ? b.callback_data === input.data : b.text === input.label,
      );
      if (!button && !(input.force && input.data !== undefined)) {
        throw new StandInUsageError(
          `no button ${input.data ?? input.label} on message ${message.messageId} (buttons: ${buttons.map((b) => b.text).join(", ") || "none"})`,
        );
      }
      const data = button?.callback_data ?? (input.data as string);
      const id = `cq${botId}_${state.nextCallbackId++}`;
      const fromId = input.from?.id ?? input.chatId;
      state.callbackQueries.set(id, {
        id,
        chatId: message.chatId,
        messageId: message.messageId,
        data,
        fromId,
        answered: false,
      });
      return simulate(
        callbackUpdate(state.nextUpdateId++, { id, message, data, botId, ...(input.from ? { from: input.from } : {}) }),
      );
    },
    async preCheckout(input) {
      const inChat = [...state.messages.values()].filter((m) => m.chatId === input.chatId && m.invoice);
      const message =
        input.messageId !== undefined ? inChat.find((m) => m.messageId === input.messageId) : inChat.at(-1);
      if (!message?.invoice)
        throw new StandInUsageError(
          `no invoice${input.messageId !== undefined ? ` ${input.messageId}` : ""} in chat ${input.chatId}`,
        );
      const from = input.from ?? { id: input.chatId };
      const id = `pcq${botId}_${state.nextCallbackId++}`;
      const invoice = message.invoice;
      state.preCheckoutQueries.set(id, {
        id,
        chatId: message.chatId,
        messageId: message.messageId,
        fromId: from.id,
        currency: invoice.currency,
        totalAmount: invoice.totalAmount,
        payload: invoice.payload,
        answered: false,
      });
      return simulate(
        preCheckoutUpdate(state.nextUpdateId++, {
          id,
          from,
          currency: invoice.currency,
          totalAmount: invoice.totalAmount,
          payload: invoice.payload,
        }),
      );
    },
    async pay(input) {
      const query = state.preCheckoutQueries.get(input.preCheckoutQueryId);
      if (!query) throw new StandInUsageError(`no pre_checkout_query ${input.preCheckoutQueryId}`);
      if (!input.force && !(query.answered && query.ok))
        throw new StandInUsageError(`pre_checkout_query ${query.id} was not answered ok: Telegram charges nothing`);
      const n = state.nextChargeId++;
      const telegramChargeId = input.telegramChargeId ?? `tgch_${botId}_${n}`;
      query.telegramChargeId = telegramChargeId;
      return simulate(
        successfulPaymentUpdate(state.nextUpdateId++, {
          chatId: query.chatId,
          messageId: state.allocateMessageId(query.chatId),
          from: input.from ?? { id: query.fromId },
          currency: input.override?.currency ?? query.currency,
          totalAmount: input.override?.totalAmount ?? query.totalAmount,
          payload: input.override?.payload ?? query.payload,
          telegramChargeId,
          providerChargeId: `ch_standin_${n}`,
        }),
      );
    },
    deliver: (update, deliverOptions) => deliverUpdate(state, update, deliverOptions),
    nextUpdateId: () => state.nextUpdateId++,
    reset: () => state.clear(),
  };
  return standIn;
}
