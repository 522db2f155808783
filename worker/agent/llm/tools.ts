/**
 * One zod definition per model tool, each mapping onto exactly one Action.
 * The JSON Schema the model sees is derived from the same definition, so a
 * new Action costs one entry here (the `satisfies` below fails to compile
 * until it has one). There is deliberately no tool for `confirm_quote`: a
 * payment is confirmed only by the shopper's own button or "yes"
 * (docs/ARCHITECTURE.md invariant 9).
 */
import { z } from "zod";
import type { Action, ActionType, ProductRef, SearchFilters } from "../actions.js";
import type { ConversationView } from "../planner/port.js";
import type { ToolSpec } from "./provider.js";

const Target = z
  .object({
    sku: z.string().min(1).max(64).optional(),
    product_id: z.string().min(1).max(64).optional(),
    result: z.number().int().min(1).max(20).optional(),
  })
  .strict();
const Options = {
  color: z.string().min(1).max(40).optional().describe("lower-case colour as the shop names it"),
  size: z.string().min(1).max(16).optional().describe("size label as the shop names it"),
};
const Quantity = z.number().int().min(1).max(99);
const Code = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, "letters, digits, _ or -");
const empty = z.object({}).strict();

/** Tools the model may call; each maps to the Action of the same key. */
export const TOOL_DEFS = {
  search: {
    name: "search_products",
    description: "Search the catalog: up to 5 products with ids, prices, colours and sizes.",
    input: z
      .object({
        query: z.string().max(100).describe("a few words, e.g. 'midi dress'"),
        color: Options.color,
        size: Options.size,
        max_price: z
          .number()
          .positive()
          .max(1_000_000)
          .optional()
          .describe("highest price in the shop's currency, e.g. 40 for $40"),
        min_price: z.number().positive().max(1_000_000).optional().describe("lowest price in the shop's currency"),
        exclude_colors: z.array(z.string().min(1).max(40)).max(5).optional().describe("colours the shopper ruled out"),
        sort: z.enum(["price_asc", "price_desc"]).optional().describe("price_asc for 'cheapest'"),
        category: z.string().min(1).max(40).optional(),
      })
      .strict(),
    read: true,
  },
  show_product: {
    name: "product_details",
    description: "One product's variants (SKU, colour, size, price, stock).",
    input: z.object({ target: Target }).strict(),
    read: true,
  },
  view_cart: { name: "view_cart", description: "The cart with prices and total.", input: empty, read: true },
  price_history: {
    name: "price_history",
    description: "A product's lowest price in the last 30 days.",
    input: z.object({ target: Target }).strict(),
    read: true,
  },
  add_to_cart: {
    name: "add_to_cart",
    description:
      "Add a product. Give colour and size when the shopper named them; the shop asks if a variant is ambiguous.",
    input: z.object({ target: Target, quantity: Quantity.default(1), ...Options }).strict(),
    read: false,
  },
  set_quantity: {
    name: "set_quantity",
    description: "Set the quantity of a cart line (0 removes it).",
    input: z.object({ target: Target, quantity: z.number().int().min(0).max(99) }).strict(),
    read: false,
  },
  change_options: {
    name: "change_options",
    description: "Change the colour or size of a cart line.",
    input: z.object({ target: Target, ...Options }).strict(),
    read: false,
  },
  remove_from_cart: {
    name: "remove_from_cart",
    description: "Remove a cart line.",
    input: z.object({ target: Target }).strict(),
    read: false,
  },
  apply_promo: {
    name: "apply_promo",
    description: "Apply a promotion code exactly as the shopper typed it. Never invent or guess a code.",
    input: z.object({ code: Code }).strict(),
    read: false,
  },
  remove_promo: {
    name: "remove_promo",
    description: "Remove a code from the cart.",
    input: z.object({ code: Code }).strict(),
    read: false,
  },
  help: { name: "help", description: "Tell the shopper what you can do.", input: empty, read: false },
  checkout: {
    name: "checkout",
    description: "Price the cart into a quote; only the shopper can then pay.",
    input: empty,
    read: false,
  },
  cancel_quote: { name: "cancel_quote", description: "Cancel the open quote.", input: empty, read: false },
  cheapest_shown: {
    name: "cheapest_shown",
    description: "Point out the cheapest of the products last shown ('which of these is cheapest?').",
    input: empty,
    read: false,
  },
  clear_cart: {
    name: "clear_cart",
    description: "Empty the cart, only when the shopper asks for it.",
    input: empty,
    read: false,
  },
  decline_discount: {
    name: "decline_discount",
    description: "The shopper demands a discount or their own price: the shop politely says no.",
    input: empty,
    read: false,
  },
} as const satisfies Record<Exclude<ActionType, "confirm_quote" | "unknown">, ToolDef>;

interface ToolDef {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType;
  /** Read tools answer the model with data; the rest are proposals the engine runs at the end of the turn. */
  readonly read: boolean;
}

export type ToolKey = keyof typeof TOOL_DEFS;
const BY_NAME = new Map<string, ToolKey>((Object.keys(TOOL_DEFS) as ToolKey[]).map((k) => [TOOL_DEFS[k].name, k]));

export function toolKey(name: string): ToolKey | undefined {
  return BY_NAME.get(name);
}

