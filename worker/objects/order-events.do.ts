import { DurableObject } from "cloudflare:workers";
import { DeliveryConfigError, deliverChatNews, postAcpOrderEvent } from "../orders/order-event-delivery.js";
import type { OrderEventsEnv, OrderEventTarget, RecordedEvent } from "../orders/order-events.js";
import { OrderEventStore, type OutboxEventState } from "./order-event-store.js";
import { ORDER_EVENTS_MIGRATIONS } from "./schemas.js";
import { migrate } from "./sqlite-migrate.js";

/** Retries wait 1 s, 2 s, 4 s … up to an hour; after this many attempts the event is given up (and logged). */
const MAX_ATTEMPTS = 16;
const FIRST_RETRY_MS = 1_000;
const LONGEST_WAIT_MS = 3_600_000;

export function retryDelay(attempts: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  return Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
}

/**
 * One order's outbox (worker/objects/order-event-store.ts): events are
 * recorded once per id and delivered by the alarm, in order per target, with
 * backoff. A failing event holds back the later ones of its target, so an
 * agent never sees `shipped` before `order_create`.
 */
export class OrderEvents extends DurableObject<OrderEventsEnv> {
  private readonly store: OrderEventStore;

  constructor(ctx: DurableObjectState, env: OrderEventsEnv) {
    super(ctx, env);
    migrate(ctx.storage, ORDER_EVENTS_MIGRATIONS);
    this.store = new OrderEventStore(ctx.storage.sql);
  }

  /** Stores the events not seen before and wakes the alarm; returns the ids that were new. */
  async record(events: readonly RecordedEvent[]): Promise<string[]> {
    const added = this.store.record(events, Date.now());
    if (added.length > 0) await this.ctx.storage.setAlarm(Date.now());
    return added;
  }

  /** The outbox as it stands (ops and tests). */
  events(): OutboxEventState[] {
    return this.store.states();
  }

  override async alarm(): Promise<void> {
    const held = new Set<OrderEventTarget>();
    for (const e of this.store.pending()) {
      if (held.has(e.target)) continue;
      if (e.nextAt > Date.now()) {
        held.add(e.target);
        continue;
      }
      try {
        await (e.target === "acp"
          ? postAcpOrderEvent(this.env, e.id, e.body)
          : deliverChatNews(this.env, e.id, e.body));
        this.store.delivered(e.seq, Date.now());
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const wait = err instanceof DeliveryConfigError ? null : retryDelay(e.attempts + 1);
        this.store.failed(e.seq, message, wait === null ? null : Date.now() + wait, Date.now());
        if (wait === null) console.error(`order event ${e.id} given up: ${message}`);
        held.add(e.target);
      }
    }
    const next = this.store
      .pending()
      .reduce<number | null>((t, e) => (t === null ? e.nextAt : Math.min(t, e.nextAt)), null);
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(Date.now(), next));
  }
}
