import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { json, orderOf, TELEGRAM } from "./channel-helpers.js";
import { setObjectEnv } from "./env-overrides.js";
import { buttons, TelegramChat, type BotMessage } from "./telegram-chat.js";
import { Shopper } from "./client.js";

/** A Stripe test provider token as @BotFather hands it out; the stand-in accepts any non-empty one. */
const PROVIDER_TOKEN = "284685063:TEST:integration";
const TEA = "TEA-MILK-500";

let chatIds = 8_100_000;

interface Invoice {
  title: string;
  payload: string;
  providerToken: string;
  currency: string;
  prices: { label: string; amount: number }[];
  totalAmount: number;
}
type InvoiceMessage = BotMessage & { invoice?: Invoice };

interface Simulated {
  update: { update_id: number; pre_checkout_query?: { id: string } };
}

interface PreCheckoutRecord {
  id: string;
  answered: boolean;
  ok?: boolean;
  errorMessage?: string;
}

const control = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(`${TELEGRAM}/_control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

const queryOf = async (id: string) =>
  (await json<PreCheckoutRecord[]>(`${TELEGRAM}/_control/pre_checkout_queries`)).find((q) => q.id === id);

const orderRow = (id: string) =>
  env.DB.prepare(
    "SELECT status, total, currency, payment_intent_id, telegram_payment_charge_id, provider_payment_charge_id FROM orders WHERE id = ?",
  )
    .bind(id)
    .first<{
      status: string;
      total: number;
      currency: string;
      payment_intent_id: string | null;
      telegram_payment_charge_id: string | null;
      provider_payment_charge_id: string | null;
    }>();

const stockOf = async (sku: string) =>
  (await env.DB.prepare("SELECT stock FROM variants WHERE sku = ?").bind(sku).first<{ stock: number }>())!.stock;

/** A private Telegram chat whose conversation has TELEGRAM_PAYMENT_PROVIDER_TOKEN set. */
async function invoiceChat(): Promise<TelegramChat> {
  const chat = new TelegramChat(++chatIds);
  const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`tg:${chat.chatId}`));
  await setObjectEnv(stub, { TELEGRAM_PAYMENT_PROVIDER_TOKEN: PROVIDER_TOKEN });
  return chat;
}

/** Cart → quote → Pay: the reply, then the invoice message. */
async function invoiceFor(chat: TelegramChat, cart: string[]): Promise<{ reply: BotMessage; invoice: Invoice }> {
  for (const line of cart) await chat.say(line);
  const quote = await chat.say("checkout");
  const pay = buttons(quote).find((d) => d?.startsWith("pay:"))!;
  const reply = await chat.press(quote, pay);
  const invoice = ((await chat.nextReply()) as InvoiceMessage).invoice;
  if (!invoice) throw new Error("the message after the reply is not an invoice");
  return { reply, invoice };
}

/** The shopper presses Pay on the invoice: the stand-in builds the pre_checkout_query; it reaches the webhook here. */
async function preCheckout(chat: TelegramChat, from?: { id: number }) {
  const { update } = await control<Simulated>("updates/pre-checkout", {
    chatId: chat.chatId,
    ...(from ? { from } : {}),
  });
  const res = await chat.post(update);
  return { update, res, body: (await res.json()) as Record<string, unknown>, id: update.pre_checkout_query!.id };
}

async function pay(chat: TelegramChat, preCheckoutQueryId: string, extra: Record<string, unknown> = {}) {
  const { update } = await control<Simulated>("updates/pay", { chatId: chat.chatId, preCheckoutQueryId, ...extra });
  const res = await chat.post(update);
  return { update, res, body: (await res.json()) as Record<string, unknown> };
}

const restorePrices: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of restorePrices.splice(0)) await undo();
});

describe("Telegram invoice (TELEGRAM_PAYMENT_PROVIDER_TOKEN set)", () => {
  it("confirming sends an invoice of the quote's lines (discount folded into the lines), paid inside Telegram, settled once", async () => {
    const chat = await invoiceChat();
    const { reply, invoice } = await invoiceFor(chat, [`add 5 ${TEA.toLowerCase()}`, "apply code WELCOME10"]);
    expect(reply.text).toMatch(/Order ord_\w+ \(\$20\.25\) is reserved for you\. Pay with the invoice below/);
    expect(reply.text).not.toMatch(/http/);
    // 5 × $4.50 = $22.50, WELCOME10 −$2.25: one positive part, the quote's total exactly.
    expect(invoice).toMatchObject({ currency: "USD", totalAmount: 2025, providerToken: PROVIDER_TOKEN });
    expect(invoice.prices).toEqual([
      { label: expect.stringMatching(/^5 × Classic Milk Tea.*−\$2\.25 off/), amount: 2025 },
    ]);
    expect(new TextEncoder().encode(invoice.payload).length).toBeLessThanOrEqual(128);
    const order = (await orderOf(`tg:${chat.chatId}`))!;
    expect(order).toMatchObject({ status: "pending_payment", payment_url: null });

    const pre = await preCheckout(chat);
    expect(pre.body).toMatchObject({ ok: true, outcome: "approved" });
    expect(await queryOf(pre.id)).toMatchObject({ answered: true, ok: true });

    const paid = await pay(chat, pre.id);
    expect(paid.body).toMatchObject({ ok: true, outcome: "paid", order_id: order.id });
    expect(await orderRow(order.id)).toMatchObject({
      status: "paid",
      total: 2025,
      payment_intent_id: "telegram",
      telegram_payment_charge_id: expect.stringMatching(/^tgch_/),
      provider_payment_charge_id: expect.stringMatching(/^ch_standin_/),
    });
    expect((await chat.nextReply()).text).toMatch(/^Payment received: order ord_\w+ is paid \(\$20\.25\)/);
  });

  it("refuses the pre-checkout after a price change, cancels the order (stock back) and shows a fresh quote", async () => {
    const chat = await invoiceChat();
    const before = await stockOf(TEA);
    await invoiceFor(chat, [`add 2 ${TEA.toLowerCase()}`]);
    const order = (await orderOf(`tg:${chat.chatId}`))!;
    expect(await stockOf(TEA)).toBe(before - 2);
    await env.DB.prepare("UPDATE variants SET price_amount = 500 WHERE sku = ?").bind(TEA).run();
    restorePrices.push(() => env.DB.prepare("UPDATE variants SET price_amount = 450 WHERE sku = ?").bind(TEA).run());

    const pre = await preCheckout(chat);
    expect(pre.body).toMatchObject({ ok: true, outcome: "quote_changed" });
    const answered = await queryOf(pre.id);
    expect(answered).toMatchObject({ answered: true, ok: false });
    expect(answered?.errorMessage).toMatch(/changed since this invoice, so nothing was charged/);
    expect((await orderRow(order.id))?.status).toBe("canceled");
    expect(await stockOf(TEA)).toBe(before);

    const fresh = await chat.nextReply();
    expect(fresh.text).toMatch(/Classic Milk Tea now costs \$5\.00 \(was \$4\.50\)/);
    expect(fresh.text).toMatch(/Total to pay: \$10\.00/);
    expect(buttons(fresh).some((d) => d?.startsWith("pay:"))).toBe(true);
    // Telegram charges nothing after a "no": the stand-in will not even build the payment.
    await expect(pay(chat, pre.id)).rejects.toThrow(/not answered ok/);
  });

  it("refuses the pre-checkout when the order's promotion ended meanwhile (the units go back), with a fresh quote", async () => {
    const chat = await invoiceChat();
    await invoiceFor(chat, [`add 5 ${TEA.toLowerCase()}`, "apply code WELCOME10"]);
    const order = (await orderOf(`tg:${chat.chatId}`))!;
    await env.DB.prepare("UPDATE promotions SET ends_at = ? WHERE code = 'WELCOME10'")
      .bind(Date.now() - 1)
      .run();
    restorePrices.push(() => env.DB.prepare("UPDATE promotions SET ends_at = NULL WHERE code = 'WELCOME10'").run());
    const pre = await preCheckout(chat);
    expect(pre.body).toMatchObject({ outcome: "quote_changed" });
    expect(await queryOf(pre.id)).toMatchObject({ answered: true, ok: false });
    expect((await orderRow(order.id))?.status).toBe("canceled");
    const fresh = await chat.nextReply();
    expect(fresh.text).toMatch(/WELCOME10 promotion no longer applies/);
    expect(fresh.text).toMatch(/Total to pay: \$22\.50/);
  });

  it("refuses a pre-checkout from another shopper for this chat's invoice and leaves the order alone", async () => {
    const chat = await invoiceChat();
    await invoiceFor(chat, [`add ${TEA.toLowerCase()}`]);
    const order = (await orderOf(`tg:${chat.chatId}`))!;
    const pre = await preCheckout(chat, { id: chat.chatId + 500_000 });
    expect(pre.body).toMatchObject({ ok: true, outcome: "other_shopper" });
    expect(await queryOf(pre.id)).toMatchObject({ answered: true, ok: false });
    expect((await orderRow(order.id))?.status).toBe("pending_payment");
    // Forced through anyway (a forged successful_payment): not booked, flagged.
    const forced = await pay(chat, pre.id, { force: true });
    expect(forced.body).toMatchObject({ outcome: "flagged_mismatch_other_shopper" });
    expect((await orderRow(order.id))?.status).toBe("pending_payment");
  });

  it("settles a duplicate successful_payment once: same update_id, and the same charge in a new update", async () => {
    const chat = await invoiceChat();
    await invoiceFor(chat, [`add ${TEA.toLowerCase()}`]);
    const order = (await orderOf(`tg:${chat.chatId}`))!;
    const pre = await preCheckout(chat);
    const first = await pay(chat, pre.id);
    expect(first.body).toMatchObject({ outcome: "paid" });
    const charge = (await orderRow(order.id))!.telegram_payment_charge_id!;

    const again = await chat.post(first.update);
    expect(await again.json()).toMatchObject({ ok: true, outcome: "duplicate" });
    const sameCharge = await pay(chat, pre.id, { telegramChargeId: charge });
    expect(sameCharge.body).toMatchObject({ outcome: "duplicate" });
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", telegram_payment_charge_id: charge });

    // A second, different payment of the same invoice is not booked twice: it is flagged for a refund.
    const second = await pay(chat, pre.id);
    expect(second.body).toMatchObject({ outcome: "flagged_paid_twice" });
    const audit = await env.DB.prepare(
      "SELECT reason, details FROM audit_log WHERE action = 'telegram_payment_flagged' AND target = ?",
    )
      .bind(order.id)
      .all<{ reason: string; details: string }>();
    expect(audit.results.map((r) => r.reason)).toEqual(["paid_twice"]);

    expect((await chat.nextReply()).text).toMatch(/^Payment received/);
    expect((await chat.nextReply()).text).toMatch(/doesn't match an order waiting for payment.*refunded/);
    await new Promise((r) => setTimeout(r, 300));
    const receipts = (await chat.messages()).filter((m) => /^Payment received/.test(m.text));
    expect(receipts).toHaveLength(1);
  });

  it("settles concurrent deliveries of one payment once, and of two payments once (the other flagged)", async () => {
    const chat = await invoiceChat();
    await invoiceFor(chat, [`add ${TEA.toLowerCase()}`]);
    const order = (await orderOf(`tg:${chat.chatId}`))!;
    const pre = await preCheckout(chat);
    const built = async (extra: Record<string, unknown>) =>
      (await control<Simulated>("updates/pay", { chatId: chat.chatId, preCheckoutQueryId: pre.id, ...extra })).update;
    const one = await built({ telegramChargeId: "tgch_concurrent_1" });
    const sameCharge = await built({ telegramChargeId: "tgch_concurrent_1" });
    const other = await built({ telegramChargeId: "tgch_concurrent_2" });
    const outcomes = await Promise.all(
      [one, one, sameCharge, other].map(
        async (u) => ((await (await chat.post(u)).json()) as { outcome: string }).outcome,
      ),
    );
    // Whichever charge wins is booked; the other is flagged once; every other delivery is a duplicate.
    expect(outcomes.sort()).toEqual(["duplicate", "duplicate", "flagged_paid_twice", "paid"]);
    const row = (await orderRow(order.id))!;
    expect(row.status).toBe("paid");
    expect(["tgch_concurrent_1", "tgch_concurrent_2"]).toContain(row.telegram_payment_charge_id);
    const flags = await env.DB.prepare(
      "SELECT details FROM audit_log WHERE action = 'telegram_payment_flagged' AND target = ?",
    )
      .bind(order.id)
      .all<{ details: string }>();
    expect(flags.results).toHaveLength(1);
    expect(flags.results[0]!.details).not.toContain(row.telegram_payment_charge_id!);
  });

  it("answers a replayed pre_checkout_query once", async () => {
    const chat = await invoiceChat();
    await invoiceFor(chat, [`add ${TEA.toLowerCase()}`]);
    const pre = await preCheckout(chat);
    expect(pre.body).toMatchObject({ outcome: "approved", duplicate: false });
    const replay = await chat.post(pre.update);
    expect(await replay.json()).toMatchObject({ ok: true, outcome: "approved", duplicate: true });
    const calls = await json<{ method: string; params: { pre_checkout_query_id?: string } }[]>(
      `${TELEGRAM}/_control/calls?method=answerPreCheckoutQuery`,
    );
    expect(calls.filter((c) => c.params.pre_checkout_query_id === pre.id)).toHaveLength(1);
  });

  it("never books a payment with a forged payload, amount or currency: flagged, order still waiting", async () => {
    const chat = await invoiceChat();
    const { invoice } = await invoiceFor(chat, [`add ${TEA.toLowerCase()}`]);
    const order = (await orderOf(`tg:${chat.chatId}`))!;

    const garbage = await preCheckout(chat);
    const forged = await pay(chat, garbage.id, { override: { payload: "q_0000.0000000000000000" } });
    expect(forged.body).toMatchObject({ outcome: "flagged_mismatch_unknown_payload" });
    const cheaper = await pay(chat, garbage.id, { override: { totalAmount: 1 } });
    expect(cheaper.body).toMatchObject({ outcome: "flagged_mismatch_amount" });
    const euros = await pay(chat, garbage.id, { override: { currency: "EUR" } });
    expect(euros.body).toMatchObject({ outcome: "flagged_mismatch_currency" });
    expect(await orderRow(order.id)).toMatchObject({ status: "pending_payment", telegram_payment_charge_id: null });
    const flagged = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'telegram_payment_flagged' AND details LIKE ?",
    )
      .bind(`%"chat_id":${chat.chatId}%`)
      .first<{ n: number }>();
    expect(flagged?.n).toBe(3);

    // A pre-checkout naming a payload we never issued is refused.
    const { update } = await control<Simulated>("updates/pre-checkout", { chatId: chat.chatId });
    const q = update.pre_checkout_query as unknown as Record<string, unknown>;
    const res = await chat.post({
      ...update,
      pre_checkout_query: { ...q, invoice_payload: invoice.payload.replace(/.$/, "0") },
    });
    expect(await res.json()).toMatchObject({ outcome: "unknown_payload" });
    expect(await queryOf(String(q.id))).toMatchObject({ answered: true, ok: false });
  });

  it("refuses a pre_checkout_query that breaks the schema (negative amount), without approving anything", async () => {
    const chat = await invoiceChat();
    await invoiceFor(chat, [`add ${TEA.toLowerCase()}`]);
    const { update } = await control<Simulated>("updates/pre-checkout", { chatId: chat.chatId });
    const q = update.pre_checkout_query as unknown as Record<string, unknown>;
    const res = await chat.post({ ...update, pre_checkout_query: { ...q, total_amount: -450 } });
    expect(await res.json()).toMatchObject({ ok: true, ignored: "malformed pre_checkout_query", answered: true });
    expect(await queryOf(String(q.id))).toMatchObject({ answered: true, ok: false });
  });
});

describe("Telegram without TELEGRAM_PAYMENT_PROVIDER_TOKEN, and other channels", () => {
  it("keeps the payment link and sends no invoice", async () => {
    const chat = new TelegramChat(++chatIds);
    await chat.say(`add ${TEA.toLowerCase()}`);
    const quote = await chat.say("checkout");
    const pending = await chat.press(
      quote,
      buttons(quote).find((d) => d?.startsWith("pay:"))!,
    );
    expect(pending.text).toMatch(/Finish paying here: http/);
    await new Promise((r) => setTimeout(r, 300));
    const invoices = await json<{ params: { chat_id?: number } }[]>(`${TELEGRAM}/_control/calls?method=sendInvoice`);
    expect(invoices.filter((c) => c.params.chat_id === chat.chatId)).toHaveLength(0);
  });

  it("the storefront keeps its payment link even when the token is set", async () => {
    const shopper = new Shopper();
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(shopper.conversation));
    await setObjectEnv(stub, { TELEGRAM_PAYMENT_PROVIDER_TOKEN: PROVIDER_TOKEN });
    await shopper.say(`add ${TEA.toLowerCase()}`);
    const quoted = (await shopper.say("checkout")) as { quote?: { id: string } };
    const paid = (await shopper.press(`pay:${quoted.quote!.id}`)) as { order?: unknown };
    expect(paid.order).toMatchObject({ status: "pending_payment", payment_url: expect.stringMatching(/^http/) });
  });
});
