// The Bot API methods the stand-in implements, validating parameters the way
// Telegram does and answering with Telegram's own error descriptions
// (https://core.telegram.org/bots/api#making-requests).
import type { BotMessage, InlineButton, InlineKeyboard, TelegramState } from "./state.js";

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
  return {
    message_id: m.messageId,
    from: bot,
    chat: { id: m.chatId, type: m.chatId > 0 ? "private" : "supergroup" },
    date: m.date,
    ...(m.editDate !== undefined ? { edit_date: m.editDate } : {}),
    text: m.text,
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
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
    const markup = replyMarkup(ctx.params.reply_markup, false);
    if (ctx.state.blockedChats.has(id)) throw new BotApiError(403, "Forbidden: bot was blocked by the user");
    const m: BotMessage = {
      chatId: id,
      messageId: ctx.state.allocateMessageId(id),
      date: Math.floor(ctx.now() / 1000),
      text,
      ...(markup ? { replyMarkup: markup } : {}),
    };
    ctx.state.messages.set(ctx.state.messageKey(id, m.messageId), m);
    return { result: toMessage(m, ctx.bot) };
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
