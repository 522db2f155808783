/**
 * Colour and size words → OptionChoice. Invariant 3 ("never guess a
 * variant") shapes every rule here: two different colours or sizes in one
 * phrase give no option at all, so the executor asks instead of picking.
 */
import type { OptionChoice } from "../actions.js";
import { COLOR_NAMED_FOOD } from "./lexicon.js";
import type { VocabIndex } from "./vocab.js";

const SIZE_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    xxs: "XXS",
    xs: "XS",
    s: "S",
    small: "S",
    m: "M",
    medium: "M",
    l: "L",
    large: "L",
    xl: "XL",
    xxl: "XXL",
    xxxl: "XXXL",
  }),
);
/** Size labels that cannot be anything else, so they count without "size" / "in" in front. */
const UNMISTAKABLE = new Set(["XXS", "XS", "XL", "XXL", "XXXL"]);
/** "light blue" is not "blue": a shade word stays with its colour. */
const SHADES = new Set(["light", "dark", "pale", "bright", "deep", "baby", "hot", "pastel", "neon"]);
/** Words between options and the rest that belong to the option ("in red", "size M", "colour navy"). */
const LEAD_IN = new Set(["in", "color", "size", "sized"]);
/** Words that may surround options in an options-only phrase ("to the red one instead"). */
const OPTION_GLUE = new Set([
  "in",
  "to",
  "into",
  "the",
  "a",
  "an",
  "one",
  "ones",
  "color",
  "size",
  "instead",
  "please",
  "and",
  "with",
  "rather",
  "version",
  "variant",
  "same",
  "but",
  "actually",
  "then",
  "that",
  "please",
  "just",
  "for",
]);

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/** Colour phrases, adjacent colour words merged ("navy blue") and shades kept. Marks used tokens. */
export function findColors(tokens: readonly string[], vocab: VocabIndex, used: boolean[]): Span[] {
  const spans: { start: number; end: number; value: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const hit = vocab.colors.find((c) => c.tokens.every((w, k) => tokens[i + k] === w && !used[i + k]));
    if (!hit) continue;
    const end = i + hit.tokens.length;
    if (COLOR_NAMED_FOOD.has(tokens[end] ?? "")) continue; // "green tea" is a tea, not a green variant
    const last = spans[spans.length - 1];
    if (last && last.end === i) {
      last.end = end;
      last.value = `${last.value} ${hit.value}`;
    } else if (SHADES.has(tokens[i - 1] ?? "") && !used[i - 1]) {
      spans.push({ start: i - 1, end, value: `${tokens[i - 1]} ${hit.value}` });
    } else {
      spans.push({ start: i, end, value: hit.value });
    }
    i = end - 1;
  }
  return spans.map((s) => mark(tokens, used, s));
}

/**
 * Size phrases: "size 38", "in M", "in medium", and labels that cannot be
 * anything else (XL, 500ML). `loose` (a phrase that is only options, like
 * "change it to L") also accepts a bare S / M / L / small / medium / large.
 * Bare numbers are never sizes: "make it 3" is a quantity.
 */
export function findSizes(tokens: readonly string[], vocab: VocabIndex, used: boolean[], loose: boolean): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const afterWord = (t === "size" || t === "sized") && next !== undefined && !used[i + 1];
    const named = afterWord ? sizeLabel(next, vocab, true) : null;
    const afterIn = t === "in" && next !== undefined && !used[i + 1] ? sizeLabel(next, vocab, false) : null;
    const alone = sizeLabel(t, vocab, false);
    if (named ?? afterIn) {
      spans.push(mark(tokens, used, { start: i, end: i + 2, value: (named ?? afterIn)! }));
      i += 1;
    } else if (
      alone &&
      ((loose && !/^\d+$/.test(alone)) ||
        UNMISTAKABLE.has(alone) ||
        isUnitSize(alone, vocab) ||
        afterColor(tokens, used, i, alone))
    ) {
      spans.push(mark(tokens, used, { start: i, end: i + 1, value: alone }));
    }
  }
  return spans;
}

/**
 * "in navy medium", "in red, M": a size letter or word right after a colour
 * phrase is that colour's size. Numbers are not ("black 2" is a count).
 */
function afterColor(tokens: readonly string[], used: readonly boolean[], i: number, label: string): boolean {
  return i > 0 && used[i - 1] === true && !/^\d+$/.test(label) && tokens[i - 1] !== "in" && tokens[i - 1] !== "size";
}

/** "500ML", "128GB": a shop label mixing digits and letters is never an ordinary word. */
function isUnitSize(label: string, vocab: VocabIndex): boolean {
  return /[A-Z]/.test(label) && /\d/.test(label) && vocab.sizes.has(label);
}

