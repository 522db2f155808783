import { colorMatches } from "./colors.js";
import { ftsTokens, textTokens } from "./fts-query.js";

/** A search's words split into the one colour they name and the rest. */
export interface QueryColor {
  /** The known colour as spelled in `known`, lower-cased and trimmed ("sky blue", "off-white"). */
  readonly color: string;
  /** The other words, space-separated, in their order. */
  readonly text: string;
}

/**
 * Reads a colour out of a search's words: "sky blue dress" with "sky blue"
 * known → { color: "sky blue", text: "dress" }. The words are the ones the
 * full-text query reads (ftsTokens: same split, same cap), so `text` holds
 * exactly the words FTS would have matched, minus the colour. A colour is
 * matched as whole consecutive words, the longest known one first, so
 * "blueberry" is no colour and "sky blue" is not read as "blue".
 *
 * A shade said with its family ("navy blue dress") is the shade: the family
 * adds nothing to it. Words that only frame the colour ("dress in blue",
 * "blue colour dress") are dropped from the text, which every result must
 * otherwise contain.
 *
 * Null (do not guess) when no colour is named, when two different ones are
 * ("blue red dress"; a repeated one counts once), or when nothing but colours
 * and framing words remains ("blue", "in blue": the words alone are the search).
 */
export function colorInQuery(query: string, known: readonly string[]): QueryColor | null {
  const byWords = new Map<string, string>();
  let longest = 0;
  for (const k of known) {
    const words = textTokens(k);
    if (words.length === 0) continue;
    const key = words.join(" ");
    if (!byWords.has(key)) byWords.set(key, k.trim().toLowerCase());
    longest = Math.max(longest, words.length);
  }
  const tokens = ftsTokens(query);
  const colors = new Set<string>();
  const rest: string[] = [];
  let previous: string | null = null;
  for (let i = 0; i < tokens.length;) {
    const len = longestAt(tokens, i, Math.min(longest, tokens.length - i), byWords);
    if (len > 0) {
      const color = byWords.get(tokens.slice(i, i + len).join(" "))!;
      // "navy blue": the family right after its own shade names the shade again.
      if (previous === null || previous === color || !colorMatches(color, previous)) colors.add(color);
      previous = color;
      i += len;
    } else {
      if (!FRAMING.has(tokens[i]!)) rest.push(tokens[i]!);
      previous = null;
      i++;
    }
  }
  if (colors.size !== 1 || rest.length === 0) return null;
  return { color: [...colors][0]!, text: rest.join(" ") };
}

/** Words around a colour that name no product: dropped from the text once a colour is read. */
const FRAMING = new Set(["in", "the", "a", "an", "color", "colour", "colored", "coloured", "shade"]);

/** How many tokens from `i` form the longest known colour (0: none). */
function longestAt(tokens: readonly string[], i: number, max: number, byWords: ReadonlyMap<string, string>): number {
  for (let len = max; len > 0; len--) if (byWords.has(tokens.slice(i, i + len).join(" "))) return len;
  return 0;
}
