import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { customers } from "../../schema/index.js";
import type { ShopperKey } from "../commerce/shopper-key.js";

/**
 * A signed-in shopper's Stripe customer and one-tap card (the `customers`
 * table), keyed by their shopper key. The webhook fills the card in
 * (payment-events-repo.ts rememberCard, a conditional write). The key's
 * column is `customers.principal`: a schema contract, kept under its old name.
 */

export interface SavedCard {
  customer: string;
  paymentMethod: string;
}

/** The shopper's Stripe customer and its card, when one was saved. */
export async function savedCardOf(db: D1Database, shopper: ShopperKey): Promise<SavedCard | null> {
  const [row] = await drizzle(db)
    .select({ customer: customers.stripeCustomerId, paymentMethod: customers.defaultPaymentMethod })
    .from(customers)
    .where(eq(customers.principal, shopper));
  return row?.paymentMethod ? { customer: row.customer, paymentMethod: row.paymentMethod } : null;
}

/** The shopper's Stripe customer id, card or not. */
export async function stripeCustomerOf(db: D1Database, shopper: ShopperKey): Promise<string | null> {
  const [row] = await drizzle(db)
    .select({ customer: customers.stripeCustomerId })
    .from(customers)
    .where(eq(customers.principal, shopper));
  return row?.customer ?? null;
}

/** Records the shopper's new Stripe customer; a shopper who has one already keeps it. */
export async function addStripeCustomer(db: D1Database, shopper: ShopperKey, customer: string, now: number) {
  await drizzle(db)
    .insert(customers)
    .values({ principal: shopper, stripeCustomerId: customer, defaultPaymentMethod: null, updatedAt: now })
    .onConflictDoNothing({ target: customers.principal });
}
