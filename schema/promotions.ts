import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A promotion is data; applying it is the pure function in
 * worker/commerce/promotions.ts.
 *
 * `value` depends on `kind`:
 *   percent_off       basis points (1000 = 10 %)
 *   amount_off        minor units in `currency`
 *   fixed_unit_price  minor units in `currency`: each discounted unit costs this
 */
export const promotions = sqliteTable("promotions", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["percent_off", "amount_off", "fixed_unit_price"] }).notNull(),
  value: integer("value").notNull(),
  currency: text("currency"),
  scope: text("scope", { enum: ["all", "products", "skus"] })
    .notNull()
    .default("all"),
  /** JSON array of product ids or SKUs, depending on `scope`. */
  scopeIds: text("scope_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
  minSubtotal: integer("min_subtotal").notNull().default(0),
  /** Most units one order may get at the promotional price; null = no limit. */
  maxUnits: integer("max_units"),
  startsAt: integer("starts_at"),
  endsAt: integer("ends_at"),
  totalCap: integer("total_cap"),
  perUserCap: integer("per_user_cap"),
  stackable: integer("stackable", { mode: "boolean" }).notNull().default(true),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** Shard objects its ledger is split over (worker/commerce/promotion-shards.ts); 1 = one Promo object. */
  shards: integer("shards").notNull().default(1),
});
