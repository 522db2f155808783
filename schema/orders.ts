import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Orders are created from a confirmed quote and move through the state
 * machine in worker/commerce/order-status.ts (the only place transitions are
 * decided). Money columns are integer minor units in `currency`.
 */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    /** Where the order came from: a chat conversation id or an ACP checkout session id. */
    conversationId: text("conversation_id").notNull(),
    /** Principal key: "user:<id>", "guest:<conversation>", "acp:<session>". */
    customer: text("customer").notNull(),
    quoteId: text("quote_id").notNull().unique(),
    quoteHash: text("quote_hash").notNull(),
    status: text("status", {
      enum: ["pending_payment", "paid", "failed", "expired", "canceled", "refunded"],
    }).notNull(),
    currency: text("currency").notNull(),
    subtotal: integer("subtotal").notNull(),
    discountTotal: integer("discount_total").notNull(),
    feeTotal: integer("fee_total").notNull().default(0),
    total: integer("total").notNull(),
    promoCodes: text("promo_codes", { mode: "json" }).$type<string[]>().notNull().default([]),
    paymentIntentId: text("payment_intent_id"),
    paymentUrl: text("payment_url"),
    /** The Stripe Checkout Session the shopper pays this order on (cs_…), when it needs the shopper. */
    checkoutSessionId: text("checkout_session_id"),
    failureReason: text("failure_reason"),
    /** A Telegram invoice payment (successful_payment): Telegram's charge id, unique, so one payment settles once. */
    telegramPaymentChargeId: text("telegram_payment_charge_id"),
    /** The payment provider's id of that charge (Stripe's ch_… with the Stripe provider), for refunds in its dashboard. */
    providerPaymentChargeId: text("provider_payment_charge_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Unpaid orders give their stock and promotion back after this instant. */
    expiresAt: integer("expires_at").notNull(),
    /**
     * Where a paid order is on its way to the shopper, set by ops (PUT
     * /admin/orders/:id/fulfillment); null until ops first touch it. Moves only
     * forward (worker/commerce/fulfillment-status.ts).
     */
    fulfillmentStatus: text("fulfillment_status", { enum: ["processing", "shipped", "delivered"] }),
    /** Carrier tracking number or URL ops gave with the shipment. */
    tracking: text("tracking"),
    fulfillmentUpdatedAt: integer("fulfillment_updated_at"),
  },
  (t) => [
    index("orders_status_expiry_idx").on(t.status, t.expiresAt),
    index("orders_pi_idx").on(t.paymentIntentId),
    uniqueIndex("orders_telegram_charge_idx").on(t.telegramPaymentChargeId),
    index("orders_checkout_session_idx").on(t.checkoutSessionId),
    // A shopper's order history, newest first (the chat's "my orders").
    index("orders_customer_idx").on(t.customer, t.createdAt),
    // What ops watch during a sale: the newest orders and a promotion's redemptions of the last
    // minute. Without it each look at the console read every order ever placed.
    index("orders_created_idx").on(t.createdAt),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    position: integer("position").notNull(),
    sku: text("sku").notNull(),
    productId: text("product_id").notNull(),
    title: text("title").notNull(),
    color: text("color"),
    size: text("size"),
    quantity: integer("quantity").notNull(),
    unitAmount: integer("unit_amount").notNull(),
    lineTotal: integer("line_total").notNull(),
    discount: integer("discount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

/** Every provider event processed, keyed by its id: the webhook's idempotency record. */
export const paymentEvents = sqliteTable("payment_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  orderId: text("order_id"),
  paymentIntentId: text("payment_intent_id"),
  outcome: text("outcome").notNull(),
  receivedAt: integer("received_at").notNull(),
});

/** A signed-in shopper's Stripe customer and saved card, for one-tap payment. */
export const customers = sqliteTable("customers", {
  principal: text("principal").primaryKey(),
  stripeCustomerId: text("stripe_customer_id").notNull(),
  defaultPaymentMethod: text("default_payment_method"),
  updatedAt: integer("updated_at").notNull(),
});
