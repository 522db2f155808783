// The WhatsApp channel (worker/channels/whatsapp) driven against the stand-in
// over real HTTP: sends are validated and recorded like the Cloud API would,
// and simulated shopper messages reach a local webhook that checks the
// handshake and X-Hub-Signature-256 and parses them as the Worker route does.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { payload } from "../../../worker/agent/payloads.js";
import type { Reply } from "../../../worker/agent/reply.js";
import { ChannelApiError, ChannelRateLimitError } from "../../../worker/channels/errors.js";
import { isIgnored, type InboundMessage, type WhatsAppReplyTarget } from "../../../worker/channels/inbound.js";
import { deliverReply } from "../../../worker/channels/outbound.js";
import {
  WHATSAPP_SIGNATURE_HEADER,
  deliverWhatsAppReply,
  parseWhatsAppUpdate,
  verifyHandshake,
  verifyWhatsAppSignature,
  whatsappClient,
  type WhatsAppClient,
} from "../../../worker/channels/whatsapp/index.js";
import { signWhatsAppBody, startWhatsAppStandIn, type WhatsAppStandIn } from "./index.js";

const ACCESS_TOKEN = "EAAtest-access-token";
const APP_SECRET = "stand-in-app-secret";
const VERIFY_TOKEN = "meatyhamhock";
const SHOPPER = { from: "972987654321", name: "Dana" };
const QUOTE = "q_0123456789abcdef01234567";
const quoteReply: Reply = {
  text: "Your quote:\n• 1 × Trail Runner @ $129.00\nTotal to pay: $129.00",
  buttons: [
    { label: "Pay $129.00", payload: payload.pay(QUOTE) },
    { label: "Cancel", payload: payload.cancel(QUOTE) },
  ],
};

