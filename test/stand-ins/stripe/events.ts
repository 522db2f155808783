// GET /v1/events/:id and GET /v1/events (newest first, cursor-paginated,
// filterable by `type`, including `payment_intent.*` wildcards), as an app
// uses them to re-fetch an event it was told about rather than trusting a body.
import type { ApiContext } from "./core.js";
import { resourceMissing } from "./errors.js";
import { allowOnly, optLimit, optNonEmpty, optStringArray } from "./params.js";
import { startAfter } from "./payment-intents.js";
import { snapshot, type StandInEvent } from "./state.js";

function matches(type: string, pattern: string): boolean {
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export function retrieveEvent(ctx: ApiContext, id: string): StandInEvent {
  allowOnly(ctx.params, ["expand"]);
  const stored = ctx.core.state.eventsById.get(id);
  if (!stored) throw resourceMissing("event", id, "id");
  return snapshot(stored.event);
}

export function listEvents(ctx: ApiContext) {
  const { core, params } = ctx;
  allowOnly(params, [
    "type",
    "types",
    "limit",
    "starting_after",
    "ending_before",
    "created",
    "delivery_success",
    "expand",
  ]);
  const type = optNonEmpty(params, "type");
  const types = optStringArray(params, "types");
  const limit = optLimit(params);
  const all = core.state.events
    .map((stored) => stored.event)
    .filter((event) => (!type || matches(event.type, type)) && (!types || types.some((t) => matches(event.type, t))))
    .reverse();
  const start = startAfter(all, optNonEmpty(params, "starting_after"));
  return {
    object: "list" as const,
    data: all.slice(start, start + limit).map(snapshot),
    has_more: start + limit < all.length,
    url: "/v1/events",
  };
}
