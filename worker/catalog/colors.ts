/**
 * Colour matching for filters. A shopper's "blue" must find "navy" and
 * "sky blue" variants, but "sky blue" must not find "navy": a filter matches a
 * variant colour that equals it, ends with it as a word ("royal blue" for
 * "blue"), or belongs to its family below.
 */
const FAMILIES: Record<string, readonly string[]> = {
  blue: ["navy", "teal", "denim", "indigo", "azure", "turquoise"],
  grey: ["gray", "charcoal", "silver", "slate"],
  gray: ["grey", "charcoal", "silver", "slate"],
  red: ["burgundy", "crimson", "maroon", "scarlet", "wine"],
  green: ["olive", "khaki", "mint", "sage", "emerald"],
  white: ["ivory", "cream", "off-white"],
  brown: ["tan", "camel", "chocolate", "coffee"],
  pink: ["rose", "blush", "fuchsia"],
  purple: ["lilac", "lavender", "violet", "plum"],
  yellow: ["mustard", "gold", "lemon"],
  beige: ["sand", "nude", "cream"],
};

/** The family names ("blue", "grey", …): colours a shopper may name though no variant is called so. */
export const COLOR_FAMILIES: readonly string[] = Object.keys(FAMILIES);

/**
 * What a filter finds, each as a whole colour or its last words: the filter,
 * its family's members, and for a shade said with its family ("navy blue",
 * "olive green") the shade too, since shops name that colour "navy" as often
 * as "navy blue". "sky blue" names no member of blue: it stays itself.
 */
function colorTerms(filter: string): string[] {
  const f = filter.trim().toLowerCase();
  const terms = [f, ...(FAMILIES[f] ?? [])];
  const space = f.lastIndexOf(" ");
  const shade = f.slice(0, space).trim();
  if (space > 0 && (FAMILIES[f.slice(space + 1)] ?? []).includes(shade)) terms.push(shade);
  return terms;
}

export function colorMatches(filter: string, color: string | null): boolean {
  if (color === null) return false;
  const c = color.trim().toLowerCase();
  if (filter.trim() === "" || c === "") return false;
  return colorTerms(filter).some((t) => c === t || c.endsWith(` ${t}`));
}

/**
 * SQL-side equivalent of colorMatches, as a condition on a row. `last` is the
 * colour's last word lower-cased (variant_facets.color_last, or lastWordSql of a
 * column) and `whole` the whole colour lower-cased and trimmed. One-word terms
 * compare on the last word, which an index serves; a term of several words
 * ("sky blue") compares the whole colour or its ending.
 */
export function colorCondition(
  filter: string,
  cols: { last: string; whole: string },
): { sql: string; binds: (string | number)[] } {
  const terms = colorTerms(filter);
  const words = terms.filter((t) => !t.includes(" "));
  const phrases = terms.filter((t) => t.includes(" "));
  const parts: string[] = [];
  const binds: (string | number)[] = [];
  if (words.length > 0) {
    parts.push(`${cols.last} IN (${words.map(() => "?").join(",")})`);
    binds.push(...words);
  }
  for (const t of phrases) {
    // The last-word equality is implied by the rest; it is there for the index.
    parts.push(`(${cols.last} = ? AND (${cols.whole} = ? OR substr(${cols.whole}, -?) = ?))`);
    binds.push(t.slice(t.lastIndexOf(" ") + 1), t, t.length + 1, ` ${t}`);
  }
  return { sql: `(${parts.join(" OR ")})`, binds };
}

/** The last space-separated word of a text column, lower-cased (NULL stays NULL). Same expression as migration 0005. */
export function lastWordSql(col: string): string {
  const t = `trim(${col})`;
  return `lower(replace(${t}, rtrim(${t}, replace(${t}, ' ', '')), ''))`;
}
