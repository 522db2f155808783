// /_control/…: the stand-in's methods as JSON endpoints, for tests that run
// inside workerd and cannot hold the WhatsAppStandIn object. No auth: the
// stand-in listens on 127.0.0.1 only.
//
//   GET  /_control                      summary: url, apiBase, business number, webhook, counts
//   GET  /_control/sends[?to=<wa_id>]   recorded POST …/messages, oldest first
//   GET  /_control/deliveries           webhook deliveries of simulated inbound bodies
//   POST /_control/fail                 { count?, status? (429), code? (130429), message?, retryAfter? }
//   POST /_control/webhook              { url, appSecret } or { url: null }
//   POST /_control/inbound/text         { from, text, name? }          → { body, wamid, delivery }
//   POST /_control/inbound/press        { from, id, force? }           → { body, wamid, delivery }
//   POST /_control/inbound/message      { from, message: { type, … } } → { body, wamid, delivery }
//   POST /_control/inbound/status       { wamid, recipient, status }    → delivery
//   POST /_control/inbound/raw          { body, tamper?: "signature" | "body" | "missing" } → delivery
//   POST /_control/handshake            { verifyToken, challenge?, url? } → { status, body, echoed }
//   POST /_control/reset                drops sends, deliveries and failures; keeps the webhook
import { StandInUsageError, type WhatsAppStandIn } from "./server.js";
import type { Tamper } from "./state.js";
import type { InboundShopper } from "./webhooks.js";

export interface ControlResult {
  status: number;
  body: unknown;
}

class BadControlRequest extends Error {}
type Obj = Record<string, unknown>;

function json(body: string): Obj {
  if (body.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadControlRequest("body must be JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new BadControlRequest("body must be a JSON object");
  return value as Obj;
}

function str(input: Obj, name: string, required: true): string;
function str(input: Obj, name: string, required?: false): string | undefined;
function str(input: Obj, name: string, required = false): string | undefined {
  const value = input[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "") throw new BadControlRequest(`${name} must be a non-empty string`);
  return value;
}

function num(input: Obj, name: string): number | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new BadControlRequest(`${name} must be a number`);
  return value;
}

function shopper(input: Obj): InboundShopper {
  const name = str(input, "name");
  return { from: str(input, "from", true), ...(name ? { name } : {}) };
}

export async function handleControl(
  standIn: WhatsAppStandIn,
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
      case "GET /_control/sends":
        return { status: 200, body: standIn.sends(url.searchParams.get("to") ?? undefined) };
      case "GET /_control/deliveries":
        return { status: 200, body: standIn.deliveries() };
      case "POST /_control/fail": {
        const options: Parameters<WhatsAppStandIn["failNext"]>[0] = {};
        for (const key of ["count", "status", "code", "retryAfter"] as const) {
          const value = num(input, key);
          if (value !== undefined) options[key] = value;
        }
        const message = str(input, "message");
        if (message) options.message = message;
        standIn.failNext(options);
        return { status: 200, body: { ok: true } };
      }
      case "POST /_control/webhook": {
        if (input.url === null) {
          standIn.setWebhook(null);
          return { status: 200, body: { url: null } };
        }
        standIn.setWebhook({ url: str(input, "url", true), appSecret: str(input, "appSecret", true) });
        return { status: 200, body: { url: input.url } };
      }
      case "POST /_control/inbound/text":
        return { status: 200, body: await standIn.sendText(shopper(input), str(input, "text", true)) };
      case "POST /_control/inbound/press":
        return {
          status: 200,
          body: await standIn.press(shopper(input), str(input, "id", true), { force: input.force === true }),
        };
      case "POST /_control/inbound/message": {
        const message = input.message as (Obj & { type: string }) | undefined;
        if (typeof message !== "object" || message === null || typeof message.type !== "string")
          throw new BadControlRequest("message must be { type, … }");
        return { status: 200, body: await standIn.sendMessage(shopper(input), message) };
      }
      case "POST /_control/inbound/status": {
        const status = str(input, "status", true);
        if (!["sent", "delivered", "read", "failed"].includes(status))
          throw new BadControlRequest("status must be sent, delivered, read or failed");
        return {
          status: 200,
          body: await standIn.sendStatus({
            wamid: str(input, "wamid", true),
            recipient: str(input, "recipient", true),
            status: status as "sent",
          }),
        };
      }
      case "POST /_control/inbound/raw": {
        const value = input.body;
        if (typeof value !== "object" || value === null) throw new BadControlRequest("body must be an object");
        const tamper = str(input, "tamper") as Tamper | undefined;
        if (tamper && !["signature", "body", "missing"].includes(tamper))
          throw new BadControlRequest("tamper must be signature, body or missing");
        return { status: 200, body: await standIn.deliver(value as Obj, tamper ? { tamper } : {}) };
      }
      case "POST /_control/handshake": {
        const challenge = str(input, "challenge");
        const target = str(input, "url");
        return {
          status: 200,
          body: await standIn.handshake({
            verifyToken: str(input, "verifyToken", true),
            ...(challenge ? { challenge } : {}),
            ...(target ? { url: target } : {}),
          }),
        };
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
