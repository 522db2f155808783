import { Hono } from "hono";
import type { Env } from "../env.js";
import { auditStatement } from "../admin/audit-repo.js";
import { FulfillmentUpdate } from "../admin/fulfillment-schema.js";
import { fulfillmentMove, type FulfillmentStatus } from "../commerce/fulfillment-status.js";
import { ApiError } from "../http/errors.js";
import { jsonBody } from "../http/json-body.js";
import { orderEvent } from "../orders/order-events.js";
import { advanceFulfillment, getOrder, type OrderRecord } from "../orders/order-repo.js";
import { OrderId } from "./orders.routes.js";

type AdminEnv = { Bindings: Env; Variables: { actor: string } };

/** Mounted under /admin/orders by admin.routes.ts, behind its admin auth. */
export const adminFulfillment = new Hono<AdminEnv>();

function fulfillmentJson(o: OrderRecord, changed: boolean) {
  return {
    order: { id: o.id, status: o.status, fulfillment_status: o.fulfillmentStatus, tracking: o.tracking },
    changed,
  };
}

const notFound = () => new ApiError(404, "order_not_found", "No order has that id.");

/**
 * PUT /admin/orders/:id/fulfillment {status, tracking?}: ops move a paid
 * order forward (processing → shipped → delivered; skipping is fine). The
 * same status again is a replay: 200, `changed: false`, nothing audited, no
 * second message. Backwards, another tracking for the same status, or an
 * order that is not paid: 409, nothing changes. The shopper (chat or ACP
 * agent) hears of each move once, through the order's outbox.
 */
adminFulfillment.put("/:id/fulfillment", async (c) => {
  const id = OrderId.safeParse(c.req.param("id"));
  if (!id.success) throw notFound();
  const body = await jsonBody(c, FulfillmentUpdate);
  const order = await getOrder(c.env.DB, id.data);
  if (!order) throw notFound();
  let changed = false;
  let current = order;
  if (checkMove(order, body) === "advance") {
    const now = Date.now();
    changed = await advanceFulfillment(c.env.DB, order.id, body.status, { tracking: body.tracking ?? null, now });
    current = (await getOrder(c.env.DB, order.id)) ?? order;
    // Lost a race (another call moved it, or a refund landed): judge the request against what is there now.
    if (!changed) checkMove(current, body);
    else {
      await auditStatement(c.env.DB, {
        actor: c.get("actor"),
        action: "order.fulfillment",
        target: order.id,
        details: { from: order.fulfillmentStatus, to: body.status, tracking: body.tracking ?? null },
        at: now,
      }).run();
    }
  }
  // Replays too: if an earlier call stored the move but not its message, this records it (once, by event id).
  await orderEvent(c.env, current, body.status);
  return c.json(fulfillmentJson(current, changed));
});

/** 409 unless the request moves the order forward or repeats exactly what it already is. */
function checkMove(o: OrderRecord, body: { status: FulfillmentStatus; tracking?: string }) {
  if (o.status !== "paid")
    throw new ApiError(409, "order_not_paid", `Order ${o.id} is ${o.status}; only paid orders are fulfilled.`);
  const move = fulfillmentMove(o.fulfillmentStatus, body.status);
  if (move === "backwards")
    throw new ApiError(
      409,
      "invalid_transition",
      `Order ${o.id} is already ${o.fulfillmentStatus}; fulfilment only moves forward.`,
    );
  if (move === "replay" && body.tracking !== undefined && body.tracking !== o.tracking)
    throw new ApiError(
      409,
      "tracking_conflict",
      `Order ${o.id} is already ${o.fulfillmentStatus} with other tracking.`,
    );
  return move;
}
