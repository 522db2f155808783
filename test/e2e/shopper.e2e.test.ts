import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launch, PHONE, screenshot, widget, type Session } from "./browser.js";

const base = inject("baseUrl");
let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe("a shopper at phone width", () => {
  it("searches, picks a variant with a button, sees a rejected code's reason, checks out and pays on the payment page", async () => {
    const { context, page, errors } = await session.page(PHONE);
    await page.goto(base);
    const w = widget(page);
    await page.locator("#grid li").first().waitFor();

    await w.say("find a blue dress");
    const cards = w.lastReply.getByRole("listitem");
    expect(await cards.count()).toBeGreaterThan(1);
    const image = w.lastReply.locator(".card img").first();
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);

    // "The first one" has several variants: the shop asks, with buttons, instead of guessing.
    await w.say("add the first one");
    expect(await w.lastReply.innerText()).toMatch(/Which one would you like\?/);
    const choice = w.lastReply.getByRole("group", { name: "Options" }).getByRole("button").first();
    const variant = (await choice.innerText()).replace(/\s*\$[\d.,]+$/, "");
    await w.press(await choice.innerText());
    expect(await w.lastReply.innerText()).toContain(`(${variant})`);
    expect(await w.lastReply.innerText()).toMatch(/^Added 1 × /m);

    await w.say("apply code EXPIRED20");
    expect(await w.lastReply.locator(".rejected").innerText()).toMatch(/^EXPIRED20 not applied: EXPIRED20 ended on /);
    await w.say("apply code WELCOME10");
    const cart = await w.lastReply.getByRole("region", { name: "Cart" }).innerText();
    expect(cart).toMatch(/Discount WELCOME10\s+-\$\d+\.\d\d/);
    const total = /Total\s+(\$[\d.,]+)/.exec(cart)![1]!;
    await screenshot(page, "shop-phone");

    await w.say("checkout");
    const quote = w.lastReply.getByRole("region", { name: "Order to confirm" });
    expect(await quote.innerText()).toContain(`Total\t${total}`);
    await w.press(`Pay ${total}`);
    const order = w.lastReply.getByRole("region", { name: "Order", exact: true });
    expect(await order.locator(".status").innerText()).toBe("waiting for payment");

    // The payment link opens the Stripe stand-in's hosted Checkout page in a new tab.
    const [payPage] = await Promise.all([
      context.waitForEvent("page"),
      order.getByRole("link", { name: /Pay now/ }).click(),
    ]);
    await payPage.waitForLoadState();
    expect(await payPage.locator("h1").innerText()).toContain(total.slice(1));
    await payPage.getByRole("button", { name: /^Pay / }).click();
    // Checkout sends the tab back to the Worker's /pay/done, which reads the order's state from Stripe.
    await payPage.getByRole("heading", { name: "Payment received" }).waitFor();
    expect(new URL(payPage.url()).pathname).toBe("/pay/done");
    expect(await payPage.getByRole("link", { name: "Back to the shop and the chat" }).getAttribute("href")).toBe("/");
    await payPage.close();

    // Back in the widget: it checks the order when the page is shown again (and polls meanwhile).
    await page.bringToFront();
    await w.root.locator('.status[data-status="paid"]').waitFor({ timeout: 20_000 });
    expect(await w.root.locator(".order").last().innerText()).toContain(`${total}: paid`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the shop at desktop width with the chat beside the grid", async () => {
    const { context, page, errors } = await session.page(DESKTOP);
    await page.goto(base);
    await page.locator("#grid li").first().waitFor();
    const w = widget(page);
    await w.say("find a blue dress");
    await w.lastReply.locator(".low").filter({ hasText: "Lowest in 30 days" }).first().waitFor();
    const grid = await page.locator("#grid").boundingBox();
    const chat = await page.locator("shop-chat").boundingBox();
    expect(chat!.x).toBeGreaterThan(grid!.x + grid!.width - 1);
    await screenshot(page, "shop-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits 360 px without horizontal scrolling", async () => {
    const { context, page } = await session.page(PHONE);
    await page.goto(base);
    await page.locator("#grid li").first().waitFor();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });
});
