import { DurableObject } from "cloudflare:workers";
import { executeTurn } from "../agent/executor.js";
import { conversationView, EMPTY_VIEW } from "../agent/conversation-view.js";
import type { CartJson } from "../agent/cart-pricing.js";
import { planTurn } from "../agent/llm/model-turn.js";
import { modelTurnDeps } from "../agent/llm/wire.js";
import { photoPlannedTurn, photosSeen } from "../agent/llm/photo-wire.js";
import type { Button, Reply } from "../agent/reply.js";
import { ChannelApiError, ChannelConfigError, ChannelNetworkError, ChannelRateLimitError } from "../channels/errors.js";
import { unsupportedReply, type InboundMessage, type PhotoRef } from "../channels/inbound.js";
import { MediaError } from "../channels/media.js";
import { channelPhotoUrl, PHOTO_UNOPENED_TEXT } from "../channels/photo-download.js";
import { deliverReply } from "../channels/outbound.js";
import { resolvePayloadToken } from "../channels/payload-tokens.js";
import { ChannelStore } from "./channel-store.js";
import type { ConversationState } from "../agent/state.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { TurnCatalog } from "../catalog/turn-cache.js";
import { summaryJson } from "../catalog/product-view.js";
import type { Env } from "../env.js";
import { ConversationStore } from "./conversation-store.js";
import { CheckoutStore } from "../checkout/checkout-store.js";
import { orderJson, quoteJson } from "../checkout/checkout-json.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { sha256Hex } from "../http/crypto.js";
import type { GateRefusal } from "../checkout/gate.js";
import { Profile, profiledD1, profiling, type Spans } from "../http/profile.js";
import { CONVERSATION_MIGRATIONS } from "./schemas.js";
import { migrate } from "./sqlite-migrate.js";
import { TurnQueue } from "./turn-queue.js";
import { checkoutFor } from "./checkout-factory.js";
import { expireDueOrders } from "./order-expiry.js";
import { conversationShopper } from "../commerce/shopper-key.js";

export interface ChatRequest {
  conversationId: string;
  messageId: string;
  text?: string;
  button?: string;
  /** A photo (data: URL, already size- and type-checked) for the vision model; `text` is then its caption. */
  imageUrl?: string;
  /** "user:<sub>" for a signed-in shopper, "guest" otherwise. */
  principal: string;
}

export type ChatOutcome =
  | { kind: "ok"; body: ChatBody; replayed: boolean; profile?: Spans }
  | { kind: "forbidden" }
  | { kind: "idempotency_conflict" }
  /** The checkout gate turned the confirmation away: nothing of the turn is kept, so the same message can be retried. */
  | { kind: "rate_limited"; refusal: GateRefusal };

