/**
 * The rules planner: deterministic, offline, the default and the fallback
 * for the LLM planner (docs/ARCHITECTURE.md, "Planners").
 * It only proposes Actions; the executor validates and applies them. It
 * never states a price: the only amount it emits is a maxPrice filter read
 * from the shopper's own words.
 *
 * planRules is pure and synchronous and must not throw for any input; the
 * class wraps it for the async Planner port.
 */
import type { Action } from "../actions.js";
import type { Planner, PlannerContext, PlannerInput } from "./port.js";
import { decodePayload } from "../payloads.js";
import { MAX_CLAUSES, splitClauses } from "./clauses.js";
import { planClause } from "./intents.js";
import { planConversation, planLate } from "./converse.js";
import { EMPTY_VIEW } from "../conversation-view.js";
import { MAX_TEXT_LENGTH, tokenize } from "./tokens.js";
import { correctTypos } from "./typos.js";
import { rulesContext } from "./vocab.js";

/** Payloads we issue are short (payloads.ts); a long one is not ours and is not decoded. */
const MAX_BUTTON_LENGTH = 256;
/** A message asking for more than this many things at once is not understood as a whole. */
const MAX_ACTIONS = MAX_CLAUSES;

/** Echoed text is trimmed and capped, without splitting a surrogate pair. */
function echo(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_TEXT_LENGTH) return trimmed;
  const cut = trimmed.slice(0, MAX_TEXT_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function unknown(text: string): Action[] {
  return [{ type: "unknown", text: echo(text) }];
}

export function planRules(input: PlannerInput, context: PlannerContext): Action[] {
  // A button wins over text: it is the reply the shopper chose from our own offer.
  const button: unknown = input?.button;
  if (button !== undefined && button !== null && button !== "") {
    if (typeof button !== "string") return unknown("");
    if (button.length > MAX_BUTTON_LENGTH) return unknown(button);
    const action = decodePayload(button);
    return action ? [action] : unknown(button);
  }

  const raw: unknown = input?.text;
  const text = typeof raw === "string" ? raw : "";
  if (text.trim() === "" || text.length > MAX_TEXT_LENGTH) return unknown(text);

  const ctx = rulesContext(context);
  const tokens = correctTypos(tokenize(text), ctx.vocab.typos);
  const view = context?.conversation ?? EMPTY_VIEW;
  const conversational = planConversation(tokens, ctx, view);
  if (conversational) return conversational;
  const actions = planClauses(text, tokens, ctx);
  // Not understood, or a product question the clause rules took for search words: read it once more.
  const questioned = tokens.some((w) => QUESTION_HINTS.has(w)) && actions.every((a) => a.type === "search");
  if (actions.every((a) => a.type === "unknown") || questioned) return planLate(tokens, ctx, view) ?? actions;
  return actions;
}

/** Words that make a "search" more likely a question about one product. */
const QUESTION_HINTS = new Set([
  "sizes",
  "colors",
  "much",
  "stock",
  "available",
  "cost",
  "costs",
  "brand",
  "lengths",
  "info",
  "price",
]);

function planClauses(text: string, tokens: readonly string[], ctx: ReturnType<typeof rulesContext>): Action[] {
  const clauses = splitClauses(tokens);
  if (clauses.length > MAX_CLAUSES) return unknown(text);

  const results = clauses.map((c) => planClause(c, ctx));
  const said = results.filter((r) => r.kind !== "chatter");
  if (said.length === 0) {
    // Only greetings and thanks: a greeting gets the help menu, "thanks" / "ok" alone is not a request.
    return results.some((r) => r.kind === "chatter" && r.greeting) ? [{ type: "help" }] : unknown(text);
  }
  if (said.every((r) => r.kind === "unknown")) return unknown(text);

  const actions: Action[] = [];
  for (const r of said) {
    if (r.kind === "actions") actions.push(...r.actions);
    else if (r.kind === "unknown") actions.push({ type: "unknown", text: r.text });
  }
  return actions.length > MAX_ACTIONS ? unknown(text) : actions;
}

export class RulesPlanner implements Planner {
  async plan(input: PlannerInput, context: PlannerContext): Promise<readonly Action[]> {
    try {
      return planRules(input, context);
    } catch {
      // planRules is property-tested never to throw; this keeps the fallback planner a fallback regardless.
      return unknown(typeof input?.text === "string" ? input.text : "");
    }
  }
}
