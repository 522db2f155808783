/**
 * What a corpus step expects of the turn's outcome. Every scored step must
 * state something a do-nothing planner cannot satisfy; the corpus test checks
 * that by replaying each step with a planner that only answers "unknown".
 */
import { colorMatches } from "../../../catalog/colors.js";
import { listed, type TurnRecord } from "./harness.js";

export interface Shows {
  /** At least this many products listed (default 1). */
  readonly min?: number;
  readonly maxPrice?: number;
  readonly minPrice?: number;
  readonly category?: string;
  /** Every listed product offers a variant of this colour (family match). */
  readonly color?: string;
  /** No listed product offers this colour. */
  readonly noColor?: string;
  readonly size?: string;
  /** Cheapest first. */
  readonly sortedAsc?: boolean;
  /** Every listed title matches. */
  readonly titles?: RegExp;
  /** The first listed product. */
  readonly first?: string;
}

export interface Expect {
  /** The exact cart after the turn, sku → quantity. */
  readonly cart?: Readonly<Record<string, number>>;
  /** The cart did not change. */
  readonly cartUnchanged?: boolean;
  readonly says?: RegExp;
  readonly saysNot?: RegExp;
  /** Payloads that must be among the reply's buttons. */
  readonly offers?: readonly string[];
  /** At least this many buttons, none of them generic ("cart"/"help"). */
  readonly asks?: number;
  readonly shows?: Shows;
  readonly quote?: boolean;
  readonly paid?: boolean;
  readonly codes?: readonly string[];
}

const NOT_UNDERSTOOD = /didn't understand/i;

export function check(r: TurnRecord, e: Expect): string[] {
  const out: string[] = [];
  const cart = Object.fromEntries(r.cart.map((l) => [l.sku, l.quantity]));
  const before = JSON.stringify(r.before);
  if (e.cart && JSON.stringify(sorted(cart)) !== JSON.stringify(sorted(e.cart)))
    out.push(`cart ${JSON.stringify(cart)} ≠ ${JSON.stringify(e.cart)}`);
  if (e.cartUnchanged && JSON.stringify(r.cart) !== before) out.push(`cart changed to ${JSON.stringify(cart)}`);
  if (e.says && !e.says.test(r.reply.text)) out.push(`reply does not say ${e.says}`);
  if (e.saysNot && e.saysNot.test(r.reply.text)) out.push(`reply says ${e.saysNot}`);
  const payloads = r.reply.buttons.map((b) => b.payload);
  for (const p of e.offers ?? []) if (!payloads.includes(p)) out.push(`no button ${p}`);
  if (e.asks !== undefined) {
    const choices = payloads.filter((p) => p !== "cart" && p !== "help");
    if (choices.length < e.asks) out.push(`asks with ${choices.length} choice buttons, wanted ≥ ${e.asks}`);
    if (NOT_UNDERSTOOD.test(r.reply.text)) out.push("did not understand");
  }
  if (e.shows) out.push(...checkShows(r, e.shows));
  if (e.quote !== undefined && r.quoteOpened !== e.quote) out.push(e.quote ? "no quote opened" : "a quote was opened");
  if (e.paid !== undefined && r.paid.length > 0 !== e.paid)
    out.push(e.paid ? "nothing confirmed" : "a quote was confirmed");
  if (e.codes && JSON.stringify(r.codes) !== JSON.stringify(e.codes)) out.push(`codes ${JSON.stringify(r.codes)}`);
  return out;
}

function checkShows(r: TurnRecord, s: Shows): string[] {
  const out: string[] = [];
  const ps = listed(r);
  if (ps.length < (s.min ?? 1)) return [`listed ${ps.length} products`];
  for (const p of ps) {
    if (s.maxPrice !== undefined && p.priceFrom > s.maxPrice)
      out.push(`${p.title} from ${p.priceFrom} > ${s.maxPrice}`);
    if (s.minPrice !== undefined && p.priceFrom < s.minPrice)
      out.push(`${p.title} from ${p.priceFrom} < ${s.minPrice}`);
    if (s.category && p.category !== s.category) out.push(`${p.title} is ${p.category}`);
    if (s.color && !p.colors.some((c) => colorMatches(s.color!, c))) out.push(`${p.title} has no ${s.color}`);
    if (s.noColor && p.colors.some((c) => colorMatches(s.noColor!, c))) out.push(`${p.title} offers ${s.noColor}`);
    if (s.size && !p.sizes.includes(s.size)) out.push(`${p.title} has no size ${s.size}`);
    if (s.titles && !s.titles.test(p.title)) out.push(`${p.title} does not match ${s.titles}`);
  }
  if (s.sortedAsc && ps.some((p, i) => i > 0 && p.priceFrom < ps[i - 1]!.priceFrom)) out.push("not cheapest first");
  if (s.first && ps[0]?.id !== s.first) out.push(`first is ${ps[0]?.id}`);
  return [...new Set(out)].slice(0, 3);
}

function sorted(o: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
