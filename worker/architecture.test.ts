import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layer rules of docs/ARCHITECTURE.md ("Layers"), read from the code's
 * own imports so a change that breaks one fails here, not in review.
 */

const workerDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(workerDir);

interface Edge {
  /** Repository-relative path of the imported file, or the package name. */
  target: string;
  typeOnly: boolean;
}

const IO_PACKAGES = [
  /^cloudflare:/,
  /^drizzle-orm/,
  /^stripe$/,
  /^@upstash\//,
  /^ai$/,
  /^@ai-sdk\//,
  /^workers-ai-provider$/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter(
      (f) =>
        f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("fixtures"),
    )
    .map((f) => path.relative(root, path.join(dir, f)).split(path.sep).join("/"));
}

const IMPORT = /^\s*(?:import|export)\s+([^'";]*?)\s*from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

/** `import type {…}`, or `{ type A, type B }` with every name a type: erased when compiled. */
function isTypeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const names = /^\{([^}]*)\}$/.exec(clause)?.[1];
  if (names === undefined) return false;
  const list = names
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return list.length > 0 && list.every((n) => n.startsWith("type "));
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const edges: Edge[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[2] ?? m[3])!;
    const typeOnly = m[1] !== undefined && isTypeOnly(m[1].replace(/\s+/g, " ").trim());
    const target = spec.startsWith(".")
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, ".ts")
      : spec;
    edges.push({ target, typeOnly });
  }
  return edges;
}

const files = sourceFiles(workerDir);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Files whose value imports reach an I/O package, directly or through other files. */
function ioReach(): Map<string, string[]> {
  const memo = new Map<string, string[] | null>();
  const visit = (file: string, seen: Set<string>): string[] | null => {
    if (memo.has(file)) return memo.get(file)!;
    if (seen.has(file)) return null;
    seen.add(file);
    for (const e of graph.get(file) ?? []) {
      if (e.typeOnly) continue;
      if (IO_PACKAGES.some((p) => p.test(e.target))) return memo.set(file, [file, e.target]).get(file)!;
      if (graph.has(e.target)) {
        const via = visit(e.target, seen);
        if (via) return memo.set(file, [file, ...via]).get(file)!;
      }
    }
    memo.set(file, null);
    return null;
  };
  const out = new Map<string, string[]>();
  for (const f of files) {
    const chain = visit(f, new Set());
    if (chain) out.set(f, chain);
  }
  return out;
}

const io = ioReach();
/** Web Crypto helpers (digests, ids, compares): pure, shared with the core. */
const PURE_CRYPTO = "worker/http/crypto.ts";
const under = (prefix: string) => files.filter((f) => f.startsWith(prefix));

describe("architecture: layer rules read from the imports", () => {
  it("sees the code it checks (the rules are not vacuous)", () => {
    expect(under("worker/commerce/").length).toBeGreaterThan(10);
    expect(under("worker/agent/").length).toBeGreaterThan(10);
    // The I/O detector finds the adapters that really do I/O.
    expect(io.get("worker/payments/stripe-client.ts")).toBeDefined();
    expect(io.get("worker/catalog/d1-catalog.ts")).toBeDefined();
    expect(io.has("worker/commerce/cart.ts")).toBe(false);
  });

  it("the pure core imports nothing outside itself", () => {
    const offenders = under("worker/commerce/").flatMap((f) =>
      graph
        .get(f)!
        .filter((e) => !e.target.startsWith("worker/commerce/") && e.target !== PURE_CRYPTO)
        .map((e) => `${f} → ${e.target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("pure modules reach no I/O (no bindings, no SDKs), even indirectly", () => {
    const pure = [
      ...under("worker/commerce/"),
      ...under("worker/agent/planner/"),
      "worker/limits/algorithms.ts",
      PURE_CRYPTO,
    ];
    const offenders = pure.filter((f) => io.has(f)).map((f) => io.get(f)!.join(" → "));
    expect(offenders).toEqual([]);
  });

  it("the agent reaches no I/O and never imports Durable Objects, routes, channels or payments", () => {
    const agent = under("worker/agent/").filter((f) => !f.startsWith("worker/agent/llm/"));
    expect(agent.filter((f) => io.has(f)).map((f) => io.get(f)!.join(" → "))).toEqual([]);
    const forbidden = /^worker\/(objects|routes|channels|payments|orders|limits|admin)\/|^worker\/(app|index|env)\.ts$/;
    const offenders = agent.flatMap((f) =>
      graph
        .get(f)!
        .filter((e) => forbidden.test(e.target))
        .map((e) => `${f} → ${e.target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("only the composition layer imports Durable Object modules for their values", () => {
    const composition = /^worker\/(objects|routes|admin)\/|^worker\/(app|index)\.ts$/;
    const offenders = files
      .filter((f) => !composition.test(f))
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((e) => !e.typeOnly && e.target.startsWith("worker/objects/"))
          .map((e) => `${f} → ${e.target}`),
      );
    expect(offenders).toEqual([]);
  });

  it("Durable Object stores never create their tables: the owning object's versioned migrations do", () => {
    const stores = files.filter((f) => f.endsWith("-store.ts"));
    expect(stores.length).toBeGreaterThanOrEqual(4);
    const creates = /\.exec\(\s*(SCHEMA\b|[`"']\s*CREATE\b)/;
    expect(stores.filter((f) => creates.test(readFileSync(path.join(root, f), "utf8")))).toEqual([]);
  });

  it("each Durable Object with stores migrates before it builds them", () => {
    for (const f of ["worker/objects/conversation.do.ts", "worker/objects/checkout-session.do.ts"]) {
      const text = readFileSync(path.join(root, f), "utf8");
      const migrated = text.indexOf("migrate(ctx.storage");
      expect(migrated, f).toBeGreaterThan(-1);
      expect(migrated, f).toBeLessThan(text.indexOf("Store(ctx.storage.sql)"));
    }
  });

  it("routes reach Durable Objects only through objects/stubs.ts (the hop has a name to follow)", () => {
    const routes = under("worker/routes/").concat(["worker/app.ts"]);
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((f) => /\.idFromName\(/.test(readFileSync(path.join(root, f), "utf8")))).toEqual([]);
    expect(
      routes.filter((f) => graph.get(f)!.some((e) => e.target === "worker/objects/stubs.ts")).length,
    ).toBeGreaterThanOrEqual(3);
  });
});
