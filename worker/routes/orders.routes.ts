import { Hono } from "hono";
import { z } from "zod";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { perClientIp, rateLimited } from "../http/edge-limit.js";
import { principalFrom, tokenPolicy, type Principal } from "../http/identity.js";
import { checkLimits } from "../limits/edge.js";
import { getOrder } from "../orders/order-repo.js";
import { ConversationId } from "./chat.routes.js";
import { shopperKey } from "../commerce/shopper-key.js";
import { FULFILLMENT_STATUSES } from "../commerce/fulfillment-status.js";

export const OrderId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
/** The conversation id is a guest's credential, so it travels in a header, never in the URL (which ends up in logs). */
export const ConversationIdHeader = ConversationId;

export const OrderStatusResponse = z.object({
  order: z.object({
    id: z.string(),
    status: z.enum(["pending_payment", "paid", "failed", "expired", "canceled", "refunded"]),
    total: z.number().int(),
    currency: z.string(),
    /** Set by ops once the paid order is on its way (PUT /admin/orders/:id/fulfillment); null before. */
    fulfillment_status: z.enum(FULFILLMENT_STATUSES).nullable(),
    tracking: z.string().nullable(),
  }),
});

/** The customer key chat checkout stores on an order (see Conversation.chat). */
function customerOf(p: Principal, conversationId: string): string {
  return p.kind === "user" ? shopperKey.user(p.userId) : shopperKey.guest(conversationId);
}

/**
 * GET /v1/orders/:id — the status of one order of the caller's conversation,
 * so the chat widget can show "paid" when the shopper comes back from the
 * payment page. Read-only; an order of another conversation or shopper is a
 * 404, exactly like one that does not exist (nothing to probe).
 */
export const orders = new Hono<{ Bindings: Env }>();

orders.get("/:id", async (c) => {
  const principal = await principalFrom(
    c.req.header("authorization"),
    c.env.STOREFRONT_JWT_SECRET,
    tokenPolicy(c.env.STOREFRONT_JWT_MAX_TTL_SECONDS),
  );
  // After the token check (a bad token is a 401 whatever the budget), so not the edgeLimit middleware.
  const denied = await checkLimits(c.env, (p) => c.executionCtx.waitUntil(p), perClientIp(c));
  if (denied) return rateLimited(c, denied);
  const conversation = ConversationIdHeader.safeParse(c.req.header("conversation-id"));
  if (!conversation.success)
    throw new ApiError(422, "invalid_request", "Send the order's conversation id in the Conversation-Id header.");
  const id = OrderId.safeParse(c.req.param("id"));
  const order = id.success ? await getOrder(c.env.DB, id.data) : null;
  if (
    !order ||
    order.conversationId !== conversation.data ||
    order.customer !== customerOf(principal, conversation.data)
  ) {
    throw new ApiError(404, "order_not_found", "No order of this conversation has that id.");
  }
  return c.json({
    order: {
      id: order.id,
      status: order.status,
      total: order.total,
      currency: order.currency,
      fulfillment_status: order.fulfillmentStatus,
      tracking: order.tracking,
    },
  });
});
