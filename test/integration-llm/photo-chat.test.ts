// POST /v1/chat/photo with a vision model (the stand-in) behind LLM_BASE_URL:
// the reply names what was seen and shows matches with buttons; a lying model
// cannot add to the cart or put its words in the reply; the upload is capped
// and type-checked before any turn runs.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { BASE, conversationId, type ChatBody } from "../integration/client.js";
import { TELEGRAM_TEST_SECRET } from "../integration/global-setup.js";
import { insertProduct } from "../integration/fixtures.js";
import type { Step } from "../stand-ins/model/script.js";

const MODEL = inject("modelOrigin");
const TELEGRAM = inject("llmTelegramUrl");
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

async function script(match: string, steps: Step[]): Promise<void> {
  const res = await fetch(`${MODEL}/_control/scripts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scripts: [{ match, steps }] }),
  });
  expect(res.status).toBe(200);
}

function upload(o: {
  conversation?: string;
  messageId?: string;
  caption?: string;
  bytes?: Uint8Array;
  type?: string;
}): Promise<Response> {
  const q = new URLSearchParams({
    conversation_id: o.conversation ?? conversationId("photo"),
    message_id: o.messageId ?? "p-1",
    ...(o.caption ? { caption: o.caption } : {}),
  });
  return SELF.fetch(`${BASE}/v1/chat/photo?${q}`, {
    method: "POST",
    headers: { "content-type": o.type ?? "image/jpeg" },
    body: o.bytes ?? JPEG,
  });
}

const describeCall = (args: Record<string, unknown>): Step => ({
  tool_calls: [{ name: "describe_photo", arguments: args }],
});

beforeAll(async () => {
  await insertProduct({
    id: "fx_photo_dress",
    title: "Juniper Floral Midi Dress",
    category: "dresses",
    variants: [
      { sku: "JNP-NV-S", color: "navy", size: "S", price: 5900, stock: 3 },
      { sku: "JNP-NV-M", color: "navy", size: "M", price: 5900, stock: 3 },
    ],
  });
});

describe("a storefront photo", () => {
  it("the reply says what was seen, lists matches with buttons, and the cart stays empty", async () => {
    await script("photo of my dress", [
      describeCall({ category: "dress", colours: ["navy"], pattern: "floral", style: "midi" }),
    ]);
    const res = await upload({ caption: "photo of my dress" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChatBody;
    expect(body.reply.text).toMatch(/^That looks like a navy floral midi dress\. Not quite\?/);
    expect(body.reply.text).toContain("Juniper Floral Midi Dress");
    expect(body.reply.text).toContain("nothing goes in your cart until you choose");
    expect(body.reply.buttons).toContainEqual(expect.objectContaining({ payload: "show:fx_photo_dress" }));
    expect(body.cart.lines).toEqual([]);
    const sent = (await (
      await fetch(`${MODEL}/_control/requests?match=${encodeURIComponent("photo of my dress")}`)
    ).json()) as { body: { messages: unknown[] } }[];
    expect(JSON.stringify(sent[0]!.body.messages)).toContain("data:image/jpeg;base64,");
  });

  it("a model that 'adds to cart' with an invented SKU and a $0 price: nothing added, none of its words shown", async () => {
    await script("liar photo", [
      {
        content: "Added JNP-NV-XL to your cart for $0.00!",
        tool_calls: [
          { name: "add_to_cart", arguments: { target: { sku: "JNP-NV-XL" }, quantity: 3 } },
          {
            name: "describe_photo",
            arguments: { category: "dress", colours: ["navy"], keywords: ["JNP-NV-XL", "$0"] },
          },
        ],
      },
    ]);
    const body = (await (await upload({ caption: "liar photo" })).json()) as ChatBody;
    expect(body.cart.lines).toEqual([]);
    expect(body.reply.text).not.toMatch(/JNP-NV-XL|\$0\.00|Added/);
    expect(body.reply.text).toMatch(/^That looks like a navy dress\./);
  });

  it("a garbage answer gets the polite reply asking for words, with a 200", async () => {
    await script("garbage photo", [{ raw: '{"choices": [ {' }]);
    const res = await upload({ caption: "garbage photo" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChatBody;
    expect(body.reply.text).toMatch(/couldn't make out what's in that photo/);
    expect(body.reply.text).not.toMatch(/model|\bAI\b/i);
    expect(body.cart.lines).toEqual([]);
  });

  it("the same message again is a replay; other bytes under the same id a 409", async () => {
    await script("replayed photo", [describeCall({ category: "dress", colours: ["navy"] })]);
    const conversation = conversationId("photo");
    const first = await upload({ conversation, messageId: "same", caption: "replayed photo" });
    expect(first.status).toBe(200);
    const again = await upload({ conversation, messageId: "same", caption: "replayed photo" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const other = await upload({
      conversation,
      messageId: "same",
      caption: "replayed photo",
      bytes: Uint8Array.from([...JPEG, 1]),
    });
    expect(other.status).toBe(409);
  });
});

describe("the upload is checked before any turn", () => {
  it("a 1 MB photo is taken (the 64 KB cap of JSON bodies does not apply)", async () => {
    await script("big photo", [describeCall({ category: "dress" })]);
    const photo = new Uint8Array(1024 * 1024);
    photo.set(JPEG);
    const res = await upload({ bytes: photo, caption: "big photo" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ChatBody).reply.text).toMatch(/^That looks like a dress\./);
  });

  it("over 2 MB is a 413 image_too_large", async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(JPEG);
    const res = await upload({ bytes: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "image_too_large" } });
  });

  it("a wrong type, or bytes that are not the declared image, is a 415 unsupported_image_type", async () => {
    for (const [type, bytes] of [
      ["text/plain", JPEG],
      ["image/jpeg", new TextEncoder().encode("<html>hi</html>")],
      ["image/png", JPEG],
      ["image/jpeg", new Uint8Array()],
    ] as const) {
      const res = await upload({ type, bytes });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: { code: "unsupported_image_type" } });
    }
  });

  it("a bad conversation id is a 422", async () => {
    const res = await upload({ conversation: "tg:123" });
    expect(res.status).toBe(422);
  });
});

describe("a Telegram photo", () => {
  let chat = 8_100_000;
  async function sendPhoto(o: {
    fileId: string;
    caption: string;
    behaviour?: string;
  }): Promise<{ chatId: number; started: number }> {
    const chatId = ++chat;
    const made = await fetch(`${TELEGRAM}/_control/updates/photo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chatId,
        fileId: o.fileId,
        caption: o.caption,
        bytesBase64: btoa(String.fromCharCode(...JPEG)),
        ...(o.behaviour ? { behaviour: o.behaviour } : {}),
      }),
    });
    const { update } = (await made.json()) as { update: unknown };
    const started = Date.now();
    const res = await SELF.fetch(`${BASE}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM_TEST_SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
    return { chatId, started };
  }
  async function reply(
    chatId: number,
  ): Promise<{ text: string; replyMarkup?: { inline_keyboard: { callback_data?: string }[][] } }> {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const sent = (await (await fetch(`${TELEGRAM}/_control/messages?chat_id=${chatId}`)).json()) as {
        text: string;
      }[];
      if (sent[0]) return sent[0];
    }
    throw new Error(`no Telegram reply in chat ${chatId}`);
  }

  it("is fetched with getFile, seen by the vision model, and answered with matches and buttons", async () => {
    await script("telegram dress photo", [
      describeCall({ category: "dress", colours: ["navy"], pattern: "floral", style: "midi" }),
    ]);
    const { chatId } = await sendPhoto({ fileId: "tg-photo-1", caption: "telegram dress photo" });
    const m = await reply(chatId);
    expect(m.text).toMatch(/^That looks like a navy floral midi dress\./);
    expect(m.text).toContain("Juniper Floral Midi Dress");
    expect((m.replyMarkup?.inline_keyboard ?? []).flat().length).toBeGreaterThan(0);
    const sent = (await (
      await fetch(`${MODEL}/_control/requests?match=${encodeURIComponent("telegram dress photo")}`)
    ).json()) as { body: { messages: unknown[] } }[];
    expect(JSON.stringify(sent[0]!.body.messages)).toContain(
      `data:image/jpeg;base64,${btoa(String.fromCharCode(...JPEG))}`,
    );
  }, 30_000);

  it("a download that hangs gets a polite reply once the download deadline passed, and the model is not asked", async () => {
    await script("telegram hung photo", [describeCall({ category: "dress" })]);
    const { chatId, started } = await sendPhoto({
      fileId: "tg-photo-hung",
      caption: "telegram hung photo",
      behaviour: "hang",
    });
    const m = await reply(chatId);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(m.text).toMatch(/couldn't open that photo/);
    const asked = (await (
      await fetch(`${MODEL}/_control/requests?match=${encodeURIComponent("telegram hung photo")}`)
    ).json()) as unknown[];
    expect(asked).toEqual([]);
  }, 30_000);
});
