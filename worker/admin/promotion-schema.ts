import { z } from "zod";
import { MAX_SHARDS } from "../commerce/promotion-shards.js";

const Code = z.string().regex(/^[A-Z0-9_-]{1,32}$/, "upper-case letters, digits, _ and -, at most 32");
const Count = z.number().int().min(0).max(1_000_000_000);
const Instant = z.number().int().min(0);

const Base = z.object({
  name: z.string().min(1).max(120),
  kind: z.enum(["percent_off", "amount_off", "fixed_unit_price"]),
  value: Count,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional(),
  scope: z.enum(["all", "products", "skus"]).optional(),
  scope_ids: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/))
    .max(10_000)
    .optional(),
  min_subtotal: Count.optional(),
  max_units: Count.nullable().optional(),
  starts_at: Instant.nullable().optional(),
  ends_at: Instant.nullable().optional(),
  total_cap: Count.nullable().optional(),
  per_user_cap: Count.nullable().optional(),
  stackable: z.boolean().optional(),
  active: z.boolean().optional(),
  /** Shard objects the promotion's ledger is split over; changeable only while it has never been used. */
  shards: z.number().int().min(1).max(MAX_SHARDS).optional(),
});

/** A complete promotion: what a create becomes, and what an update must still be. */
const Full = Base.required().extend({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  max_units: Count.nullable(),
  starts_at: Instant.nullable(),
  ends_at: Instant.nullable(),
  total_cap: Count.nullable(),
  per_user_cap: Count.nullable(),
});

// Defaults apply on create only; an update changes exactly the fields it names.
const CREATE_DEFAULTS = {
  currency: null,
  scope: "all",
  scope_ids: [],
  min_subtotal: 0,
  max_units: null,
  starts_at: null,
  ends_at: null,
  total_cap: null,
  per_user_cap: null,
  stackable: true,
  active: true,
  shards: 1,
} as const;

function coherent(p: z.infer<typeof Full>, ctx: z.RefinementCtx): void {
  if (p.kind === "percent_off" && p.value > 10_000)
    ctx.addIssue({ code: "custom", path: ["value"], message: "percent_off is in basis points, at most 10000" });
  if (p.kind !== "percent_off" && p.currency === null)
    ctx.addIssue({ code: "custom", path: ["currency"], message: `${p.kind} needs a currency` });
  if (p.scope !== "all" && p.scope_ids.length === 0)
    ctx.addIssue({ code: "custom", path: ["scope_ids"], message: "name at least one product or SKU" });
  if (p.starts_at !== null && p.ends_at !== null && p.ends_at <= p.starts_at)
    ctx.addIssue({ code: "custom", path: ["ends_at"], message: "must be after starts_at" });
}

export const PromotionCreate = Base.extend({ code: Code })
  .strict()
  .transform((p) => ({ ...CREATE_DEFAULTS, ...p, scope_ids: p.scope_ids ?? [] }))
  .pipe(Full.extend({ code: Code }).superRefine(coherent));
export const PromotionUpdate = Base.partial().strict();
export const PromotionComplete = Full.superRefine(coherent);
export const KillSwitch = z
  .object({
    killed: z.boolean(),
    reason: z.string().trim().min(3).max(500),
    /** Keep reservations already taken payable (true) or release them and cancel their unpaid orders (false). */
    honor_reserved: z.boolean().default(false),
  })
  .strict();
