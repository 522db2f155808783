// The D1 reads of the promotion facade (promotion-reservations.ts): how many
// shards a promotion has, and which shopper an order (a reservation) is for.

/** The promotion's shard count as ops set it, or null for a code D1 does not know. */
export async function promotionShards(db: D1Database, code: string): Promise<number | null> {
  const row = await db.prepare("SELECT shards FROM promotions WHERE code = ?").bind(code).first<{ shards: number }>();
  return row?.shards ?? null;
}

/** The shopper an order was placed by, or null when the order was never written. */
export async function orderCustomer(db: D1Database, orderId: string): Promise<string | null> {
  const row = await db.prepare("SELECT customer FROM orders WHERE id = ?").bind(orderId).first<{ customer: string }>();
  return row?.customer ?? null;
}
