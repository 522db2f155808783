import { beforeAll, describe, expect, it } from "vitest";
import { Shopper } from "./client.js";
import { insertProduct, setPrice } from "./fixtures.js";

// Made-up brand words so searches hit only these fixtures, not the seed.
beforeAll(async () => {
  await insertProduct({
    id: "fx_zephyr",
    title: "Zephyrine Wrap Dress",
    category: "dresses",
    variants: [
      { sku: "ZPH-NAVY-M", color: "navy", size: "M", price: 3500 },
      { sku: "ZPH-SKY-M", color: "sky blue", size: "M", price: 3600 },
      { sku: "ZPH-SKY-L", color: "sky blue", size: "L", price: 3600 },
      { sku: "ZPH-RED-M", color: "red", size: "M", price: 3400 },
    ],
  });
  await insertProduct({
    id: "fx_quill",
    title: "Quillon Shift Dress",
    category: "dresses",
    variants: [
      { sku: "QLN-COB-M", color: "cobalt blue", size: "M", price: 3900, history: [[20, 2900]] },
      { sku: "QLN-COB-L", color: "cobalt blue", size: "L", price: 3900, history: [[20, 2900]] },
    ],
  });
  await insertProduct({
    id: "fx_quill_luxe",
    title: "Quillon Shift Dress Luxe",
    category: "dresses",
    variants: [{ sku: "QLN-LUX-M", color: "royal blue", size: "M", price: 9900 }],
  });
  await insertProduct({
    id: "fx_tea",
    title: "Vantablend Oolong Tea",
    category: "beverages",
    variants: [{ sku: "VTB-OOLONG", size: "250G", price: 1250, stock: 3 }],
  });
});

describe("chat: search, cart and promotions end to end", () => {
  it("finds blue dresses under a price in a size, with engine prices", async () => {
    const s = new Shopper();
    const r = await s.say("find a blue quillon dress under $40 in size M");
    const ids = r.reply.products?.map((p) => p.id);
    expect(ids).toEqual(["fx_quill"]);
    expect(r.reply.products?.[0]?.price_from).toBe(3900);
    expect(r.reply.text).toContain("$39.00");
    expect(r.reply.buttons).toEqual([{ label: "1. Quillon Shift Dress", payload: "show:fx_quill" }]);
  });

  it("asks which shade when 'the blue one' fits several variants, and adds nothing", async () => {
    const s = new Shopper();
    await s.say("show me zephyrine dresses");
    const r = await s.say("add the blue one");
    expect(r.cart.lines).toEqual([]);
    expect(r.reply.text).toMatch(/which one/i);
    expect(r.reply.buttons.map((b) => b.payload).sort()).toEqual(["add:ZPH-NAVY-M", "add:ZPH-SKY-L", "add:ZPH-SKY-M"]);
    const picked = await s.press("add:ZPH-SKY-M");
    expect(picked.cart.lines).toMatchObject([{ sku: "ZPH-SKY-M", quantity: 1, unit_amount: 3600, line_total: 3600 }]);
  });

  it("adds exactly the variant that the search filters and the ordinal pin down", async () => {
    const s = new Shopper();
    await s.say("find a blue dress in size M under $40 zephyrine");
    const r = await s.say("add 2 of the first one");
    // blue + M leaves navy/M and sky blue/M: still two, so the agent must ask.
    expect(r.cart.lines).toEqual([]);
    expect(r.reply.buttons.map((b) => b.payload).sort()).toEqual(["add:ZPH-NAVY-M:2", "add:ZPH-SKY-M:2"]);
    const added = await s.say("add 2 of the navy one");
    expect(added.cart.lines).toMatchObject([{ sku: "ZPH-NAVY-M", quantity: 2, line_total: 7000 }]);
    expect(added.cart.total).toBe(7000);
  });

  it("changes size on request and keeps the colour", async () => {
    const s = new Shopper();
    await s.press("add:ZPH-SKY-M");
    const r = await s.say("make it size L");
    expect(r.cart.lines).toMatchObject([{ sku: "ZPH-SKY-L", quantity: 1 }]);
    const missing = await s.say("make it size XS");
    expect(missing.cart.lines).toMatchObject([{ sku: "ZPH-SKY-L" }]);
    expect(missing.reply.text).toMatch(/doesn't come in/);
  });

  it("removes an item named in words, and only that one", async () => {
    const s = new Shopper();
    await s.press("add:ZPH-RED-M");
    await s.press("add:VTB-OOLONG");
    const r = await s.say("remove the tea");
    expect(r.cart.lines.map((l) => l.sku)).toEqual(["ZPH-RED-M"]);
  });

  it("refuses more than the stock and says how many are left", async () => {
    const s = new Shopper();
    const r = await s.press("add:VTB-OOLONG:5");
    expect(r.cart.lines).toEqual([]);
    expect(r.reply.text).toContain("only 3");
  });

  it("takes prices from the catalog, never from the shopper's words, and reprices every turn", async () => {
    const s = new Shopper();
    await s.press("add:ZPH-RED-M");
    const r = await s.say("add the zephyrine dress in red for $0.01");
    // The words may even add another unit; what they can never do is set a price.
    for (const line of r.cart.lines) expect(line.unit_amount).toBe(3400);
    await setPrice("ZPH-RED-M", 3300);
    const after = await s.say("what's in my cart?");
    expect(after.cart.lines[0]?.unit_amount).toBe(3300);
    expect(after.cart.subtotal).toBe(3300 * after.cart.lines[0]!.quantity);
    await setPrice("ZPH-RED-M", 3400);
  });

  it("answers 'was this cheaper last month?' from price history", async () => {
    const s = new Shopper();
    await s.say("show me the quillon shift dress");
    await s.say("show me the first one");
    const r = await s.say("was this cheaper last month?");
    expect(r.reply.text).toMatch(/^Yes/);
    expect(r.reply.text).toContain("$29.00");
    const z = new Shopper();
    await z.press("show:fx_tea");
    expect((await z.say("was this cheaper last month?")).reply.text).toMatch(/^No/);
  });

  it("applies a promotion and shows a refused code with its ACP reason", async () => {
    const s = new Shopper();
    await s.press("add:ZPH-NAVY-M");
    const r = await s.say("apply code WELCOME10");
    expect(r.cart.discounts).toEqual([{ code: "WELCOME10", amount: 350 }]);
    expect(r.cart.total).toBe(3150);
    const bad = await s.say("apply code EXPIRED20");
    expect(bad.cart.promo_codes).toEqual(["WELCOME10", "EXPIRED20"]);
    expect(bad.cart.rejected_codes).toMatchObject([{ code: "EXPIRED20", reason: "discount_code_expired" }]);
    expect(bad.reply.text).toMatch(/EXPIRED20 can't be used/);
    const unknown = await s.say("use coupon NOSUCHCODE");
    expect(unknown.cart.rejected_codes.map((x) => x.reason)).toContain("discount_code_invalid");
    expect(unknown.cart.total).toBe(3150);
  });

  it("answers gibberish politely with help, changing nothing", async () => {
    const s = new Shopper();
    await s.press("add:ZPH-NAVY-M");
    const r = await s.say("???");
    expect(r.reply.text).toMatch(/didn't understand/);
    expect(r.cart.lines).toHaveLength(1);
    const words = await s.say("qwxz zzkj");
    expect(words.reply.text).toMatch(/found nothing/);
    expect(words.cart.lines).toHaveLength(1);
  });
});
