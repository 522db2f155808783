import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "./client.js";
import { eventually, hmacHex, json, orderOf, payOnPage, WHATSAPP } from "./channel-helpers.js";

const APP_SECRET = "integration-whatsapp-app-secret";
const PHONE_NUMBER_ID = "106540352242922";

interface Sent {
  message: {
    to: string;
    type: string;
    text?: { body: string };
    interactive?: {
      type: string;
      body: { text: string };
      action: {
        buttons?: { reply: { id: string; title: string } }[];
        sections?: { rows: { id: string; title: string }[] }[];
      };
    };
  };
}

let seq = 0;
let phone = 15550000000;

class WhatsAppChat {
  readonly waId = String(++phone);
  private seen = 0;

  body(message: Record<string, unknown>) {
    return {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "WABA",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550009999", phone_number_id: PHONE_NUMBER_ID },
                contacts: [{ profile: { name: "Bo" }, wa_id: this.waId }],
                messages: [
                  {
                    from: this.waId,
                    id: `wamid.TEST${++seq}`,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    ...message,
                  },
                ],
              },
            },
          ],
        },
      ],
    };
  }

  async post(payload: unknown, signature?: string): Promise<Response> {
    const raw = JSON.stringify(payload);
    return SELF.fetch(`${BASE}/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": signature ?? `sha256=${await hmacHex(APP_SECRET, raw)}`,
      },
      body: raw,
    });
  }

  async say(text: string): Promise<Sent> {
    expect((await this.post(this.body({ type: "text", text: { body: text } }))).status).toBe(200);
    return this.nextReply();
  }

  async press(id: string): Promise<Sent> {
    const res = await this.post(
      this.body({ type: "interactive", interactive: { type: "button_reply", button_reply: { id, title: "x" } } }),
    );
    expect(res.status).toBe(200);
    return this.nextReply();
  }

  async nextReply(): Promise<Sent> {
    // A long reply is split into several sends; wait until it settles, then take the last (it carries the buttons).
    await eventually(
      async () => (await json<Sent[]>(`${WHATSAPP}/_control/sends?to=${this.waId}`)).length > this.seen,
      "a WhatsApp reply",
    );
    await new Promise((r) => setTimeout(r, 100));
    const all = await json<Sent[]>(`${WHATSAPP}/_control/sends?to=${this.waId}`);
    const next = all.slice(this.seen);
    this.seen = all.length;
    return next.at(-1)!;
  }
}

const textOf = (s: Sent) => s.message.text?.body ?? s.message.interactive?.body.text ?? "";
const ids = (s: Sent) => [
  ...(s.message.interactive?.action.buttons ?? []).map((b) => b.reply.id),
  ...(s.message.interactive?.action.sections ?? []).flatMap((x) => x.rows.map((r) => r.id)),
];

describe("WhatsApp: from hi to a paid order", () => {
  it("answers the verification handshake only with the right token", async () => {
    const ok = await SELF.fetch(
      `${BASE}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=integration-verify-token&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const bad = await SELF.fetch(`${BASE}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it("shops with reply buttons and a list, pays by link, and gets the receipt", async () => {
    const chat = new WhatsAppChat();
    expect(textOf(await chat.say("hello"))).toMatch(/I can help you shop/);
    const added = await chat.say("add milk tea");
    expect(textOf(added)).toMatch(/Added 1 × Classic Milk Tea/);
    const quote = await chat.say("checkout");
    expect(quote.message.interactive?.type).toBe("button");
    const pay = ids(quote).find((id) => id.startsWith("pay:"))!;
    const pending = await chat.press(pay);
    expect(textOf(pending)).toMatch(/Finish paying here/);
    const order = await orderOf(`wa:${PHONE_NUMBER_ID}:${chat.waId}`);
    expect(order).not.toBeNull();
    await payOnPage(order!.payment_url!, order!.id);
    expect(textOf(await chat.nextReply())).toMatch(/^Payment received/);
  });

  it("shows more than three choices as a list", async () => {
    const chat = new WhatsAppChat();
    const found = await chat.say("find dress");
    expect(found.message.interactive?.type).toBe("list");
    expect(ids(found).length).toBeGreaterThan(3);
  });

  it("refuses a forged signature with 401; a redelivered message is handled once; statuses are ignored", async () => {
    const chat = new WhatsAppChat();
    const forged = await chat.post(
      chat.body({ type: "text", text: { body: "add milk tea" } }),
      "sha256=" + "0".repeat(64),
    );
    expect(forged.status).toBe(401);
    const body = chat.body({ type: "text", text: { body: "help" } });
    expect(await (await chat.post(body)).json()).toMatchObject({ accepted: 1 });
    expect(await (await chat.post(body)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await chat.nextReply();
    const status = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "WABA",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "1", phone_number_id: PHONE_NUMBER_ID },
                statuses: [{ id: "wamid.X", status: "delivered", timestamp: "1", recipient_id: chat.waId }],
              },
            },
          ],
        },
      ],
    };
    expect(await (await chat.post(status)).json()).toMatchObject({ ok: true });
  });
});
