/** Shoppers read sizes in wear order (XS, S, M, L, XL), numbers numerically; not alphabetically. */
const LETTER_ORDER = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];

function rank(size: string): [number, number, string] {
  const letter = LETTER_ORDER.indexOf(size.toUpperCase());
  if (letter >= 0) return [0, letter, size];
  const n = Number.parseFloat(size);
  return Number.isFinite(n) ? [1, n, size] : [2, 0, size];
}

export function compareSizes(a: string, b: string): number {
  const [ga, na, sa] = rank(a);
  const [gb, nb, sb] = rank(b);
  return ga - gb || na - nb || sa.localeCompare(sb);
}
