/**
 * One message → clauses, one intent each. Sentence marks and "then" always
 * split. "and" / "," split only when what follows opens with an action verb,
 * so "black and white dress" and "between 20 and 40" stay whole while
 * "add the first one and apply code SAVE5" becomes two clauses. After an add,
 * "and 3 of the second one" borrows the verb.
 */
import { ADD_VERBS, LEADING_FILLER, REMOVE_VERBS, SPLIT_VERBS } from "./lexicon.js";
import { parseCount, parseOrdinal } from "./numbers.js";
import { COMMA, STOP, matchAt, stripLeading } from "./tokens.js";

/** More clauses than this in one message is not a shopping request; the message is unknown. */
export const MAX_CLAUSES = 8;

export function splitClauses(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const part of hardParts(tokens)) out.push(...softSplit(part));
  return out.filter((c) => c.length > 0);
}

/** Splits on sentence marks and on "then" (dropping a dangling "and" / "," before it). */
function hardParts(tokens: readonly string[]): string[][] {
  const parts: string[][] = [[]];
  for (const t of tokens) {
    const current = parts[parts.length - 1]!;
    if (t === STOP || t === "then") {
      while (current.length > 0 && (current[current.length - 1] === "and" || current[current.length - 1] === COMMA))
        current.pop();
      parts.push([]);
    } else {
      current.push(t);
    }
  }
  return parts;
}

function opensWithVerb(segment: readonly string[]): boolean {
  const t = stripLeading(segment, LEADING_FILLER);
  return t.length > 0 && SPLIT_VERBS.has(t[0]!);
}

/**
 * "3 of the second one", "the blue top", "sku X": a continuation that needs
 * the previous verb. A new article or count starts a new item; a bare
 * adjective ("and white dress") does not, so "black and white" stays whole.
 */
function isContinuation(segment: readonly string[]): boolean {
  const t = stripLeading(segment, LEADING_FILLER);
  const count = parseCount(t, 0);
  const counted = count !== null && count !== "invalid" && t.length > count.length;
  return counted || parseOrdinal(t, 0, false) !== null || ARTICLES.has(t[0] ?? "") || t[0] === "sku";
}

const ARTICLES = new Set(["the", "a", "an", "some", "another"]);

/** The add/remove verb a clause opens with, so a continuation can borrow it. */
function cartVerb(clause: readonly string[]): string[] {
  const start = clause.length - stripLeading(clause, LEADING_FILLER).length;
  const n = Math.max(matchAt(clause, ADD_VERBS, start), matchAt(clause, REMOVE_VERBS, start));
  return clause.slice(start, start + n);
}

function softSplit(part: readonly string[]): string[][] {
  const segments: string[][] = [[]];
  const joints: string[] = [];
  for (const t of part) {
    if (t === "and" || t === COMMA) {
      segments.push([]);
      joints.push(t);
    } else {
      segments[segments.length - 1]!.push(t);
    }
  }
  const clauses: string[][] = [];
  let current = [...segments[0]!];
  let verb = cartVerb(current);
  for (let i = 1; i < segments.length; i++) {
    const next = segments[i]!;
    if (next.length > 0 && opensWithVerb(next)) {
      clauses.push(current);
      current = next;
      verb = cartVerb(current);
    } else if (verb.length > 0 && next.length > 0 && isContinuation(next)) {
      clauses.push(current);
      current = [...verb, ...next];
    } else {
      current.push(joints[i - 1]!, ...next);
    }
  }
  clauses.push(current);
  return clauses;
}
