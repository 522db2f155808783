// The Bot API methods the stand-in implements, validating parameters the way
// Telegram does and answering with Telegram's own error descriptions
// (https://core.telegram.org/bots/api#making-requests).
import type { BotMessage, InlineButton, InlineKeyboard, SentInvoice, TelegramState } from "./state.js";

export class BotApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}

export interface BotUser {
  id: number;
  is_bot: true;
  first_name: string;
  username: string;
}

export interface MethodContext {
  state: TelegramState;
  bot: BotUser;
  params: Record<string, unknown>;
  now: () => number;
}

export type MethodResult = { result: unknown; description?: string };

const bad = (description: string) => new BotApiError(400, `Bad Request: ${description}`);
const TEXT_LIMIT = 4096;
const CALLBACK_DATA_MAX_BYTES = 64;
const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "callback_game",
  "pay",
  "web_app",
  "copy_text",
];
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function chatId(params: Record<string, unknown>): number {
  const value = params.chat_id;
  if (value === undefined || value === "") throw bad("chat_id is empty");
  const id =
    typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id) || id === 0) throw bad("chat not found");
  return id;
}

function messageText(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw bad("message text is empty");
  if (value.length > TEXT_LIMIT) throw bad("message is too long");
  return value;
}

/** Telegram's checks of an InlineKeyboardMarkup, in the order it reports them. */
export function inlineKeyboard(value: unknown): InlineKeyboard {
  const rows = (value as { inline_keyboard?: unknown } | null)?.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  const buttons = rows.flat() as unknown[];
  if (buttons.length > 100 || rows.some((r: unknown[]) => r.length > 8)) throw bad("too many inline keyboard buttons");
  for (const raw of buttons) {
    const button = raw as InlineButton | null;
    if (button === null || typeof button !== "object" || typeof button.text !== "string")
      throw bad('can\'t parse inline keyboard button: Field "text" must be of type String');
    if (button.text.trim() === "") throw bad("BUTTON_TEXT_EMPTY");
    const actions = BUTTON_ACTIONS.filter((a) => button[a] !== undefined);
    if (actions.length === 0)
      throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    if (actions.length > 1)
      throw bad("can't parse inline keyboard button: Exactly one of the optional fields must be used");
    if (button.callback_data !== undefined) {
      const data = button.callback_data;
      if (typeof data !== "string" || data === "" || new TextEncoder().encode(data).length > CALLBACK_DATA_MAX_BYTES)
        throw bad("BUTTON_DATA_INVALID");
    }
    if (button.url !== undefined && (typeof button.url !== "string" || !/^(https?|tg):\/\/\S+$/.test(button.url)))
      throw bad("BUTTON_URL_INVALID");
  }
  return { inline_keyboard: rows as InlineButton[][] };
}

function replyMarkup(value: unknown, inlineOnly: boolean): InlineKeyboard | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "object") throw bad("can't parse reply keyboard markup JSON object");
  if ("inline_keyboard" in value) return inlineKeyboard(value);
  if (inlineOnly) throw bad("inline keyboard expected");
  return undefined; // a reply keyboard, remove_keyboard or force_reply: accepted, not kept
}

function toMessage(m: BotMessage, bot: BotUser): Record<string, unknown> {
  const i = m.invoice;
  return {
    message_id: m.messageId,
    from: bot,
    chat: { id: m.chatId, type: m.chatId > 0 ? "private" : "supergroup" },
    date: m.date,
    ...(m.editDate !== undefined ? { edit_date: m.editDate } : {}),
    ...(i
      ? {
          invoice: {
            title: i.title,
            description: i.description,
            start_parameter: i.startParameter ?? "",
            currency: i.currency,
            total_amount: i.totalAmount,
          },
        }
      : { text: m.text }),
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
  };
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/**
 * sendInvoice's checks (https://core.telegram.org/bots/api#sendinvoice): title
 * 1-32 and description 1-255 characters, payload 1-128 bytes, a provider token
 * for any currency but Stars (XTR), a 3-letter currency, and prices as a
 * non-empty list of labelled integer amounts. Telegram takes no negative part
 * (a discount cannot be a line of its own) and refuses a total it cannot charge
 * with CURRENCY_TOTAL_AMOUNT_INVALID.
 */
function invoiceOf(params: Record<string, unknown>): SentInvoice {
  const { title, description, payload, provider_token: token, currency, prices, start_parameter: start } = params;
  if (typeof title !== "string" || title.length === 0 || [...title].length > 32) throw bad("INVOICE_TITLE_INVALID");
  if (typeof description !== "string" || description.length === 0 || [...description].length > 255)
    throw bad("INVOICE_DESCRIPTION_INVALID");
  if (typeof payload !== "string" || payload === "" || byteLength(payload) > 128) throw bad("INVOICE_PAYLOAD_INVALID");
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) throw bad("CURRENCY_INVALID");
  if (currency !== "XTR" && (typeof token !== "string" || token === "")) throw bad("PAYMENT_PROVIDER_INVALID");
  if (!Array.isArray(prices) || prices.length === 0) throw bad('field "prices" must be a non-empty Array');
  const parts = prices.map((p: unknown) => {
    const part = p as { label?: unknown; amount?: unknown } | null;
    if (!part || typeof part.label !== "string" || part.label === "") throw bad("PRICE_LABEL_INVALID");
    if (typeof part.amount !== "number" || !Number.isSafeInteger(part.amount)) throw bad("PRICE_AMOUNT_INVALID");
    if (part.amount < 0) throw bad("CURRENCY_TOTAL_AMOUNT_INVALID");
    return { label: part.label, amount: part.amount };
  });
  const totalAmount = parts.reduce((n, p) => n + p.amount, 0);
  if (totalAmount <= 0) throw bad("CURRENCY_TOTAL_AMOUNT_INVALID");
  return {
    title,
    description,
    payload,
    providerToken: typeof token === "string" ? token : "",
    currency,
    prices: parts,
    totalAmount,
    ...(typeof start === "string" && start !== "" ? { startParameter: start } : {}),
  };
}

