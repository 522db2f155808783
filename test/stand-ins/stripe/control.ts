// /_control/…: the control methods over HTTP as JSON, so tests running inside
// the Workers runtime (where they cannot hold the StripeStandIn object) can
// drive the stand-in with fetch. No API key: the stand-in listens on
// 127.0.0.1 only.
//
//   GET  /_control                      summary (url, webhook target, paused, held, counts)
//   GET  /_control/events               events, oldest first
//   GET  /_control/deliveries           webhook delivery attempts
//   GET  /_control/payment_intents      PaymentIntents, in creation order
//   GET  /_control/requests             request log
//   POST /_control/webhooks/pause       {}
//   POST /_control/webhooks/resume      { order?: "as-is"|"reverse"|"shuffle", duplicate?: n, seed?: n }
//                                       → the deliveries made, once they are done
//   POST /_control/webhooks/redeliver   { eventId, times?: n, tamper?: "signature"|"timestamp-old"|"body" }
//                                       → the deliveries made
//   POST /_control/webhooks/target      { url, secret } to retarget, { url: null } to stop sending
//   POST /_control/webhooks/idle        waits until queued deliveries are done
//   POST /_control/delay                { match, ms } holds matching API requests ms before they run; ms 0 removes
//   POST /_control/reset                drops all state
import type { StripeStandIn } from "./server.js";
import { StandInUsageError, type RedeliverOptions, type ResumeOptions, type Tamper } from "./webhooks.js";

export interface ControlResult {
  status: number;
  body: unknown;
}

class BadControlRequest extends Error {}

function parseJson(body: string): Record<string, unknown> {
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

function optionalCount(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 100) {
    throw new BadControlRequest(`${name} must be an integer from 1 to 100`);
  }
  return value;
}

function resumeOptions(input: Record<string, unknown>): ResumeOptions {
  const options: ResumeOptions = {};
  if (input.order !== undefined) {
    if (input.order !== "as-is" && input.order !== "reverse" && input.order !== "shuffle") {
      throw new BadControlRequest('order must be "as-is", "reverse" or "shuffle"');
    }
    options.order = input.order;
  }
  const duplicate = optionalCount(input, "duplicate");
  if (duplicate !== undefined) options.duplicate = duplicate;
  if (input.seed !== undefined) {
    if (typeof input.seed !== "number") throw new BadControlRequest("seed must be a number");
    options.seed = input.seed;
  }
  return options;
}

function redeliverOptions(input: Record<string, unknown>): RedeliverOptions {
  const options: RedeliverOptions = {};
  const times = optionalCount(input, "times");
  if (times !== undefined) options.times = times;
  if (input.tamper !== undefined) {
    const tampers: Tamper[] = ["signature", "timestamp-old", "body"];
    if (!tampers.includes(input.tamper as Tamper))
      throw new BadControlRequest('tamper must be "signature", "timestamp-old" or "body"');
    options.tamper = input.tamper as Tamper;
  }
  return options;
}

export async function handleControl(
  standIn: StripeStandIn,
  summary: () => unknown,
  method: string,
  path: string,
  body: string,
): Promise<ControlResult> {
  try {
    const route = `${method} ${path.replace(/\/+$/, "")}`;
    switch (route) {
      case "GET /_control":
        return { status: 200, body: summary() };
      case "GET /_control/events":
        return { status: 200, body: standIn.events() };
      case "GET /_control/deliveries":
        return { status: 200, body: standIn.deliveries() };
      case "GET /_control/payment_intents":
        return { status: 200, body: standIn.paymentIntents() };
      case "GET /_control/checkout_sessions":
        return { status: 200, body: standIn.checkoutSessions() };
      case "GET /_control/requests":
        return { status: 200, body: standIn.requests() };
      case "POST /_control/webhooks/pause":
        standIn.pauseWebhooks();
        return { status: 200, body: { paused: true } };
      case "POST /_control/webhooks/resume":
        return { status: 200, body: await standIn.resumeWebhooks(resumeOptions(parseJson(body))) };
      case "POST /_control/webhooks/redeliver": {
        const input = parseJson(body);
        if (typeof input.eventId !== "string") throw new BadControlRequest("eventId (string) is required");
        return { status: 200, body: await standIn.redeliver(input.eventId, redeliverOptions(input)) };
      }
      case "POST /_control/webhooks/target": {
        const input = parseJson(body);
        if (input.url === null) {
          standIn.setWebhook(null);
          return { status: 200, body: { url: null } };
        }
        if (typeof input.url !== "string" || typeof input.secret !== "string") {
          throw new BadControlRequest("url and secret (strings) are required, or url: null");
        }
        standIn.setWebhook({ url: input.url, secret: input.secret });
        return { status: 200, body: { url: input.url } };
      }
      case "POST /_control/webhooks/idle":
        await standIn.webhooksIdle();
        return { status: 200, body: { idle: true } };
      case "POST /_control/delay": {
        const input = parseJson(body);
        const ms = input.ms;
        if (typeof input.match !== "string" || input.match === "")
          throw new BadControlRequest("match (non-empty string) is required");
        if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > 600_000)
          throw new BadControlRequest("ms must be an integer from 0 to 600000");
        standIn.delay(input.match, ms);
        return { status: 200, body: { match: input.match, ms } };
      }
      case "POST /_control/reset":
        standIn.reset();
        return { status: 200, body: { reset: true } };
      default:
        return { status: 404, body: { error: { message: `no control endpoint ${method} ${path}` } } };
    }
  } catch (error) {
    if (error instanceof BadControlRequest || error instanceof StandInUsageError) {
      return { status: 400, body: { error: { message: error.message } } };
    }
    throw error;
  }
}
