// The Telegram channel (worker/channels/telegram) driven against the stand-in
// over real HTTP: the client's calls are validated and recorded like Telegram
// would, and simulated shopper updates reach a local webhook that verifies
// the secret and parses them exactly as the Worker route does.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { payload } from "../../../worker/agent/payloads.js";
import type { Reply } from "../../../worker/agent/reply.js";
import {
  ChannelApiError,
  ChannelConfigError,
  ChannelNetworkError,
  ChannelRateLimitError,
} from "../../../worker/channels/errors.js";
import { isIgnored, type InboundMessage, type TelegramReplyTarget } from "../../../worker/channels/inbound.js";
import { deliverReply } from "../../../worker/channels/outbound.js";
import {
  TELEGRAM_SECRET_HEADER,
  deliverTelegramReply,
  parseTelegramUpdate,
  registerTelegramWebhook,
  telegramClient,
  verifyTelegramSecret,
  type TelegramClient,
} from "../../../worker/channels/telegram/index.js";
import { startTelegramStandIn, type TelegramStandIn } from "./index.js";

const TOKEN = "123456:TEST-token_abc";
const SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const CHAT = 4242;
const QUOTE = "q_0123456789abcdef01234567";
const quoteReply: Reply = {
  text: "Your quote:\n• 1 × Trail Runner @ $129.00\nTotal to pay: $129.00",
  buttons: [
    { label: "Pay $129.00", payload: payload.pay(QUOTE) },
    { label: "Cancel", payload: payload.cancel(QUOTE) },
  ],
};

