import { DurableObject } from "cloudflare:workers";
import { executeTurn } from "../agent/executor.js";
import { RulesPlanner } from "../agent/planner/rules.js";
import type { CartJson } from "../agent/cart-pricing.js";
import type { Planner } from "../agent/planner.js";
import type { Button } from "../agent/reply.js";
import type { ConversationState } from "../agent/state.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { summaryJson } from "../catalog/product-view.js";
import type { Env } from "../env.js";
import { ConversationStore } from "./conversation-store.js";

export interface ChatRequest {
  conversationId: string;
  messageId: string;
  text?: string;
  button?: string;
  /** "user:<sub>" for a signed-in shopper, "guest" otherwise. */
  principal: string;
}

export type ChatOutcome =
  | { kind: "ok"; body: ChatBody; replayed: boolean }
  | { kind: "forbidden" }
  | { kind: "idempotency_conflict" };

/** The `POST /v1/chat` response body; stored verbatim so a replay returns the same bytes' meaning. */
export interface ChatBody {
  conversation_id: string;
  message_id: string;
  reply: { text: string; buttons: readonly Button[]; products?: ReturnType<typeof summaryJson>[] };
  cart: CartJson;
}

/**
 * One conversation: its cart, codes, last results, recent turns and every
 * processed message id with the reply it got. A thin shell: storage and
 * ordering live here, the decisions in worker/agent.
 */
export class Conversation extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private readonly planner: Planner = new RulesPlanner();
  // Turns of one conversation run one at a time: awaiting D1 would otherwise
  // let a second message interleave and both would edit the same cart.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
  }

  chat(req: ChatRequest): Promise<ChatOutcome> {
    const next = this.queue.then(() => this.handle(req));
    this.queue = next.catch(() => undefined);
    return next;
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
    const { body, state } = await this.turn(req);
    const response = JSON.stringify(body);
    this.ctx.storage.transactionSync(() =>
      this.store.commit({
        owner: req.principal,
        messageId: req.messageId,
        requestHash,
        response,
        state,
        inbound: req.text ?? `[button] ${req.button ?? ""}`,
        outbound: body.reply.text,
        at: Date.now(),
      }),
    );
    return { kind: "ok", body, replayed: false };
  }

  private async turn(req: ChatRequest): Promise<{ body: ChatBody; state: ConversationState }> {
    const catalog = new D1Catalog(this.env.DB);
    const shop = { currency: this.env.SHOP_CURRENCY, locale: this.env.SHOP_LOCALE, now: Date.now() };
    const vocabulary = await catalog.vocabulary();
    const input = req.button !== undefined ? { button: req.button } : { text: req.text ?? "" };
    const actions = await this.planner.plan(input, { currency: shop.currency, vocabulary });
    const result = await executeTurn(actions, this.store.load(), catalog, shop);
    const { products, ...reply } = result.reply;
    const body: ChatBody = {
      conversation_id: req.conversationId,
      message_id: req.messageId,
      reply: products ? { ...reply, products: products.map(summaryJson) } : reply,
      cart: result.cart,
    };
    return { body, state: result.state };
  }
}

async function hashRequest(req: ChatRequest): Promise<string> {
  const canonical = JSON.stringify([req.text ?? null, req.button ?? null]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
