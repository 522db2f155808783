import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orders } from "./orders.js";

/**
 * Cancel and refund offers shown in a chat (db/migrations/0010_refunds.sql).
 * `body` is the offer as the shopper saw it (worker/commerce/refund-offer.ts),
 * `hash` its content hash; only its own conversation and shopper may accept it.
 */
export const refundOffers = sqliteTable(
  "refund_offers",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    conversationId: text("conversation_id").notNull(),
    customer: text("customer").notNull(),
    hash: text("hash").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: ["open", "accepted", "declined", "superseded", "voided"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("refund_offers_conversation_idx").on(t.conversationId, t.state, t.createdAt)],
);

/** One per refund or paid cancellation; `seq` numbers an order's refunds so racing confirmations make one. */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    seq: integer("seq").notNull(),
    offerId: text("offer_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    stripeRefundId: text("stripe_refund_id"),
    state: text("state", { enum: ["pending", "succeeded"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("refunds_order_seq_idx").on(t.orderId, t.seq), uniqueIndex("refunds_offer_idx").on(t.offerId)],
);

export const refundLines = sqliteTable(
  "refund_lines",
  {
    refundId: text("refund_id")
      .notNull()
      .references(() => refunds.id),
    orderId: text("order_id").notNull(),
    position: integer("position").notNull(),
    quantity: integer("quantity").notNull(),
    amount: integer("amount").notNull(),
    restocked: integer("restocked", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.refundId, t.position] }), index("refund_lines_order_idx").on(t.orderId)],
);
