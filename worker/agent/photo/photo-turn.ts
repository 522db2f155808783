/**
 * A shopper's photo as a turn: the vision model names what it sees, the
 * engine searches for it, and the reply says what was seen so the shopper can
 * correct it. The only action a photo can produce is a search; choosing the
 * product, colour and size stays with the shopper's own buttons and words.
 * No vision model, a failing model or an unreadable answer: a polite reply
 * asking for words, never an error and never a word about models.
 */
import type { Action } from "../actions.js";
import type { ShopVocabulary } from "../../catalog/types.js";
import type { Reply } from "../reply.js";
import type { TokenBudget } from "../llm/budget.js";
import type { ModelConfig } from "../llm/config.js";
import { ModelFailure, type FallbackReason } from "../llm/provider.js";
import { attributesSearch, describeAttributes } from "./attributes.js";
import { readPhoto } from "./read-photo.js";

export type PhotoOutcome = "seen" | "no_model" | "unreadable" | FallbackReason;

export type PhotoPlan =
  | { readonly kind: "search"; readonly seen: string; readonly actions: readonly [Extract<Action, { type: "search" }>] }
  | { readonly kind: "reply"; readonly reply: Reply };

export interface PhotoDeps {
  readonly config: ModelConfig | null;
  readonly vocabulary: ShopVocabulary;
  readonly budget?: TokenBudget;
  readonly log?: (line: Record<string, unknown>) => void;
}

const EXAMPLE = "e.g. “navy midi dress in M”";
const HELP = [{ label: "Help", payload: "help" }] as const;

export const NO_VISION_TEXT = `I can't look at photos here yet. Tell me what you're looking for in words, ${EXAMPLE}, and I'll find it.`;
export const UNREADABLE_TEXT = `I couldn't make out what's in that photo. Could you tell me in words what you're looking for, ${EXAMPLE}?`;

const polite = (text: string): PhotoPlan => ({ kind: "reply", reply: { text, buttons: HELP } });

export async function planPhoto(imageUrl: string, caption: string, deps: PhotoDeps): Promise<PhotoPlan> {
  const started = Date.now();
  const config = deps.config;
  const log = deps.log ?? ((line) => console.log(JSON.stringify(line)));
  const done = (
    outcome: PhotoOutcome,
    plan: PhotoPlan,
    tokens = { promptTokens: 0, completionTokens: 0 },
  ): PhotoPlan => {
    log({
      event: "photo_turn",
      model: config?.provider.model ?? null,
      outcome,
      prompt_tokens: tokens.promptTokens,
      completion_tokens: tokens.completionTokens,
      latency_ms: Date.now() - started,
    });
    return plan;
  };
  if (!config) return done("no_model", polite(NO_VISION_TEXT));
  if (!config.provider.vision) return done("no_vision", polite(NO_VISION_TEXT));
  if (deps.budget && !(await deps.budget.admit())) return done("over_budget", polite(UNREADABLE_TEXT));
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), config.timeoutMs);
  try {
    const reading = await readPhoto(config.provider, imageUrl, caption, abort.signal);
    const tokens = reading.usage.promptTokens + reading.usage.completionTokens;
    if (deps.budget && tokens > 0) await deps.budget.spend(tokens).catch(() => undefined);
    if (!reading.attributes) return done("unreadable", polite(UNREADABLE_TEXT), reading.usage);
    const search = attributesSearch(reading.attributes, deps.vocabulary);
    return done(
      "seen",
      { kind: "search", seen: describeAttributes(reading.attributes), actions: [search] },
      reading.usage,
    );
  } catch (err) {
    const reason: FallbackReason = abort.signal.aborted
      ? "timeout"
      : err instanceof ModelFailure
        ? err.reason
        : "provider_error";
    if (!(err instanceof ModelFailure) && !abort.signal.aborted)
      console.error("photo reading failed", err instanceof Error ? err.message : err);
    return done(reason, polite(UNREADABLE_TEXT));
  } finally {
    clearTimeout(timer);
  }
}

/** The engine's search reply, framed by what we saw; the wording the shopper can correct. */
export function photoReplyText(seen: string, engineText: string): string {
  return [
    `That looks like ${seen}. Not quite? Tell me what's different (e.g. “not floral, striped”).`,
    engineText,
    "Pick one to see its colours and sizes: nothing goes in your cart until you choose.",
  ].join("\n\n");
}
