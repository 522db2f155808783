import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { acp, createSession, fulfillment, paymentData } from "./acp-client.js";
import { conversationId, type ChatBody } from "./client.js";
import { fetchWithVars, setObjectEnv } from "./env-overrides.js";
import { insertProduct } from "./fixtures.js";
import { buttons, TelegramChat } from "./telegram-chat.js";

/**
 * The shop-wide checkout gate counts only real confirmations of a live quote,
 * and every path to an order passes it: the storefront in any words, Telegram
 * buttons and ACP /complete. The budget is 3 for the whole file (a day-long
 * window, so no window boundary falls inside the test).
 */
const GATE = { LIMIT_CHECKOUT_GLOBAL: "3/1440m" };
const SKU = "GATE-MUG";

interface Body extends ChatBody {
  quote?: { id: string };
  order?: { id: string; status: string };
}

beforeAll(async () => {
  await insertProduct({
    id: "fx_gate_mug",
    title: "Gate Mug",
    category: "home",
    variants: [{ sku: SKU, price: 1200, stock: 1000 }],
  });
});

const conversationObject = (id: string) => env.CONVERSATION.get(env.CONVERSATION.idFromName(id));

async function ordersOf(conversation: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE conversation_id = ?")
    .bind(conversation)
    .first<{ n: number }>())!.n;
}

/** A guest in a shop configured with GATE (the route and the conversation's object both see it). */
class GatedGuest {
  readonly conversation = conversationId("gate");
  private n = 0;

  send(message: { text?: string; button?: string }): Promise<Response> {
    return fetchWithVars(GATE, "/v1/chat", {
      method: "POST",
      body: JSON.stringify({ conversation_id: this.conversation, message_id: `g-${++this.n}`, ...message }),
    });
  }

  async ok(message: { text?: string; button?: string }): Promise<Body> {
    const res = await this.send(message);
    expect(res.status).toBe(200);
    return (await res.json()) as Body;
  }

  /** Cart and a quote on screen; the next message can confirm it. */
  async quoted(): Promise<Body> {
    await this.ok({ button: `add:${SKU}` });
    await setObjectEnv(conversationObject(this.conversation), GATE);
    return this.ok({ text: "checkout" });
  }
}

describe("checkout gate (LIMIT_CHECKOUT_GLOBAL) in the engine", () => {
  it("is not used up by presses of a bogus Pay from throwaway conversations; a real shopper's Pay is admitted", async () => {
    for (let i = 0; i < 3; i++) {
      const throwaway = new GatedGuest();
      const r = await throwaway.ok({ button: "pay:q_bogus" });
      expect(r.reply.text).toMatch(/don't know that quote/);
    }
    const real = new GatedGuest();
    const quote = (await real.quoted()).quote!;
    const paid = await real.ok({ button: `pay:${quote.id}` });
    expect(paid.order?.status).toBe("pending_payment");
  });

  it("once closed, turns away every confirmation: any words, a Telegram Pay button, ACP /complete — with nothing placed", async () => {
    // Two more real confirmations use the rest of the budget (3).
    for (let i = 0; i < 2; i++) {
      const g = new GatedGuest();
      await g.quoted();
      expect((await g.ok({ text: "pay" })).order?.status).toBe("pending_payment");
    }

    for (const words of ["please pay", "confirmed", "i confirm", "okay pay", "yes"]) {
      const g = new GatedGuest();
      await g.quoted();
      const res = await g.send({ text: words });
      expect(res.status, words).toBe(429);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
      const body = (await res.json()) as { error: { code: string }; reply: { text: string } };
      expect(body.error.code).toBe("rate_limited");
      expect(body.reply.text).toMatch(/checking out right now.*Nothing was charged/);
      expect(await ordersOf(g.conversation), words).toBe(0);
      // Browsing and quoting are not gated.
      expect((await g.send({ text: "help" })).status).toBe(200);
    }

    const chat = new TelegramChat(8_300_001);
    const hi = await chat.say("hi");
    await setObjectEnv(conversationObject(`tg:${chat.chatId}`), GATE);
    await chat.press(hi, `add:${SKU}`);
    const quote = await chat.say("checkout");
    const refused = await chat.press(
      quote,
      buttons(quote).find((d) => d?.startsWith("pay:"))!,
    );
    expect(refused.text).toMatch(/checking out right now/);
    expect(await ordersOf(`tg:${chat.chatId}`)).toBe(0);

    const session = await createSession([{ id: SKU, quantity: 1 }], { fulfillment_details: fulfillment });
    expect(session.status).toBe("ready_for_payment");
    await setObjectEnv(env.CHECKOUT_SESSION.get(env.CHECKOUT_SESSION.idFromName(session.id)), GATE);
    const key = crypto.randomUUID();
    const completed = await acp("POST", `/checkout_sessions/${session.id}/complete`, {
      body: { payment_data: paymentData("spt_test_ok_gate") },
      idempotencyKey: key,
    });
    expect(completed.status).toBe(429);
    expect(completed.headers.get("Retry-After")).not.toBeNull();
    expect(completed.body).toMatchObject({ code: "rate_limited" });
    expect(await ordersOf(session.id)).toBe(0);
  });
});