/** The `POST /v1/chat` response body; stored verbatim so a replay returns the same bytes' meaning. */
export interface ChatBody {
  conversation_id: string;
  message_id: string;
  reply: { text: string; buttons: readonly Button[]; products?: ReturnType<typeof summaryJson>[] };
  cart: CartJson;
  /** The open quote, while one is live. */
  quote?: ReturnType<typeof quoteJson>;
  /** The latest order of this conversation, once the shopper confirmed. */
  order?: ReturnType<typeof orderJson>;
}

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
      await this.sendDue();
      await this.scheduleAlarm();
    });
  }

  private async scheduleAlarm(): Promise<void> {
    const times = [this.checkoutStore.nextExpiry(), this.channels.nextWork()].filter((t): t is number => t !== null);
    if (times.length) await this.ctx.storage.setAlarm(Math.max(Date.now(), Math.min(...times)));
  }

  private async channelTurn(m: InboundMessage): Promise<void> {
    const button = m.button === undefined ? undefined : resolvePayloadToken(m.button, (t) => this.channels.token(t));
    let reply: Reply;
    if (m.button !== undefined && button === undefined) {
      reply = { text: "That button has expired. Tell me what you'd like, or say “help”.", buttons: [] };
    } else if (m.photo && button === undefined && photosSeen(this.env)) {
      reply = await this.photoTurn(m, m.photo);
    } else if (m.unsupported && !m.text && button === undefined) {
      reply = unsupportedReply(m.unsupported);
    } else if (button === undefined && (m.text ?? "").trim().length > MAX_CHANNEL_TEXT) {
      reply = {
        text: `That message is too long for me (over ${MAX_CHANNEL_TEXT} characters). Could you say it in fewer words?`,
        buttons: [],
      };
    } else {
      const outcome = await this.handle({
        conversationId: m.conversationId,
        messageId: m.messageId,
        principal: m.shopper,
        ...(button !== undefined ? { button } : { text: (m.text ?? "").trim() || "help" }),
      });
      reply = channelReply(outcome);
    }
    this.ctx.storage.transactionSync(() =>
      this.channels.handled(m.messageId, reply, m.replyTo, button ?? null, Date.now()),
    );
  }

  /** A channel photo a vision model will look at; a photo that cannot be fetched gets a polite reply. */
  private async photoTurn(m: InboundMessage, photo: PhotoRef): Promise<Reply> {
    let imageUrl: string;
    try {
      imageUrl = await channelPhotoUrl(this.env, photo);
    } catch (err) {
      if (!(err instanceof MediaError))
        console.error("photo download failed", err instanceof Error ? err.message : err);
      return { text: PHOTO_UNOPENED_TEXT, buttons: [{ label: "Help", payload: "help" }] };
    }
    const outcome = await this.handle({
      conversationId: m.conversationId,
      messageId: m.messageId,
      principal: m.shopper,
      imageUrl,
      ...(m.text?.trim() ? { text: m.text.trim() } : {}),
    });
    return channelReply(outcome);
  }

  /** Sends due replies; a provider that says no is retried with backoff, never re-sent once it took one. */
  private async sendDue(): Promise<void> {
    for (const job of this.channels.dueSends(Date.now())) {
      try {
        await deliverReply(this.env, job.reply, job.target, {
          ...(job.pressed ? { pressed: job.pressed } : {}),
          saveTokens: (tokens) => this.channels.saveTokens(tokens),
        });
        this.channels.sent(job.id);
      } catch (err) {
        const final =
          err instanceof ChannelApiError &&
          (err.kind === "blocked" || err.kind === "bad_request" || err.kind === "unauthorized");
        if (
          !final &&
          !(err instanceof ChannelApiError) &&
          !(err instanceof ChannelNetworkError) &&
          !(err instanceof ChannelRateLimitError)
        ) {
          console.error("channel send failed", err instanceof Error ? err.message : err);
        }
        this.channels.failed(
          job.id,
          job.attempts,
          err instanceof Error ? err.message : String(err),
          Date.now(),
          final || err instanceof ChannelConfigError,
        );
      }
    }
  }

  chat(req: ChatRequest): Promise<ChatOutcome> {
    return this.turns.run(() => this.handle(req));
  }

  private async handle(req: ChatRequest): Promise<ChatOutcome> {
    const owner = this.store.owner();
    if (owner !== null && owner !== req.principal) return { kind: "forbidden" };
    const requestHash = await hashRequest(req);
    const seen = this.store.processed(req.messageId);
    if (seen) {
      if (seen.requestHash !== requestHash) return { kind: "idempotency_conflict" };
      return { kind: "ok", body: JSON.parse(seen.response) as ChatBody, replayed: true };
    }
    const prof = profiling(this.env) ? new Profile() : null;
    if (prof && this.setupMs !== null) prof.add("do_setup", this.setupMs);
    this.setupMs = null;
    const turn = await this.turn(req, prof);
    if ("refusal" in turn) return { kind: "rate_limited", refusal: turn.refusal };
    const { body, state } = turn;
    const committing = performance.now();
    const response = JSON.stringify(body);
    this.ctx.storage.transactionSync(() =>
      this.store.commit({
        owner: req.principal,
        messageId: req.messageId,
        requestHash,
        response,
        state,
        inbound:
          req.imageUrl !== undefined ? `[photo] ${req.text ?? ""}` : (req.text ?? `[button] ${req.button ?? ""}`),
        outbound: body.reply.text,
        at: Date.now(),
      }),
    );
    if (!prof) return { kind: "ok", body, replayed: false };
    prof.add("commit", performance.now() - committing);
    return { kind: "ok", body, replayed: false, profile: prof.spans };
  }

  private async turn(
    req: ChatRequest,
    prof: Profile | null,
  ): Promise<{ body: ChatBody; state: ConversationState } | { refusal: GateRefusal }> {
    // With PROFILE_TURNS every D1 round trip of the turn is counted (bench/turn.mjs --profile).
    const env = prof ? { ...this.env, DB: profiledD1(this.env.DB, prof) } : this.env;
    const timed = <T>(name: string, work: () => Promise<T>) => (prof ? prof.time(name, work) : work());
    const catalog = new TurnCatalog(new D1Catalog(env.DB));
    const shop = { currency: this.env.SHOP_CURRENCY, locale: this.env.SHOP_LOCALE, now: Date.now() };
    // Buttons carry their own meaning; only free text needs the shop's words.
    const vocabulary =
      req.button !== undefined ? EMPTY_VOCABULARY : await timed("vocabulary", () => catalog.vocabulary());
    const input = req.button !== undefined ? { button: req.button } : { text: req.text ?? "" };
    const state = this.store.load();
    const conversation =
      req.button !== undefined
        ? EMPTY_VIEW
        : await conversationView(state, catalog, this.checkoutStore.liveQuotes(shop.now)[0] ?? null);
    // Planner choice (rules, or the model with the rules as fallback): worker/agent/llm/model-turn.ts.
    const context = { currency: shop.currency, vocabulary, conversation };
    const shopperKey = conversationShopper(req.principal, req.conversationId);
    const planned = await timed("planner", () =>
      req.imageUrl !== undefined
        ? photoPlannedTurn({
            env: this.env,
            imageUrl: req.imageUrl,
            caption: req.text ?? "",
            vocabulary,
            shopperKey,
            waitUntil: (p) => this.ctx.waitUntil(p),
          })
        : planTurn(
            input,
            context,
            modelTurnDeps({
              env: this.env,
              catalog,
              shop,
              context,
              text: req.text ?? "",
              turns: () => this.store.recentTurns(),
              shopperKey,
              waitUntil: (p) => this.ctx.waitUntil(p),
            }),
          ),
    );
    const actions = planned.actions;
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
    });
    const result = await timed("executor", () => executeTurn(actions, state, catalog, shop, { checkout, usage }));
    // Before the news is taken: a turned-away turn leaves everything as it was.
    if (checkout.gated) return { refusal: checkout.gated };
    const { products, ...engineReply } = result.reply;
    const rest = { ...engineReply, text: planned.finish(engineReply.text, [JSON.stringify(result.cart)]) };
    // Payment news that arrived since the last turn (webhook, expiry) comes first.
    const news = this.checkoutStore.takeUnread();
    const reply = news.length ? { ...rest, text: [...news, rest.text].filter(Boolean).join("\n\n") } : rest;
    const body: ChatBody = {
      conversation_id: req.conversationId,
      message_id: req.messageId,
      reply: products ? { ...reply, products: products.map(summaryJson) } : reply,
      cart: result.cart,
    };
    const quote = this.checkoutStore.liveQuotes(Date.now())[0];
    if (quote) body.quote = quoteJson(quote);
    const order = this.checkoutStore.latestOrder();
    if (order) body.order = orderJson(order);
    return { body, state: result.state };
  }
}

