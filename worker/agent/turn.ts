/**
 * One chat turn, pure: a message and the conversation's state in; the reply,
 * the storefront body and the next state out. The caller (the Conversation
 * Durable Object) does the I/O around it: ownership, idempotency, storage,
 * and the ports handed in here (catalog, planner, checkout engine).
 */
import type { UsageLoader } from "../catalog/reprice-cart.js";
import type { Catalog } from "../catalog/types.js";
import type { GateRefusal } from "../checkout/gate.js";
import type { Quote } from "../commerce/quote.js";
import type { Shop } from "../commerce/types.js";
import { sha256Hex } from "../http/crypto.js";
import type { Spans } from "../http/profile.js";
import type { AfterSalesPort } from "./after-sales-port.js";
import { chatBody, type ChatBody } from "./chat-json.js";
import type { CheckoutPort, OrderSummary } from "./checkout-port.js";
import { conversationView, EMPTY_VIEW } from "./conversation-view.js";
import { executeTurn } from "./executor.js";
import type { PlannedTurn } from "./llm/model-turn.js";
import type { OrdersPort } from "./orders-port.js";
import type { PlannerContext, PlannerInput } from "./planner/port.js";
import type { Reply } from "./reply.js";
import type { ConversationState } from "./state.js";

export interface ChatRequest {
  conversationId: string;
  messageId: string;
  text?: string;
  button?: string;
  /** A photo (data: URL, already size- and type-checked) for the vision model; `text` is then its caption. */
  imageUrl?: string;
  /** "user:<sub>" for a signed-in shopper, "guest" otherwise (a channel's "tg:…", "wa:…"). */
  principal: string;
}

/** What a chat message gets from its conversation. */
export type ChatOutcome =
  | { kind: "ok"; body: ChatBody; replayed: boolean; profile?: Spans }
  | { kind: "forbidden" }
  | { kind: "idempotency_conflict" }
  /** The checkout gate turned the confirmation away: nothing of the turn is kept, so the same message can be retried. */
  | { kind: "rate_limited"; refusal: GateRefusal };

export interface PlanRequest {
  readonly input: PlannerInput;
  readonly context: PlannerContext;
  /** The shopper's words (a photo's caption), "" for a button. */
  readonly text: string;
  readonly imageUrl?: string;
}

/** Chooses the planner: rules, the model with the rules as fallback, or the vision model for a photo. */
export type TurnPlanner = (p: PlanRequest) => Promise<PlannedTurn>;

export interface TurnDeps {
  /** The turn's catalog (TurnCatalog: one read per kind, shared by the view and the executor). */
  readonly catalog: Catalog;
  readonly shop: Shop;
  readonly plan: TurnPlanner;
  /** The checkout engine of this turn; `gated` is set when the checkout gate turned a confirmation away. */
  readonly checkout: CheckoutPort & { readonly gated: GateRefusal | null };
  readonly usage: UsageLoader;
  /** The conversation's own copy of its quotes and orders (the view, the body, payment news). */
  readonly conversationOrders: ConversationOrders;
  /** The shopper's orders in D1, for after-sales questions (absent: "can't look up orders here"). */
  readonly orders?: OrdersPort;
  /** Cancel and refund offers (worker/orders/refund-desk.ts). */
  readonly afterSales?: AfterSalesPort;
  readonly clock?: () => number;
  /** Times the steps (PROFILE_TURNS). */
  readonly profile?: { time<T>(span: string, work: () => Promise<T>): Promise<T> } | null;
}

/** The conversation's own copy of its quotes, orders and payment news (CheckoutStore in the DO's SQLite). */
export interface ConversationOrders {
  /** Open quotes at `now`, newest first. */
  liveQuotes(now: number): Quote[];
  latestOrder(): OrderSummary | null;
  /** Payment news (webhook, expiry) that arrived since the last turn; taking it marks it read. */
  takeUnread(): string[];
}

export type TurnResult =
  | { readonly kind: "answered"; readonly reply: Reply; readonly body: ChatBody; readonly state: ConversationState }
  /** Nothing of the turn may be kept: the caller answers 429 and stores nothing. */
  | { readonly kind: "refused"; readonly refusal: GateRefusal };

const EMPTY_VOCABULARY = { colors: [], sizes: [], categories: [] };

