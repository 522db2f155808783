// Numbers and tables shared by the benchmarks: nearest-rank percentiles,
// phase summaries, the A-baseline mean, ratios and the printed table.

export const ms = (n) => (!Number.isFinite(n) ? "–" : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
export const secs = (n) => `${(n / 1000).toFixed(1)} s`;
export const ratio = (a, b) => (b > 0 ? a / b : NaN);
export const x = (n) => (Number.isFinite(n) ? `${n.toFixed(n >= 10 ? 1 : 2)}×` : "–");

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(name, latencies, durationMs, errors, samples, concurrency) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return {
    name,
    concurrency,
    requests: latencies.length,
    errors: errorCount,
    errorsBy: Object.fromEntries(errors),
    errorSamples: samples,
    durationMs,
    rps: latencies.length / (durationMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** Mean of several phases: req/s and percentiles averaged; requests and duration summed. */
export function mean(results, name) {
  const avg = (k) => results.reduce((s, r) => s + r[k], 0) / results.length;
  const errorsBy = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errorsBy)) errorsBy[k] = (errorsBy[k] ?? 0) + v;
  return {
    name,
    concurrency: results[0].concurrency,
    requests: results.reduce((s, r) => s + r.requests, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    errorsBy,
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    durationMs: results.reduce((s, r) => s + r.durationMs, 0),
    rps: avg("rps"),
    p50: avg("p50"),
    p95: avg("p95"),
    p99: avg("p99"),
    max: Math.max(...results.map((r) => r.max)),
  };
}

export function printTable(rows) {
  const head = ["phase", "conc", "requests", "errors", "duration", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"];
  const body = rows.map((r) => [
    r.name,
    String(r.concurrency),
    String(r.requests),
    String(r.errors),
    secs(r.durationMs),
    r.rps.toFixed(0),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const b of body) console.log(line(b));
  for (const r of rows) {
    if (r.errors === 0) continue;
    console.log(
      `  ! ${r.name}: ${Object.entries(r.errorsBy)
        .map(([k, v]) => `${k} ×${v}`)
        .join(", ")}`,
    );
    for (const s of r.errorSamples) console.log(`      e.g. ${s}`);
  }
}

/** A phase without its error samples, numbers rounded for JSON. */
export function strip(phase) {
  const { errorSamples, ...rest } = phase;
  for (const k of ["durationMs", "rps", "p50", "p95", "p99", "max"]) rest[k] = Math.round(rest[k] * 100) / 100;
  return rest;
}

/** JSON.stringify replacer: non-integers rounded to 2 decimals. */
export const round2 = (_k, v) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v);
