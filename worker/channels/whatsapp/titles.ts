/**
 * Button and row titles within WhatsApp's limits (reply button 20, list row
 * 24, list button 20 characters). Lengths are UTF-16 code units, never less
 * than what WhatsApp counts.
 */
const ELLIPSIS = "…";

/**
 * `label` shortened to `max`, at a word boundary when one is in the second
 * half, with an ellipsis; never splitting a surrogate pair.
 *
 * @example fitTitle("Add M / Blue $129.00", 20) // "Add M / Blue $129.00"
 * @example fitTitle("1. Trail Runner GTX Waterproof", 20) // "1. Trail Runner GTX…"
 */
export function fitTitle(label: string, max: number): string {
  const s = label.trim().replace(/\s+/g, " ");
  if (s.length <= max) return s;
  let cut = max - ELLIPSIS.length;
  if (/[\uD800-\uDBFF]/.test(s.charAt(cut - 1))) cut--;
  const space = s.lastIndexOf(" ", cut);
  if (space >= max / 2) cut = space;
  return s.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * Titles fitted to `max` and made unique (WhatsApp refuses a message whose
 * buttons share a title) by numbering repeats: "Remove Tee", "Remove Tee 2".
 */
export function uniqueTitles(labels: readonly string[], max: number): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let title = fitTitle(label, max) || "•";
    for (let n = 2; seen.has(title); n++) title = (fitTitle(label, max - ` ${n}`.length) || "•") + ` ${n}`;
    seen.add(title);
    return title;
  });
}
