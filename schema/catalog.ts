import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Catalog tables. Column names are snake_case in SQL and camelCase in
 * TypeScript; this file is the only place the two are mapped.
 * Money columns hold integer minor units (cents) next to an ISO 4217 code.
 */
export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    brand: text("brand").notNull().default(""),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at")
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index("products_category_idx").on(t.category, t.active)],
);

export const variants = sqliteTable(
  "variants",
  {
    sku: text("sku").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    /** Lower-case colour name ("navy", "sky blue"); null when the product has no colours. */
    color: text("color"),
    /** Upper-case size label ("S", "M", "42", "500ML"); null when the product has no sizes. */
    size: text("size"),
    priceAmount: integer("price_amount").notNull(),
    currency: text("currency").notNull(),
    stock: integer("stock").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    // Reserving stock is `stock = stock - n` inside the order's batch; this
    // check makes an oversell abort the whole batch instead of going negative.
    check("variants_stock_non_negative", sql`${t.stock} >= 0`),
    index("variants_product_idx").on(t.productId),
    index("variants_color_idx").on(t.color, t.productId),
    index("variants_size_idx").on(t.size, t.productId),
    index("variants_price_idx").on(t.priceAmount, t.productId),
  ],
);

/**
 * One row per price a variant has had. A price is in force from
 * `effective_from` until the next row's `effective_from` for the same SKU.
 */
export const priceHistory = sqliteTable(
  "price_history",
  {
    sku: text("sku")
      .notNull()
      .references(() => variants.sku),
    effectiveFrom: integer("effective_from").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.effectiveFrom] })],
);
