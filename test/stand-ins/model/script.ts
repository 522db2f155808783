// The stand-in's script format, also the format of a recorded transcript:
// a conversation recorded once against a real model replays as a CI test.
//
//   { "model": "qwen3:8b", "scripts": [
//       { "match": "blue dress", "steps": [
//           { "tool_calls": [{ "name": "search_products", "arguments": { "query": "blue dress" } }] },
//           { "content": "Here are some blue dresses." } ] } ] }
//
// A script answers the completions whose newest user message contains
// `match` (case-insensitive), one step per call, in order.
import { z } from "zod";

const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

export const StepSchema = z.union([
  z
    .object({
      content: z.string().nullable().optional(),
      tool_calls: z
        .array(
          z.object({
            id: z.string().optional(),
            name: z.string(),
            arguments: z.union([z.string(), z.record(z.string(), z.unknown())]),
          }),
        )
        .optional(),
      finish_reason: z.string().optional(),
      usage: Usage.optional(),
    })
    .strict(),
  /** An HTTP error: 500, 503, 429… */
  z.object({ status: z.number().int().min(400).max(599), body: z.string().optional() }).strict(),
  /** Never answer (until the client gives up). */
  z.object({ hang_ms: z.number().int().positive() }).strict(),
  /** Answer exactly these bytes (garbage, a cut-off JSON document). */
  z.object({ raw: z.string() }).strict(),
]);

export const ScriptSchema = z.object({ match: z.string().min(1), steps: z.array(StepSchema).min(1) }).strict();
export const TranscriptSchema = z.object({ model: z.string().optional(), scripts: z.array(ScriptSchema) }).strict();

export type Step = z.infer<typeof StepSchema>;
export type Script = z.infer<typeof ScriptSchema>;
export type Transcript = z.infer<typeof TranscriptSchema>;
