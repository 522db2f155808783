// The Workers AI path through a fake `AI` binding (the real one needs an account).
import { describe, expect, it } from "vitest";
import { TokenBudget } from "./budget.js";
import { modelConfig } from "./config.js";
import type { LimitDecision, Limiter } from "../../limits/limiter.js";
import { ModelFailure } from "./provider.js";
import { WorkersAiProvider, type AiBinding } from "./workers-ai.js";

const request = { messages: [{ role: "user" as const, content: "hi" }], tools: [], maxTokens: 64 };

function fakeAi(answer: (model: string, inputs: Record<string, unknown>) => Promise<unknown>) {
  const calls: { model: string; inputs: Record<string, unknown> }[] = [];
  const ai: AiBinding = { run: (model, inputs) => (calls.push({ model, inputs }), answer(model, inputs)) };
  return { ai, calls };
}

describe("Workers AI provider", () => {
  it("sends OpenAI-style messages and tools to the default Qwen model with thinking off, and reads tool calls", async () => {
    const { ai, calls } = fakeAi(async () => ({
      choices: [
        {
          finish_reason: "tool_calls",
          message: {
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "view_cart", arguments: "{}" } }],
          },
        },
      ],
      usage: { prompt_tokens: 812, completion_tokens: 17 },
    }));
    const step = await new WorkersAiProvider(ai).complete(request, new AbortController().signal);
    expect(calls[0]!.model).toBe("@cf/qwen/qwen3.8-27b");
    expect(calls[0]!.inputs).toMatchObject({ messages: request.messages, enable_thinking: false, max_tokens: 64 });
    expect(step).toEqual({
      text: "",
      toolCalls: [{ id: "c1", name: "view_cart", arguments: "{}" }],
      usage: { promptTokens: 812, completionTokens: 17 },
    });
  });

  it("reads the older { response, tool_calls } shape", async () => {
    const { ai } = fakeAi(async () => ({
      response: "",
      tool_calls: [{ name: "search_products", arguments: { query: "tea" } }],
    }));
    const step = await new WorkersAiProvider(ai).complete(request, new AbortController().signal);
    expect(step.toolCalls).toEqual([{ id: "call_0", name: "search_products", arguments: '{"query":"tea"}' }]);
  });

  it("LLM_THINKING=on and LLM_MODEL reach the binding; no binding and no URL = no model", async () => {
    const { ai, calls } = fakeAi(async () => ({ response: "ok" }));
    const config = modelConfig({ AI: ai, LLM_MODEL: "@cf/qwen/other", LLM_THINKING: "on" })!;
    await config.provider.complete(request, new AbortController().signal);
    expect(calls[0]).toMatchObject({ model: "@cf/qwen/other", inputs: { enable_thinking: true } });
    expect(config).toMatchObject({ routing: "model-first", timeoutMs: 8000 });
    expect(modelConfig({})).toBeNull();
    expect(() => modelConfig({ AI: ai, LLM_ROUTING: "sometimes" })).toThrow(/LLM_ROUTING/);
    expect(() => modelConfig({ LLM_BASE_URL: "http://127.0.0.1:1/v1" })).toThrow(/LLM_MODEL/);
  });

  it("binding errors become fallback reasons; a binding that never answers is cut at the deadline", async () => {
    const capacity = fakeAi(async () => Promise.reject(new Error("3040: Capacity temporarily exceeded, 429")));
    await expect(
      new WorkersAiProvider(capacity.ai).complete(request, new AbortController().signal),
    ).rejects.toMatchObject({ reason: "rate_limited" });
    const broken = fakeAi(async () => Promise.reject(new Error("InferenceUpstreamError")));
    await expect(
      new WorkersAiProvider(broken.ai).complete(request, new AbortController().signal),
    ).rejects.toMatchObject({ reason: "provider_error" });
    const garbage = fakeAi(async () => ({ unexpected: true }));
    await expect(
      new WorkersAiProvider(garbage.ai).complete(request, new AbortController().signal),
    ).rejects.toMatchObject({ reason: "malformed" });
    const hung = fakeAi(() => new Promise(() => undefined));
    const err = await new WorkersAiProvider(hung.ai)
      .complete(request, AbortSignal.timeout(50))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFailure);
    expect(err).toMatchObject({ reason: "timeout" });
  });
});

describe("daily token budget", () => {
  function countingLimiter(): Limiter & { counts: Map<string, number> } {
    const counts = new Map<string, number>();
    return {
      counts,
      async limit(key, rule): Promise<LimitDecision> {
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        return {
          allowed: n <= rule.limit,
          remaining: Math.max(0, rule.limit - n),
          resetAt: 0,
          retryAfterSeconds: n <= rule.limit ? 0 : 60,
        };
      },
    };
  }

  it("counts thousands of tokens per shopper and says no once the day's budget is spent", async () => {
    const limiter = countingLimiter();
    const budget = new TokenBudget(limiter, "llm:user:ann", 5000);
    expect(await budget.admit()).toBe(true);
    await budget.spend(2400); // 3 units in all
    expect(limiter.counts.get("llm:user:ann")).toBe(3);
    expect(await budget.admit()).toBe(true);
    await budget.spend(2000); // 5 units: the day is spent
    expect(await budget.admit()).toBe(false);
    expect(await new TokenBudget(limiter, "llm:user:bob", 5000).admit()).toBe(true);
  });
});
