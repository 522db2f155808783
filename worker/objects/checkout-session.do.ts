import { DurableObject } from "cloudflare:workers";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { CheckoutStore } from "../checkout/checkout-store.js";
import { settleHere } from "../checkout/order-copy.js";
import type { OrderStatus } from "../commerce/order-status.js";
import type { Cart } from "../commerce/types.js";
import { getOrder } from "../orders/order-repo.js";
import { AcpError, acpErrorBody } from "../acp/errors.js";
import { conflictError, IDEMPOTENCY_RETENTION_MS, inFlightError, type StoredResponse } from "../acp/idempotency.js";
import {
  createSession,
  readSession,
  runSessionCall,
  type CreateCall,
  type SessionCall,
  type SessionDeps,
} from "../acp/session-flow.js";
import type { SessionOrder } from "../acp/session-state.js";
import { permalinkUrl } from "../acp/session-json.js";
import { SessionStore, type SessionRecord } from "../acp/session-store.js";
import { CHECKOUT_SESSION_MIGRATIONS } from "./schemas.js";
import { migrate } from "./sqlite-migrate.js";
import { TurnQueue } from "./turn-queue.js";
import { checkoutFor, type CheckoutFactoryEnv } from "./checkout-factory.js";
import { expireDueOrders, type ExpiryEnv } from "./order-expiry.js";
import { shopOf } from "./shop.js";
import { shopperKey } from "../commerce/shopper-key.js";

export type { CreateCall, SessionCall } from "../acp/session-flow.js";

/** What a CheckoutSession reads of the Worker's env: what each of its parts declares, and the shop. */
export type CheckoutSessionEnv = CheckoutFactoryEnv &
  ExpiryEnv &
  Parameters<typeof settleHere>[0] & { DB: D1Database; SHOP_CURRENCY: string; SHOP_LOCALE: string };

/** A response the route sends as is (`json`: the body, serialized); `replayed` adds `Idempotent-Replayed: true`. */
export interface AcpReply {
  status: number;
  json: string;
  replayed: boolean;
  headers?: Record<string, string>;
}

const reply = (r: StoredResponse, replayed = false, headers?: Record<string, string>): AcpReply => ({
  status: r.status,
  json: JSON.stringify(r.body),
  replayed,
  ...(headers ? { headers } : {}),
});

/**
 * One ACP checkout session (Agentic Commerce Protocol 2026-04-17), keyed by
 * its id. Cart, buyer and fulfillment live in its SQLite; pricing, quotes,
 * orders and the charge go through Checkout, the same engine as the chat.
 *
 * Idempotency of update/complete/cancel lives here: the key's record is
 * written (in_flight) before any await, so a concurrent duplicate sees it and
 * gets 409; the result is stored in the same transaction as the state change.
 * Work items run one at a time (the queue), as in the Conversation DO.
 */
export class CheckoutSession extends DurableObject<CheckoutSessionEnv> {
  private readonly store: SessionStore;
  private readonly checkoutStore: CheckoutStore;
  private readonly turns = new TurnQueue();
  /** Keys whose first request is running in this instance; an in_flight row not in here was abandoned by a crash. */
  private readonly running = new Set<string>();

  constructor(ctx: DurableObjectState, env: CheckoutSessionEnv) {
    super(ctx, env);
    migrate(ctx.storage, CHECKOUT_SESSION_MIGRATIONS);
    this.store = new SessionStore(ctx.storage.sql);
    this.checkoutStore = new CheckoutStore(ctx.storage.sql);
  }

  // --- RPC --------------------------------------------------------------

  /** Creates the session; if it already exists (a retried create), answers with it as it is now. */
  create(call: CreateCall): Promise<AcpReply> {
    return this.turns.run(async () => {
      const existing = this.store.session();
      if (existing)
        return reply({ status: 201, body: await readSession(this.deps(existing.id), existing, this.cart()) });
      const created = await createSession(this.deps(call.sessionId), call);
      this.ctx.storage.transactionSync(() => this.store.save(created.record, call.lines, call.codes));
      return reply(created.response);
    });
  }

  /** GET: the session as it is now (fresh prices and stock; nothing is written). */
  read(): Promise<AcpReply> {
    return this.turns.run(async () => {
      const record = this.store.session();
      if (!record) return reply(notFound());
      return reply({ status: 200, body: await readSession(this.deps(record.id), record, this.cart()) });
    });
  }

  /** The order permalink this session shows the agent; ACP order events carry the same (worker/orders/order-event-delivery.ts). */
  permalink(): string | null {
    const record = this.store.session();
    return record ? permalinkUrl(record) : null;
  }