/**
 * Tools that can do something in this state (no cart edits on an empty cart, no
 * cancel_quote without a quote, …): fewer wrong calls and a smaller prompt. A call
 * to a tool left out is still validated and run by the engine like any other.
 */
function offered(key: ToolKey, view: ConversationView | undefined): boolean {
  if (!view) return true;
  switch (key) {
    case "cancel_quote":
      return view.quote !== null;
    case "remove_promo":
      return view.codes.length > 0;
    case "set_quantity":
    case "change_options":
    case "remove_from_cart":
    case "clear_cart":
    case "checkout":
      return view.cart.length > 0;
    case "cheapest_shown":
      return view.shown.length > 0;
    default:
      return true;
  }
}

const specCache = new Map<ToolKey, ToolSpec>();
function spec(k: ToolKey): ToolSpec {
  let s = specCache.get(k);
  if (!s) {
    const def = TOOL_DEFS[k];
    const parameters = compact(z.toJSONSchema(def.input, { io: "input" })) as Record<string, unknown>;
    s = { type: "function", function: { name: def.name, description: def.description, parameters } };
    specCache.set(k, s);
  }
  return s;
}

/** The tools as the model sees them (JSON Schema from the zod definitions); with a view, only those this state offers. */
export function toolSpecs(view?: ConversationView): readonly ToolSpec[] {
  return (Object.keys(TOOL_DEFS) as ToolKey[]).filter((k) => offered(k, view)).map(spec);
}

// Bounds stay in zod (every call is validated); the model's copy of the schema
// keeps only shapes, types and enums, so the prompt stays small.
const DROP = new Set([
  "$schema",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "additionalProperties",
  "pattern",
  "maxItems",
  "default",
]);
function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => !DROP.has(k))
      .map(([k, v]) => [k, compact(v)]),
  );
}

type TargetInput = z.infer<typeof Target>;
export type ParsedCall = {
  readonly [K in ToolKey]: { readonly key: K; readonly args: z.infer<(typeof TOOL_DEFS)[K]["input"]> };
}[ToolKey];

/** Validates raw arguments against the tool's schema; the error text goes back to the model. */
export function parseCall(key: ToolKey, raw: unknown): { ok: true; call: ParsedCall } | { ok: false; error: string } {
  const parsed = TOOL_DEFS[key].input.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`);
    return { ok: false, error: `invalid arguments for ${TOOL_DEFS[key].name}: ${issues.join("; ")}` };
  }
  return { ok: true, call: { key, args: parsed.data } as ParsedCall };
}

export function toRef(t: TargetInput): ProductRef {
  if (t.sku) return { kind: "sku", sku: t.sku };
  if (t.product_id) return { kind: "product", productId: t.product_id };
  if (t.result) return { kind: "result", index: t.result };
  return { kind: "current" };
}

function options(a: { color?: string | undefined; size?: string | undefined }) {
  return { ...(a.color ? { color: a.color.toLowerCase() } : {}), ...(a.size ? { size: a.size.toUpperCase() } : {}) };
}

type SearchArgs = z.infer<(typeof TOOL_DEFS)["search"]["input"]>;

/** The search tool's arguments as the Action's filters (also what the read tool searches with). */
export function searchFilters(a: SearchArgs, minor: (major: number) => number): SearchFilters {
  return {
    ...options(a),
    ...(a.max_price !== undefined ? { maxPrice: minor(a.max_price) } : {}),
    ...(a.min_price !== undefined ? { minPrice: minor(a.min_price) } : {}),
    ...(a.category ? { category: a.category.toLowerCase() } : {}),
    ...(a.exclude_colors?.length ? { excludeColors: a.exclude_colors.map((c) => c.toLowerCase()) } : {}),
    ...(a.sort ? { sort: a.sort } : {}),
  };
}

/** The Action a validated call stands for; `minor` turns a price in major units into minor units. */
export function toAction(c: ParsedCall, minor: (major: number) => number): Action {
  switch (c.key) {
    case "search": {
      return { type: "search", query: c.args.query.trim(), filters: searchFilters(c.args, minor) };
    }
    case "show_product":
      return { type: "show_product", target: toRef(c.args.target) };
    case "view_cart":
      return { type: "view_cart" };
    case "price_history":
      return { type: "price_history", target: toRef(c.args.target) };
    case "add_to_cart":
      return { type: "add_to_cart", target: toRef(c.args.target), quantity: c.args.quantity, options: options(c.args) };
    case "set_quantity":
      return { type: "set_quantity", target: toRef(c.args.target), quantity: c.args.quantity };
    case "change_options":
      return { type: "change_options", target: toRef(c.args.target), options: options(c.args) };
    case "remove_from_cart":
      return { type: "remove_from_cart", target: toRef(c.args.target) };
    case "apply_promo":
      return { type: "apply_promo", code: c.args.code.toUpperCase() };
    case "remove_promo":
      return { type: "remove_promo", code: c.args.code.toUpperCase() };
    case "help":
      return { type: "help" };
    case "checkout":
      return { type: "checkout" };
    case "cancel_quote":
      return { type: "cancel_quote" };
    case "cheapest_shown":
      return { type: "cheapest_shown" };
    case "clear_cart":
      return { type: "clear_cart" };
    case "decline_discount":
      return { type: "decline_discount" };
  }
}