/** A webhook endpoint doing what the Worker routes do: handshake on GET; signature, then parse, on POST. */
interface Receiver {
  url: string;
  inbound: InboundMessage[];
  ignored: string[];
  refused: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET") {
      const r = verifyHandshake(url.searchParams, VERIFY_TOKEN);
      return r.ok
        ? res.writeHead(200, { "content-type": "text/plain" }).end(r.challenge)
        : res.writeHead(r.status).end(r.reason);
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        if (
          !(await verifyWhatsAppSignature(
            new Uint8Array(raw),
            req.headers[WHATSAPP_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
            APP_SECRET,
          ))
        ) {
          receiver.refused++;
          return res.writeHead(401).end();
        }
        const parsed = parseWhatsAppUpdate(JSON.parse(raw.toString("utf8")));
        if (isIgnored(parsed)) receiver.ignored.push(parsed.ignore);
        else receiver.inbound.push(...parsed);
        res.writeHead(200).end("ok");
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`,
    inbound: [],
    ignored: [],
    refused: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return receiver;
}

let standIn: WhatsAppStandIn;
let receiver: Receiver;
let waits: number[];
let client: WhatsAppClient;
let target: WhatsAppReplyTarget;
const env = () => ({ WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_API_BASE: standIn.apiBase });

beforeAll(async () => {
  receiver = await startReceiver();
  standIn = await startWhatsAppStandIn({
    accessToken: ACCESS_TOKEN,
    port: 0,
    webhook: { url: receiver.url, appSecret: APP_SECRET },
  });
  target = {
    channel: "whatsapp",
    phoneNumberId: standIn.business.phoneNumberId,
    to: SHOPPER.from,
    messageId: "wamid.in",
  };
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
  client = whatsappClient(env(), undefined, { sleep: async (ms) => void waits.push(ms) });
});

describe("the webhook", () => {
  it("passes Meta's handshake with our verify token and fails it with another", async () => {
    expect(await standIn.handshake({ verifyToken: VERIFY_TOKEN })).toMatchObject({ status: 200, echoed: true });
    expect(await standIn.handshake({ verifyToken: "guess" })).toMatchObject({ status: 403, echoed: false });
  });

  it("delivers a signed text message that parses to an inbound text", async () => {
    const { wamid, delivery } = await standIn.sendText(SHOPPER, "red sneakers size 42");
    expect(delivery).toMatchObject({ status: 200 });
    expect(receiver.inbound).toEqual([
      expect.objectContaining({
        conversationId: `wa:${standIn.business.phoneNumberId}:${SHOPPER.from}`,
        messageId: `wa:${wamid}`,
        text: "red sneakers size 42",
        replyTo: {
          channel: "whatsapp",
          phoneNumberId: standIn.business.phoneNumberId,
          to: SHOPPER.from,
          messageId: wamid,
        },
      }),
    ]);
  });

  it("refuses a forged signature, a changed body and a missing header before parsing", async () => {
    const { body } = await standIn.sendText(SHOPPER, "hello");
    receiver.inbound.length = 0;
    for (const tamper of ["signature", "body", "missing"] as const)
      expect(await standIn.deliver(body, { tamper })).toMatchObject({ status: 401 });
    expect(receiver.refused).toBe(3);
    expect(receiver.inbound).toHaveLength(0);
  });

  it("accepts delivery statuses and ignores them", async () => {
    expect(await standIn.sendStatus({ wamid: "wamid.x", recipient: SHOPPER.from, status: "delivered" })).toMatchObject({
      status: 200,
    });
    expect(receiver.ignored).toEqual(["delivery statuses"]);
  });

  it("signs bodies like Meta (the published vector)", () => {
    const vectors = JSON.parse(
      readFileSync(
        new URL("../../../worker/channels/whatsapp/fixtures/x_hub_signature_256_vectors.json", import.meta.url),
        "utf8",
      ),
    ) as {
      published: { app_secret: string; body: string; header: string }[];
    };
    for (const v of vectors.published) expect(signWhatsAppBody(v.body, v.app_secret)).toBe(v.header);
  });
});

describe("checkout with reply buttons", () => {
  it("sends the quote as reply buttons and the tap comes back as the pay payload", async () => {
    const delivery = await deliverWhatsAppReply(client, quoteReply, target);
    expect(delivery.sent).toEqual([{ messageId: expect.stringMatching(/^wamid\./), withButtons: true }]);
    const sent = standIn.sends()[0]!;
    expect(sent).toMatchObject({ phoneNumberId: standIn.business.phoneNumberId, version: "v21.0", status: 200 });
    expect(sent.message).toMatchObject({ type: "interactive", interactive: { type: "button" } });

    await standIn.press(SHOPPER, `pay:${QUOTE}`);
    expect(receiver.inbound.at(-1)).toMatchObject({ button: `pay:${QUOTE}` });
    await expect(standIn.press(SHOPPER, "pay:q_other")).rejects.toThrow(/no button or row/);
  });

  it("uses a list for more than three choices, and a row tap comes back as its payload", async () => {
    const reply: Reply = {
      text: "Which one?",
      buttons: Array.from({ length: 12 }, (_, i) => ({
        label: `${i + 1}. A shoe with a long name ${i}`,
        payload: `show:p${i}`,
      })),
    };
    await deliverReply(env(), reply, target);
    const message = standIn.sends()[0]!.message as {
      interactive: { type: string; footer?: { text: string }; action: { sections: { rows: { id: string }[] }[] } };
    };
    expect(message.interactive.type).toBe("list");
    expect(message.interactive.action.sections[0]!.rows.map((r) => r.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `show:p${i}`),
    );
    expect(message.interactive.footer?.text).toBe("Showing 10 of 12 choices");
    await standIn.press(SHOPPER, "show:p3");
    expect(receiver.inbound.at(-1)).toMatchObject({ button: "show:p3" });
  });

  it("splits a long plain reply into texts the Cloud API accepts", async () => {
    const delivery = await deliverReply(env(), { text: "word ".repeat(2000), buttons: [] }, target);
    expect(delivery.sent).toHaveLength(3);
    expect(standIn.sends().every((s) => s.ok)).toBe(true);
  });
});

describe("the Cloud API client", () => {
  it("retries a 429 after a backoff and then succeeds", async () => {
    standIn.failNext({ count: 1 });
    await client.run({
      phoneNumberId: target.phoneNumberId,
      message: {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: SHOPPER.from,
        type: "text",
        text: { body: "hi" },
      },
    });
    expect(waits).toEqual([250]);
    expect(standIn.sends().map((s) => s.status)).toEqual([429, 200]);
  });

  it("honours Retry-After and retries a 5xx", async () => {
    standIn.failNext({ count: 1, retryAfter: 2 });
    standIn.failNext({ count: 1, status: 500, code: 2, message: "Service temporarily unavailable" });
    await deliverWhatsAppReply(client, { text: "hi", buttons: [] }, target);
    expect(waits).toEqual([2000, 500]);
    expect(standIn.sends().map((s) => s.status)).toEqual([429, 500, 200]);
  });

  it("gives up after three tries with a typed rate-limit error", async () => {
    standIn.failNext({ count: 5 });
    const error = await deliverWhatsAppReply(client, { text: "hi", buttons: [] }, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelRateLimitError);
    expect(error).toMatchObject({ code: 130429, kind: "rate_limited" });
    expect(standIn.sends()).toHaveLength(3);
  });

  it("reports what the Cloud API refused, without retrying", async () => {
    const tooLong = await client
      .send(target.phoneNumberId, {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: SHOPPER.from,
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: "x" },
          action: { buttons: [{ type: "reply", reply: { id: "a", title: "A title that is too long" } }] },
        },
      })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(ChannelApiError);
    expect(tooLong).toMatchObject({
      status: 400,
      code: 131009,
      kind: "bad_request",
      description: expect.stringMatching(/Button title length invalid/),
    });
    const wrongToken = whatsappClient({ ...env(), WHATSAPP_ACCESS_TOKEN: "EAAwrong" });
    expect(
      await wrongToken
        .run({
          phoneNumberId: target.phoneNumberId,
          message: {
            messaging_product: "whatsapp",
            recipient_type: "individual",
            to: "1",
            type: "text",
            text: { body: "x" },
          },
        })
        .catch((e: unknown) => e),
    ).toMatchObject({
      status: 401,
      code: 190,
      kind: "unauthorized",
    });
    expect(standIn.sends()).toHaveLength(2);
    expect(waits).toEqual([]);
  });
});

describe("the control API", () => {
  it("plays the shopper and injects failures over HTTP", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${standIn.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("/_control/inbound/text", { from: SHOPPER.from, text: "cart" })).status).toBe(200);
    expect(receiver.inbound.at(-1)).toMatchObject({ text: "cart" });
    expect((await post("/_control/fail", { count: 1, status: 503, code: 1 })).status).toBe(200);
    await deliverWhatsAppReply(client, { text: "hi", buttons: [] }, target);
    const sends = (await (await fetch(`${standIn.url}/_control/sends?to=${SHOPPER.from}`)).json()) as {
      status: number;
    }[];
    expect(sends.map((s) => s.status)).toEqual([503, 200]);
    expect((await post("/_control/inbound/press", { from: SHOPPER.from, id: "never-sent" })).status).toBe(400);
  });
});