function sizeLabel(t: string, vocab: VocabIndex, afterSizeWord: boolean): string | null {
  const word = SIZE_WORDS.get(t);
  if (word) return word;
  const upper = t.toUpperCase();
  if (vocab.sizes.has(upper)) return upper;
  // After "size", an unknown label is taken as said ("size 32", "size uk8"), but only if it looks like one.
  const looksLikeSize = /\d/.test(t) ? /^[a-z0-9][a-z0-9.]{0,7}$/.test(t) : /^[a-z]{1,3}$/.test(t);
  return afterSizeWord && looksLikeSize && !OPTION_GLUE.has(t) ? upper : null;
}

/** Marks a span used, with the lead-in words just before it ("in", "colour"). */
function mark(tokens: readonly string[], used: boolean[], s: Span): Span {
  let start = s.start;
  while (start > 0 && !used[start - 1] && LEAD_IN.has(tokens[start - 1]!)) start -= 1;
  for (let k = start; k < s.end; k++) used[k] = true;
  return { start, end: s.end, value: s.value };
}

export interface Extracted {
  readonly options: OptionChoice;
  /** Tokens left once the options (and their lead-ins) are taken out. */
  readonly rest: string[];
  /** Two colours or two sizes were named: options hold neither. */
  readonly conflict: boolean;
}

export function extractOptions(tokens: readonly string[], vocab: VocabIndex, loose: boolean): Extracted {
  const used = tokens.map(() => false);
  const colors = [...new Set(findColors(tokens, vocab, used).map((s) => s.value))];
  const sizes = [...new Set(findSizes(tokens, vocab, used, loose).map((s) => s.value))];
  const options: { color?: string; size?: string } = {};
  if (colors.length === 1) options.color = colors[0]!;
  if (sizes.length === 1) options.size = sizes[0]!;
  const rest = tokens.filter((_, i) => !used[i]);
  return { options, rest, conflict: colors.length > 1 || sizes.length > 1 };
}

/** "red", "size L", "in navy instead", "the blue one": options and nothing else, else null. */
export function parseOptionsOnly(tokens: readonly string[], vocab: VocabIndex): OptionChoice | null {
  const { options, rest, conflict } = extractOptions(tokens, vocab, true);
  if (conflict || (options.color === undefined && options.size === undefined)) return null;
  return rest.every((t) => OPTION_GLUE.has(t)) ? options : null;
}

/** Words ruling out the colours right after them. */
const NEGATIONS = [
  "no",
  "not",
  "but not",
  "anything but",
  "except",
  "without",
  "other than",
  "excluding",
  "arent",
  "avoid",
  "not in",
  "minus the",
  "minus",
  "hate",
  "nothing",
  "that arent",
  "that are not",
  "are not",
  "any color except",
  "in any color except",
  "except for",
  "but nothing",
]
  .map((p) => p.split(" "))
  .sort((a, b) => b.length - a.length);

/** "no pink", "avoid pink and white", "not white or ivory": the colours, with their words marked used. */
export function findExcludedColors(tokens: readonly string[], vocab: VocabIndex, used: boolean[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const neg = NEGATIONS.find((p) => p.every((w, k) => tokens[i + k] === w && !used[i + k]));
    if (!neg) continue;
    let j = i + neg.length;
    const found: string[] = [];
    for (;;) {
      while (tokens[j] === "the" || tokens[j] === "in" || tokens[j] === "any") j++;
      const hit = colorAt(tokens, j, vocab, used);
      if (!hit) break;
      found.push(hit.value);
      j = hit.end;
      if ((tokens[j] === "and" || tokens[j] === "or") && colorAt(tokens, j + 1, vocab, used)) j++;
      else break;
    }
    if (found.length === 0) continue;
    if (tokens[j] === "ones" || tokens[j] === "one") j++;
    for (let k = i; k < j; k++) used[k] = true;
    out.push(...found);
    i = j - 1;
  }
  return [...new Set(out)];
}

function colorAt(
  tokens: readonly string[],
  at: number,
  vocab: VocabIndex,
  used: readonly boolean[],
): { value: string; end: number } | null {
  const shade = SHADES.has(tokens[at] ?? "") ? 1 : 0;
  const hit = vocab.colors.find((c) => c.tokens.every((w, k) => tokens[at + shade + k] === w && !used[at + shade + k]));
  if (!hit) return null;
  return { value: shade ? `${tokens[at]} ${hit.value}` : hit.value, end: at + shade + hit.tokens.length };
}
