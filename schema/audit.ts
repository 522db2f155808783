import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Every admin change: who, what, when, why. Written in the same batch as the change where possible. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    reason: text("reason"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    at: integer("at").notNull(),
  },
  (t) => [index("audit_log_target_idx").on(t.target, t.at)],
);