/** A webhook endpoint doing what the Worker route does: secret first, then parse. */
interface Receiver {
  url: string;
  inbound: InboundMessage[];
  ignored: string[];
  refused: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!verifyTelegramSecret(req.headers[TELEGRAM_SECRET_HEADER.toLowerCase()] as string | undefined, SECRET)) {
        receiver.refused++;
        return res.writeHead(401).end();
      }
      const parsed = parseTelegramUpdate(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      if (isIgnored(parsed)) receiver.ignored.push(parsed.ignore);
      else receiver.inbound.push(parsed);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`,
    inbound: [],
    ignored: [],
    refused: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return receiver;
}

let standIn: TelegramStandIn;
let receiver: Receiver;
let waits: number[];
let client: TelegramClient;
const env = () => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_BASE: standIn.url });

beforeAll(async () => {
  standIn = await startTelegramStandIn({ token: TOKEN, port: 0 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await standIn.close();
  await receiver.close();
});
beforeEach(() => {
  standIn.reset();
  receiver.inbound.length = 0;
  receiver.ignored.length = 0;
  receiver.refused = 0;
  waits = [];
  client = telegramClient(env(), undefined, { sleep: async (ms) => void waits.push(ms) });
});

describe("registering the webhook", () => {
  it("sets the URL, secret and update filter, and reads them back", async () => {
    const info = await registerTelegramWebhook(client, { url: receiver.url, secret: SECRET });
    expect(info).toMatchObject({
      url: receiver.url,
      allowed_updates: ["message", "edited_message", "callback_query", "pre_checkout_query"],
      pending_update_count: 0,
    });
    expect(standIn.calls("setWebhook")[0]?.params).toMatchObject({ secret_token: SECRET, drop_pending_updates: false });
  });

  it("refuses a plain-http public URL and a missing or malformed secret before calling Telegram", async () => {
    await expect(
      registerTelegramWebhook(client, { url: "http://shop.example/webhooks/telegram", secret: SECRET }),
    ).rejects.toThrow(ChannelConfigError);
    await expect(registerTelegramWebhook(client, { url: receiver.url, secret: undefined })).rejects.toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
    await expect(registerTelegramWebhook(client, { url: receiver.url, secret: "has spaces" })).rejects.toThrow(
      /A-Z a-z 0-9/,
    );
    expect(standIn.calls()).toHaveLength(0);
  });
});

describe("inbound updates through the webhook", () => {
  beforeEach(() => registerTelegramWebhook(client, { url: receiver.url, secret: SECRET }));

  it("delivers a typed message with the secret, and it parses to an inbound text", async () => {
    const { delivery } = await standIn.sendText({ chatId: CHAT, text: "red sneakers size 42" });
    expect(delivery).toMatchObject({ status: 200, ok: true });
    expect(receiver.inbound).toEqual([
      expect.objectContaining({ conversationId: `tg:${CHAT}`, shopper: `tg:${CHAT}`, text: "red sneakers size 42" }),
    ]);
  });

  it("refuses a forged or unsigned delivery before parsing it", async () => {
    const { update } = await standIn.sendText({ chatId: CHAT, text: "first" });
    receiver.inbound.length = 0;
    expect(
      await standIn.deliver({ ...update, update_id: standIn.nextUpdateId() }, { secret: "wrong-secret" }),
    ).toMatchObject({ status: 401 });
    expect(await standIn.deliver({ ...update, update_id: standIn.nextUpdateId() }, { secret: null })).toMatchObject({
      status: 401,
    });
    expect(receiver.inbound).toHaveLength(0);
    expect(receiver.refused).toBe(2);
  });

  it("checks out with the quote's buttons: the press arrives as the pay payload, is answered, and the keyboard goes", async () => {
    const shown = await deliverTelegramReply(client, quoteReply, { channel: "telegram", chatId: CHAT });
    expect(shown.sent).toEqual([{ messageId: expect.any(Number), withButtons: true }]);
    const sent = standIn.calls("sendMessage")[0]!.params;
    expect(sent.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Pay $129.00", callback_data: `pay:${QUOTE}` },
          { text: "Cancel", callback_data: `cancel:${QUOTE}` },
        ],
      ],
    });

    await standIn.press({ chatId: CHAT, label: "Pay $129.00" });
    const press = receiver.inbound.at(-1)!;
    expect(press).toMatchObject({
      button: `pay:${QUOTE}`,
      replyTo: { chatId: CHAT, keyboardMessageId: shown.sent[0]!.messageId },
    });

    const paid = await deliverTelegramReply(
      client,
      { text: "Paid. Order o_1 is confirmed.", buttons: [] },
      press.replyTo as TelegramReplyTarget,
      { pressed: press.button! },
    );
    expect(paid.warnings).toEqual([]);
    expect(standIn.callbackQueries()).toEqual([expect.objectContaining({ answered: true, data: `pay:${QUOTE}` })]);
    const quoteMessage = standIn.messages(CHAT).find((m) => m.messageId === shown.sent[0]!.messageId)!;
    expect(quoteMessage.replyMarkup).toBeUndefined();
    expect(standIn.calls().map((c) => c.method)).toEqual([
      "setWebhook",
      "getWebhookInfo",
      "sendMessage",
      "answerCallbackQuery",
      "editMessageReplyMarkup",
      "sendMessage",
    ]);
    await expect(
      standIn.press({ chatId: CHAT, messageId: quoteMessage.messageId, label: "Pay $129.00" }),
    ).rejects.toThrow(/no button/);
  });

  it("passes stickers and edits through as unsupported, and never subscribes to the rest", async () => {
    await standIn.sendContent({ chatId: CHAT, content: { sticker: { file_id: "CAAC", width: 512, height: 512 } } });
    await standIn.sendContent({ chatId: CHAT, content: { text: "add 3" }, edited: true });
    expect(receiver.inbound.map((m) => m.unsupported)).toEqual(["sticker", "edited"]);
    expect(
      await standIn.deliver({
        update_id: standIn.nextUpdateId(),
        inline_query: { id: "1", from: { id: 1 }, query: "", offset: "" },
      }),
    ).toMatchObject({
      delivered: false,
    });
  });
});

describe("the Bot API client", () => {
  it("waits out a 429 retry_after and then succeeds", async () => {
    standIn.rateLimit({ retryAfter: 1, count: 1, method: "sendMessage" });
    const sent = await client.sendMessage({ chat_id: CHAT, text: "hello" });
    expect(sent.message_id).toBeGreaterThan(0);
    expect(waits).toEqual([1000]);
    expect(standIn.calls("sendMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("gives up with a typed error when Telegram asks for a wait beyond the budget, or keeps refusing", async () => {
    standIn.rateLimit({ retryAfter: 30 });
    const long = await client.sendMessage({ chat_id: CHAT, text: "x" }).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(ChannelRateLimitError);
    expect(long).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 30 });
    expect(waits).toEqual([]);

    standIn.rateLimit({ retryAfter: 1, count: 5 });
    await expect(client.sendMessage({ chat_id: CHAT, text: "x" })).rejects.toBeInstanceOf(ChannelRateLimitError);
    expect(waits).toEqual([1000, 1000]);
    expect(standIn.calls("sendMessage").map((c) => c.status)).toEqual([429, 429, 429, 429]);
  });

  it("tells Telegram's refusals apart: bad request, blocked, unauthorized", async () => {
    const tooLong = await client.sendMessage({ chat_id: CHAT, text: "x".repeat(4097) }).catch((e: unknown) => e);
    expect(tooLong).toMatchObject({
      name: "ChannelApiError",
      status: 400,
      description: "Bad Request: message is too long",
      kind: "bad_request",
    });
    const badData = await client
      .call("sendMessage", {
        chat_id: CHAT,
        text: "x",
        reply_markup: { inline_keyboard: [[{ text: "b", callback_data: "d".repeat(65) }]] },
      })
      .catch((e: unknown) => e);
    expect(badData).toMatchObject({ description: "Bad Request: BUTTON_DATA_INVALID" });
    standIn.block(CHAT);
    expect(await client.sendMessage({ chat_id: CHAT, text: "x" }).catch((e: unknown) => e)).toMatchObject({
      status: 403,
      kind: "blocked",
    });
    const wrongToken = telegramClient({ ...env(), TELEGRAM_BOT_TOKEN: "999:WRONG" });
    const unauthorized = await wrongToken.getWebhookInfo().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(ChannelApiError);
    expect(unauthorized).toMatchObject({ status: 401, description: "Unauthorized", kind: "unauthorized" });
  });

  it("reports an unreachable API as a network error without the token in it", async () => {
    const dead = telegramClient({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_BASE: "http://127.0.0.1:1" });
    const error = await dead.sendMessage({ chat_id: CHAT, text: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelNetworkError);
    expect(`${(error as Error).message} ${String((error as Error).cause)}`).not.toContain(TOKEN);
  });

  it("refuses to start without a token", () => {
    expect(() => telegramClient({})).toThrow(ChannelConfigError);
  });
});

describe("delivering replies", () => {
  it("splits a long reply into parts Telegram accepts, with the keyboard on the last", async () => {
    const text = Array.from({ length: 300 }, (_, i) => `Line ${String(i).padStart(3, "0")}: ${"y".repeat(20)}`).join(
      "\n",
    ); // 9299 characters
    const delivery = await deliverReply(
      env(),
      { text, buttons: quoteReply.buttons },
      { channel: "telegram", chatId: CHAT },
    );
    expect(delivery.sent.map((s) => s.withButtons)).toEqual([false, false, true]);
    expect(standIn.calls("sendMessage").every((c) => c.ok && String(c.params.text).length <= 4096)).toBe(true);
  });

  it("stores tokens for long payloads before sending, and the press resolves them", async () => {
    const long = `show:${"p".repeat(70)}`;
    const stored = new Map<string, string>();
    await deliverReply(
      env(),
      { text: "Pick", buttons: [{ label: "That one", payload: long }] },
      { channel: "telegram", chatId: CHAT },
      {
        saveTokens: (tokens) => tokens.forEach((t) => stored.set(t.token, t.payload)),
      },
    );
    const data = standIn.messages(CHAT)[0]!.replyMarkup!.inline_keyboard[0]![0]!.callback_data!;
    expect(stored.get(data)).toBe(long);
  });

  it("turns a stale button press into a warning and still replies", async () => {
    const target: TelegramReplyTarget = {
      channel: "telegram",
      chatId: CHAT,
      callbackQueryId: "never-issued",
      keyboardMessageId: 999,
    };
    const delivery = await deliverTelegramReply(client, { text: "That quote expired.", buttons: [] }, target, {
      pressed: `pay:${QUOTE}`,
    });
    expect(delivery.warnings).toHaveLength(2);
    expect(delivery.warnings[0]).toMatch(/query is too old/);
    expect(delivery.warnings[1]).toMatch(/message to edit not found/);
    expect(delivery.sent).toHaveLength(1);
  });
});

describe("the control API", () => {
  it("drives rate limits and plays the shopper over HTTP", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${standIn.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("/_control/rate-limit", { retryAfter: 2, method: "sendMessage" })).status).toBe(200);
    await client.sendMessage({ chat_id: CHAT, text: "hi" });
    expect(waits).toEqual([2000]);
    const calls = (await (await fetch(`${standIn.url}/_control/calls?method=sendMessage`)).json()) as {
      status: number;
    }[];
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    const pressed = await post("/_control/updates/press", { chatId: CHAT, data: "nothing" });
    expect(pressed.status).toBe(400);
    expect((await post("/_control/nope", {})).status).toBe(404);
  });
});

describe("payments: invoices and pre-checkout", () => {
  const invoice = {
    title: "Your order (1 item)",
    description: "Order ord_1: 1 × Trail Runner",
    payload: `${QUOTE}.abababababababab`,
    currency: "USD",
    prices: [{ label: "1 × Trail Runner", amount: 12900 }],
    start_parameter: "order",
  };
  const paying = () => ({ ...env(), TELEGRAM_PAYMENT_PROVIDER_TOKEN: "284685063:TEST:abc" });

  it("sends an invoice with the provider token added by the client, and refuses a negative part", async () => {
    const tg = telegramClient(paying());
    const sent = await tg.sendInvoice({ chat_id: CHAT, ...invoice });
    expect(sent).toMatchObject({ invoice: { currency: "USD", total_amount: 12900 } });
    expect(standIn.calls("sendInvoice")[0]?.params).toMatchObject({ provider_token: "284685063:TEST:abc" });
    const discount = { ...invoice, prices: [...invoice.prices, { label: "Discount", amount: -1000 }] };
    await expect(tg.sendInvoice({ chat_id: CHAT, ...discount })).rejects.toThrow(/CURRENCY_TOTAL_AMOUNT_INVALID/);
    await expect(telegramClient(env()).sendInvoice({ chat_id: CHAT, ...invoice })).rejects.toThrow(ChannelConfigError);
  });

  it("builds a pre_checkout_query from the invoice, takes one answer, and pays only an approved one", async () => {
    const tg = telegramClient(paying());
    await tg.sendInvoice({ chat_id: CHAT, ...invoice });
    const { update } = await standIn.preCheckout({ chatId: CHAT });
    const q = update.pre_checkout_query as { id: string; total_amount: number; invoice_payload: string };
    expect(q).toMatchObject({ total_amount: 12900, invoice_payload: invoice.payload });
    await expect(standIn.pay({ chatId: CHAT, preCheckoutQueryId: q.id })).rejects.toThrow(/not answered ok/);
    await expect(tg.answerPreCheckoutQuery({ pre_checkout_query_id: q.id, ok: false })).rejects.toThrow(
      /ERROR_MESSAGE_EMPTY/,
    );
    await tg.answerPreCheckoutQuery({ pre_checkout_query_id: q.id, ok: true });
    await expect(tg.answerPreCheckoutQuery({ pre_checkout_query_id: q.id, ok: true })).rejects.toThrow(/too old/);
    const { update: paid } = await standIn.pay({ chatId: CHAT, preCheckoutQueryId: q.id });
    const payment = (paid.message as { successful_payment: Record<string, unknown> }).successful_payment;
    expect(payment).toMatchObject({ currency: "USD", total_amount: 12900, invoice_payload: invoice.payload });
    expect(payment.telegram_payment_charge_id).toMatch(/^tgch_/);
    expect(standIn.preCheckoutQueries()[0]).toMatchObject({ answered: true, ok: true });
  });
});
