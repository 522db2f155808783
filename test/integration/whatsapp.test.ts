import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "./client.js";
import { eventually, hmacHex, json, orderOf, payOnPage, WHATSAPP } from "./channel-helpers.js";

import { APP_SECRET, ids, PHONE_NUMBER_ID, textOf, WhatsAppChat, type Sent } from "./whatsapp-chat.js";

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
