import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { BASE } from "./client.js";
import { eventually, hmacHex, json, WHATSAPP } from "./channel-helpers.js";

export const APP_SECRET = "integration-whatsapp-app-secret";
export const PHONE_NUMBER_ID = "106540352242922";

export interface Sent {
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

export class WhatsAppChat {
  /** The WhatsApp stand-in is shared by every test file: files that chat pass their own range of numbers. */
  constructor(readonly waId = String(++phone)) {}
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

export const textOf = (s: Sent) => s.message.text?.body ?? s.message.interactive?.body.text ?? "";
export const ids = (s: Sent) => [
  ...(s.message.interactive?.action.buttons ?? []).map((b) => b.reply.id),
  ...(s.message.interactive?.action.sections ?? []).flatMap((x) => x.rows.map((r) => r.id)),
];