const EMPTY_VOCABULARY = { colors: [], sizes: [], categories: [] };

// The storefront's limit, applied to every channel so a turn costs the same everywhere.
const MAX_CHANNEL_TEXT = 2000;

function channelReply(outcome: ChatOutcome): Reply {
  if (outcome.kind === "ok") return replyFromBody(outcome.body.reply);
  if (outcome.kind === "rate_limited") return { text: outcome.refusal.text, buttons: [] };
  return { text: "This chat's cart belongs to another shopper. Message me privately to shop.", buttons: [] };
}

/** The stored API body's reply back into the channel-neutral Reply model. */
function replyFromBody(r: ChatBody["reply"]): Reply {
  const products = r.products?.map((p) => ({
    id: p.id,
    title: p.title,
    category: p.category,
    brand: p.brand,
    priceFrom: p.price_from,
    currency: p.currency,
    colors: p.colors,
    sizes: p.sizes,
    inStock: p.in_stock,
  }));
  return products ? { text: r.text, buttons: r.buttons, products } : { text: r.text, buttons: r.buttons };
}

async function hashRequest(req: ChatRequest): Promise<string> {
  // The photo only when there is one, so the hashes of stored text turns stay as they were.
  const canonical = JSON.stringify([
    req.text ?? null,
    req.button ?? null,
    ...(req.imageUrl !== undefined ? [req.imageUrl] : []),
  ]);
  return sha256Hex(canonical);
}
