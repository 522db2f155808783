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

export function colorMatches(filter: string, color: string | null): boolean {
  if (color === null) return false;
  const f = filter.trim().toLowerCase();
  const c = color.trim().toLowerCase();
  if (f === "" || c === "") return false;
  if (c === f || c.endsWith(` ${f}`)) return true;
  return (FAMILIES[f] ?? []).some((member) => c === member || c.endsWith(` ${member}`));
}

/** SQL-side equivalent: the exact colour names a filter accepts, plus a suffix pattern. */
export function colorFilterTerms(filter: string): { exact: string[]; suffix: string } {
  const f = filter.trim().toLowerCase();
  const family = FAMILIES[f] ?? [];
  return { exact: [f, ...family], suffix: `% ${f}` };
}
