import { parseCompletion } from "./completion-json.js";
import { ModelFailure, type ModelProvider, type ModelRequest, type ModelStep } from "./provider.js";

export interface OpenAiCompatibleOptions {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama), https://dashscope-intl.aliyuncs.com/compatible-mode/v1 */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly model: string;
  readonly vision: boolean;
  /** Qwen3 thinks by default; the planner wants a quick tool call. */
  readonly thinking: boolean;
  readonly fetch?: typeof fetch;
}

// A model answer larger than this is not a short tool call: refuse to read it.
const MAX_RESPONSE_BYTES = 256 * 1024;

/** Any OpenAI-compatible /chat/completions endpoint: DashScope, vLLM, Ollama, OpenAI. */
export class OpenAiCompatibleProvider implements ModelProvider {
  readonly model: string;
  readonly vision: boolean;
  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.model = options.model;
    this.vision = options.vision;
  }

  async complete(request: ModelRequest, signal: AbortSignal): Promise<ModelStep> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
    const body = {
      model: this.options.model,
      messages: request.messages,
      tools: request.tools,
      tool_choice: "auto",
      max_tokens: request.maxTokens,
      temperature: 0,
      stream: false,
      // vLLM and DashScope read one or the other; servers ignore what they don't know.
      enable_thinking: this.options.thinking,
      chat_template_kwargs: { enable_thinking: this.options.thinking },
    };
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch (err) {
      throw (
        aborted(signal) ??
        new ModelFailure(
          "provider_error",
          `model endpoint unreachable: ${err instanceof Error ? err.message : String(err)}`,
        )
      );
    }
    if (res.status === 429) throw new ModelFailure("rate_limited", "model endpoint answered 429");
    if (!res.ok) throw new ModelFailure("provider_error", `model endpoint answered ${res.status}`);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw (
        aborted(signal) ??
        new ModelFailure(
          "provider_error",
          `model answer broke off: ${err instanceof Error ? err.message : String(err)}`,
        )
      );
    }
    if (text.length > MAX_RESPONSE_BYTES) throw new ModelFailure("malformed", "model answer too large");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ModelFailure("malformed", "model answer is not JSON");
    }
    return parseCompletion(json);
  }
}

export function aborted(signal: AbortSignal): ModelFailure | null {
  return signal.aborted ? new ModelFailure("timeout", "model turn deadline passed") : null;
}
