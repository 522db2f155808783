import { chatPlanner, type ChatPlannerWiring } from "../agent/llm/chat-planner.js";
import type { ChatRequest, TurnDeps } from "../agent/turn.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { TurnCatalog } from "../catalog/turn-cache.js";
import type { CheckoutStore } from "../checkout/checkout-store.js";
import { conversationShopper } from "../commerce/shopper-key.js";
import { telegramInvoicing, type TelegramInvoicing } from "../channels/telegram/invoicing.js";
import type { TelegramSettings } from "../channels/telegram/client.js";
import { profiledD1, type Profile } from "../http/profile.js";
import { RefundDesk, type RefundDeskContext } from "../orders/refund-desk.js";
import { shopperOrdersPort } from "../orders/shopper-orders.js";
import { checkoutFor, type CheckoutFactoryEnv } from "./checkout-factory.js";
import type { ConversationStore } from "./conversation-store.js";
import { shopOf } from "./shop.js";

/** What the ports of a chat turn read: the union of what each of them declares. */
export type TurnPortsEnv = CheckoutFactoryEnv &
  RefundDeskContext["env"] &
  ChatPlannerWiring["env"] &
  TelegramSettings & { DB: D1Database; SHOP_CURRENCY: string; SHOP_LOCALE: string };

/** The Conversation object's parts the ports are built from (they outlive a turn). */
export interface PortsWiring {
  readonly env: TurnPortsEnv;
  readonly ctx: Pick<DurableObjectState, "waitUntil">;
  readonly store: Pick<ConversationStore, "recentTurns">;
  readonly checkoutStore: CheckoutStore;
  /** The object sets its alarm for a new order's expiry. */
  readonly onOrderPending: () => Promise<void>;
}

/**
 * The ports of one chat turn (catalog, shop, checkout, after-sales, planner,
 * the shopper's orders), built afresh for each message: each binds this
 * message's shopper and clock. `invoicing` is this turn's Telegram invoice,
 * taken by the channel after the turn (TELEGRAM_PAYMENT_PROVIDER_TOKEN).
 */
export function turnPorts(
  w: PortsWiring,
  req: ChatRequest,
  prof: Profile | null,
): { deps: TurnDeps; invoicing: TelegramInvoicing | null } {
  // With PROFILE_TURNS every D1 round trip of the turn is counted (bench/turn.mjs --profile).
  const env = prof ? { ...w.env, DB: profiledD1(w.env.DB, prof) } : w.env;
  const catalog = new TurnCatalog(new D1Catalog(env.DB));
  const shop = shopOf(w.env, Date.now());
  const shopperKey = conversationShopper(req.principal, req.conversationId);
  const waitUntil = (p: Promise<unknown>) => w.ctx.waitUntil(p);
  const invoicing = telegramInvoicing(w.env, shopperKey);
  const { checkout, usage } = checkoutFor({
    env,
    ctx: w.ctx,
    store: w.checkoutStore,
    catalog,
    shop,
    conversationId: req.conversationId,
    customer: shopperKey,
    onOrderPending: w.onOrderPending,
    oneTurn: true,
    ...(invoicing ? { externalPayment: invoicing } : {}),
  });
  const afterSales = new RefundDesk({
    env,
    conversationId: req.conversationId,
    customer: shopperKey,
    now: shop.now,
    onOrderChanged: (id, status) => w.checkoutStore.orders.follow(id, status, Date.now()),
    waitUntil,
  });
  const turns = () => w.store.recentTurns();
  const plan = chatPlanner({ env: w.env, catalog, shop, shopperKey, turns, waitUntil });
  const orders = shopperOrdersPort(env.DB, shopperKey);
  const conversationOrders = w.checkoutStore;
  const deps = { catalog, shop, plan, checkout, usage, conversationOrders, orders, afterSales, profile: prof };
  return { deps, invoicing };
}
