import { seedCatalog } from "./worker/agent/planner/corpus/harness.js";
const c = seedCatalog();
for (const q of process.argv.slice(2)) { const r = await c.search({ query: q, limit: 5 }); console.log(q, "=>", r.map(p => `${p.id} ${p.title} (${p.brand}) ${p.priceFrom} [${p.colors}] [${p.sizes}]`).join(" ; ")); }
