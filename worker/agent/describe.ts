import type { ProductSummary, Variant, VariantOptions } from "../catalog/types.js";

/** "navy / M", or "" for a product without options. */
export function optionLabel(o: VariantOptions): string {
  return [o.color, o.size].filter((x): x is string => !!x).join(" / ");
}

export function variantLabel(v: Variant): string {
  const opts = optionLabel(v.options);
  return opts ? `${v.title} (${opts})` : v.title;
}

/** Button labels must stay short for chat apps; the text carries the detail. */
export function shortLabel(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function summaryOptions(p: ProductSummary): string {
  const parts: string[] = [];
  if (p.colors.length) parts.push(p.colors.join(", "));
  if (p.sizes.length) parts.push(`sizes ${p.sizes.join(", ")}`);
  return parts.join(" · ");
}
