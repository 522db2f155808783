import { env } from "cloudflare:test";

export interface FixtureVariant {
  sku: string;
  color?: string | null;
  size?: string | null;
  price: number;
  stock?: number;
  active?: boolean;
  /** Older prices: [daysAgo, amount], oldest first. The current price is added as of 1 day ago. */
  history?: [number, number][];
}

export interface FixtureProduct {
  id: string;
  title: string;
  category: string;
  brand?: string;
  description?: string;
  variants: FixtureVariant[];
}

const DAY = 86_400_000;

/** Inserts a product the test controls completely (ids are unique per test file). */
export async function insertProduct(p: FixtureProduct): Promise<void> {
  const now = Date.now();
  const stmts = [
    env.DB.prepare("INSERT INTO products (id, title, description, category, brand) VALUES (?, ?, ?, ?, ?)").bind(
      p.id,
      p.title,
      p.description ?? `${p.title} for tests`,
      p.category,
      p.brand ?? "Testwear",
    ),
  ];
  for (const v of p.variants) {
    stmts.push(
      env.DB.prepare(
        "INSERT INTO variants (sku, product_id, color, size, price_amount, currency, stock, active) VALUES (?, ?, ?, ?, ?, 'USD', ?, ?)",
      ).bind(v.sku, p.id, v.color ?? null, v.size ?? null, v.price, v.stock ?? 50, v.active === false ? 0 : 1),
    );
    for (const [daysAgo, amount] of [...(v.history ?? []), [1, v.price] as [number, number]]) {
      stmts.push(
        env.DB.prepare(
          "INSERT INTO price_history (sku, effective_from, amount, currency) VALUES (?, ?, ?, 'USD')",
        ).bind(v.sku, now - daysAgo * DAY, amount),
      );
    }
  }
  await env.DB.batch(stmts);
}

export async function setPrice(sku: string, amount: number): Promise<void> {
  await env.DB.batch([
    env.DB.prepare("UPDATE variants SET price_amount = ? WHERE sku = ?").bind(amount, sku),
    env.DB.prepare("INSERT INTO price_history (sku, effective_from, amount, currency) VALUES (?, ?, ?, 'USD')").bind(
      sku,
      Date.now(),
      amount,
    ),
  ]);
}
