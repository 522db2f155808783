import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Shopper, type ChatBody } from "./client.js";
import { insertProduct, setPrice } from "./fixtures.js";

interface CheckoutBody extends ChatBody {
  quote?: { id: string; hash: string; total: number; currency: string; expires_at: string; lines: { sku: string }[] };
  order?: { id: string; status: string; total: number; currency: string; payment_url?: string };
}

const DAY = 86_400_000;

beforeAll(async () => {
  await insertProduct({
    id: "fx_co_lamp",
    title: "Lumora Desk Lamp",
    category: "home",
    variants: [{ sku: "LUM-LAMP", price: 2500, stock: 10 }],
  });
  await insertProduct({
    id: "fx_co_last",
    title: "Solitaire Vase",
    category: "home",
    variants: [{ sku: "SOL-VASE", price: 4000, stock: 1 }],
  });
  await insertProduct({
    id: "fx_co_free",
    title: "Gratis Sticker",
    category: "home",
    variants: [{ sku: "GRT-STICK", price: 300, stock: 100 }],
  });
  await env.DB.prepare(
    `INSERT INTO promotions (code, name, kind, value, currency, scope, scope_ids, min_subtotal, starts_at, ends_at, stackable, active)
     VALUES ('FREESTICKER', 'Free sticker', 'percent_off', 10000, NULL, 'skus', '["GRT-STICK"]', 0, ?, ?, 1, 1)`,
  )
    .bind(Date.now() - DAY, Date.now() + DAY)
    .run();
});

async function stock(sku: string): Promise<number> {
  return (await env.DB.prepare("SELECT stock FROM variants WHERE sku = ?").bind(sku).first<{ stock: number }>())!.stock;
}

async function say(s: Shopper, text: string): Promise<CheckoutBody> {
  return (await s.say(text)) as CheckoutBody;
}

describe("checkout: quote, confirmation bound to the quote, order", () => {
  it("quotes the cart with a hash, an expiry and pay/cancel buttons naming the quote", async () => {
    const s = new Shopper();
    await s.press("add:LUM-LAMP:2");
    const r = await say(s, "checkout");
    expect(r.quote).toMatchObject({ total: 5000, currency: "USD", lines: [{ sku: "LUM-LAMP" }] });
    expect(r.quote!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(r.quote!.expires_at)).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(r.reply.buttons.map((b) => b.payload)).toEqual([`pay:${r.quote!.id}`, `cancel:${r.quote!.id}`]);
    expect(r.reply.text).toContain("$50.00");
    expect(r.order).toBeUndefined();
  });

  it("voids the quote when a price changes and asks again, charging nothing", async () => {
    const s = new Shopper();
    await s.press("add:LUM-LAMP");
    const q = (await say(s, "checkout")).quote!;
    await setPrice("LUM-LAMP", 2700);
    const r = (await s.press(`pay:${q.id}`)) as CheckoutBody;
    await setPrice("LUM-LAMP", 2500);
    expect(r.reply.text).toContain("now costs $27.00 (was $25.00)");
    expect(r.order).toBeUndefined();
    expect(r.quote!.id).not.toBe(q.id);
    expect(r.quote!.total).toBe(2700);
    const stale = (await s.press(`pay:${q.id}`)) as CheckoutBody;
    expect(stale.reply.text).toMatch(/no longer valid/);
    expect(stale.order).toBeUndefined();
  });

  it("pays a free order without a processor and takes the stock", async () => {
    const s = new Shopper();
    const before = await stock("GRT-STICK");
    await s.press("add:GRT-STICK");
    await say(s, "apply code FREESTICKER");
    const q = await say(s, "checkout");
    expect(q.quote!.total).toBe(0);
    const paid = await say(s, "yes");
    expect(paid.order).toMatchObject({ status: "paid", total: 0 });
    expect(paid.cart.lines).toEqual([]);
    expect(await stock("GRT-STICK")).toBe(before - 1);
  });

  it("creates exactly one order for 50 concurrent confirmations of one quote", async () => {
    const s = new Shopper();
    await s.press("add:GRT-STICK");
    await say(s, "apply code FREESTICKER");
    const q = (await say(s, "checkout")).quote!;
    const before = await stock("GRT-STICK");
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => s.send({ button: `pay:${q.id}` }, `pay-${i}`)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const orders = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE quote_id = ?")
      .bind(q.id)
      .first<{ n: number }>();
    expect(orders!.n).toBe(1);
    expect(await stock("GRT-STICK")).toBe(before - 1);
  });

  it("never oversells the last unit to two shoppers confirming at once", async () => {
    await env.DB.prepare(
      `INSERT INTO promotions (code, name, kind, value, scope, scope_ids, stackable, active) VALUES ('FREEVASE', 'Free vase', 'percent_off', 10000, 'skus', '["SOL-VASE"]', 1, 1)`,
    ).run();
    const a = new Shopper();
    const b = new Shopper();
    for (const s of [a, b]) {
      await s.press("add:SOL-VASE");
      await say(s, "apply code FREEVASE");
    }
    const qa = (await say(a, "checkout")).quote!;
    const qb = (await say(b, "checkout")).quote!;
    const [ra, rb] = (await Promise.all([a.press(`pay:${qa.id}`), b.press(`pay:${qb.id}`)])) as CheckoutBody[];
    const statuses = [ra!.order?.status, rb!.order?.status];
    expect(statuses.filter((x) => x === "paid")).toHaveLength(1);
    expect([ra!.reply.text, rb!.reply.text].join(" ")).toMatch(/sold out just now, so nothing was charged/);
    expect(await stock("SOL-VASE")).toBe(0);
    const paid = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE quote_id IN (?, ?) AND status = 'paid'")
      .bind(qa.id, qb.id)
      .first<{ n: number }>();
    expect(paid!.n).toBe(1);
  });

  it("answers a pay button for an unknown quote politely", async () => {
    const s = new Shopper();
    const r = await s.press("pay:q_doesnotexist");
    expect(r.reply.text).toMatch(/don't know that quote/);
  });

  it("cancels the open quote on request", async () => {
    const s = new Shopper();
    await s.press("add:LUM-LAMP");
    const q = (await say(s, "checkout")).quote!;
    const r = await say(s, "cancel");
    expect(r.reply.text).toMatch(/canceled that quote/);
    expect((r as CheckoutBody).quote).toBeUndefined();
    expect(((await s.press(`pay:${q.id}`)) as CheckoutBody).order).toBeUndefined();
  });
});
