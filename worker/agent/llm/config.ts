import { OpenAiCompatibleProvider } from "./openai-compatible.js";
import type { ModelProvider } from "./provider.js";
import { WorkersAiProvider, type AiBinding } from "./workers-ai.js";

/** The variables that configure the model planner (README, "The model planner"). */
export interface LlmEnv {
  /** Workers AI binding ([ai] binding = "AI" in wrangler.toml); used when LLM_BASE_URL is unset. */
  AI?: AiBinding;
  /** Base URL of an OpenAI-compatible API (…/v1); set = that endpoint plans turns. */
  LLM_BASE_URL?: string;
  /** Bearer key for LLM_BASE_URL (a secret). */
  LLM_API_KEY?: string;
  /** Model id; required with LLM_BASE_URL, default @cf/qwen/qwen3.8-27b on Workers AI. */
  LLM_MODEL?: string;
  /** "model-first" (default) or "rules-first" (the model only when the rules did not understand). */
  LLM_ROUTING?: string;
  /** Milliseconds the model may take per turn, all steps together (default 8000). */
  LLM_TIMEOUT_MS?: string;
  /** "on" lets Qwen think before answering (slower); default off. */
  LLM_THINKING?: string;
  /** "off" when the model takes no images (photos then get a polite reply); default on. */
  LLM_VISION?: string;
  /** Model tokens per shopper per day (default 200000); over it, the rules planner answers. */
  LIMIT_LLM_TOKENS_PER_DAY?: string;
}

export type Routing = "model-first" | "rules-first";

export interface ModelConfig {
  readonly provider: ModelProvider;
  readonly routing: Routing;
  readonly timeoutMs: number;
  readonly tokensPerDay: number;
}

export const DEFAULT_TIMEOUT_MS = 8000;
export const DEFAULT_TOKENS_PER_DAY = 200_000;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}=${JSON.stringify(raw)} must be a whole number ≥ 1`);
  return n;
}

/** The configured model, or null: no model configured means the rules planner, exactly as before. */
export function modelConfig(env: LlmEnv, fetcher?: typeof fetch): ModelConfig | null {
  const thinking = env.LLM_THINKING === "on";
  const vision = env.LLM_VISION !== "off";
  let provider: ModelProvider;
  if (env.LLM_BASE_URL) {
    if (!env.LLM_MODEL) throw new Error("LLM_BASE_URL is set but LLM_MODEL is not (e.g. qwen3:8b for Ollama)");
    provider = new OpenAiCompatibleProvider({
      baseUrl: env.LLM_BASE_URL,
      model: env.LLM_MODEL,
      vision,
      thinking,
      ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}),
      ...(fetcher ? { fetch: fetcher } : {}),
    });
  } else if (env.AI) {
    provider = new WorkersAiProvider(env.AI, env.LLM_MODEL || undefined, thinking, vision);
  } else return null;
  const routing = env.LLM_ROUTING || "model-first";
  if (routing !== "model-first" && routing !== "rules-first")
    throw new Error(`LLM_ROUTING=${JSON.stringify(routing)} must be model-first or rules-first`);
  return {
    provider,
    routing,
    timeoutMs: positiveInt("LLM_TIMEOUT_MS", env.LLM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
    tokensPerDay: positiveInt("LIMIT_LLM_TOKENS_PER_DAY", env.LIMIT_LLM_TOKENS_PER_DAY, DEFAULT_TOKENS_PER_DAY),
  };
}
