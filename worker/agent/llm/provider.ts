/**
 * The model port: one chat-completions step in, one step out. Two adapters
 * (openai-compatible.ts over HTTP, workers-ai.ts over the AI binding) speak
 * the OpenAI message shape, so the planner loop is the same for both.
 */

export interface ToolCallMessage {
  readonly id: string;
  readonly type: "function";
  readonly function: { readonly name: string; readonly arguments: string };
}

export type ContentPart =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "image_url"; readonly image_url: { readonly url: string } };

export type ChatMessage =
  | { readonly role: "system"; readonly content: string }
  | { readonly role: "user"; readonly content: string | readonly ContentPart[] }
  | { readonly role: "assistant"; readonly content: string | null; readonly tool_calls?: readonly ToolCallMessage[] }
  | { readonly role: "tool"; readonly tool_call_id: string; readonly content: string };

export interface ToolSpec {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: Record<string, unknown>;
  };
}

export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSpec[];
  readonly maxTokens: number;
}

export interface ModelToolCall {
  readonly id: string;
  readonly name: string;
  /** Raw JSON text as the model wrote it; the planner parses and validates it. */
  readonly arguments: string;
}

export interface ModelUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ModelStep {
  readonly text: string;
  readonly toolCalls: readonly ModelToolCall[];
  readonly usage: ModelUsage;
}

/** Why a model turn was abandoned for the rules planner (logged, never shown to the shopper). */
export type FallbackReason =
  "timeout" | "provider_error" | "rate_limited" | "malformed" | "truncated" | "over_budget" | "no_plan" | "no_vision";

export class ModelFailure extends Error {
  constructor(
    readonly reason: FallbackReason,
    message: string,
  ) {
    super(message);
    this.name = "ModelFailure";
  }
}

export interface ModelProvider {
  /** Model id, for the log line. */
  readonly model: string;
  /** Whether the model takes images (photos are refused politely otherwise). */
  readonly vision: boolean;
  /** One step; throws ModelFailure for anything but a usable answer. Must honour `signal`. */
  complete(request: ModelRequest, signal: AbortSignal): Promise<ModelStep>;
}
