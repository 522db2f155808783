/**
 * The model planner: up to MAX_STEPS chat-completion steps per turn. Read
 * tools are answered with short JSON; every other call is validated and
 * collected as an Action for the executor (docs/ARCHITECTURE.md invariant 2).
 * Invalid calls are answered with an error the model sees and never run.
 * Any failure of the model itself is a ModelFailure; the caller falls back
 * to the rules planner.
 */
import type { Action } from "../actions.js";
import type { Catalog } from "../../catalog/types.js";
import { toMinorUnits, minorUnitDigits } from "../planner/money-words.js";
import { promptMessages } from "./prompt.js";
import { ModelFailure, type ChatMessage, type ModelProvider, type ModelUsage } from "./provider.js";
import { guard, readTool, type ReadContext } from "./read-tools.js";
import { parseCall, toAction, toolKey, toolSpecs, TOOL_DEFS, type ParsedCall } from "./tools.js";
import type { LlmTurnInput } from "./view.js";

export const MAX_STEPS = 4;
const MAX_CALLS_PER_STEP = 5;
const MAX_COMPLETION_TOKENS = 512;
const MAX_ACTIONS = 5;

export interface LlmPlan {
  readonly actions: readonly Action[];
  /** The model's own sentence, not yet checked (claims.ts decides). */
  readonly note: string;
  /** Tool answers of this turn, for the claims check. */
  readonly facts: readonly string[];
  readonly steps: number;
  readonly usage: ModelUsage;
  /** Calls refused (unknown tool, bad arguments, unknown SKU, untyped code). */
  readonly refused: number;
}

export interface LlmPlannerDeps {
  readonly provider: ModelProvider;
  readonly catalog: Catalog;
  readonly money: (amount: number, currency: string) => string;
  readonly now: number;
}

export async function planWithModel(input: LlmTurnInput, deps: LlmPlannerDeps, signal: AbortSignal): Promise<LlmPlan> {
  const messages: ChatMessage[] = promptMessages(input);
  const shopperText = [input.text, ...input.recent.filter((t) => t.role === "shopper").map((t) => t.text)].join("\n");
  const ctx: ReadContext = {
    catalog: deps.catalog,
    view: input.conversation,
    money: deps.money,
    now: deps.now,
    shopperText,
  };
  const digits = minorUnitDigits(input.currency);
  // From the digit string, like the rules planner, so 39.99 is exactly 3999.
  const minor = (major: number) => toMinorUnits(String(major), digits) ?? Math.round(major * 10 ** digits);
  const reads: Action[] = [];
  const writes: Action[] = [];
  const facts: string[] = [];
  let usage = { promptTokens: 0, completionTokens: 0 };
  let refused = 0;
  let note = "";
  let steps = 0;
  while (steps < MAX_STEPS) {
    steps += 1;
    const step = await deps.provider.complete(
      { messages, tools: toolSpecs(input.conversation), maxTokens: MAX_COMPLETION_TOKENS },
      signal,
    );
    usage = {
      promptTokens: usage.promptTokens + step.usage.promptTokens,
      completionTokens: usage.completionTokens + step.usage.completionTokens,
    };
    note = step.text;
    if (step.toolCalls.length === 0) break;
    const calls = step.toolCalls.slice(0, MAX_CALLS_PER_STEP);
    messages.push({
      role: "assistant",
      content: step.text || null,
      tool_calls: calls.map((c) => ({
        id: c.id,
        type: "function",
        function: { name: c.name, arguments: c.arguments },
      })),
    });
    let errors = 0;
    let wrote = false;
    for (const c of calls) {
      const answer = await answerCall(c.name, c.arguments, ctx, minor);
      if ("error" in answer) errors += 1;
      else if (answer.read) {
        reads.push(answer.action);
        facts.push(answer.facts);
      } else {
        writes.push(answer.action);
        wrote = true;
      }
      messages.push({
        role: "tool",
        tool_call_id: c.id,
        content: "error" in answer ? JSON.stringify({ error: answer.error }) : answer.json,
      });
    }
    refused += errors;
    // Proposals made and none refused: the engine takes it from here.
    if (wrote && errors === 0) break;
  }
  const actions = writes.length ? writes.slice(0, MAX_ACTIONS) : reads.slice(-1);
  if (actions.length === 0 && (refused > 0 || !note.trim()))
    throw new ModelFailure("no_plan", `no usable action after ${steps} step(s), ${refused} refused`);
  return { actions, note, facts, steps, usage, refused };
}

type Answer = { error: string } | { read: boolean; action: Action; json: string; facts: string };

async function answerCall(
  name: string,
  rawArgs: string,
  ctx: ReadContext,
  minor: (major: number) => number,
): Promise<Answer> {
  const key = toolKey(name);
  if (!key) return { error: `unknown tool ${name.slice(0, 60)}; there is no such tool` };
  let raw: unknown;
  try {
    raw = rawArgs.trim() === "" ? {} : JSON.parse(rawArgs);
  } catch {
    // Arguments that are not JSON mean the model's output is broken, not just wrong.
    throw new ModelFailure("malformed", `tool ${name} arguments are not JSON`);
  }
  const parsed = parseCall(key, raw);
  if (!parsed.ok) return { error: parsed.error };
  const call: ParsedCall = parsed.call;
  const problem = await guard(call, ctx);
  if (problem) return { error: problem };
  const action = toAction(call, minor);
  const read = TOOL_DEFS[key].read;
  const data = read
    ? await readTool(call, ctx, minor)
    : { ok: true, note: "the shop will do this and tell the shopper" };
  // Catalog prose is no fact: a code or figure the model read in a description must not pass the claims check.
  const facts = JSON.stringify(data, (k, v: unknown) => (k === "description" || k === "title" ? undefined : v));
  return { read, action, json: JSON.stringify(data), facts };
}
