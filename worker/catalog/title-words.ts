/**
 * The words of product titles and brands, for the planner's typo correction ("jackt" →
 * "jacket"): lower case, apostrophes dropped (as the planner's tokenizer
 * does), letters with inner dashes only ("t-shirt"), three letters or more.
 * Capped so a huge catalog cannot make every chat turn slower.
 */
export const MAX_TITLE_WORDS = 5000;

const WORD = /^[a-z]+(?:-[a-z]+)*$/;

export function titleWords(titles: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const title of titles) {
    const prepared = title
      .normalize("NFKC")
      .toLowerCase()
      .replace(/['’‘`´]/g, "");
    for (const w of prepared.split(/[^a-z-]+/)) {
      const word = w.replace(/^-+|-+$/g, "");
      if (word.length >= 3 && WORD.test(word)) out.add(word);
      if (out.size >= MAX_TITLE_WORDS) return [...out];
    }
  }
  return [...out];
}
