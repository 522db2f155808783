// startWhatsAppStandIn(): a local server that speaks the part of the WhatsApp
// Cloud API the checkout agent uses (POST /<version>/<phone-number-id>/messages),
// validates messages like the Cloud API, records them, and plays the shopper:
// it builds inbound webhook bodies, signs them with X-Hub-Signature-256 and
// delivers them. Listens on 127.0.0.1 only. See README.md.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLarge, readBody, sendJson } from "../stripe/http-io.js";
import { handleControl } from "./control.js";
import type { FileBehaviour } from "../media-files.js";
import { WhatsAppState, type RecordedSend, type Tamper, type WebhookDelivery, type WebhookTarget } from "./state.js";
import { GraphError, validateMessage } from "./validate.js";
import {
  deliverBody,
  inboundMessageBody,
  newWamid,
  replyMessage,
  statusBody,
  textMessage,
  type Business,
  type InboundShopper,
} from "./webhooks.js";

export interface WhatsAppStandInOptions {
  /** The bearer token calls must use; others get 401 (code 190). */
  accessToken: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where simulated inbound messages go, and the app secret that signs them. */
  webhook?: WebhookTarget;
  /** Our business number as inbound bodies name it (default 106540352242922 / 15550783881). */
  business?: Partial<Business>;
}

export type DeliveryOutcome = WebhookDelivery | { delivered: false; reason: string };

export interface SimulatedInbound {
  body: Record<string, unknown>;
  /** The wamid of the shopper's message. */
  wamid: string;
  delivery: DeliveryOutcome;
}

export class StandInUsageError extends Error {}

export interface WhatsAppStandIn {
  /** http://127.0.0.1:<port>/v21.0: use it as WHATSAPP_API_BASE. */
  readonly apiBase: string;
  readonly url: string;
  readonly port: number;
  readonly business: Business;
  close(): Promise<void>;
  /** Every POST …/messages, oldest first, optionally only those to `to`. */
  sends(to?: string): RecordedSend[];
  deliveries(): WebhookDelivery[];
  /** The next `count` (1) sends fail with `status` (429) and Graph `code` (130429), with Retry-After when `retryAfter`. */
  failNext(options?: { count?: number; status?: number; code?: number; message?: string; retryAfter?: number }): void;
  setWebhook(target: WebhookTarget | null): void;
  /** The shopper types `text`. */
  sendText(shopper: InboundShopper, text: string): Promise<SimulatedInbound>;
  /**
   * The shopper taps a reply button or list row with this id on the newest
   * interactive message sent to them that has it (unless `force`).
   */
  press(shopper: InboundShopper, id: string, options?: { force?: boolean }): Promise<SimulatedInbound>;
  /** The shopper sends an image; GET /<media-id> and its URL serve `bytes` as `behaviour` says. */
  sendImage(
    shopper: InboundShopper,
    image: { mediaId: string; bytes: Uint8Array; behaviour?: FileBehaviour; caption?: string },
  ): Promise<SimulatedInbound>;
  /** Any other message: `{ type: "image", image: { id, mime_type, caption? } }`, … */
  sendMessage(shopper: InboundShopper, message: Record<string, unknown> & { type: string }): Promise<SimulatedInbound>;
  /** A delivery status for a message we sent. */
  sendStatus(input: {
    wamid: string;
    recipient: string;
    status: "sent" | "delivered" | "read" | "failed";
  }): Promise<DeliveryOutcome>;
  /** Any body; `tamper` forges the signature ("signature"), the body ("body") or drops the header ("missing"). */
  deliver(body: Record<string, unknown>, options?: { tamper?: Tamper }): Promise<DeliveryOutcome>;
  /** Meta's GET handshake against the webhook URL. */
  handshake(input: {
    verifyToken: string;
    challenge?: string;
    url?: string;
  }): Promise<{ status: number; body: string; echoed: boolean }>;
  reset(): void;
}

const PATH = /^(?:\/(v\d+\.\d+))?\/([^/]+)\/messages\/?$/;
// GET /<version>/<media-id> (the lookup) and /media-download/<media-id> (the short-lived URL it names).
const MEDIA_PATH = /^(?:\/v\d+\.\d+\/(\d+)|\/media-download\/(\d+))$/;
const fbtrace = () => `A${Math.random().toString(36).slice(2, 12)}`;

