import { DurableObject } from "cloudflare:workers";
import type { LlmEnv } from "../agent/llm/config.js";
import { photosSeen } from "../agent/llm/photo-planned-turn.js";
import type { Reply } from "../agent/reply.js";
import { admission, chatTurn, requestHash, turnRecord, type ChatOutcome, type ChatRequest } from "../agent/turn.js";
import type { InboundMessage } from "../channels/inbound.js";
import { answerInbound, outcomeReply } from "../channels/inbox.js";
import { openChannelPhoto } from "../channels/photo-download.js";
import { sendDue } from "../channels/outbox.js";
import type { ChannelSettings } from "../channels/outbound.js";
import { ChannelStore } from "./channel-store.js";
import { ConversationStore } from "./conversation-store.js";
import { CheckoutStore } from "../checkout/checkout-store.js";
import { Profile, profiling } from "../http/profile.js";
import { CONVERSATION_MIGRATIONS } from "./schemas.js";
import { migrate } from "./sqlite-migrate.js";
import { TurnQueue } from "./turn-queue.js";
import { expireDueOrders, type ExpiryEnv } from "./order-expiry.js";
import { turnPorts, type TurnPortsEnv } from "./conversation-ports.js";
import { ConversationNews, type OrderNewsItem, type OrderUpdate } from "./conversation-news.js";
import type { TelegramInvoicing } from "../channels/telegram/invoicing.js";
import type { TelegramPaymentNotice } from "../orders/telegram-payment.js";

/** What the Conversation reads of the Worker's env: what each of its parts declares, and PROFILE_TURNS. */
export type ConversationEnv = TurnPortsEnv & ExpiryEnv & ChannelSettings & LlmEnv & { PROFILE_TURNS?: string };

/**
 * One conversation: its cart, codes, last results, recent turns and every
 * processed message id with the reply it got. A thin shell: storage and
 * ordering live here; the turn is agent/turn.ts over the ports of
 * conversation-ports.ts, news is conversation-news.ts, the channel inbox
 * channels/inbox.ts.
 */
export class Conversation extends DurableObject<ConversationEnv> {
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
  private readonly news: ConversationNews;

  constructor(ctx: DurableObjectState, env: ConversationEnv) {
    super(ctx, env);
    const t = performance.now();
    migrate(ctx.storage, CONVERSATION_MIGRATIONS);
    this.store = new ConversationStore(ctx.storage.sql);
    this.checkoutStore = new CheckoutStore(ctx.storage.sql);
    this.channels = new ChannelStore(ctx.storage.sql);
    const { store: conversation, checkoutStore: unread, channels } = this;
    const atomically = (writes: () => void) => ctx.storage.transactionSync(writes);
    this.news = new ConversationNews({ orders: unread.orders, unread, conversation, channels, atomically });
    this.setupMs = performance.now() - t;
  }

  /**
   * A message from Telegram or WhatsApp. It is stored before this returns, so
   * the webhook can be acknowledged at once and nothing accepted is lost; the
   * alarm then runs the turn and sends the reply, retrying with backoff.
   */
  async receive(m: InboundMessage): Promise<{ accepted: boolean }> {
    const accepted = this.channels.claim(m, Date.now());
    if (accepted) await this.ctx.storage.setAlarm(Date.now());
    return { accepted };
  }

  /** An order of this conversation changed (webhook, alarm); runs in the same queue as turns. */
  orderUpdated(u: OrderUpdate): Promise<void> {
    return this.turns.run(() => this.pushed((now) => this.news.orderUpdated(u, now)));
  }

  /** Telegram invoice news (worker/orders/telegram-payment.ts), with a fresh quote when the refusal was a change. */
  telegramPaymentNotice(conversationId: string, n: TelegramPaymentNotice): Promise<void> {
    return this.turns.run(() =>
      this.pushed((now) => this.news.paymentNotice(n, now, () => this.freshQuote(conversationId, n.key))),
    );
  }

  /** Fulfilment news from the order's OrderEvents outbox. */
  orderNews(u: OrderNewsItem): Promise<void> {
    return this.turns.run(() => this.pushed((now) => this.news.orderNews(u, now)));
  }

  /** Sets the alarm when the news queued a push to the messaging app. */
  private async pushed(queue: (now: number) => boolean | Promise<boolean>): Promise<void> {
    const now = Date.now();
    if (await queue(now)) await this.ctx.storage.setAlarm(now);
  }

  /** The cart's quote as a press of Checkout shows it (the notice's key is the message id). */
  private async freshQuote(conversationId: string, messageId: string): Promise<Reply | null> {
    const principal = this.store.owner();
    if (!principal) return null;
    let fresh: Reply | undefined;
    const outcome = await this.handle({ conversationId, messageId, principal, button: "checkout" }, (r) => {
      fresh = r;
    });
    return fresh ?? outcomeReply(outcome);
  }

  /** Channel inbox and outbox, then unpaid orders whose time ran out (stock and promotions go back). */
  override async alarm(): Promise<void> {
    await this.turns.run(async () => {
      for (const m of this.channels.pendingInbox()) await this.channelTurn(m);
      await expireDueOrders(
        this.env,
        this.checkoutStore,
        (text, orderId) => this.news.tell(text, orderId, Date.now()),
        (order) => this.news.statusMoved(order.status),
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

  private channelTurn(m: InboundMessage): Promise<void> {
    return answerInbound(m, {
      token: (t) => this.channels.token(t),
      photosSeen: photosSeen(this.env),
      openPhoto: (photo) => openChannelPhoto(this.env, photo),
      turn: (req, andThen) => this.handle(req, andThen),
      takeInvoice: () => this.invoicing?.take() ?? null,
      handled: (reply, pressed) => this.channels.finish(m.messageId, reply, m.replyTo, pressed, Date.now()),
      atomically: (writes) => this.ctx.storage.transactionSync(writes),
    });
  }

  chat(req: ChatRequest): Promise<ChatOutcome> {
    return this.turns.run(() => this.handle(req));
  }

  /** `andThen` runs in the transaction that keeps a fresh turn (a channel queues its Reply there). */
  private async handle(req: ChatRequest, andThen?: (reply: Reply) => void): Promise<ChatOutcome> {
    const hash = await requestHash(req);
    const early = admission(req, hash, this.store.owner(), this.store.replay(req.messageId));
    if (early) return early;
    const prof = profiling(this.env) ? new Profile() : null;
    if (prof && this.setupMs !== null) prof.add("do_setup", this.setupMs);
    this.setupMs = null;
    // this.env is read per turn, not kept from the constructor: a live object's env can be replaced (setObjectEnv).
    const { env, ctx, store, checkoutStore } = this;
    const ports = turnPorts({ env, ctx, store, checkoutStore, onOrderPending: () => this.scheduleAlarm() }, req, prof);
    this.invoicing = ports.invoicing;
    const turn = await chatTurn(req, this.store.load(), ports.deps);
    if (turn.kind === "refused") return { kind: "rate_limited", refusal: turn.refusal };
    const committing = performance.now();
    this.ctx.storage.transactionSync(() => {
      this.store.commit(turnRecord(req, hash, turn.body, turn.state, Date.now()));
      andThen?.(turn.reply);
    });
    prof?.add("commit", performance.now() - committing);
    return { kind: "ok", body: turn.body, replayed: false, ...(prof ? { profile: prof.spans } : {}) };
  }
}
