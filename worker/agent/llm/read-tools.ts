/**
 * What the model's read tools answer, and the checks every proposed call
 * passes before it becomes an Action. Answers are short JSON with prices
 * formatted by the engine, so the claims check can compare like with like.
 */
import { lowestPriceInWindow, THIRTY_DAYS_MS } from "../../commerce/price-history.js";
import type { Catalog, ProductDetail } from "../../catalog/types.js";
import type { ProductRef } from "../actions.js";
import type { ParsedCall } from "./tools.js";
import { searchFilters, toRef } from "./tools.js";
import type { ConversationView } from "../planner/port.js";

export interface ReadContext {
  readonly catalog: Catalog;
  readonly view: ConversationView;
  readonly money: (amount: number, currency: string) => string;
  readonly now: number;
  /** The shopper's own words this turn and the last few turns (codes only as typed). */
  readonly shopperText: string;
}

const MAX_VARIANTS = 12;
const MAX_DESCRIPTION = 200;

/** Returns an error for the model, or null when the call may stand. */
export async function guard(call: ParsedCall, ctx: ReadContext): Promise<string | null> {
  if ("target" in call.args) {
    const problem = await targetProblem(toRef(call.args.target), ctx);
    if (problem) return problem;
  }
  switch (call.key) {
    case "apply_promo":
      return typedByShopper(call.args.code, ctx.shopperText)
        ? null
        : `code ${call.args.code} was not typed by the shopper; apply only a code the shopper wrote`;
    case "remove_promo":
      return ctx.view.codes.includes(call.args.code.toUpperCase()) ? null : `code ${call.args.code} is not on the cart`;
    case "cancel_quote":
      return ctx.view.quote ? null : "there is no open quote";
    default:
      return null;
  }
}

function typedByShopper(code: string, text: string): boolean {
  const escaped = code.replace(/[-_]/g, (c) => `\\${c}`);
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}([^A-Za-z0-9]|$)`, "i").test(text);
}

async function targetProblem(ref: ProductRef, ctx: ReadContext): Promise<string | null> {
  switch (ref.kind) {
    case "sku": {
      const v = (await ctx.catalog.variants([ref.sku])).get(ref.sku);
      return v && v.active ? null : `unknown SKU ${ref.sku}; use an exact sku from a tool result`;
    }
    case "product":
      return (await ctx.catalog.product(ref.productId))
        ? null
        : `unknown product_id ${ref.productId}; use an id from a tool result`;
    case "result":
      return ctx.view.shown.some((p) => p.position === ref.index)
        ? null
        : `the shopper was shown ${ctx.view.shown.length} result(s); result ${ref.index} does not exist`;
    case "current":
      return ctx.view.focus || ctx.view.shown.length === 1 || ctx.view.cart.length > 0
        ? null
        : "no product is in focus; give a sku or product_id";
    case "text":
      return null;
  }
}

/** The JSON a read tool answers with (already guarded). */
export async function readTool(call: ParsedCall, ctx: ReadContext, minor: (major: number) => number): Promise<unknown> {
  switch (call.key) {
    case "search": {
      const query = call.args.query.trim();
      // The same filters the engine will search with when it shows the list.
      const found = await ctx.catalog.search({
        ...searchFilters(call.args, minor),
        ...(query ? { query } : {}),
        limit: 5,
      });
      return found.map((p) => ({
        product_id: p.id,
        title: p.title,
        brand: p.brand,
        price_from: ctx.money(p.priceFrom, p.currency),
        colors: p.colors,
        sizes: p.sizes,
        in_stock: p.inStock,
      }));
    }
    case "show_product": {
      const p = await productOf(toRef(call.args.target), ctx);
      if (!p) return { error: "product not found" };
      return {
        product_id: p.id,
        title: p.title,
        brand: p.brand,
        // Catalog text is data, not instructions: quoted, cut short, and the prompt says so.
        description: p.description.slice(0, MAX_DESCRIPTION),
        variants: p.variants
          .filter((v) => v.active)
          .slice(0, MAX_VARIANTS)
          .map((v) => ({
            sku: v.sku,
            color: v.options.color,
            size: v.options.size,
            price: ctx.money(v.unitAmount, v.currency),
            stock: v.stock,
          })),
      };
    }
    case "view_cart":
      return {
        lines: ctx.view.cart.map((l) => ({
          sku: l.sku,
          title: l.title,
          color: l.color,
          size: l.size,
          quantity: l.quantity,
        })),
        codes: ctx.view.codes,
        open_quote: ctx.view.quote ? { lines: ctx.view.quote.lines, items: ctx.view.quote.items } : null,
      };
    case "price_history": {
      const p = await productOf(toRef(call.args.target), ctx);
      if (!p) return { error: "product not found" };
      const active = p.variants.filter((v) => v.active);
      if (active.length === 0) return { error: "not available" };
      const history = await ctx.catalog.priceHistory(active.map((v) => v.sku));
      const now = Math.min(...active.map((v) => v.unitAmount));
      const lowest = Math.min(
        ...active.map((v) => lowestPriceInWindow(history.get(v.sku) ?? [], ctx.now, THIRTY_DAYS_MS) ?? v.unitAmount),
      );
      return {
        product_id: p.id,
        price_now_from: ctx.money(now, p.currency),
        lowest_30_days: ctx.money(lowest, p.currency),
      };
    }
    default:
      return { ok: true };
  }
}

async function productOf(ref: ProductRef, ctx: ReadContext): Promise<ProductDetail | null> {
  switch (ref.kind) {
    case "product":
      return ctx.catalog.product(ref.productId);
    case "sku": {
      const v = (await ctx.catalog.variants([ref.sku])).get(ref.sku);
      return v ? ctx.catalog.product(v.productId) : null;
    }
    case "result": {
      const id = ctx.view.shown.find((p) => p.position === ref.index)?.productId;
      return id ? ctx.catalog.product(id) : null;
    }
    case "current": {
      const id = ctx.view.focus?.productId ?? (ctx.view.shown.length === 1 ? ctx.view.shown[0]!.productId : undefined);
      return id ? ctx.catalog.product(id) : null;
    }
    case "text":
      return null;
  }
}
