import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SERVER_TESTS } from "../test/server-tests.js";

/**
 * The layer rules of docs/ARCHITECTURE.md ("Layers"), read from the code's
 * own imports so a change that breaks one fails here, not in review. The
 * folder → layer map, the rules and their temporary exceptions are data
 * below; a failure names each offending `file → import`.
 */

const workerDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(workerDir);

type Layer = "pure core" | "agent" | "adapters" | "composition";

/** Folder (or file) → layer; the longest matching prefix wins. Kept equal to the table in docs/ARCHITECTURE.md. */
const LAYERS: Readonly<Record<string, Layer>> = {
  "worker/commerce/": "pure core",
  "worker/limits/algorithms.ts": "pure core",
  "worker/agent/planner/": "pure core",
  "worker/http/crypto.ts": "pure core",
  "worker/agent/": "agent",
  // The model planner: the agent's port to a model over HTTP (fetch, the limiter for its token budget).
  "worker/agent/llm/": "adapters",
  "worker/catalog/": "adapters",
  "worker/checkout/": "adapters",
  "worker/orders/": "adapters",
  "worker/payments/": "adapters",
  "worker/channels/": "adapters",
  "worker/acp/": "adapters",
  "worker/limits/": "adapters",
  "worker/objects/": "composition",
  "worker/routes/": "composition",
  "worker/admin/": "composition",
  // The audit log's one writer: admin routes and the Telegram payment check (an adapter) both record through it.
  "worker/admin/audit-repo.ts": "adapters",
  "worker/http/": "composition",
  "worker/openapi/": "composition",
  "worker/app.ts": "composition",
  "worker/index.ts": "composition",
  "worker/env.ts": "composition",
};

function layerOf(file: string): Layer | undefined {
  const prefix = Object.keys(LAYERS)
    .filter((p) => file === p || (p.endsWith("/") && file.startsWith(p)))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : LAYERS[prefix];
}

interface Edge {
  /** Repository-relative path of the imported file, or the package name. */
  target: string;
  typeOnly: boolean;
}

/** Packages that do I/O (bindings, SDKs of outside services). */
const IO_PACKAGES = [
  /^cloudflare:/,
  /^drizzle-orm/,
  /^stripe$/,
  /^@upstash\//,
  /^ai$/,
  /^@ai-sdk\//,
  /^workers-ai-provider$/,
];

/** Node modules that start a server or a process: a unit test importing one belongs in SERVER_TESTS. */
const SERVER_MODULES =
  /^node:(http|https|net|child_process|dgram)$|^test\/stand-ins\/[^/]+\/(server|index|recorder)\.ts$/;

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("node_modules"))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")));
}

const isTest = (f: string) => f.endsWith(".test.ts");

