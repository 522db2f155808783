import { describe, expect, it } from "vitest";
import { payload } from "../../agent/payloads.js";
import type { Reply } from "../../agent/reply.js";
import type { ProductSummary } from "../../catalog/types.js";
import { renderWhatsApp, type WhatsAppInteractiveMessage, type WhatsAppTextMessage } from "./render.js";
import { fitTitle, uniqueTitles } from "./titles.js";

const QUOTE = "q_0123456789abcdef01234567";
const target = { phoneNumberId: "1122334455667", to: "972987654321" };
const quoteReply: Reply = {
  text: "Your quote:\n• 1 × Trail Runner @ $129.00\nTotal to pay: $129.00",
  buttons: [
    { label: "Pay $129.00", payload: payload.pay(QUOTE) },
    { label: "Cancel", payload: payload.cancel(QUOTE) },
  ],
};

function product(i: number, overrides: Partial<ProductSummary> = {}): ProductSummary {
  return {
    id: `p${i}`,
    title: `Product number ${i} with a long name`,
    category: "shoes",
    brand: "Acme",
    priceFrom: 4900 + i,
    currency: "USD",
    colors: [],
    sizes: [],
    inStock: true,
    ...overrides,
  };
}

describe("renderWhatsApp", () => {
  it("renders a quote as reply buttons whose ids are the pay and cancel payloads", () => {
    expect(renderWhatsApp(quoteReply, target)).toEqual([
      {
        phoneNumberId: "1122334455667",
        message: {
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to: "972987654321",
          type: "interactive",
          interactive: {
            type: "button",
            body: { text: quoteReply.text },
            action: {
              buttons: [
                { type: "reply", reply: { id: `pay:${QUOTE}`, title: "Pay $129.00" } },
                { type: "reply", reply: { id: `cancel:${QUOTE}`, title: "Cancel" } },
              ],
            },
          },
        },
      },
    ]);
  });

  it("sends plain text, split at 4096 characters, when there are no buttons", () => {
    const calls = renderWhatsApp({ text: "word ".repeat(2000), buttons: [] }, target);
    expect(calls.map((c) => c.message.type)).toEqual(["text", "text", "text"]);
    expect(calls.every((c) => (c.message as WhatsAppTextMessage).text.body.length <= 4096)).toBe(true);
  });

  it("fits button titles to 20 characters, keeping them unique", () => {
    const reply: Reply = {
      text: "Which size?",
      buttons: [
        { label: "Add Trail Runner 42 blue $129.00", payload: "add:tr-42-blue" },
        { label: "Add Trail Runner 42 black $129.00", payload: "add:tr-42-black" },
      ],
    };
    const titles = (renderWhatsApp(reply, target)[0]!.message as WhatsAppInteractiveMessage).interactive;
    expect(titles.type).toBe("button");
    const list = titles.type === "button" ? titles.action.buttons.map((b) => b.reply.title) : [];
    expect(list.every((t) => t.length <= 20)).toBe(true);
    expect(new Set(list).size).toBe(2);
  });

  it("uses a list for more than three choices, with product details as descriptions", () => {
    const products = Array.from({ length: 5 }, (_, i) => product(i));
    const reply: Reply = {
      text: "I found 5:",
      buttons: products.map((p, i) => ({ label: `${i + 1}. ${p.title}`, payload: payload.show(p.id) })),
      products,
    };
    const message = renderWhatsApp(reply, target)[0]!.message as WhatsAppInteractiveMessage;
    expect(message.interactive.type).toBe("list");
    if (message.interactive.type !== "list") return;
    const rows = message.interactive.action.sections[0]!.rows;
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ id: "show:p0", title: "1. Product number 0…", description: "Acme · from $49.00" });
    expect(rows.every((r) => r.title.length <= 24 && (r.description ?? "").length <= 72)).toBe(true);
    expect(message.interactive.action.button.length).toBeLessThanOrEqual(20);
    expect(message.interactive.footer).toBeUndefined();
  });

  it("shows the first 10 of more choices and says so", () => {
    const reply: Reply = {
      text: "Pick one",
      buttons: Array.from({ length: 14 }, (_, i) => ({ label: `Option ${i}`, payload: `add:sku-${i}` })),
    };
    const message = renderWhatsApp(reply, target)[0]!.message as WhatsAppInteractiveMessage;
    if (message.interactive.type !== "list") throw new Error("expected a list");
    expect(message.interactive.action.sections[0]!.rows).toHaveLength(10);
    expect(message.interactive.footer).toEqual({ text: "Showing 10 of 14 choices" });
  });

  it("sends a text over the 1024-character interactive body first, keeping the total with the buttons", () => {
    const reply: Reply = { ...quoteReply, text: `${"• a line of the quote\n".repeat(80)}Total to pay: $129.00` };
    const calls = renderWhatsApp(reply, target);
    expect(calls.map((c) => c.message.type)).toEqual(["text", "interactive"]);
    const body = (calls[1]!.message as WhatsAppInteractiveMessage).interactive.body.text;
    expect(body.length).toBeLessThanOrEqual(1024);
    expect(body.endsWith("Total to pay: $129.00")).toBe(true);
  });

  it("drops a repeated payload and prompts when the text is empty", () => {
    const reply: Reply = { text: "", buttons: [quoteReply.buttons[0]!, quoteReply.buttons[0]!] };
    const message = renderWhatsApp(reply, target)[0]!.message as WhatsAppInteractiveMessage;
    expect(message.interactive.body.text).toBe("Please choose:");
    expect(message.interactive.type === "button" && message.interactive.action.buttons).toHaveLength(1);
  });
});

describe("fitTitle / uniqueTitles", () => {
  it("cuts at a word boundary with an ellipsis", () => {
    expect(fitTitle("Short", 20)).toBe("Short");
    expect(fitTitle("1. Trail Runner GTX Waterproof", 20)).toBe("1. Trail Runner GTX…");
    expect(fitTitle("Supercalifragilisticexpialidocious", 20)).toBe("Supercalifragilisti…");
  });

  it("numbers repeated titles", () => {
    expect(uniqueTitles(["Remove Tee", "Remove Tee", "Remove Tee"], 20)).toEqual([
      "Remove Tee",
      "Remove Tee 2",
      "Remove Tee 3",
    ]);
  });
});
