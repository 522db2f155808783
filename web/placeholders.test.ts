import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../db/seed/catalog.js";
import { placeholderFiles, placeholderSvg, SWATCHES } from "./placeholders.js";

const imgDir = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "public", "img");
const catalog = buildCatalog({ now: Date.UTC(2026, 0, 1) });

describe("product placeholders", () => {
  it("public/img holds exactly the generated files (run web/write-placeholders.ts after a seed change)", () => {
    const expected = placeholderFiles(catalog);
    const shipped = readdirSync(imgDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(imgDir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
      .sort();
    expect(shipped).toEqual([...expected.keys()].sort());
    for (const [name, svg] of expected) expect(readFileSync(path.join(imgDir, name), "utf8"), name).toBe(svg);
  });

  it("knows a swatch for every seeded colour", () => {
    const colors = new Set(catalog.variants.map((v) => v.color).filter((c): c is string => c !== null));
    expect([...colors].filter((c) => !(c in SWATCHES))).toEqual([]);
  });

  it("draws the colour it is asked for", () => {
    expect(placeholderSvg("dresses", "navy")).toContain(`fill="${SWATCHES.navy}"`);
    expect(placeholderSvg("dresses", "navy")).not.toContain(SWATCHES.red);
  });
});