function sourceFiles(): string[] {
  return tsFiles("worker").filter((f) => !isTest(f) && !f.split("/").includes("fixtures"));
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

const files = sourceFiles();
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const text = (f: string) => readFileSync(path.join(root, f), "utf8");

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
const under = (prefix: string) => files.filter((f) => f.startsWith(prefix));
const inLayer = (layer: Layer) => files.filter((f) => layerOf(f) === layer);
/** The agent with its rules planner (not the model planner's HTTP adapter, agent/llm/). */
const agentAndPlanner = () => under("worker/agent/").filter((f) => layerOf(f) !== "adapters");

/** A rule on import edges: no file in `files` may import a target `forbids` matches (type imports count). */
interface ImportRule {
  name: string;
  files: () => string[];
  /** `typeOnly`: the import is erased when compiled (for a rule that allows a target as a type but not as a value). */
  forbids: (target: string, typeOnly: boolean) => boolean;
  /** Only value imports break it (a type import is erased when compiled). */
  valuesOnly?: boolean;
}

/** A rule on file text: no file in `files` may contain `pattern`. */
interface TextRule {
  name: string;
  files: () => string[];
  pattern: RegExp;
}

/**
 * Offences tolerated for now, each by rule name and `file → import` (or the
 * file, for a text rule), with why and who removes it. An exception that no
 * longer occurs fails the test too, so it is deleted with the fix.
 */
const TEMPORARY_EXCEPTIONS: ReadonlyArray<{ rule: string; offence: string; why: string }> = [];

/** Files an import chain from `start` reaches (type imports too: a type circle still ties the files together). */
function reachFrom(start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    for (const e of graph.get(stack.pop()!) ?? []) {
      if (graph.has(e.target) && !seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}

/** The one file naming every hop to a Durable Object. */
const STUBS = "worker/objects/stubs.ts";
const COMPOSITION = /^worker\/(objects|routes|admin)\/|^worker\/(app|index)\.ts$/;
/** The checkout engine and the adapters money passes through. */
const ENGINE = ["checkout", "orders", "acp", "payments"].map((d) => `worker/${d}/`);
/** Types the agent declares and the engine implements (CheckoutPort, OrdersPort, AfterSalesPort and what they carry). */
const isAgentPort = (t: string) => t.startsWith("worker/agent/") && t.endsWith("-port.ts");
const ENGINE_USES_AGENT_PORTS =
  "the engine (checkout, orders, acp, payments) imports from the agent only its ports, as types";
const CHANNELS_USE_AGENT_TYPES =
  "channels import from the agent its reply model and turn as types, and no value but its wire format's readers";

const IMPORT_RULES: readonly ImportRule[] = [
  {
    name: "the pure core (commerce/) imports nothing outside itself but the Web Crypto helpers",
    files: () => under("worker/commerce/"),
    forbids: (t) => !t.startsWith("worker/commerce/") && t !== "worker/http/crypto.ts",
  },
  {
    name: "the agent never imports Durable Objects, routes, channels, payments, orders, limits, admin or the env",
    files: () => agentAndPlanner(),
    forbids: (t) =>
      /^worker\/(objects|routes|channels|payments|orders|limits|admin)\/|^worker\/(app|index|env)\.ts$/.test(t) ||
      /^cloudflare:/.test(t),
  },
  {
    name: "catalog never imports the agent",
    files: () => under("worker/catalog/"),
    forbids: (t) => t.startsWith("worker/agent/"),
  },
  {
    name: ENGINE_USES_AGENT_PORTS,
    files: () => ENGINE.flatMap(under),
    forbids: (t, typeOnly) => t.startsWith("worker/agent/") && !(isAgentPort(t) && typeOnly),
  },
  {
    // Channels carry messages to a turn and render its Reply (the Conversation object runs the turn):
    // they need the agent's types, and its chat body's reader for a replayed reply, never its logic.
    name: CHANNELS_USE_AGENT_TYPES,
    files: () => under("worker/channels/"),
    forbids: (t) => t.startsWith("worker/agent/") && !t.endsWith("-json.ts"),
    valuesOnly: true,
  },
  {
    name: "checkout imports no limiter (the gate is injected)",
    files: () => under("worker/checkout/"),
    forbids: (t) => t.startsWith("worker/limits/") || /^@upstash\//.test(t),
  },
  {
    name: "only the composition layer imports Durable Object modules for their values",
    files: () => files.filter((f) => !COMPOSITION.test(f)),
    // stubs.ts names the objects and imports only types (next rule): no object's code comes with it.
    forbids: (t) => t.startsWith("worker/objects/") && t !== STUBS,
    valuesOnly: true,
  },
  {
    name: "adapters declare the narrow env they read beside them, never import env.ts",
    files: () => inLayer("adapters"),
    forbids: (t) => t === "worker/env.ts",
  },
  {
    // Each module's narrow env is extended by Env, never the reverse: a module env.ts
    // reaches that imported env.ts back would make every change to Env ripple through the circle.
    name: "env.ts is in no import circle: nothing it imports, even indirectly, imports it",
    files: () => [...reachFrom("worker/env.ts")],
    forbids: (t) => t === "worker/env.ts",
  },
  {
    name: "the Conversation and CheckoutSession objects, and the parts they are built from, declare the env they read",
    files: () =>
      [
        "conversation.do",
        "conversation-ports",
        "conversation-news",
        "checkout-session.do",
        "checkout-factory",
        "order-expiry",
      ].map((f) => `worker/objects/${f}.ts`),
    forbids: (t) => t === "worker/env.ts",
  },
  {
    name: "objects/stubs.ts imports types only",
    files: () => [STUBS],
    forbids: () => true,
    valuesOnly: true,
  },
];

/**
 * Files outside *-repo.ts that may call D1's `.prepare(`, each with why. Not
 * temporary: these are where that SQL belongs.
 */
const D1_OUTSIDE_REPOS: ReadonlyArray<{ file: string; why: string }> = [
  {
    file: "worker/catalog/d1-catalog.ts",
    why: "the Catalog port's D1 adapter (its name says so): the vocabulary's reads beside its drizzle queries",
  },
  {
    file: "worker/catalog/search.ts",
    why: "the catalog's search adapter: runs the FTS5 statement it builds with search-filters.ts and search-text.ts",
  },
  {
    file: "worker/http/profile.ts",
    why: "not storage: wraps D1's prepare to time each statement for PROFILE_TURNS, and holds no SQL",
  },
];

const TEXT_RULES: readonly TextRule[] = [
  {
    name: "D1 SQL (.prepare) lives only in *-repo.ts files",
    files: () => files.filter((f) => !f.endsWith("-repo.ts") && !D1_OUTSIDE_REPOS.some((a) => a.file === f)),
    pattern: /\.prepare\(/,
  },
  {
    name: "routes hold no SQL",
    files: () => under("worker/routes/"),
    pattern: /\.prepare\(|\bsql`|\.exec\(/,
  },
  {
    name: "only objects/stubs.ts names Durable Objects (idFromName)",
    files: () => files.filter((f) => f !== STUBS),
    pattern: /\.idFromName\(/,
  },
];

/** What `file` imports that `rule` forbids. */
function forbiddenImports(rule: ImportRule, file: string): string[] {
  return graph
    .get(file)!
    .filter((e) => !(rule.valuesOnly && e.typeOnly) && rule.forbids(e.target, e.typeOnly))
    .map((e) => e.target);
}

const ruleNamed = (name: string) => IMPORT_RULES.find((r) => r.name === name)!;

const offences = (rule: ImportRule) => rule.files().flatMap((f) => forbiddenImports(rule, f).map((t) => `${f} → ${t}`));

const textOffences = (rule: TextRule) => rule.files().filter((f) => rule.pattern.test(text(f)));

/** Offences beyond the rule's exceptions fail; so does an exception that no longer occurs. */
function expectOnlyExcused(rule: string, found: readonly string[]) {
  const allowed = TEMPORARY_EXCEPTIONS.filter((x) => x.rule === rule).map((x) => x.offence);
  expect(
    found.filter((o) => !allowed.includes(o)),
    `${rule}: file (→ import) breaking it`,
  ).toEqual([]);
  expect(
    allowed.filter((o) => !found.includes(o)),
    `${rule}: temporary exception no longer needed, delete it`,
  ).toEqual([]);
}

describe("architecture: layer rules read from the imports", () => {
  it("sees the code it checks (the rules are not vacuous)", () => {
    expect(under("worker/commerce/").length).toBeGreaterThan(10);
    expect(inLayer("agent").length).toBeGreaterThan(10);
    expect(under("worker/routes/").length).toBeGreaterThan(5);
    // The I/O detector finds the adapters that really do I/O.
    expect(io.get("worker/payments/stripe-client.ts")).toBeDefined();
    expect(io.get("worker/catalog/d1-catalog.ts")).toBeDefined();
    expect(io.has("worker/commerce/cart.ts")).toBe(false);
    // The SQL detector sees SQL where it is.
    expect(/\.prepare\(|\bsql`|\.exec\(/.test(text("worker/orders/order-repo.ts"))).toBe(true);
    expect(/\.idFromName\(/.test(text(STUBS))).toBe(true);
    expect(/\.prepare\(/.test(text("worker/orders/telegram-payment-repo.ts"))).toBe(true);
    // Every allowed file still exists and still prepares: an entry that no longer does is deleted.
    expect(D1_OUTSIDE_REPOS.filter((a) => !files.includes(a.file) || !/\.prepare\(/.test(text(a.file)))).toEqual([]);
    // The engine → agent detector passes the engine's port imports and fires on a real import of the agent that is no port.
    const engine = ruleNamed(ENGINE_USES_AGENT_PORTS);
    const refundDesk = graph.get("worker/orders/refund-desk.ts")!;
    expect(refundDesk.some((e) => isAgentPort(e.target) && !engine.forbids(e.target, e.typeOnly))).toBe(true);
    expect(forbiddenImports(engine, "worker/channels/inbox.ts")).toContain("worker/agent/turn.ts");
    expect(engine.forbids("worker/agent/checkout-port.ts", false)).toBe(true);
    // The channels detector fires on a real value import of the agent's logic (the Conversation object runs the turn).
    const channels = ruleNamed(CHANNELS_USE_AGENT_TYPES);
    expect(forbiddenImports(channels, "worker/objects/conversation.do.ts")).toContain("worker/agent/turn.ts");
  });

  it("every worker source file has a layer in the folder → layer map", () => {
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it("every temporary exception names a rule that exists", () => {
    const names = new Set([...IMPORT_RULES, ...TEXT_RULES].map((r) => r.name));
    expect(TEMPORARY_EXCEPTIONS.filter((x) => !names.has(x.rule)).map((x) => x.rule)).toEqual([]);
  });

  for (const rule of IMPORT_RULES) it(rule.name, () => expectOnlyExcused(rule.name, offences(rule)));
  for (const rule of TEXT_RULES) it(rule.name, () => expectOnlyExcused(rule.name, textOffences(rule)));

  it("pure modules reach no I/O (no bindings, no SDKs), even indirectly", () => {
    const offenders = inLayer("pure core")
      .filter((f) => io.has(f))
      .map((f) => io.get(f)!.join(" → "));
    expect(offenders).toEqual([]);
  });

  it("the agent reaches no I/O, even indirectly", () => {
    const offenders = agentAndPlanner()
      .filter((f) => io.has(f))
      .map((f) => io.get(f)!.join(" → "));
    expect(offenders).toEqual([]);
  });

  it("Durable Object stores never create their tables: the owning object's versioned migrations do", () => {
    const stores = files.filter((f) => f.endsWith("-store.ts"));
    expect(stores.length).toBeGreaterThanOrEqual(4);
    const creates = /\.exec\(\s*(SCHEMA\b|[`"']\s*CREATE\b)/;
    expect(stores.filter((f) => creates.test(text(f)))).toEqual([]);
  });

  it("each Durable Object with stores migrates before it builds them", () => {
    for (const f of ["worker/objects/conversation.do.ts", "worker/objects/checkout-session.do.ts"]) {
      const body = text(f);
      const migrated = body.indexOf("migrate(ctx.storage");
      expect(migrated, f).toBeGreaterThan(-1);
      expect(migrated, f).toBeLessThan(body.indexOf("Store(ctx.storage.sql)"));
    }
  });

  it("routes reach Durable Objects only through objects/stubs.ts (the hop has a name to follow)", () => {
    const routes = under("worker/routes/").concat(["worker/app.ts"]);
    expect(routes.filter((f) => /\.idFromName\(/.test(text(f)))).toEqual([]);
    expect(
      routes.filter((f) => graph.get(f)!.some((e) => e.target === "worker/objects/stubs.ts")).length,
    ).toBeGreaterThanOrEqual(3);
  });
});

describe("architecture: unit tests start no servers", () => {
  const nodeTests = ["worker", "db", "schema", "bench/lib", "web", "test/stand-ins"].flatMap(tsFiles).filter(isTest);
  const inServers = (f: string) => SERVER_TESTS.some((glob) => path.posix.matchesGlob(f, glob));

  it("every Node test that starts a server, redis-server or a process runs in the servers project", () => {
    const starters = nodeTests.filter((f) => importsOf(f).some((e) => SERVER_MODULES.test(e.target)));
    // The detector finds the ones known to start servers.
    expect(starters).toContain("worker/channels/media.test.ts");
    expect(starters).toContain("test/stand-ins/stripe/stripe-stand-in.test.ts");
    expect(
      starters.filter((f) => !inServers(f)),
      "unit test file starting a server: add it to SERVER_TESTS",
    ).toEqual([]);
  });

  it("every entry of SERVER_TESTS names a test file", () => {
    expect(SERVER_TESTS.filter((glob) => !nodeTests.some((f) => path.posix.matchesGlob(f, glob)))).toEqual([]);
  });
});
