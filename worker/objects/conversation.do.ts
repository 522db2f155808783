import { DurableObject } from "cloudflare:workers";
import { chatPlanner } from "../agent/llm/chat-planner.js";
import { photosSeen } from "../agent/llm/photo-wire.js";
import type { Reply } from "../agent/reply.js";
import { admission, chatTurn, requestHash, turnRecord, type ChatOutcome, type ChatRequest } from "../agent/turn.js";
import type { InboundMessage } from "../channels/inbound.js";
import { outcomeReply, PHOTO_UNOPENED_REPLY, triageInbound } from "../channels/inbox.js";
import { openChannelPhoto } from "../channels/photo-download.js";
import { sendDue } from "../channels/outbox.js";
import { ChannelStore } from "./channel-store.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { TurnCatalog } from "../catalog/turn-cache.js";
import type { Env } from "../env.js";
import { ConversationStore } from "./conversation-store.js";
import { CheckoutStore } from "../checkout/checkout-store.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { shopperOrdersPort } from "../orders/shopper-orders.js";
import { Profile, profiledD1, profiling } from "../http/profile.js";
import { CONVERSATION_MIGRATIONS } from "./schemas.js";
import { migrate } from "./sqlite-migrate.js";
import { TurnQueue } from "./turn-queue.js";
import { checkoutFor } from "./checkout-factory.js";
import { expireDueOrders } from "./order-expiry.js";
import { conversationShopper } from "../commerce/shopper-key.js";
import { RefundDesk } from "../orders/refund-desk.js";
import { telegramInvoicing, type TelegramInvoicing } from "../channels/telegram/invoicing.js";
import type { InvoiceReply } from "../channels/telegram/render.js";
import type { TelegramPaymentNotice } from "../orders/telegram-payment.js";

/**
 * One conversation: its cart, codes, last results, recent turns and every
 * processed message id with the reply it got. A thin shell: storage and
 * ordering live here, the decisions in worker/agent.
 */
