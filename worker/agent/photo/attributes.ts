/**
 * What a vision model may say about a shopper's photo: words for a search,
 * nothing else. Every field is validated; a word with a digit, a currency
 * sign or a code-like shape is dropped, so a model cannot smuggle a price,
 * SKU or promotion code into the search or the reply.
 */
import { z } from "zod";
import type { Action, SearchFilters } from "../actions.js";
import type { ShopVocabulary } from "../../catalog/types.js";

// Letters, spaces and hyphens: "navy", "off-white", "midi dress".
const WORD = /^\p{L}[\p{L} -]{0,29}$/u;

/** The answer the vision model is asked for; its JSON Schema is what the model sees. */
export const PhotoAnswerSchema = z.object({
  category: z.string().max(40).describe("what the main item is, e.g. 'dress', 'sneakers', 'lamp'"),
  colours: z.array(z.string().max(30)).max(6).optional().describe("main colours, lower case, e.g. ['navy']"),
  pattern: z.string().max(30).optional().describe("e.g. 'floral', 'striped', 'plain'"),
  style: z.string().max(30).optional().describe("e.g. 'midi', 'running', 'oversized'"),
  keywords: z.array(z.string().max(30)).max(8).optional().describe("a few more words a shop search would use"),
});

export interface PhotoAttributes {
  readonly category: string;
  readonly colours: readonly string[];
  readonly pattern?: string;
  readonly style?: string;
  readonly keywords: readonly string[];
}

export function attributesJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PhotoAnswerSchema, { io: "input" }) as Record<string, unknown>;
}

const clean = (x: string | undefined): string | undefined => {
  const w = x?.trim().toLowerCase();
  return w && WORD.test(w) ? w : undefined;
};
const cleanAll = (xs: readonly string[] | undefined, max: number): string[] =>
  [...new Set((xs ?? []).map(clean).filter((w): w is string => w !== undefined))].slice(0, max);

/** The model's answer as attributes, or null when it is not one (garbage, no usable category). */
export function parseAttributes(raw: unknown): PhotoAttributes | null {
  const r = PhotoAnswerSchema.safeParse(raw);
  if (!r.success) return null;
  const category = clean(r.data.category);
  if (!category) return null;
  const pattern = clean(r.data.pattern);
  const style = clean(r.data.style);
  return {
    category,
    colours: cleanAll(r.data.colours, 3),
    ...(pattern ? { pattern } : {}),
    ...(style ? { style } : {}),
    keywords: cleanAll(r.data.keywords, 4),
  };
}

/** "a navy floral midi dress": what we saw, in the shopper's words, so they can correct it. */
export function describeAttributes(a: PhotoAttributes): string {
  const colours =
    a.colours.length > 1 ? `${a.colours.slice(0, -1).join(", ")} and ${a.colours.at(-1)}` : (a.colours[0] ?? "");
  const pattern = a.pattern && a.pattern !== "plain" ? a.pattern : "";
  const phrase = [colours, pattern, a.style ?? "", a.category].filter(Boolean).join(" ");
  // "white sneakers" takes no article; "a navy dress", "an orange lamp" do.
  if (/[^s]s$/.test(a.category)) return phrase;
  return `${/^[aeiou]/.test(phrase) ? "an" : "a"} ${phrase}`;
}

function inVocabulary(value: string, known: readonly string[]): string | undefined {
  const plural = [value, `${value}s`, `${value}es`, value.replace(/s$/, "")];
  return known.find((k) => plural.includes(k));
}

/**
 * The search the photo stands for. A colour or category filter only when the
 * shop uses that word (an unknown filter would hide every match); the rest
 * goes into the query words.
 */
export function attributesSearch(a: PhotoAttributes, vocabulary: ShopVocabulary): Extract<Action, { type: "search" }> {
  const color = a.colours.map((c) => inVocabulary(c, vocabulary.colors)).find(Boolean);
  const category = inVocabulary(a.category, vocabulary.categories);
  const filters: SearchFilters = { ...(color ? { color } : {}), ...(category ? { category } : {}) };
  const query = [a.style, category ? undefined : a.category].filter(Boolean).join(" ") || a.category;
  return { type: "search", query, filters };
}
