import { z } from "zod";
import { ModelFailure, type ModelStep } from "./provider.js";

// Only the fields we read; providers add many more (logprobs, system_fingerprint…).
const ToolCall = z.object({
  id: z.string().max(200).optional(),
  function: z.object({
    name: z.string().max(100),
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  }),
});
const Usage = z
  .object({
    prompt_tokens: z.number().nonnegative().optional(),
    completion_tokens: z.number().nonnegative().optional(),
  })
  .partial()
  .optional()
  .nullable();
const OpenAiCompletion = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullable().optional(),
        message: z.object({
          content: z.string().nullable().optional(),
          tool_calls: z.array(ToolCall).max(16).nullable().optional(),
        }),
      }),
    )
    .min(1),
  usage: Usage,
});
// Older Workers AI models answer { response, tool_calls: [{ name, arguments }] }.
const WorkersAiLegacy = z.object({
  response: z.string().nullable().optional(),
  tool_calls: z
    .array(z.object({ name: z.string().max(100), arguments: z.unknown() }))
    .max(16)
    .optional(),
  usage: Usage,
});

const MAX_TEXT = 4000;

function argumentsText(a: unknown): string {
  return typeof a === "string" ? a : JSON.stringify(a ?? {});
}

/**
 * Reads one chat-completions answer into a ModelStep. Truncated output
 * (finish_reason "length") and anything that is not this shape is a
 * ModelFailure: the turn then falls back to the rules planner.
 */
export function parseCompletion(body: unknown): ModelStep {
  const openAi = OpenAiCompletion.safeParse(body);
  if (openAi.success) {
    const choice = openAi.data.choices[0]!;
    if (choice.finish_reason === "length")
      throw new ModelFailure("truncated", "the model's answer was cut off (finish_reason length)");
    const calls = choice.message.tool_calls ?? [];
    return {
      text: (choice.message.content ?? "").slice(0, MAX_TEXT),
      toolCalls: calls.map((c, i) => ({
        id: c.id ?? `call_${i}`,
        name: c.function.name,
        arguments: argumentsText(c.function.arguments),
      })),
      usage: usage(openAi.data.usage),
    };
  }
  const legacy = WorkersAiLegacy.safeParse(body);
  if (legacy.success && (legacy.data.response != null || legacy.data.tool_calls)) {
    return {
      text: (legacy.data.response ?? "").slice(0, MAX_TEXT),
      toolCalls: (legacy.data.tool_calls ?? []).map((c, i) => ({
        id: `call_${i}`,
        name: c.name,
        arguments: argumentsText(c.arguments),
      })),
      usage: usage(legacy.data.usage),
    };
  }
  throw new ModelFailure("malformed", "the model's answer is not a chat completion");
}

function usage(u: z.infer<typeof Usage>): { promptTokens: number; completionTokens: number } {
  return { promptTokens: Math.round(u?.prompt_tokens ?? 0), completionTokens: Math.round(u?.completion_tokens ?? 0) };
}
