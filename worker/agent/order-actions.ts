import { statusWords } from "../commerce/order-status-words.js";
import type { Action } from "./actions.js";
import type { TurnContext } from "./context.js";
import type { OrdersPort, ShopperOrderView } from "./orders-port.js";

type OrderStatusAction = Extract<Action, { type: "order_status" }>;

const DAY_MS = 86_400_000;
/** Orders a history answer lists; the chat is not a report. */
const HISTORY_LIMIT = 5;
/** A planner (or a model) could ask for any number of days; a year back is plenty and keeps the query bounded. */
const MAX_DAYS = 366;
const ORDER_ID = /^ord_[0-9a-f]{4,40}$/;

/**
 * "where's my order?" / "what did I buy last week?": answered from the
 * shopper's own orders (the port is bound to this turn's shopper), with
 * status, lines, total, fulfilment and tracking. An id that is not one of
 * theirs gets the same answer as one that does not exist.
 */
export async function orderStatus(port: OrdersPort | undefined, a: OrderStatusAction, ctx: TurnContext): Promise<void> {
  if (!port) return void ctx.say("I can't look up orders here.");
  if (a.orderId !== undefined) {
    const order = ORDER_ID.test(a.orderId) ? await port.find(a.orderId) : null;
    if (!order) return void ctx.say(`I can't find an order ${a.orderId.slice(0, 44)} among yours.`);
    return void ctx.say(describeOrder(order, ctx, `Order ${order.id}`));
  }
  if (a.view === "latest") {
    const [latest] = await port.recent({ limit: 1 });
    if (!latest) return void ctx.say(NO_ORDERS);
    return void ctx.say(describeOrder(latest, ctx, `Your latest order, ${latest.id}`));
  }
  const days = a.sinceDays === undefined ? undefined : Math.min(MAX_DAYS, Math.max(1, Math.floor(a.sinceDays)));
  const since = days === undefined ? undefined : ctx.shop.now - days * DAY_MS;
  const orders = await port.recent({ limit: HISTORY_LIMIT, ...(since !== undefined ? { since } : {}) });
  const span = days === undefined ? "" : ` in the last ${days} day${days === 1 ? "" : "s"}`;
  if (orders.length === 0) return void ctx.say(days === undefined ? NO_ORDERS : `You have no orders${span}.`);
  const heading =
    orders.length === HISTORY_LIMIT ? `Your ${HISTORY_LIMIT} most recent orders${span}:` : `Your orders${span}:`;
  ctx.say([heading, ...orders.map((o) => historyRow(o, ctx))].join("\n"));
}

const NO_ORDERS = "You have no orders yet. Once you've checked out, ask me “where's my order?” any time.";

function describeOrder(o: ShopperOrderView, ctx: TurnContext, heading: string): string {
  const m = (n: number) => ctx.money(n, o.currency);
  return [
    `${heading} (placed ${day(o.createdAt, ctx)}): ${statusWords(o)}.`,
    ...o.lines.map((l) => `• ${l.quantity} × ${lineTitle(l)} = ${m(l.lineTotal)}`),
    `Total: ${m(o.total)}`,
  ].join("\n");
}

function historyRow(o: ShopperOrderView, ctx: TurnContext): string {
  const items = o.lines.map((l) => `${l.quantity} × ${lineTitle(l)}`).join(", ");
  return `• ${o.id}, ${day(o.createdAt, ctx)}: ${items} — ${ctx.money(o.total, o.currency)}, ${statusWords(o)}`;
}

function lineTitle(l: ShopperOrderView["lines"][number]): string {
  const opts = [l.color, l.size].filter(Boolean).join(" / ");
  return opts ? `${l.title} (${opts})` : l.title;
}

function day(at: number, ctx: TurnContext): string {
  return new Intl.DateTimeFormat(ctx.shop.locale, {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  }).format(at);
}
