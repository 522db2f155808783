/**
 * The claims check (docs/ARCHITECTURE.md invariant 9). The shopper-facing
 * reply is the engine's; the model may add one short sentence of its own,
 * and every amount, percentage, count, SKU or code in it must equal a fact
 * the engine produced this turn (the reply text, the tool results, the
 * cart). Otherwise the sentence is dropped, whole.
 */

export type DropReason = "too_long" | "unbacked_claim" | "off_script" | "link";

export interface ClaimsVerdict {
  readonly note: string | null;
  readonly dropped: DropReason | null;
  /** The claims that had no fact behind them (for the log line). */
  readonly unbacked: readonly string[];
}

const MAX_NOTE = 240;
// A model that talks about itself, or gives up, says nothing a shop should say.
const OFF_SCRIPT =
  /\b(language model|as an ai|ai model|assistant model|i(?:'m| am) (?:just )?an? (?:ai|bot|model)|can(?:'|no)?t (?:make|process|take) (?:a )?payments?|ignore (?:all |previous )?instructions?|system prompt|(?:order|payment) (?:is |was |has been )?(?:confirmed|placed|complete|done)|confirmed (?:your|the) (?:order|payment)|you(?:'ve| have) paid)\b/i;
const LINK = /\bhttps?:\/\/|\bwww\./i;

interface Claims {
  money: number[];
  percents: number[];
  numbers: number[];
  codes: string[];
}

// "$1,299.50", "€40", "40 dollars", "USD 12.00", "12.00 USD"
const MONEY =
  /(?:[$€£¥₹]|\b(?:USD|EUR|GBP|JPY|CNY|INR|CAD|AUD)\s?)\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(?:[$€£¥₹]|\b(?:dollars?|euros?|pounds?|yuan|rmb|usd|eur|gbp)\b)/gi;
const PERCENT = /(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)/gi;
const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
// Code-like tokens: upper-case words of 4+ characters, or letters and digits mixed (WELCOME10, DRS-0042-NV-M).
const CODE = /\b[A-Z0-9]+(?:[-_][A-Z0-9]+)*\b/g;

function num(s: string): number {
  return Number(s.replace(/,/g, ""));
}

function isCodeLike(t: string): boolean {
  const letters = /[A-Z]/.test(t);
  const digits = /\d/.test(t);
  return (letters && digits) || (letters && t.length >= 4 && /^[A-Z_-]+$/.test(t));
}

export function extractClaims(text: string): Claims {
  let rest = text;
  const money: number[] = [];
  const percents: number[] = [];
  rest = rest.replace(MONEY, (_m, a?: string, b?: string) => {
    money.push(num(a ?? b ?? "0"));
    return " ";
  });
  rest = rest.replace(PERCENT, (_m, p: string) => {
    percents.push(num(p));
    return " ";
  });
  const codes = (rest.match(CODE) ?? []).filter(isCodeLike);
  const withoutCodes = rest.replace(CODE, (t) => (isCodeLike(t) ? " " : t));
  const numbers = (withoutCodes.match(NUMBER) ?? []).map(num);
  return { money, percents, numbers, codes };
}

/** Checks the model's sentence against this turn's facts; returns it, or null with the reason. */
export function checkClaims(note: string, facts: readonly string[]): ClaimsVerdict {
  const text = note.replace(/\s+/g, " ").trim();
  if (!text) return { note: null, dropped: null, unbacked: [] };
  if (text.length > MAX_NOTE) return { note: null, dropped: "too_long", unbacked: [] };
  if (OFF_SCRIPT.test(text)) return { note: null, dropped: "off_script", unbacked: [] };
  if (LINK.test(text)) return { note: null, dropped: "link", unbacked: [] };
  const said = extractClaims(text);
  // List positions ("2. Wrap Dress") are layout, not figures a sentence may quote.
  const known = extractClaims(facts.join("\n").replace(/^\s*\d+\.\s/gm, " "));
  const knownCodes = new Set(known.codes);
  // A plain number may restate any figure the engine produced (a count, a stock level, a price).
  const anyFigure = new Set([...known.numbers, ...known.money, ...known.percents]);
  const unbacked = [
    ...said.money.filter((m) => !known.money.includes(m)).map((m) => `money ${m}`),
    ...said.percents.filter((p) => !known.percents.includes(p)).map((p) => `${p}%`),
    ...said.numbers.filter((n) => !anyFigure.has(n)).map((n) => `number ${n}`),
    ...said.codes.filter((c) => !knownCodes.has(c)).map((c) => `code ${c}`),
  ];
  return unbacked.length
    ? { note: null, dropped: "unbacked_claim", unbacked }
    : { note: text, dropped: null, unbacked: [] };
}
