import { applyD1Migrations, env } from "cloudflare:test";
import { buildCatalog, seedStatements } from "../../db/seed/index.js";

// Storage is isolated per test file: every file starts from migrations plus
// the same deterministic seed a newcomer gets from `npm run dev`.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
const seeded = await env.DB.prepare("SELECT count(*) AS n FROM products").first<{ n: number }>();
if (!seeded?.n) {
  const statements = seedStatements(buildCatalog({ now: Date.now() }));
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
}
