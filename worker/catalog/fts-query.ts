/**
 * Turns shopper words into a safe FTS5 MATCH expression. Every token is
 * quoted, so operators or quotes typed by a shopper can never change the
 * query's meaning or raise an FTS5 syntax error (which would be a 5xx).
 * The last token is a prefix match so "dres" still finds dresses.
 */
const TOKEN = /[\p{L}\p{N}]+/gu;
const MAX_TOKENS = 8;

/** The words of a text as FTS5's tokenizer splits them, lower-cased, before stemming. */
export function textTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** The words a search reads: the first MAX_TOKENS of textTokens. */
export function ftsTokens(text: string): string[] {
  return textTokens(text).slice(0, MAX_TOKENS);
}

export function ftsMatch(text: string, mode: "all" | "any" = "all"): string | null {
  const tokens = ftsTokens(text);
  if (tokens.length === 0) return null;
  const quoted = tokens.map((t, i) => (i === tokens.length - 1 && t.length >= 3 ? `"${t}"*` : `"${t}"`));
  return quoted.join(mode === "all" ? " " : " OR ");
}
