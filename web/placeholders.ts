import type { SeedCatalog } from "../db/seed/catalog.js";

/**
 * Product images for the demo shop: one small SVG per category and colour,
 * generated here and shipped in public/img (no image host). The widget and
 * the shop page both ask for /img/<category>/<colour slug>.svg, or
 * default.svg for products without a colour.
 */
export const SWATCHES: Readonly<Record<string, string>> = {
  navy: "#1f2f5a",
  "sky blue": "#7cc3ee",
  "royal blue": "#2a4fc4",
  "powder blue": "#aecbe6",
  "cobalt blue": "#0047ab",
  teal: "#14807f",
  "light blue": "#a9d4f5",
  "midnight blue": "#191970",
  indigo: "#3f2a88",
  black: "#1b1b1b",
  white: "#f4f4f2",
  red: "#c62828",
  green: "#2e7d32",
  beige: "#d9c7a3",
  pink: "#f29bb7",
  grey: "#8a8d91",
  olive: "#6b7132",
  burgundy: "#7a1f35",
  cream: "#f3e9cf",
  brown: "#6d4c33",
  tan: "#c59b6d",
  yellow: "#f2c230",
  lavender: "#b9a5dd",
  orange: "#ee7d22",
  silver: "#c0c4c8",
  gold: "#d4a93a",
  charcoal: "#36454f",
  khaki: "#b6a77a",
  camel: "#bf8a4e",
  emerald: "#1d8a5b",
  mustard: "#d0a024",
  coral: "#f26f5b",
  sage: "#9caf88",
  ivory: "#f7f3e3",
  plum: "#6e3a63",
  blush: "#e8b4b0",
  "rose gold": "#d7a08d",
  rose: "#e07a95",
  berry: "#8e2a5b",
  nude: "#e3bfa0",
  terracotta: "#c2603f",
};
const NEUTRAL = "#9fa6b2";

/** One simple silhouette per category, drawn on a 120×120 canvas. */
const SHAPES: Readonly<Record<string, string>> = {
  dresses: "M48 18h24l4 14-8 8 22 62H30l22-62-8-8z",
  tops: "M40 22l20 8 20-8 22 16-10 14-10-6v52H38V46l-10 6-10-14z",
  jeans: "M36 16h48l6 90H66l-6-58-6 58H30z",
  shoes: "M14 70l24-22 16 14 28 4c14 2 24 8 24 18v6H14z",
  jackets: "M40 18l20 10 20-10 24 18-8 66H24l-8-66zM60 28v74",
  groceries: "M30 40h60l-6 64H36zM44 40c0-14 32-14 32 0",
  beverages: "M46 14h28v12l8 12v66H38V38l8-12z",
  electronics: "M22 30h76v50H22zM48 80h24l4 14H44z",
  home: "M60 16l44 38h-12v50H28V54H16z",
  beauty: "M50 40h20v64H50zM54 16h12v24H54z",
};

export const slug = (color: string) => color.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** Readable ink on a given fill. */
function ink(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.299 * r! + 0.587 * g! + 0.114 * b! > 150 ? "#1b1b1b" : "#ffffff";
}

export function placeholderSvg(category: string, color: string | null): string {
  const fill = color ? (SWATCHES[color] ?? NEUTRAL) : NEUTRAL;
  const shape = SHAPES[category] ?? "M30 30h60v60H30z";
  const stroke = ink(fill) === "#ffffff" ? "#ffffff" : "#1b1b1b";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120" role="img" aria-label="${category}${color ? `, ${color}` : ""}">`,
    `<rect width="120" height="120" fill="#eef0f3"/>`,
    `<path d="${shape}" fill="${fill}" stroke="${stroke}" stroke-opacity=".35" stroke-width="2" stroke-linejoin="round"/>`,
    `</svg>\n`,
  ].join("");
}

/** Every file public/img must hold for this catalog: path under img/ → SVG text. */
export function placeholderFiles(catalog: Pick<SeedCatalog, "products" | "variants">): Map<string, string> {
  const categoryOf = new Map(catalog.products.map((p) => [p.id, p.category]));
  const files = new Map<string, string>();
  for (const category of new Set(categoryOf.values()))
    files.set(`${category}/default.svg`, placeholderSvg(category, null));
  for (const v of catalog.variants) {
    const category = categoryOf.get(v.productId);
    if (category && v.color) files.set(`${category}/${slug(v.color)}.svg`, placeholderSvg(category, v.color));
  }
  return files;
}
