import { COLOR_FAMILIES } from "./colors.js";
import { ftsTokens } from "./fts-query.js";
import { colorInQuery } from "./query-color.js";
import type { ProductSummary, SearchParams } from "./types.js";

/** One text search with every word ("all") or any word ("any") required, as a catalog runs it. */
export type SearchRun = (params: SearchParams, mode: "all" | "any") => Promise<ProductSummary[]>;

/**
 * The order in which a catalog tries a search's words, the same for D1 and
 * in memory. Every word first, so a product whose own words hold a colour
 * ("Blue Mountain Coffee") is found by them. Colours are variant options, not
 * indexed words: when nothing has every word and no colour filter was given,
 * a colour named in the words becomes the colour filter and the other words
 * the text ("blue dress": dresses with a blue-family variant). Only then any
 * word, as before. `knownColors` (the catalog's variant colours) is read only
 * when the colour step is reached.
 */
export async function searchInSteps(
  params: SearchParams,
  run: SearchRun,
  knownColors: () => Promise<readonly string[]>,
): Promise<ProductSummary[]> {
  const all = await run(params, "all");
  if (all.length > 0 || !params.query || ftsTokens(params.query).length < 2) return all;
  if (!params.color) {
    const found = colorInQuery(params.query, [...(await knownColors()), ...COLOR_FAMILIES]);
    if (found) {
      const colored = await run({ ...params, query: found.text, color: found.color }, "all");
      if (colored.length > 0) return colored;
    }
  }
  return run(params, "any");
}
