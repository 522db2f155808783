/**
 * Splitting long replies for providers with a message-length limit
 * (Telegram 4096, WhatsApp text 4096, WhatsApp interactive body 1024).
 *
 * Lengths are UTF-16 code units (`string.length`), which is never less than
 * the characters the providers count, so a part that fits here fits there.
 * A cut prefers a paragraph break, then a line break, then a space, in the
 * second half of the window; the whitespace at a cut is dropped. A cut never
 * falls inside a surrogate pair.
 */
const SEPARATORS = ["\n\n", "\n", " "] as const;

const isWhitespace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A hard cut at `at` moved back by one when it would split a surrogate pair. */
function safeCut(text: string, at: number): number {
  return at > 1 && isHighSurrogate(text.charCodeAt(at - 1)) ? at - 1 : at;
}

/** Where the part starting at `start` ends (exclusive), for a text longer than `limit` from there. */
function cutPoint(text: string, start: number, limit: number): number {
  const window = text.slice(start, start + limit + 1);
  let best = -1;
  for (const sep of SEPARATORS) {
    const p = window.lastIndexOf(sep, limit);
    if (p >= limit / 2) return start + p;
    best = Math.max(best, p);
  }
  return best > 0 ? start + best : start + safeCut(window, limit);
}

/**
 * Splits `text` into parts of at most `limit` code units. Joining the parts
 * gives the original text except for whitespace at the cuts. Blank parts are
 * dropped, so a blank text gives [].
 *
 * @example splitText("a\n\nb", 2) // ["a", "b"]
 */
export function splitText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`limit must be an integer ≥ 2, got ${limit}`);
  const parts: string[] = [];
  let start = 0;
  while (text.length - start > limit) {
    const end = cutPoint(text, start, limit);
    parts.push(text.slice(start, end).trimEnd());
    start = end;
    while (isWhitespace(text[start])) start++;
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== "");
}

/**
 * Splits off the end of `text` that fits in `limit`, at a paragraph or line
 * break when one is near, so that a message with buttons keeps its last
 * lines (a quote's total) next to the buttons.
 *
 * @example splitTail("intro\n\ntotal", 6) // { head: "intro", tail: "total" }
 */
export function splitTail(text: string, limit: number): { head: string; tail: string } {
  if (text.length <= limit) return { head: "", tail: text };
  const earliest = text.length - limit;
  for (const sep of SEPARATORS) {
    const p = text.indexOf(sep, earliest);
    if (p >= 0 && p <= earliest + limit / 2) {
      const tail = text.slice(p).trimStart();
      if (tail !== "") return { head: text.slice(0, p).trimEnd(), tail };
    }
  }
  // No separator near: a hard cut, moved forward when it would split a surrogate pair.
  const at = earliest < text.length && isHighSurrogate(text.charCodeAt(earliest - 1)) ? earliest + 1 : earliest;
  return { head: text.slice(0, at), tail: text.slice(at) };
}