export async function chatTurn(req: ChatRequest, state: ConversationState, deps: TurnDeps): Promise<TurnResult> {
  const { catalog, shop } = deps;
  const { conversationOrders: orders, profile } = deps;
  const time = <T>(span: string, work: () => Promise<T>) => (profile ? profile.time(span, work) : work());
  const clock = deps.clock ?? Date.now;
  const pressed = req.button !== undefined;
  // Buttons carry their own meaning; only free text needs the shop's words and the view.
  const vocabulary = pressed ? EMPTY_VOCABULARY : await time("vocabulary", () => catalog.vocabulary());
  const conversation = pressed
    ? EMPTY_VIEW
    : await conversationView(state, catalog, orders.liveQuotes(shop.now)[0] ?? null);
  const input = pressed ? { button: req.button } : { text: req.text ?? "" };
  const context = { currency: shop.currency, vocabulary, conversation };
  const planned = await time("planner", () =>
    deps.plan({
      input,
      context,
      text: req.text ?? "",
      ...(req.imageUrl !== undefined ? { imageUrl: req.imageUrl } : {}),
    }),
  );
  const { checkout, usage } = deps;
  const executorDeps = {
    checkout,
    usage,
    ...(deps.orders ? { orders: deps.orders } : {}),
    ...(deps.afterSales ? { afterSales: deps.afterSales } : {}),
  };
  const result = await time("executor", () => executeTurn(planned.actions, state, catalog, shop, executorDeps));
  // Before the news is taken: a turned-away turn leaves everything as it was.
  if (checkout.gated) return { kind: "refused", refusal: checkout.gated };
  const { products, ...engineReply } = result.reply;
  const text = planned.finish(engineReply.text, [JSON.stringify(result.cart)]);
  // Payment news that arrived since the last turn comes first.
  const news = orders.takeUnread();
  const reply: Reply = {
    ...engineReply,
    text: news.length ? [...news, text].filter(Boolean).join("\n\n") : text,
    ...(products ? { products } : {}),
  };
  const body = chatBody({
    conversationId: req.conversationId,
    messageId: req.messageId,
    reply,
    cart: result.cart,
    quote: orders.liveQuotes(clock())[0] ?? null,
    order: orders.latestOrder(),
  });
  return { kind: "answered", reply, body, state: result.state };
}

/**
 * Ownership and idempotency, from what the conversation stored: a message
 * from another shopper is refused; a message id seen before gets its stored
 * body again (same body) or a conflict (another body). null: run the turn.
 */
export function admission(
  req: ChatRequest,
  hash: string,
  owner: string | null,
  seen: { requestHash: string; response: string } | null,
): ChatOutcome | null {
  if (owner !== null && owner !== req.principal) return { kind: "forbidden" };
  if (!seen) return null;
  if (seen.requestHash !== hash) return { kind: "idempotency_conflict" };
  return { kind: "ok", body: JSON.parse(seen.response) as ChatBody, replayed: true };
}

/** What a conversation keeps of an answered turn, in one transaction: see ConversationStore.commit. */
export interface TurnRecord {
  readonly owner: string;
  readonly messageId: string;
  readonly requestHash: string;
  /** The body, as a replay returns it. */
  readonly response: string;
  readonly state: ConversationState;
  /** Both sides of the turn, for the recent-turns log a model planner reads. */
  readonly inbound: string;
  readonly outbound: string;
  readonly at: number;
}

export function turnRecord(
  req: ChatRequest,
  hash: string,
  body: ChatBody,
  state: ConversationState,
  at: number,
): TurnRecord {
  return {
    owner: req.principal,
    messageId: req.messageId,
    requestHash: hash,
    response: JSON.stringify(body),
    state,
    inbound: shopperWords(req),
    outbound: body.reply.text,
    at,
  };
}

/** The idempotency hash of a message: the same message id with another hash is a conflict, not a replay. */
export function requestHash(req: ChatRequest): Promise<string> {
  // The photo only when there is one, so the hashes of stored text turns stay as they were.
  const canonical = JSON.stringify([
    req.text ?? null,
    req.button ?? null,
    ...(req.imageUrl !== undefined ? [req.imageUrl] : []),
  ]);
  return sha256Hex(canonical);
}

/** The shopper's side of a turn as the recent-turns log keeps it (a model planner reads it). */
export function shopperWords(req: ChatRequest): string {
  return req.imageUrl !== undefined ? `[photo] ${req.text ?? ""}` : (req.text ?? `[button] ${req.button ?? ""}`);
}
