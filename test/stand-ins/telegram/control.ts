// /_control/…: the stand-in's methods as JSON endpoints, for tests that run
// inside workerd and cannot hold the TelegramStandIn object. No auth: the
// stand-in listens on 127.0.0.1 only.
//
//   GET  /_control                        summary: url, bot, webhook (secret hidden), counts
//   GET  /_control/calls[?method=sendMessage]   recorded Bot API calls, oldest first
//   GET  /_control/messages[?chat_id=42]  messages the bot sent, as they are now
//   GET  /_control/deliveries             webhook deliveries of simulated updates
//   GET  /_control/callback_queries       issued callback queries and whether they were answered
//   POST /_control/rate-limit             { retryAfter, count?, method? }
//   POST /_control/fail                   { status, description, count?, method? }
//   POST /_control/block                  { chatId }      POST /_control/unblock { chatId }
//   POST /_control/updates/text           { chatId, text, from? }                → { update, delivery }
//   POST /_control/updates/content        { chatId, content, edited?, from? }    → { update, delivery }
//   POST /_control/updates/photo          { chatId, fileId, bytesBase64, behaviour?, caption?, from? } → { update, delivery }
//   POST /_control/updates/press          { chatId, messageId?, data? | label?, force?, from? } → { update, delivery }
//   POST /_control/updates/pre-checkout   { chatId, messageId?, from? }          → { update, delivery }
//   POST /_control/updates/pay            { chatId, preCheckoutQueryId, force?, telegramChargeId?, override?, from? } → { update, delivery }
//   GET  /_control/pre_checkout_queries   issued pre-checkout queries and the bot's answers
//   POST /_control/updates/raw            { update, secret?: string | null }     → delivery
//   POST /_control/reset                  drops all state but the webhook
import { StandInUsageError, type ShopperInput, type TelegramStandIn } from "./server.js";
import type { Shopper, TelegramUpdate } from "./updates.js";
import type { FileBehaviour } from "../media-files.js";

export interface ControlResult {
  status: number;
  body: unknown;
}

class BadControlRequest extends Error {}

