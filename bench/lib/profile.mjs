// bench/turn.mjs --profile: where a chat turn's time goes, from the
// Server-Timing header the Worker adds when PROFILE_TURNS=1 (worker/http/profile.ts).
import { request } from "./harness.mjs";
import { ms, percentile } from "./stats.mjs";

/** "limiter;dur=1.2;desc=\"n=1\", d1;dur=…" → {limiter: {ms, n}, …} */
export function parseServerTiming(header) {
  const out = {};
  for (const part of (header ?? "").split(",")) {
    const m = /^\s*([\w-]+);dur=([\d.]+)(?:;desc="n=(\d+)")?/.exec(part);
    if (m) out[m[1]] = { ms: Number(m[2]), n: Number(m[3] ?? 1) };
  }
  return out;
}

/**
 * Sends `count` requests one at a time and collects, per part, the median ms
 * and the mean count per request. `total` is the client's round trip and
 * `outside` what the Worker's parts do not cover (wrangler's proxy, HTTP,
 * routing, zod, JSON).
 */
export async function profileKind(server, { count, makeRequest, check }) {
  const parts = new Map();
  const totals = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const { method, path, body } = makeRequest(i);
    const t = performance.now();
    const r = await request(server, method, path, body);
    const took = performance.now() - t;
    if (check(i, r.status, r.body)) {
      errors++;
      continue;
    }
    totals.push(took);
    const spans = parseServerTiming(r.headers["server-timing"]);
    const top = (spans.limiter?.ms ?? 0) + (spans.do_call?.ms ?? 0);
    spans.outside = { ms: took - top, n: 1 };
    if (spans.do_call) {
      const inner = ["do_setup", "vocabulary", "planner", "executor", "commit"].reduce(
        (a, k) => a + (spans[k]?.ms ?? 0),
        0,
      );
      spans.do_rest = { ms: spans.do_call.ms - inner, n: 1 };
    }
    for (const [k, v] of Object.entries(spans)) {
      const p = parts.get(k) ?? { ms: [], n: 0 };
      p.ms.push(v.ms);
      p.n += v.n;
      parts.set(k, p);
    }
  }
  const sorted = [...totals].sort((a, b) => a - b);
  const summary = {};
  for (const [k, v] of parts) {
    const s = [...v.ms].sort((a, b) => a - b);
    // Parts that do not happen on every request (do_setup) are averaged over the requests that had them.
    summary[k] = {
      p50: percentile(s, 50),
      mean: s.reduce((a, b) => a + b, 0) / s.length,
      perRequest: v.n / totals.length,
      seenIn: s.length,
    };
  }
  return {
    requests: totals.length,
    errors,
    totalP50: percentile(sorted, 50),
    totalP95: percentile(sorted, 95),
    parts: summary,
  };
}

const ORDER = [
  "limiter",
  "do_call",
  "do_setup",
  "vocabulary",
  "planner",
  "executor",
  "d1",
  "commit",
  "do_rest",
  "outside",
];
const LABEL = {
  limiter: "limiter (route → limiter → route)",
  do_call: "route → Conversation DO → route (all below)",
  do_setup: "  DO tables set up (new object only)",
  vocabulary: "  shop vocabulary (D1, free text only)",
  planner: "  planner",
  executor: "  executor (catalog reads, pricing, cart)",
  d1: "  D1 round trips (inside the above)",
  commit: "  DO commit (transactionSync)",
  do_rest: "  rest: RPC hop, object start, queue, idempotency",
  outside: "outside the Worker's parts (proxy, HTTP, zod, JSON)",
};

export function printProfile(kinds) {
  const names = Object.keys(kinds);
  const keys = [...new Set(names.flatMap((n) => Object.keys(kinds[n].parts)))].sort(
    (a, b) => ORDER.indexOf(a) - ORDER.indexOf(b),
  );
  const w = Math.max(...Object.values(LABEL).map((l) => l.length));
  console.log(
    `    ${"part (median ms per turn; count per turn)".padEnd(w)}  ${names.map((n) => n.padStart(26)).join("")}`,
  );
  for (const k of keys) {
    const cells = names.map((n) => {
      const p = kinds[n].parts[k];
      return (p ? `${ms(p.p50)} ms × ${p.perRequest.toFixed(p.perRequest % 1 ? 2 : 0)}` : "–").padStart(26);
    });
    console.log(`    ${(LABEL[k] ?? k).padEnd(w)}  ${cells.join("")}`);
  }
  console.log(
    `    ${"client round trip p50 / p95".padEnd(w)}  ${names.map((n) => `${ms(kinds[n].totalP50)} / ${ms(kinds[n].totalP95)} ms`.padStart(26)).join("")}`,
  );
}
