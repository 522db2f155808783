import { Hono } from "hono";
import { z } from "zod";
import { formatMoney } from "../commerce/format.js";
import type { Env } from "../env.js";
import { perClientIp, rateLimited } from "../http/edge-limit.js";
import { ApiError } from "../http/errors.js";
import { cancelledPage, donePage, PAGE_HEADERS } from "../http/return-pages.js";
import { checkLimits } from "../limits/edge.js";
import { findOrderByCheckoutSession, getOrder } from "../orders/order-repo.js";
import { reconcileSession } from "../orders/reconcile.js";
import { orderNews } from "../orders/order-wording.js";
import { isUnreachable, paymentTimeoutMs, stripeClient } from "../payments/stripe-client.js";
import { OrderId } from "./orders.routes.js";

export const DoneQuery = z.object({ session_id: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/) });
export const CancelledQuery = z.object({ order: OrderId });

/**
 * GET /pay/done and /pay/cancelled — where Stripe Checkout sends the shopper
 * back (success_url / cancel_url, worker/payments/checkout-session.ts). They
 * say what happened from the order's real state: /pay/done first asks Stripe
 * about the session (invariant 8: a return is a hint, like an event), so the
 * page and the chat agree even before the webhook. Nothing in the query is
 * trusted for money; a bad or unknown id is a JSON 4xx (only a tampered link
 * gets one) and changes nothing.
 */
export const payPages = new Hono<{ Bindings: Env }>();

payPages.use("*", async (c, next) => {
  const denied = await checkLimits(c.env, (p) => c.executionCtx.waitUntil(p), perClientIp(c));
  if (denied) return rateLimited(c, denied);
  await next();
});

// Only a tampered link gets here: the usual machine-readable 4xx, like every route.
const unknownPayment = () => new ApiError(404, "payment_not_found", "No order of this shop has that Checkout Session.");

payPages.get("/done", async (c) => {
  const q = DoneQuery.safeParse({ session_id: c.req.query("session_id") });
  if (!q.success) throw new ApiError(400, "invalid_request", "session_id must be a Checkout Session id (cs_…).");
  let order = await findOrderByCheckoutSession(c.env.DB, q.data.session_id);
  if (!order) throw unknownPayment();
  const stripe = stripeClient(c.env);
  // Whether Stripe took money on this session: for an order that had already ended, it was refunded.
  let paidAtStripe = false;
  if (stripe && order.status !== "paid" && order.status !== "refunded") {
    try {
      const found = await reconcileSession(c.env, stripe, q.data.session_id, {
        timeout: paymentTimeoutMs(c.env),
        maxNetworkRetries: 0,
      });
      paidAtStripe = found?.pi?.status === "succeeded";
      order = (await getOrder(c.env.DB, order.id)) ?? order;
    } catch (err) {
      // Stripe is slow: say "not confirmed yet"; the webhook or the alarm settles it.
      if (!isUnreachable(err)) throw err;
    }
  }
  const money = formatMoney(order.total, order.currency, c.env.SHOP_LOCALE);
  const line =
    paidAtStripe && order.status !== "paid" && order.status !== "refunded"
      ? `Your payment for order ${order.id} arrived after the order had ended (${order.status}), so it is refunded in full (${money}).`
      : orderNews(order, c.env.SHOP_LOCALE);
  return c.body(donePage(order, money, line), 200, PAGE_HEADERS);
});

payPages.get("/cancelled", async (c) => {
  const q = CancelledQuery.safeParse({ order: c.req.query("order") });
  if (!q.success) throw new ApiError(400, "invalid_request", "order must be an order id.");
  const order = await getOrder(c.env.DB, q.data.order);
  if (!order) throw new ApiError(404, "order_not_found", "No order has that id.");
  const until = new Date(order.expiresAt).toISOString().slice(11, 16) + " UTC";
  return c.body(cancelledPage(order, until), 200, PAGE_HEADERS);
});
