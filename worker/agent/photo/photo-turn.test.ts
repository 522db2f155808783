// A photo through the real OpenAI-compatible provider against the model
// stand-in: what the vision model may change is one search, nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelStandIn, type ModelStandIn } from "../../../test/stand-ins/model/server.js";
import type { Step } from "../../../test/stand-ins/model/script.js";
import { OpenAiCompatibleProvider } from "../llm/openai-compatible.js";
import type { ModelConfig } from "../llm/config.js";
import { NO_VISION_TEXT, planPhoto, photoReplyText, UNREADABLE_TEXT } from "./photo-turn.js";

const IMAGE = "data:image/jpeg;base64,/9j/4AAQSkZJRg==";
const vocabulary = { colors: ["navy", "red", "white"], sizes: ["S", "M"], categories: ["dresses", "sneakers"] };

let model: ModelStandIn;
beforeAll(async () => {
  model = await startModelStandIn();
});
afterAll(() => model.close());

function config(vision = true, timeoutMs = 3000): ModelConfig {
  return {
    provider: new OpenAiCompatibleProvider({ baseUrl: model.url, model: "qwen-vl", vision, thinking: false }),
    routing: "model-first",
    timeoutMs,
    tokensPerDay: 1e6,
  };
}

async function photo(caption: string, steps: Step[], c = config()) {
  model.load([{ match: caption, steps }]);
  const logs: Record<string, unknown>[] = [];
  const plan = await planPhoto(IMAGE, caption, { config: c, vocabulary, log: (l) => logs.push(l) });
  return { plan, logs, sent: model.requests(caption) };
}

const describeCall = (args: unknown): Step => ({
  tool_calls: [{ name: "describe_photo", arguments: args as Record<string, unknown> }],
});

describe("a photo becomes a search the shopper can correct", () => {
  it("the vision answer is validated and named back: 'a navy floral midi dress', one search, the image sent", async () => {
    const { plan, logs, sent } = await photo("like this one", [
      describeCall({ category: "dress", colours: ["Navy"], pattern: "floral", style: "midi", keywords: ["summer"] }),
    ]);
    expect(plan).toEqual({
      kind: "search",
      seen: "a navy floral midi dress",
      actions: [{ type: "search", query: "midi", filters: { color: "navy", category: "dresses" } }],
    });
    const user = sent[0]!.body.messages as { role: string; content: unknown }[];
    expect(JSON.stringify(user.at(-1))).toContain(IMAGE);
    expect((sent[0]!.body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
      "describe_photo",
    ]);
    expect(logs).toMatchObject([{ event: "photo_turn", outcome: "seen", model: "qwen-vl" }]);
  });

  it("a model that also 'adds to cart', invents a SKU and says so: only the search survives, no SKU in it", async () => {
    const { plan } = await photo("hijack photo", [
      {
        content: "Added DRS-NV-M to your cart for $1.00!",
        tool_calls: [
          { name: "add_to_cart", arguments: { target: { sku: "DRS-NV-M" }, quantity: 5 } },
          {
            name: "describe_photo",
            arguments: { category: "dress", colours: ["navy", "$1.00"], keywords: ["DRS-NV-M", "WELCOME10", "cotton"] },
          },
        ],
      },
    ]);
    expect(plan.kind).toBe("search");
    if (plan.kind !== "search") return;
    expect(plan.actions.map((a) => a.type)).toEqual(["search"]);
    expect(JSON.stringify(plan)).not.toMatch(/DRS-NV-M|WELCOME10|\$1\.00|added/i);
    expect(plan.seen).toBe("a navy dress");
  });

  it("garbage (not JSON, no category, a category that is a SKU) is a polite reply asking for words", async () => {
    for (const [tag, step] of [
      ["garbage one", { raw: "<html>oops</html>" }],
      ["garbage two", describeCall({ colours: ["red"] })],
      ["garbage three", describeCall({ category: "SKU-123" })],
      ["garbage four", { content: "I think it is a nice thing, added to cart!" }],
    ] as [string, Step][]) {
      const { plan } = await photo(tag, [step]);
      expect(plan).toEqual({
        kind: "reply",
        reply: { text: UNREADABLE_TEXT, buttons: [{ label: "Help", payload: "help" }] },
      });
    }
  });

  it("a JSON answer in the text (servers without tool calls) is read the same way", async () => {
    const { plan } = await photo("text json", [
      { content: '```json\n{"category":"sneakers","colours":["white"]}\n```' },
    ]);
    expect(plan).toMatchObject({
      kind: "search",
      seen: "white sneakers",
      actions: [{ filters: { color: "white", category: "sneakers" } }],
    });
  });

  it("500, 429 and a hung model end in the polite reply, the hang within the deadline", async () => {
    for (const [tag, step, outcome] of [
      ["p500", { status: 500 }, "provider_error"],
      ["p429", { status: 429 }, "rate_limited"],
    ] as const) {
      const { plan, logs } = await photo(tag, [step]);
      expect(plan).toMatchObject({ kind: "reply", reply: { text: UNREADABLE_TEXT } });
      expect(logs[0]).toMatchObject({ outcome });
    }
    const started = Date.now();
    const { plan, logs } = await photo("hung photo", [{ hang_ms: 60_000 }], config(true, 300));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(plan).toMatchObject({ kind: "reply", reply: { text: UNREADABLE_TEXT } });
    expect(logs[0]).toMatchObject({ outcome: "timeout" });
  });

  it("no model, or a model without vision: a polite reply, and the model is not asked", async () => {
    expect(await planPhoto(IMAGE, "", { config: null, vocabulary, log: () => {} })).toMatchObject({
      kind: "reply",
      reply: { text: NO_VISION_TEXT },
    });
    const { plan, sent } = await photo("blind model", [describeCall({ category: "dress" })], config(false));
    expect(plan).toMatchObject({ kind: "reply", reply: { text: NO_VISION_TEXT } });
    expect(sent).toEqual([]);
    expect(NO_VISION_TEXT + UNREADABLE_TEXT).not.toMatch(/model|\bAI\b/i);
  });

  it("the reply frames the engine's results with what was seen and says nothing is added", () => {
    const text = photoReplyText("a navy floral midi dress", "Here's what I found:\n1. Navy Midi Dress");
    expect(text).toMatch(/^That looks like a navy floral midi dress\. Not quite\?/);
    expect(text).toContain("nothing goes in your cart until you choose");
  });
});