function graphError(e: GraphError): unknown {
  return {
    error: {
      message: e.message,
      type: "OAuthException",
      code: e.code,
      ...(e.subcode !== undefined ? { error_subcode: e.subcode } : {}),
      ...(e.details ? { error_data: { messaging_product: "whatsapp", details: e.details } } : {}),
      fbtrace_id: fbtrace(),
    },
  };
}

export async function startWhatsAppStandIn(options: WhatsAppStandInOptions): Promise<WhatsAppStandIn> {
  const state = new WhatsAppState();
  state.webhook = options.webhook ?? null;
  const business: Business = {
    phoneNumberId: "106540352242922",
    displayPhoneNumber: "15550783881",
    ...options.business,
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let body: string;
      try {
        body = await readBody(req);
      } catch (error) {
        return sendJson(
          res,
          error instanceof BodyTooLarge ? 413 : 400,
          graphError(new GraphError(400, 100, "(#100) Request body unreadable")),
        );
      }
      if (url.pathname === "/_control" || url.pathname.startsWith("/_control/")) {
        const result = await handleControl(standIn, summary, req.method ?? "GET", `${url.pathname}${url.search}`, body);
        return sendJson(res, result.status, result.body);
      }
      const media = req.method === "GET" ? MEDIA_PATH.exec(url.pathname) : null;
      if (media) return serveMedia(res, media[1] ?? media[2], media[2] !== undefined, req.headers.authorization);
      const match = PATH.exec(url.pathname);
      if (!match || req.method !== "POST") {
        return sendJson(
          res,
          400,
          graphError(
            new GraphError(
              400,
              100,
              `Unsupported ${req.method} request. Object with ID '${url.pathname.split("/").filter(Boolean).at(-1) ?? ""}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
              undefined,
              33,
            ),
          ),
        );
      }
      const [, version, phoneNumberId] = match as unknown as [string, string | undefined, string];
      const record = (status: number, message: Record<string, unknown>, extra: Partial<RecordedSend>) =>
        state.sends.push({
          phoneNumberId,
          ...(version ? { version } : {}),
          message,
          status,
          ok: status === 200,
          at: Date.now(),
          ...extra,
        });
      let message: Record<string, unknown> = {};
      try {
        if (req.headers.authorization !== `Bearer ${options.accessToken}`)
          throw new GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token");
        try {
          message = JSON.parse(body) as Record<string, unknown>;
        } catch {
          throw new GraphError(400, 100, "(#100) Invalid JSON body.");
        }
        const failure = state.takeFailure();
        if (failure) {
          record(failure.status, message, { error: failure.message });
          const headers: Record<string, string> =
            failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {};
          return sendJson(
            res,
            failure.status,
            graphError(new GraphError(failure.status, failure.code, failure.message)),
            headers,
          );
        }
        validateMessage(message);
        const wamid = newWamid();
        record(200, message, { wamid });
        const to = String(message.to);
        return sendJson(res, 200, {
          messaging_product: "whatsapp",
          contacts: [{ input: to, wa_id: to.replace(/\D/g, "") }],
          messages: [{ id: wamid }],
        });
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        record(error.status, message, { error: [error.message, error.details].filter(Boolean).join(": ") });
        return sendJson(res, error.status, graphError(error));
      }
    })().catch((error: unknown) => {
      sendJson(
        res,
        500,
        graphError(new GraphError(500, 1, `WhatsApp stand-in bug: ${(error as Error)?.stack ?? String(error)}`)),
      );
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
    apiBase: `${baseUrl}/v21.0`,
    business,
    webhook: state.webhook ? { url: state.webhook.url } : null,
    counts: { sends: state.sends.length, deliveries: state.deliveries.length, pendingFailures: state.failures.length },
  });

  async function inbound(
    shopper: InboundShopper,
    message: Record<string, unknown> & { type: string },
  ): Promise<SimulatedInbound> {
    const wamid = newWamid();
    const body = inboundMessageBody(business, shopper, message, wamid);
    return { body, wamid, delivery: await deliverBody(state, body, message.type) };
  }

  /** The newest interactive message to `to` offering `id`, and the reply a tap on it sends. */
  function findChoice(
    to: string,
    id: string,
  ): { wamid?: string; kind: "button" | "list"; title: string; description?: string } | undefined {
    for (const send of [...state.sends].reverse()) {
      const m = send.message as {
        to?: string;
        type?: string;
        interactive?: {
          type?: string;
          action?: {
            buttons?: { reply: { id: string; title: string } }[];
            sections?: { rows: { id: string; title: string; description?: string }[] }[];
          };
        };
      };
      if (!send.ok || m.to !== to || m.type !== "interactive") continue;
      const button = m.interactive?.action?.buttons?.find((b) => b.reply.id === id);
      if (button) return { ...(send.wamid ? { wamid: send.wamid } : {}), kind: "button", title: button.reply.title };
      const row = m.interactive?.action?.sections?.flatMap((s) => s.rows).find((r) => r.id === id);
      if (row)
        return {
          ...(send.wamid ? { wamid: send.wamid } : {}),
          kind: "list",
          title: row.title,
          ...(row.description ? { description: row.description } : {}),
        };
    }
    return undefined;
  }

  let closing: Promise<void> | undefined;
  function serveMedia(
    res: Parameters<typeof sendJson>[0],
    id: string | undefined,
    download: boolean,
    authorization: string | undefined,
  ): void {
    const mediaId = id ?? "";
    if (authorization !== `Bearer ${options.accessToken}`)
      return sendJson(
        res,
        401,
        graphError(new GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token")),
      );
    const file = state.media.get(mediaId);
    if (!file)
      return sendJson(
        res,
        400,
        graphError(
          new GraphError(
            400,
            100,
            `Unsupported get request. Object with ID '${mediaId}' does not exist`,
            undefined,
            33,
          ),
        ),
      );
    if (download) return state.media.serve(res, file, file.mimeType);
    sendJson(res, 200, {
      messaging_product: "whatsapp",
      url: `${baseUrl}/media-download/${mediaId}`,
      mime_type: file.mimeType,
      file_size: file.bytes.byteLength,
      id: mediaId,
    });
  }

  const standIn: WhatsAppStandIn = {
    apiBase: `${baseUrl}/v21.0`,
    url: baseUrl,
    port,
    business,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    sends: (to) => state.sends.filter((s) => to === undefined || s.message.to === to).map((s) => structuredClone(s)),
    deliveries: () => state.deliveries.map((d) => ({ ...d })),
    failNext({ count = 1, status = 429, code = 130429, message = "(#130429) Rate limit hit", retryAfter } = {}) {
      state.failures.push({
        remaining: count,
        status,
        code,
        message,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      });
    },
    setWebhook: (target) => void (state.webhook = target),
    sendText: (shopper, text) => inbound(shopper, textMessage(text)),
    press(shopper, id, pressOptions = {}) {
      const choice = findChoice(shopper.from, id);
      if (!choice && !pressOptions.force)
        return Promise.reject(new StandInUsageError(`no button or row with id ${id} was sent to ${shopper.from}`));
      const reply = {
        id,
        title: choice?.title ?? id,
        ...(choice?.description ? { description: choice.description } : {}),
      };
      return inbound(shopper, replyMessage(choice?.kind ?? "button", reply, choice?.wamid));
    },
    sendMessage: (shopper, message) => inbound(shopper, message),
    sendImage(shopper, image) {
      state.media.add(image.mediaId, image.bytes, image.behaviour ? { behaviour: image.behaviour } : {});
      return inbound(shopper, {
        type: "image",
        image: { id: image.mediaId, mime_type: "image/jpeg", ...(image.caption ? { caption: image.caption } : {}) },
      });
    },
    sendStatus: (input) => deliverBody(state, statusBody(business, input), "statuses"),
    deliver: (body, deliverOptions = {}) => deliverBody(state, body, "raw", deliverOptions.tamper),
    async handshake({ verifyToken, challenge = String(Math.floor(Math.random() * 1e9)), url }) {
      const target = url ?? state.webhook?.url;
      if (!target) throw new StandInUsageError("no webhook URL to verify");
      const u = new URL(target);
      u.searchParams.set("hub.mode", "subscribe");
      u.searchParams.set("hub.verify_token", verifyToken);
      u.searchParams.set("hub.challenge", challenge);
      const response = await fetch(u, { signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      return { status: response.status, body: text, echoed: response.status === 200 && text === challenge };
    },
    reset: () => state.clear(),
  };
  return standIn;
}
