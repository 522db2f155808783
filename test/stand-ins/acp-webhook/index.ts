/**
 * A stand-in for an ACP agent's order-events webhook
 * (`POST /agentic_checkout/webhooks/order_events`, openapi.agentic_checkout_webhook.yaml),
 * in Node, for the integration tests. It checks what the spec asks a receiver
 * to check — the `Merchant-Signature` (`t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`,
 * 300 s window, constant-time compare) before anything else, 401 in the
 * spec's error shape otherwise — then validates the body against the spec's
 * WebhookEvent schema and records it.
 *
 * Control (tests): `GET /_control/events?order_id=…` (what arrived, with each
 * body's schema errors), `POST /_control/down {id, down}` (answer 503
 * for the events of that order or checkout session: an agent that is down).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const ORDER_EVENTS_PATH = "/agentic_checkout/webhooks/order_events";
const TOLERANCE_SECONDS = 300;
const SIGNATURE = /^t=(\d+),v1=([a-fA-F0-9]{64})$/;

export interface ReceivedEvent {
  requestId: string | null;
  type: string;
  orderId: string;
  body: unknown;
  schemaErrors: string[];
  at: number;
}

export interface AcpWebhookStandIn {
  url: string;
  close(): Promise<void>;
}

export interface AcpWebhookOptions {
  secret: string;
  /** Schema check of a signed body; returns the errors (none = valid). */
  validate: (body: unknown) => string[];
  port?: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Why a Merchant-Signature is refused, or null when it is good. */
export function signatureProblem(
  header: string | undefined,
  raw: string,
  secret: string,
  nowSeconds: number,
): string | null {
  if (!header) return "Missing Merchant-Signature header.";
  const m = SIGNATURE.exec(header);
  if (!m) return "Merchant-Signature must be t=<timestamp>,v1=<64_hex>.";
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) return "Timestamp outside allowed window.";
  const expected = createHmac("sha256", secret).update(`${m[1]}.${raw}`).digest();
  const given = Buffer.from(m[2]!, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? null
    : "Webhook signature verification failed.";
}

export async function startAcpWebhookStandIn(opts: AcpWebhookOptions): Promise<AcpWebhookStandIn> {
  const events: ReceivedEvent[] = [];
  const down = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = await readBody(req);
    if (req.method === "GET" && url.pathname === "/_control/events") {
      const orderId = url.searchParams.get("order_id");
      return answer(200, orderId ? events.filter((e) => e.orderId === orderId) : events);
    }
    if (req.method === "POST" && url.pathname === "/_control/down") {
      const { id, down: isDown } = JSON.parse(raw) as { id: string; down: boolean };
      if (isDown) down.add(id);
      else down.delete(id);
      return answer(200, { ok: true });
    }
    if (req.method !== "POST" || url.pathname !== ORDER_EVENTS_PATH) return answer(404, { error: "not found" });
    const header = req.headers["merchant-signature"];
    const problem = signatureProblem(
      Array.isArray(header) ? header[0] : header,
      raw,
      opts.secret,
      Math.floor(Date.now() / 1000),
    );
    if (problem) return answer(401, { type: "invalid_request", code: "invalid_signature", message: problem });
    let body: { type?: string; data?: { id?: string; checkout_session_id?: string } };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return answer(400, { type: "invalid_request", code: "invalid_json", message: "Body is not JSON." });
    }
    const orderId = String(body.data?.id ?? "");
    if (down.has(orderId) || down.has(String(body.data?.checkout_session_id)))
      return answer(503, { type: "service_unavailable", code: "down", message: "Try later." });
    const requestId = (req.headers["request-id"] as string | undefined) ?? null;
    events.push({
      requestId,
      type: String(body.type),
      orderId,
      body,
      schemaErrors: opts.validate(body),
      at: Date.now(),
    });
    return answer(200, { received: true, ...(requestId ? { request_id: requestId } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
