// `expand[]=latest_charge` (also `data.customer` on lists and nested paths such
// as `invoice_settings.default_payment_method`): replace an id with the object
// it names, as Stripe does. Paths that name nothing expandable are ignored
// rather than refused, because expansion runs after the change was applied and
// must not turn a completed change into an error.
import type { Params } from "./params.js";
import { optStringArray } from "./params.js";
import { snapshot, type StandInState } from "./state.js";

function expandPath(state: StandInState, node: unknown, path: string[]): void {
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (
    (record.object === "list" || record.object === "search_result") &&
    Array.isArray(record.data) &&
    path[0] === "data"
  ) {
    for (const item of record.data) expandPath(state, item, path.slice(1));
    return;
  }
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(record, head)) return;
  const value = record[head];
  // "payment_intent.latest_charge": as Stripe does, "a.b" expands a first, then b inside it.
  if (typeof value === "string") {
    const found = state.lookup(value);
    if (found) record[head] = snapshot(found);
  }
  if (rest.length > 0) expandPath(state, record[head], rest);
}

/** A copy of `object` with the requested `expand` paths filled in. */
export function applyExpand<T>(state: StandInState, object: T, params: Params): T {
  const copy = snapshot(object);
  for (const path of optStringArray(params, "expand") ?? []) expandPath(state, copy, path.split("."));
  return copy;
}
