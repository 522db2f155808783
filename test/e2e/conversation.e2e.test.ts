import type { Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, PHONE, widget, type Session } from "./browser.js";

const base = inject("baseUrl");
let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

type ChatRequest = { conversation_id: string; message_id: string; text?: string; button?: string };
const chatBodies = (requests: Request[]) =>
  requests.filter((r) => r.url().endsWith("/v1/chat")).map((r) => r.postDataJSON() as ChatRequest);

describe("the widget's conversation", () => {
  it("survives a reload: same conversation, same transcript, same cart", async () => {
    const { context, page, errors } = await session.page(PHONE);
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await page.goto(base);
    const w = widget(page);
    await w.press(await (await w.askForVariant()).innerText());
    const before = await w.log.innerText();

    await page.reload();
    await w.lastReply.waitFor();
    expect(await w.log.innerText()).toBe(before);
    await w.say("what's in my cart?");
    expect(await w.lastReply.getByRole("region", { name: "Cart" }).innerText()).toMatch(/^1 × Jersey T-Shirt Dress/m);

    const sent = chatBodies(requests);
    expect(new Set(sent.map((b) => b.conversation_id)).size).toBe(1);
    expect(sent[0]!.conversation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(sent.map((b) => b.message_id)).size).toBe(sent.length);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("retries a send whose response was lost with the same message id, and the item is added once", async () => {
    const { context, page } = await session.page(PHONE);
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await page.goto(base);
    const w = widget(page);
    const option = await w.askForVariant();
    const label = await option.innerText();

    // The server processes the message, then the connection drops before the answer arrives.
    let dropped = 0;
    await page.route("**/v1/chat", async (route) => {
      if (dropped++ > 0) return route.fallback();
      await route.fetch();
      await route.abort("connectionreset");
    });
    await option.click();
    const failed = w.root.locator('.me[data-status="failed"]');
    await failed.waitFor();
    expect(await failed.innerText()).toContain("Not delivered");
    await page.unroute("**/v1/chat");

    const replies = await w.replies.count();
    await failed.getByRole("button", { name: "Retry" }).click();
    await w.waitForReply(replies);
    expect(await w.lastReply.innerText()).toMatch(/^Added 1 × /m);
    await w.say("what's in my cart?");
    const cart = await w.lastReply.getByRole("region", { name: "Cart" }).innerText();
    expect(cart).toMatch(/^1 × /m);
    expect(cart).not.toMatch(/^2 × /m);
    expect(cart.match(/ × /g)).toHaveLength(1);

    const presses = chatBodies(requests).filter((b) => b.button !== undefined && b.button.startsWith("add:"));
    expect(presses).toHaveLength(2);
    expect(presses[1]!.message_id).toBe(presses[0]!.message_id);
    expect(label).toContain("$");
    await context.close();
  });

  it("tells the shopper how long to wait when the shop answers 429", async () => {
    const { context, page } = await session.page(PHONE);
    await page.goto(base);
    await page.route("**/v1/chat", (route) =>
      route.fulfill({
        status: 429,
        headers: { "retry-after": "42", "content-type": "application/json" },
        body: JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }),
      }),
    );
    const w = widget(page);
    await w.input.fill("hello");
    await w.send.click();
    const note = w.root.locator(".note");
    await note.waitFor();
    expect(await note.innerText()).toBe("Too many messages. Please wait 42 seconds and try again.");
    expect(await note.getAttribute("role")).toBe("status");
    await context.close();
  });
});