export class Conversation extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private readonly checkoutStore: CheckoutStore;
  private readonly channels: ChannelStore;
  // Turns of one conversation run one at a time: awaiting D1 would otherwise
  // let a second message interleave and both would edit the same cart.
  private readonly turns = new TurnQueue();
  /** Time the stores took to set up their tables, reported once with PROFILE_TURNS. */
  private setupMs: number | null;
  /** This turn's Telegram invoice, when the shopper pays inside Telegram (TELEGRAM_PAYMENT_PROVIDER_TOKEN). */
  private invoicing: TelegramInvoicing | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const t = performance.now();
    migrate(ctx.storage, CONVERSATION_MIGRATIONS);
    this.store = new ConversationStore(ctx.storage.sql);
    this.checkoutStore = new CheckoutStore(ctx.storage.sql);
    this.channels = new ChannelStore(ctx.storage.sql);
    this.setupMs = performance.now() - t;
  }

  /**
   * A message from Telegram or WhatsApp. It is stored before this returns, so
   * the webhook can be acknowledged at once and nothing accepted is lost; the
   * alarm then runs the turn and sends the reply, retrying with backoff.
   */
  async receive(m: InboundMessage): Promise<{ accepted: boolean }> {
    const accepted = this.channels.accept(m, Date.now());
    if (accepted) await this.ctx.storage.setAlarm(Date.now());
    return { accepted };
  }

  /**
   * An order of this conversation changed (webhook, alarm): remember it and
   * queue the message for the shopper. Runs in the same queue as turns.
   */
  orderUpdated(u: { orderId: string; status: OrderStatus; text: string }): Promise<void> {
    return this.turns.run(async () => {
      const now = Date.now();
      if (this.checkoutStore.orders.follow(u.orderId, u.status, now)) {
        this.store.appendAgentTurn(`order:${u.orderId}:${u.status}`, u.text, now);
        // The order now holds what was bought; the cart starts afresh.
        if (u.status === "paid") this.ctx.storage.transactionSync(() => this.store.clearCart());
        if (this.notify(u.text, u.orderId, now)) await this.ctx.storage.setAlarm(now);
      }
    });
  }

  /**
   * Telegram invoice news (worker/orders/telegram-payment.ts): a refused
   * pre-checkout or a payment that could not be booked, pushed to the chat,
   * with a fresh quote of the cart when the refusal was a change.
   */
  telegramPaymentNotice(conversationId: string, n: TelegramPaymentNotice): Promise<void> {
    return this.turns.run(async () => {
      const now = Date.now();
      if (n.order) this.checkoutStore.orders.follow(n.order.id, n.order.status, now);
      const owner = this.store.owner();
      const target = this.channels.lastTarget();
      if (!target) return;
      let reply: Reply = { text: n.text, buttons: [] };
      if (n.freshQuote && owner) {
        let fresh: Reply | undefined;
        const request = { conversationId, messageId: n.key, principal: owner, button: "checkout" };
        const outcome = await this.handle(request, (r) => void (fresh = r));
        const quote = fresh ?? outcomeReply(outcome);
        reply = { text: `${n.text}\n\n${quote.text}`, buttons: quote.buttons };
      }
      this.channels.queue(reply, target, null, now);
      await this.ctx.storage.setAlarm(now);
    });
  }

  /**
   * News about an order that is not a payment change (fulfilment, from the
   * order's OrderEvents outbox): told once per key, however often delivered.
   */
  orderNews(u: { key: string; orderId: string; text: string }): Promise<void> {
    return this.turns.run(async () => {
      const now = Date.now();
      if (!this.store.firstNews(u.key)) return;
      this.store.appendAgentTurn(`news:${u.key}`, u.text, now);
      if (this.notify(u.text, u.orderId, now)) await this.ctx.storage.setAlarm(now);
    });
  }

  /**
   * Payment news reaches the shopper once: pushed in a messaging app (true:
   * a send is queued), else put first in the next chat reply.
   */
  private notify(text: string, orderId: string, now: number): boolean {
    const target = this.channels.lastTarget();
    if (!target) {
      this.checkoutStore.pushOutbox(text, orderId, now);
      return false;
    }
    this.channels.queue({ text, buttons: [] }, target, null, now);
    return true;
  }

  /** Channel inbox and outbox, then unpaid orders whose time ran out (stock and promotions go back). */
  override async alarm(): Promise<void> {
    await this.turns.run(async () => {
      for (const m of this.channels.pendingInbox()) await this.channelTurn(m);
      await expireDueOrders(
        this.env,
        this.checkoutStore,
        (text, orderId) => this.notify(text, orderId, Date.now()),
        // Paid after all (no webhook came): as in orderUpdated, the cart starts afresh.
        (order) => {
          if (order.status === "paid") this.ctx.storage.transactionSync(() => this.store.clearCart());
        },
      );
      // After expiries, so their news goes out in this same alarm.
      await sendDue(this.env, this.channels);
      await this.scheduleAlarm();
    });
  }

  private async scheduleAlarm(): Promise<void> {
    const times = [this.checkoutStore.nextExpiry(), this.channels.nextWork()].filter((t): t is number => t !== null);
    if (times.length) await this.ctx.storage.setAlarm(Math.max(Date.now(), Math.min(...times)));
  }

  private async channelTurn(m: InboundMessage): Promise<void> {
    const step = triageInbound(m, { token: (t) => this.channels.token(t), photosSeen: photosSeen(this.env) });
    const handled = (reply: Reply) => this.channels.handled(m.messageId, reply, m.replyTo, step.pressed, Date.now());
    const imageUrl = step.kind === "turn" && step.photo ? await openChannelPhoto(this.env, step.photo) : undefined;
    if (step.kind === "answer" || imageUrl === null) {
      const reply = step.kind === "answer" ? step.reply : PHOTO_UNOPENED_REPLY;
      return this.ctx.storage.transactionSync(() => handled(reply));
    }
    // A fresh Reply is queued in the turn's own transaction; a replay or a refusal is answered here.
    // A Telegram invoice of this turn rides on its reply (not a photo's: a photo only searches).
    const withInvoice = (reply: Reply) => {
      const invoice = step.photo ? null : this.invoicing?.take();
      return handled(invoice ? ({ ...reply, invoice } as InvoiceReply) : reply);
    };
    const outcome = await this.handle({ ...step.request, ...(imageUrl ? { imageUrl } : {}) }, withInvoice);
    if (outcome.kind !== "ok" || outcome.replayed)
      this.ctx.storage.transactionSync(() => withInvoice(outcomeReply(outcome)));
  }

  chat(req: ChatRequest): Promise<ChatOutcome> {
    return this.turns.run(() => this.handle(req));
  }

  /** `andThen` runs in the transaction that keeps a fresh turn (a channel queues its Reply there). */
  private async handle(req: ChatRequest, andThen?: (reply: Reply) => void): Promise<ChatOutcome> {
    const hash = await requestHash(req);
    const early = admission(req, hash, this.store.owner(), this.store.processed(req.messageId));
    if (early) return early;
    const prof = profiling(this.env) ? new Profile() : null;
    if (prof && this.setupMs !== null) prof.add("do_setup", this.setupMs);
    this.setupMs = null;
    const turn = await this.turn(req, prof);
    if (turn.kind === "refused") return { kind: "rate_limited", refusal: turn.refusal };
    const committing = performance.now();
    this.ctx.storage.transactionSync(() => {
      this.store.commit(turnRecord(req, hash, turn.body, turn.state, Date.now()));
      andThen?.(turn.reply);
    });
    prof?.add("commit", performance.now() - committing);
    return { kind: "ok", body: turn.body, replayed: false, ...(prof ? { profile: prof.spans } : {}) };
  }

  /** The I/O half of a turn: the ports, built for this message; the turn itself is agent/turn.ts. */
  private turn(req: ChatRequest, prof: Profile | null) {
    // With PROFILE_TURNS every D1 round trip of the turn is counted (bench/turn.mjs --profile).
    const env = prof ? { ...this.env, DB: profiledD1(this.env.DB, prof) } : this.env;
    const catalog = new TurnCatalog(new D1Catalog(env.DB));
    const shop = { currency: this.env.SHOP_CURRENCY, locale: this.env.SHOP_LOCALE, now: Date.now() };
    const shopperKey = conversationShopper(req.principal, req.conversationId);
    const waitUntil = (p: Promise<unknown>) => this.ctx.waitUntil(p);
    const turns = () => this.store.recentTurns();
    this.invoicing = telegramInvoicing(this.env, shopperKey);
    const { checkout, usage } = checkoutFor({
      env,
      ctx: this.ctx,
      store: this.checkoutStore,
      catalog,
      shop,
      conversationId: req.conversationId,
      customer: shopperKey,
      onOrderPending: () => this.scheduleAlarm(),
      oneTurn: true,
      ...(this.invoicing ? { externalPayment: this.invoicing } : {}),
    });
    const afterSales = new RefundDesk({
      env,
      conversationId: req.conversationId,
      customer: shopperKey,
      now: shop.now,
      onOrderChanged: (id, status) => this.checkoutStore.orders.follow(id, status, Date.now()),
      waitUntil,
    });
    const plan = chatPlanner({ env: this.env, catalog, shop, shopperKey, turns, waitUntil });
    const orders = shopperOrdersPort(env.DB, shopperKey);
    const deps = { catalog, shop, plan, checkout, usage, conversationOrders: this.checkoutStore, orders, afterSales };
    return chatTurn(req, this.store.load(), { ...deps, profile: prof });
  }
}
