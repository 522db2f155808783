import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { E2E_ADMIN_TOKEN } from "./global-setup.js";
import { DESKTOP, launch, PHONE, screenshot, widget, type Session } from "./browser.js";

const base = inject("baseUrl");
let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
  // Whatever happened above, leave WELCOME10 alive for the other files of the run.
  await fetch(`${base}/admin/promos/WELCOME10/kill-switch`, {
    method: "PUT",
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ killed: false, reason: "e2e cleanup" }),
  });
});

describe("the ops console", () => {
  it("shows nothing without the admin token and refuses a wrong one", async () => {
    const { context, page } = await session.page(DESKTOP);
    const adminCalls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/admin/")) adminCalls.push(r.url());
    });
    await page.goto(`${base}/ops`);
    await page.getByLabel("Admin token").waitFor();
    expect(await page.locator("table").count()).toBe(0);
    expect(adminCalls).toEqual([]);
    await page.getByLabel("Admin token").fill("wrong-token");
    await page.getByRole("button", { name: "Open console" }).click();
    expect(await page.getByRole("alert").innerText()).toBe("That admin token was refused.");
    expect(await page.evaluate("sessionStorage.getItem('ops-admin-token')")).toBeNull();
    await context.close();
  });

  it("kills a promotion with a reason: a shopper's open quote re-prices at full price, and the audit log shows the kill", async () => {
    // A shopper with WELCOME10 in a quote, before the kill.
    const shopper = await session.page(PHONE);
    await shopper.page.goto(base);
    const w = widget(shopper.page);
    await w.press(await (await w.askForVariant()).innerText());
    await w.say("apply code WELCOME10");
    await w.say("checkout");
    const quote = await w.lastReply.getByRole("region", { name: "Order to confirm" }).innerText();
    expect(quote).toContain("Discount WELCOME10");
    const discounted = /Total\s+(\$[\d.,]+)/.exec(quote)![1]!;

    const ops = await session.page(DESKTOP);
    const urls: string[] = [];
    ops.page.on("request", (r) => urls.push(r.url()));
    await ops.page.goto(`${base}/ops`);
    await ops.page.getByLabel("Admin token").fill(E2E_ADMIN_TOKEN);
    await ops.page.getByRole("button", { name: "Open console" }).click();
    const row = ops.page.locator('tr[data-code="WELCOME10"]');
    await row.waitFor();
    expect(await row.innerText()).toContain("live");
    expect(await ops.page.getByRole("columnheader").allInnerTexts()).toEqual(
      expect.arrayContaining(["Cap", "Reserved", "Redeemed", "Remaining", "Per minute"]),
    );

    // The reason is required: an empty one is not sent.
    const kill = row.getByRole("button", { name: "Kill" });
    await kill.click();
    expect(
      await row
        .getByLabel("Reason for killing WELCOME10")
        .evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    await row.getByLabel("Reason for killing WELCOME10").fill("budget spent");
    await kill.click();
    await ops.page.locator('tr[data-code="WELCOME10"] .killed').waitFor();
    const audit = ops.page.getByRole("region", { name: "Audit log" });
    await audit.getByRole("cell", { name: "promotion.kill" }).waitFor();
    expect(await audit.locator("tbody tr").first().innerText()).toMatch(
      /ops-console\tpromotion\.kill\tWELCOME10\tbudget spent/,
    );
    await screenshot(ops.page, "ops-console", true);

    // The shopper confirms the old quote: nothing is charged at the discounted price; a new quote without the code.
    await w.press(`Pay ${discounted}`);
    const reply = await w.lastReply.innerText();
    expect(reply).toMatch(/WELCOME10/);
    const requote = await w.lastReply.getByRole("region", { name: "Order to confirm" }).innerText();
    expect(requote).not.toContain("Discount WELCOME10");
    const full = /Total\s+(\$[\d.,]+)/.exec(requote)![1]!;
    const subtotal = /Subtotal\s+(\$[\d.,]+)/.exec(requote)![1]!;
    expect(full).toBe(subtotal);
    expect(full).not.toBe(discounted);
    expect(await w.root.getByRole("region", { name: "Order", exact: true }).count()).toBe(0);

    // A new shopper who types the code is told it is off, and pays the full price.
    const next = await session.page(PHONE);
    await next.page.goto(base);
    const w2 = widget(next.page);
    await w2.press(await (await w2.askForVariant()).innerText());
    await w2.say("apply code WELCOME10");
    const cart = await w2.lastReply.getByRole("region", { name: "Cart" }).innerText();
    expect(cart).toContain("WELCOME10 not applied: WELCOME10 has been switched off.");
    expect(/Total\s+(\$[\d.,]+)/.exec(cart)![1]).toBe(/Subtotal\s+(\$[\d.,]+)/.exec(cart)![1]);
    await next.context.close();

    // Revive from the console too, so the code works again for everyone else.
    await row.getByLabel("Reason for reviving WELCOME10").fill("back on");
    await row.getByRole("button", { name: "Revive" }).click();
    await ops.page.locator('tr[data-code="WELCOME10"] .live').waitFor();
    await audit.getByRole("cell", { name: "promotion.revive" }).waitFor();

    // The token never travels in a URL.
    expect(urls.filter((u) => u.includes(E2E_ADMIN_TOKEN))).toEqual([]);
    expect(ops.errors).toEqual([]);
    await Promise.all([shopper.context.close(), ops.context.close()]);
  });
});
