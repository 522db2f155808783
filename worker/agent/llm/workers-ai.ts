import { parseCompletion } from "./completion-json.js";
import { aborted } from "./openai-compatible.js";
import { ModelFailure, type ModelProvider, type ModelRequest, type ModelStep } from "./provider.js";

/** The slice of the Workers AI binding this adapter uses. */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
}

export const DEFAULT_WORKERS_AI_MODEL = "@cf/qwen/qwen3.8-27b";

/** Workers AI through the `AI` binding; its Qwen models take OpenAI-style messages, tools and images. */
export class WorkersAiProvider implements ModelProvider {
  constructor(
    private readonly ai: AiBinding,
    readonly model: string = DEFAULT_WORKERS_AI_MODEL,
    private readonly thinking = false,
    readonly vision = true,
  ) {}

  async complete(request: ModelRequest, signal: AbortSignal): Promise<ModelStep> {
    const inputs = {
      messages: request.messages,
      tools: request.tools,
      max_tokens: request.maxTokens,
      temperature: 0,
      enable_thinking: this.thinking,
    };
    // The binding takes no AbortSignal: race it against the turn's deadline.
    const deadline = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(aborted(signal));
      signal.addEventListener("abort", () => reject(aborted(signal)), { once: true });
    });
    let out: unknown;
    try {
      out = await Promise.race([this.ai.run(this.model, inputs), deadline]);
    } catch (err) {
      if (err instanceof ModelFailure) throw err;
      const message = err instanceof Error ? err.message : String(err);
      // The binding reports capacity and rate errors as thrown Errors with text, not statuses.
      throw new ModelFailure(
        /429|rate limit|capacity/i.test(message) ? "rate_limited" : "provider_error",
        `Workers AI: ${message}`,
      );
    }
    return parseCompletion(out);
  }
}