/** The message an edit names, or Telegram's "not found". */
function editedMessage(ctx: MethodContext): BotMessage | null {
  if (ctx.params.inline_message_id !== undefined) return null;
  const id = chatId(ctx.params);
  const messageId = Number(ctx.params.message_id);
  const m = Number.isInteger(messageId) ? ctx.state.messages.get(ctx.state.messageKey(id, messageId)) : undefined;
  if (!m) throw bad("message to edit not found");
  return m;
}

/** A message the bot sends to a chat (unless the shopper blocked the bot), kept as it is now. */
function sent(
  ctx: MethodContext,
  id: number,
  content: Pick<BotMessage, "text" | "invoice">,
  markup: InlineKeyboard | undefined,
): MethodResult {
  if (ctx.state.blockedChats.has(id)) throw new BotApiError(403, "Forbidden: bot was blocked by the user");
  const m: BotMessage = {
    chatId: id,
    messageId: ctx.state.allocateMessageId(id),
    date: Math.floor(ctx.now() / 1000),
    ...content,
    ...(markup ? { replyMarkup: markup } : {}),
  };
  ctx.state.messages.set(ctx.state.messageKey(id, m.messageId), m);
  return { result: toMessage(m, ctx.bot) };
}

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const METHODS: Record<string, (ctx: MethodContext) => MethodResult> = {
  getMe: (ctx) => ({ result: ctx.bot }),

  getFile(ctx) {
    const id = ctx.params.file_id;
    if (typeof id !== "string" || id === "") throw bad("file_id is empty");
    const file = ctx.state.files.get(id);
    if (!file) throw bad("invalid file_id");
    // Bots may download files up to 20 MB; getFile refuses larger ones.
    if (file.bytes.byteLength > 20 * 1024 * 1024) throw bad("file is too big");
    return {
      result: {
        file_id: id,
        file_unique_id: `u${id}`,
        file_size: file.bytes.byteLength,
        file_path: `photos/${id}.jpg`,
      },
    };
  },

  sendMessage(ctx) {
    const id = chatId(ctx.params);
    const text = messageText(ctx.params.text);
    return sent(ctx, id, { text }, replyMarkup(ctx.params.reply_markup, false));
  },

  sendInvoice(ctx) {
    const id = chatId(ctx.params);
    const invoice = invoiceOf(ctx.params);
    return sent(ctx, id, { text: invoice.title, invoice }, replyMarkup(ctx.params.reply_markup, true));
  },

  /** https://core.telegram.org/bots/api#answerprecheckoutquery: once per query; ok: false needs an error_message. */
  answerPreCheckoutQuery(ctx) {
    const id = ctx.params.pre_checkout_query_id;
    const ok = ctx.params.ok === true || ctx.params.ok === "true";
    const error = ctx.params.error_message;
    const query = typeof id === "string" ? ctx.state.preCheckoutQueries.get(id) : undefined;
    if (!query || query.answered) throw bad("query is too old and response timeout expired or query ID is invalid");
    if (ctx.params.ok !== true && ctx.params.ok !== false && ctx.params.ok !== "true" && ctx.params.ok !== "false")
      throw bad("ok is required");
    if (!ok && (typeof error !== "string" || error.trim() === "")) throw bad("ERROR_MESSAGE_EMPTY");
    query.answered = true;
    query.ok = ok;
    if (!ok) query.errorMessage = error as string;
    return { result: true };
  },

  answerCallbackQuery(ctx) {
    const id = ctx.params.callback_query_id;
    const text = ctx.params.text;
    if (text !== undefined && (typeof text !== "string" || text.length > 200)) throw bad("MESSAGE_TOO_LONG");
    const query =
      typeof id === "string" || typeof id === "number" ? ctx.state.callbackQueries.get(String(id)) : undefined;
    if (!query || query.answered) throw bad("query is too old and response timeout expired or query ID is invalid");
    query.answered = true;
    if (typeof text === "string") query.answerText = text;
    return { result: true };
  },

  editMessageReplyMarkup(ctx) {
    const markup = replyMarkup(ctx.params.reply_markup, true);
    const m = editedMessage(ctx);
    if (!m) return { result: true };
    if (same(m.replyMarkup, markup)) throw bad(NOT_MODIFIED);
    if (markup) m.replyMarkup = markup;
    else delete m.replyMarkup;
    m.editDate = Math.floor(ctx.now() / 1000);
    return { result: toMessage(m, ctx.bot) };
  },

  editMessageText(ctx) {
    const text = messageText(ctx.params.text);
    const markup = replyMarkup(ctx.params.reply_markup, true);
    const m = editedMessage(ctx);
    if (!m) return { result: true };
    // Editing the text without reply_markup drops the inline keyboard, as in Telegram.
    if (m.text === text && same(m.replyMarkup, markup)) throw bad(NOT_MODIFIED);
    m.text = text;
    if (markup) m.replyMarkup = markup;
    else delete m.replyMarkup;
    m.editDate = Math.floor(ctx.now() / 1000);
    return { result: toMessage(m, ctx.bot) };
  },

  setWebhook(ctx) {
    const url = ctx.params.url;
    if (typeof url !== "string") throw bad("url is empty");
    if (url === "") {
      ctx.state.webhook = null;
      return { result: true, description: "Webhook was deleted" };
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad("bad webhook: Failed to resolve host: Name or service not known");
    }
    // Telegram needs HTTPS; the stand-in also takes plain http to 127.0.0.1 so a local worker can be the target.
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && LOCAL_HOSTS.has(parsed.hostname))) {
      throw bad("bad webhook: An HTTPS URL must be provided for webhook");
    }
    const secret = ctx.params.secret_token;
    if (secret !== undefined && (typeof secret !== "string" || !SECRET_TOKEN.test(secret)))
      throw bad("bad webhook: Secret token contains unallowed characters");
    const allowed = ctx.params.allowed_updates;
    if (allowed !== undefined && (!Array.isArray(allowed) || !allowed.every((u) => typeof u === "string")))
      throw bad("can't parse allowed_updates JSON array");
    const max = ctx.params.max_connections === undefined ? 40 : Number(ctx.params.max_connections);
    if (!Number.isInteger(max) || max < 1 || max > 100)
      throw bad("bad webhook: max_connections must be between 1 and 100");
    ctx.state.webhook = {
      url,
      ...(typeof secret === "string" ? { secretToken: secret } : {}),
      // Telegram keeps the previous allowed_updates when the parameter is omitted.
      ...(Array.isArray(allowed)
        ? { allowedUpdates: allowed as string[] }
        : ctx.state.webhook?.allowedUpdates
          ? { allowedUpdates: ctx.state.webhook.allowedUpdates }
          : {}),
      maxConnections: max,
    };
    return { result: true, description: "Webhook was set" };
  },

  deleteWebhook(ctx) {
    ctx.state.webhook = null;
    return { result: true, description: "Webhook was deleted" };
  },

  getWebhookInfo(ctx) {
    const w = ctx.state.webhook;
    if (!w) return { result: { url: "", has_custom_certificate: false, pending_update_count: 0 } };
    const lastError = [...ctx.state.deliveries]
      .reverse()
      .find((d) => d.url === w.url && !d.ok && d.forgedSecret === undefined);
    return {
      result: {
        url: w.url,
        has_custom_certificate: false,
        pending_update_count: 0,
        max_connections: w.maxConnections,
        ip_address: "127.0.0.1",
        ...(w.allowedUpdates ? { allowed_updates: w.allowedUpdates } : {}),
        ...(lastError
          ? {
              last_error_date: Math.floor(lastError.at / 1000),
              last_error_message: lastError.status
                ? `Wrong response from the webhook: ${lastError.status}`
                : `Connection refused`,
            }
          : {}),
      },
    };
  },
};

/** Method parameters from the query string and a JSON or form body; JSON-typed fields given as strings are decoded. */
export function methodParams(
  query: URLSearchParams,
  body: string,
  contentType: string | undefined,
): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(query);
  if (body.trim() !== "") {
    if ((contentType ?? "").includes("application/json")) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw bad("can't parse JSON object");
      }
      if (json === null || typeof json !== "object" || Array.isArray(json)) throw bad("can't parse JSON object");
      Object.assign(params, json);
    } else {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
  }
  for (const field of ["reply_markup", "allowed_updates"]) {
    const value = params[field];
    if (typeof value === "string" && value !== "") {
      try {
        params[field] = JSON.parse(value);
      } catch {
        throw bad(`can't parse ${field === "reply_markup" ? "reply keyboard markup" : "allowed_updates"} JSON object`);
      }
    }
  }
  return params;
}
