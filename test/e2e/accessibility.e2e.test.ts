import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { E2E_ADMIN_TOKEN } from "./global-setup.js";
import { DESKTOP, launch, PHONE, widget, type Session } from "./browser.js";

const base = inject("baseUrl");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

/** Name of the focused element, looking through shadow roots. */
const FOCUSED = `(() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a ? (a.getAttribute("aria-label") || a.getAttribute("placeholder") || a.textContent || a.tagName).trim() : "";
})()`;

async function tabUntil(page: Page, matches: (name: string) => boolean, key = "Tab", max = 60): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const name = (await page.evaluate(FOCUSED)) as string;
    if (matches(name)) return name;
  }
  throw new Error("focus never reached the element");
}

/** axe-core's serious and critical findings (WCAG 2 A/AA rules) for the page as it is. */
async function seriousViolations(page: Page) {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })`,
  )) as {
    violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }));
}

describe("keyboard and screen readers", () => {
  it("goes from search to add to checkout with the keyboard alone", async () => {
    const { context, page, errors } = await session.page(PHONE);
    await page.goto(base);
    await page.locator("#grid li").first().waitFor();
    const w = widget(page);
    const typeAndEnter = async (text: string) => {
      const replies = await w.replies.count();
      await page.keyboard.type(text);
      await page.keyboard.press("Enter");
      await w.waitForReply(replies);
    };

    await tabUntil(page, (n) => n.startsWith("Ask for a product"));
    await typeAndEnter("find a blue dress");
    expect(await page.evaluate(FOCUSED)).toMatch(/^Ask for a product/);
    await typeAndEnter("add the first one");
    expect(await w.lastReply.innerText()).toMatch(/Which one would you like\?/);

    // Back from the message box into the latest reply's options (earlier replies' buttons are disabled).
    const options = await w.lastReply.getByRole("group", { name: "Options" }).getByRole("button").allInnerTexts();
    const first = options[0]!;
    await tabUntil(page, (n) => n === first, "Shift+Tab");
    let replies = await w.replies.count();
    await page.keyboard.press("Enter");
    await w.waitForReply(replies);
    expect(await w.lastReply.innerText()).toMatch(/^Added 1 × /m);

    await tabUntil(page, (n) => n.startsWith("Ask for a product"));
    await typeAndEnter("checkout");
    const pay = await tabUntil(page, (n) => n.startsWith("Pay "), "Shift+Tab");
    replies = await w.replies.count();
    await page.keyboard.press("Space");
    await w.waitForReply(replies);
    const order = w.lastReply.getByRole("region", { name: "Order", exact: true });
    expect(await order.locator(".status").innerText()).toBe("waiting for payment");
    expect(await order.innerText()).toContain(pay.slice("Pay ".length));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("labels the shop, the widget and its replies: no serious axe violations", async () => {
    const { context, page } = await session.page(PHONE);
    await page.goto(base);
    await page.locator("#grid li").first().waitFor();
    const w = widget(page);
    await w.press(await (await w.askForVariant()).innerText());
    await w.say("apply code EXPIRED20");
    await w.say("checkout");
    expect(await w.log.getAttribute("aria-live")).toBe("polite");
    expect(await w.input.getAttribute("id")).toBe("q");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("the ops console and the docs page have no serious axe violations", async () => {
    const { context, page } = await session.page(DESKTOP);
    await page.goto(`${base}/ops`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Admin token").fill(E2E_ADMIN_TOKEN);
    await page.keyboard.press("Enter");
    await page.locator('tr[data-code="WELCOME10"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${base}/docs`);
    await page.locator("article").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