function json(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadControlRequest("body must be JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new BadControlRequest("body must be a JSON object");
  return value as Record<string, unknown>;
}

function int(input: Record<string, unknown>, name: string, required: true): number;
function int(input: Record<string, unknown>, name: string, required?: false): number | undefined;
function int(input: Record<string, unknown>, name: string, required = false): number | undefined {
  const value = input[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw new BadControlRequest(`${name} must be an integer`);
  return value;
}

function str(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new BadControlRequest(`${name} must be a string`);
  return value;
}

function shopper(input: Record<string, unknown>): ShopperInput {
  const chatId = int(input, "chatId", true);
  const from = input.from;
  if (from !== undefined && (typeof from !== "object" || from === null || typeof (from as Shopper).id !== "number"))
    throw new BadControlRequest("from must be { id: number, … }");
  return { chatId, ...(from ? { from: from as Shopper } : {}) };
}

export async function handleControl(
  standIn: TelegramStandIn,
  summary: () => unknown,
  method: string,
  path: string,
  body: string,
): Promise<ControlResult> {
  const url = new URL(path, "http://x");
  try {
    const input = method === "POST" ? json(body) : {};
    switch (`${method} ${url.pathname.replace(/\/+$/, "")}`) {
      case "GET /_control":
        return { status: 200, body: summary() };
      case "GET /_control/calls":
        return { status: 200, body: standIn.calls(url.searchParams.get("method") ?? undefined) };
      case "GET /_control/messages":
        return {
          status: 200,
          body: standIn.messages(url.searchParams.has("chat_id") ? Number(url.searchParams.get("chat_id")) : undefined),
        };
      case "GET /_control/deliveries":
        return { status: 200, body: standIn.deliveries() };
      case "GET /_control/callback_queries":
        return { status: 200, body: standIn.callbackQueries() };
      case "GET /_control/pre_checkout_queries":
        return { status: 200, body: standIn.preCheckoutQueries() };
      case "POST /_control/updates/pre-checkout": {
        const messageId = int(input, "messageId");
        return {
          status: 200,
          body: await standIn.preCheckout({ ...shopper(input), ...(messageId !== undefined ? { messageId } : {}) }),
        };
      }
      case "POST /_control/updates/pay": {
        const queryId = str(input, "preCheckoutQueryId");
        if (!queryId) throw new BadControlRequest("preCheckoutQueryId is required");
        const chargeId = str(input, "telegramChargeId");
        const override = input.override;
        if (override !== undefined && (typeof override !== "object" || override === null))
          throw new BadControlRequest("override must be an object");
        return {
          status: 200,
          body: await standIn.pay({
            ...shopper(input),
            preCheckoutQueryId: queryId,
            force: input.force === true,
            ...(chargeId ? { telegramChargeId: chargeId } : {}),
            ...(override
              ? { override: override as { currency?: string; totalAmount?: number; payload?: string } }
              : {}),
          }),
        };
      }
      case "POST /_control/rate-limit": {
        const retryAfter = int(input, "retryAfter", true);
        const count = int(input, "count");
        const only = str(input, "method");
        standIn.rateLimit({ retryAfter, ...(count ? { count } : {}), ...(only ? { method: only } : {}) });
        return { status: 200, body: { ok: true } };
      }
      case "POST /_control/fail": {
        const status = int(input, "status", true);
        const description = str(input, "description") ?? `Error ${status}`;
        const count = int(input, "count");
        const only = str(input, "method");
        standIn.failNext({ status, description, ...(count ? { count } : {}), ...(only ? { method: only } : {}) });
        return { status: 200, body: { ok: true } };
      }
      case "POST /_control/block":
        standIn.block(int(input, "chatId", true));
        return { status: 200, body: { ok: true } };
      case "POST /_control/unblock":
        standIn.unblock(int(input, "chatId", true));
        return { status: 200, body: { ok: true } };
      case "POST /_control/updates/text": {
        const text = str(input, "text");
        if (text === undefined) throw new BadControlRequest("text is required");
        return { status: 200, body: await standIn.sendText({ ...shopper(input), text }) };
      }
      case "POST /_control/updates/content": {
        const content = input.content;
        if (typeof content !== "object" || content === null) throw new BadControlRequest("content must be an object");
        return {
          status: 200,
          body: await standIn.sendContent({
            ...shopper(input),
            content: content as Record<string, unknown>,
            edited: input.edited === true,
          }),
        };
      }
      case "POST /_control/updates/photo": {
        const fileId = str(input, "fileId");
        const bytes = str(input, "bytesBase64");
        const behaviour = str(input, "behaviour");
        const caption = str(input, "caption");
        if (!fileId || bytes === undefined) throw new BadControlRequest("fileId and bytesBase64 are required");
        if (behaviour !== undefined && !["normal", "hang", "endless", "declared_huge"].includes(behaviour))
          throw new BadControlRequest("behaviour is normal, hang, endless or declared_huge");
        return {
          status: 200,
          body: await standIn.sendPhoto({
            ...shopper(input),
            fileId,
            bytes: Buffer.from(bytes, "base64"),
            ...(behaviour ? { behaviour: behaviour as FileBehaviour } : {}),
            ...(caption ? { caption } : {}),
          }),
        };
      }
      case "POST /_control/updates/press": {
        const messageId = int(input, "messageId");
        const data = str(input, "data");
        const label = str(input, "label");
        if (data === undefined && label === undefined) throw new BadControlRequest("data or label is required");
        return {
          status: 200,
          body: await standIn.press({
            ...shopper(input),
            ...(messageId !== undefined ? { messageId } : {}),
            ...(data !== undefined ? { data } : {}),
            ...(label !== undefined ? { label } : {}),
            force: input.force === true,
          }),
        };
      }
      case "POST /_control/updates/raw": {
        const update = input.update as TelegramUpdate | undefined;
        if (typeof update !== "object" || update === null || typeof update.update_id !== "number")
          throw new BadControlRequest("update with a numeric update_id is required");
        const secret = input.secret;
        if (secret !== undefined && secret !== null && typeof secret !== "string")
          throw new BadControlRequest("secret must be a string or null");
        return { status: 200, body: await standIn.deliver(update, secret !== undefined ? { secret } : {}) };
      }
      case "POST /_control/reset":
        standIn.reset();
        return { status: 200, body: { reset: true } };
      default:
        return { status: 404, body: { error: { message: `no control endpoint ${method} ${url.pathname}` } } };
    }
  } catch (error) {
    if (error instanceof BadControlRequest || error instanceof StandInUsageError)
      return { status: 400, body: { error: { message: error.message } } };
    throw error;
  }
}