  /** update / complete / cancel, exactly once per idempotency key. */
  async post(call: SessionCall): Promise<AcpReply> {
    const now = Date.now();
    if (!this.store.session()) return reply(notFound());
    // Synchronous from here to claimIdempotent: no other request can interleave.
    const seen = this.store.idempotentClaim(call.key);
    if (seen && now - seen.createdAt < IDEMPOTENCY_RETENTION_MS) {
      if (seen.requestHash !== call.requestHash) return errorReply(conflictError());
      if (seen.state === "done" && seen.response) return reply(seen.response, true);
      if (this.running.has(call.key)) return errorReply(inFlightError());
      // in_flight but not running here: the attempt died with an earlier instance; run it again.
    }
    this.store.claimIdempotent(call.key, call.requestHash, now, IDEMPOTENCY_RETENTION_MS);
    this.running.add(call.key);
    try {
      const outcome = await this.turns.run(async () => {
        const record = this.store.session()!;
        const outcome = await runSessionCall(this.deps(record.id), record, this.cart(), call);
        if (outcome.retryable) {
          this.store.releaseIdempotent(call.key);
          return outcome;
        }
        // The state change and the stored answer commit together, before the next work item starts.
        this.ctx.storage.transactionSync(() => {
          if (outcome.commit) this.store.save(outcome.commit.record, outcome.commit.lines, outcome.commit.codes);
          this.store.finishIdempotent(call.key, outcome.response);
        });
        return outcome;
      });
      return reply(outcome.response, false, outcome.retryable);
    } catch (err) {
      // 5xx are never stored (RFC §6.5): a retry with the same key runs afresh.
      this.store.releaseIdempotent(call.key);
      throw err;
    } finally {
      this.running.delete(call.key);
    }
  }

  /** An order of this session changed (webhook, expiry): the session's status follows it. */
  orderUpdated(u: { orderId: string; status: OrderStatus; text: string }): Promise<void> {
    return this.turns.run(async () => {
      const now = Date.now();
      if (!this.checkoutStore.orders.follow(u.orderId, u.status, now)) return;
      this.checkoutStore.pushOutbox(u.text, u.orderId, now);
      const record = this.store.session();
      if (!record || record.orderId !== u.orderId) return;
      const next: SessionRecord = {
        ...record,
        updatedAt: now,
        paymentError: u.status === "failed" ? ((await this.failureOf(u.orderId)) ?? u.text) : record.paymentError,
      };
      this.ctx.storage.transactionSync(() => this.store.save(next, this.store.lines(), this.store.codes()));
    });
  }

  /** Unpaid orders whose time ran out give back their stock and promotions; the session reopens. */
  override async alarm(): Promise<void> {
    await this.turns.run(async () => {
      await expireDueOrders(this.env, this.checkoutStore, (text, orderId) =>
        this.checkoutStore.pushOutbox(text, orderId, Date.now()),
      );
      await this.scheduleExpiry();
    });
  }

  // --- wiring -----------------------------------------------------------

  /** The engine and stores a request of this session works with (acp/session-flow.ts decides what to do). */
  private deps(sessionId: string): SessionDeps {
    const shop = shopOf(this.env, Date.now());
    const customer = shopperKey.acp(sessionId);
    const { checkout } = checkoutFor({
      env: this.env,
      ctx: this.ctx,
      store: this.checkoutStore,
      catalog: new D1Catalog(this.env.DB),
      shop,
      conversationId: sessionId,
      customer,
      // Promotion usage is counted as for a guest: an agent can open any number of
      // sessions, so a per-customer cap cannot be enforced per session, and codes
      // with one are refused (discount_code_user_not_logged_in) instead of bypassed.
      usageOf: shopperKey.guest(customer),
      onOrderPending: () => this.scheduleExpiry(),
    });
    return {
      engine: checkout,
      shop,
      orderOf: (r) => this.orderOf(r),
      failureOf: (orderId) => this.failureOf(orderId),
      cancelOrder: async (orderId) => {
        await settleHere(this.env, this.checkoutStore.orders, { type: "canceled", orderId, paymentIntentId: null });
      },
    };
  }

  private cart(): Cart {
    return { lines: this.store.lines(), codes: this.store.codes() };
  }

  private orderOf(record: SessionRecord): SessionOrder | null {
    if (!record.orderId || !record.orderQuoteId) return null;
    const order = this.checkoutStore.orderForQuote(record.orderQuoteId);
    if (!order) return null;
    const quote = this.checkoutStore.quote(record.orderQuoteId)?.quote ?? null;
    return { id: order.id, status: order.status, quote, paymentUrl: order.paymentUrl };
  }

  private async failureOf(orderId: string): Promise<string | null> {
    return (await getOrder(this.env.DB, orderId))?.failureReason ?? null;
  }

  private async scheduleExpiry(): Promise<void> {
    const next = this.checkoutStore.nextExpiry();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}

function notFound(): StoredResponse {
  return { status: 404, body: acpErrorBody("not_found", "No checkout session with this id.") };
}

function errorReply(e: AcpError): AcpReply {
  return reply({ status: e.status, body: e.body() }, false, e.extra.headers);
}
