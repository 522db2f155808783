// Regenerates public/img from the seed catalog: `npx tsx web/write-placeholders.ts`.
// web/placeholders.test.ts fails when the shipped files and the seed disagree.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildCatalog } from "../db/seed/catalog.js";
import { placeholderFiles } from "./placeholders.js";

const dir = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "public", "img");
rmSync(dir, { recursive: true, force: true });
const files = placeholderFiles(buildCatalog({ now: Date.now() }));
for (const [name, svg] of files) {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), svg);
}
console.log(`wrote ${files.size} placeholders to public/img`);
