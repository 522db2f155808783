// GET /v1/payment_intents/search: the part of Stripe's search query language
// the app uses to find a PaymentIntent by what it put on it
// (`metadata['order_id']:'ord_…'`, optionally `AND status:'succeeded'`).
// Stripe's search is eventually consistent; here it is immediate.
import type Stripe from "stripe";
import type { ApiContext } from "./core.js";
import { invalidRequest } from "./errors.js";
import { applyExpand } from "./expand.js";
import { allowOnly, optLimit, reqString } from "./params.js";
import { snapshot } from "./state.js";

type Clause = { field: "metadata"; key: string; value: string } | { field: "status" | "currency"; value: string };

const CLAUSE = /^(?:metadata\[(['"])([^'"]+)\1\]|(status|currency)):(['"])([^'"]*)\4$/;

export function parseSearchQuery(query: string): Clause[] {
  const parts = query.trim().split(/\s+AND\s+/);
  return parts.map((part) => {
    const m = CLAUSE.exec(part.trim());
    if (!m) throw invalidRequest(`Unsupported search query clause: ${part}`, { param: "query" });
    const value = m[5] as string;
    return m[2] ? { field: "metadata", key: m[2], value } : { field: m[3] as "status" | "currency", value };
  });
}

function matches(pi: Stripe.PaymentIntent, clauses: Clause[]): boolean {
  return clauses.every((c) => (c.field === "metadata" ? pi.metadata[c.key] === c.value : pi[c.field] === c.value));
}

export function searchPaymentIntents(ctx: ApiContext): Stripe.ApiSearchResult<Stripe.PaymentIntent> {
  const { core, params } = ctx;
  allowOnly(params, ["query", "limit", "page", "expand"]);
  const clauses = parseSearchQuery(reqString(params, "query"));
  const limit = optLimit(params);
  const found = [...core.state.paymentIntents.values()].filter((pi) => matches(pi, clauses)).reverse();
  const page = found.slice(0, limit).map(snapshot);
  const result = {
    object: "search_result" as const,
    data: page,
    has_more: found.length > limit,
    next_page: null,
    url: "/v1/payment_intents/search",
  };
  return applyExpand(core.state, result, params) as Stripe.ApiSearchResult<Stripe.PaymentIntent>;
}
