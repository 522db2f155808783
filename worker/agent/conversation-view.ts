/**
 * Fills the planners' read-only ConversationView from the conversation state
 * and records, after each turn, which question the reply asked. Both planners
 * read the same view; only the executor changes state (docs/ARCHITECTURE.md
 * invariant 2). The view carries words and ids, never amounts.
 */
import { summarize } from "../catalog/summarize.js";
import type { Catalog, ProductSummary, Variant } from "../catalog/types.js";
import type { Quote } from "../commerce/quote.js";
import type { Action } from "./actions.js";
import { decodePayload } from "./payloads.js";
import type {
  ChoiceView,
  ConversationView,
  FocusView,
  ProductWords,
  QuestionKind,
  QuestionView,
  ShownProductView,
} from "./planner/port.js";
import type { Reply } from "./reply.js";
import type { AskedChoice, AskedQuestion, ConversationState, ShownProduct } from "./state.js";

export const EMPTY_VIEW: ConversationView = {
  shown: [],
  focus: null,
  cart: [],
  codes: [],
  quote: null,
  question: null,
};

/** One catalog read per kind (TurnCatalog caches them for the executor's turn). */
export async function conversationView(
  state: ConversationState,
  catalog: Catalog,
  openQuote: Quote | null,
): Promise<ConversationView> {
  const shown = await shownProducts(state, catalog);
  const skus = state.lines.map((l) => l.sku);
  const variants = skus.length ? await catalog.variants(skus) : new Map<string, Variant>();
  const words = await wordsOf([...new Set([...variants.values()].map((v) => v.productId))], shown, catalog);
  const cart = state.lines.map((l) => {
    const v = variants.get(l.sku);
    return {
      sku: l.sku,
      productId: v?.productId ?? "",
      title: v?.title ?? l.sku,
      brand: (v && words.get(v.productId)?.brand) ?? "",
      category: (v && words.get(v.productId)?.category) ?? "",
      color: v?.options.color ?? null,
      size: v?.options.size ?? null,
      quantity: l.quantity,
    };
  });
  return {
    shown,
    focus: await focusView(state, shown, catalog),
    cart,
    codes: state.codes,
    quote: openQuote
      ? {
          id: openQuote.id,
          lines: openQuote.lines.length,
          items: openQuote.lines.reduce((n, l) => n + l.quantity, 0),
          expiresAt: openQuote.expiresAt,
        }
      : null,
    question: questionView(state.asked ?? null),
  };
}

async function shownProducts(state: ConversationState, catalog: Catalog): Promise<ShownProductView[]> {
  const stored = state.shown ?? [];
  const fresh =
    stored.length === state.lastResults.length && stored.every((p, i) => p.productId === state.lastResults[i]);
  // Conversations saved before `shown` existed only have ids: read their words once.
  // Positions stay those of lastResults (what "the second one" resolves against), even if one product is gone.
  const list: (ShownProduct | null)[] = fresh
    ? [...stored]
    : (await Promise.all(state.lastResults.map((id) => catalog.product(id)))).map((p) =>
        p ? productWords(summarize(p)) : null,
      );
  return list.flatMap((p, i) => (p ? [{ ...p, position: i + 1 }] : []));
}

export function productWords(p: ProductSummary): ProductWords {
  return {
    productId: p.id,
    title: p.title,
    brand: p.brand,
    category: p.category,
    colors: [...p.colors],
    sizes: [...p.sizes],
  };
}

async function wordsOf(
  ids: readonly string[],
  shown: readonly ShownProductView[],
  catalog: Catalog,
): Promise<Map<string, { brand: string; category: string }>> {
  const out = new Map(shown.map((p) => [p.productId, { brand: p.brand, category: p.category }]));
  const missing = ids.filter((id) => !out.has(id));
  for (const p of await Promise.all(missing.map((id) => catalog.product(id))))
    if (p) out.set(p.id, { brand: p.brand, category: p.category });
  return out;
}

async function focusView(
  state: ConversationState,
  shown: readonly ShownProductView[],
  catalog: Catalog,
): Promise<FocusView | null> {
  const focus = state.focus;
  if (!focus) return null;
  const product = await catalog.product(focus.productId);
  if (!product) return null;
  const words = productWords(summarize(product));
  const v = focus.sku ? product.variants.find((x) => x.sku === focus.sku) : undefined;
  const listed = shown.find((p) => p.productId === focus.productId);
  return {
    ...words,
    ...(listed ? { colors: listed.colors, sizes: listed.sizes } : {}),
    ...(v ? { sku: v.sku, color: v.options.color, size: v.options.size } : {}),
  };
}

function questionView(asked: AskedQuestion | null): QuestionView | null {
  if (!asked) return null;
  const choices: ChoiceView[] = [];
  for (const c of asked.choices) {
    const action = decodePayload(c.payload);
    if (action) choices.push({ ...c, action });
  }
  return { kind: asked.kind, text: asked.text, ...(asked.productId ? { productId: asked.productId } : {}), choices };
}

/** Buttons that answer a question, by what pressing them does. */
function choiceKind(a: Action): QuestionKind | null {
  switch (a.type) {
    case "add_to_cart":
      return "variant";
    case "show_product":
      return "product";
    case "remove_from_cart":
    case "set_quantity":
      return "cart_line";
    case "confirm_quote":
    case "cancel_quote":
      return "confirm";
    default:
      return null; // "View cart", "Price history", "Checkout": offers, not answers
  }
}

/**
 * What the reply asked, for the next turn's view: its choice buttons (with
 * the product words behind each) and the paragraph that asked. A reply whose
 * buttons are only generic offers asked nothing.
 */
export async function askedBy(reply: Reply, state: ConversationState, catalog: Catalog): Promise<AskedQuestion | null> {
  const decoded = reply.buttons.map((b) => ({ b, action: decodePayload(b.payload) }));
  const answers = decoded.filter((d) => d.action && choiceKind(d.action) !== null);
  if (answers.length === 0) return null;
  const kinds = new Set(answers.map((d) => choiceKind(d.action!)));
  const kind: QuestionKind = kinds.size === 1 ? [...kinds][0]! : "other";
  const skus = answers.flatMap((d) =>
    (d.action!.type === "add_to_cart" || d.action!.type === "remove_from_cart" || d.action!.type === "set_quantity") &&
    d.action!.target.kind === "sku"
      ? [d.action!.target.sku]
      : [],
  );
  const variants = skus.length ? await catalog.variants(skus) : new Map<string, Variant>();
  const shown = new Map((state.shown ?? []).map((p) => [p.productId, p]));
  const choices: AskedChoice[] = [];
  for (const { b, action } of answers) {
    const a = action!;
    const base = { label: b.label, payload: b.payload };
    if (
      (a.type === "add_to_cart" || a.type === "remove_from_cart" || a.type === "set_quantity") &&
      a.target.kind === "sku"
    ) {
      const v = variants.get(a.target.sku);
      choices.push(
        v
          ? {
              ...base,
              productId: v.productId,
              sku: v.sku,
              title: v.title,
              brand: shown.get(v.productId)?.brand ?? (await catalog.product(v.productId))?.brand ?? "",
              color: v.options.color,
              size: v.options.size,
            }
          : base,
      );
    } else if (a.type === "show_product" && a.target.kind === "product") {
      const p =
        shown.get(a.target.productId) ??
        (await catalog.product(a.target.productId).then((d) => (d ? productWords(summarize(d)) : undefined)));
      choices.push(p ? { ...base, productId: p.productId, title: p.title, brand: p.brand } : base);
    } else {
      choices.push(base);
    }
  }
  const products = new Set(choices.map((c) => c.productId));
  const productId = kind === "variant" && products.size === 1 ? [...products][0] : undefined;
  const paragraphs = reply.text.split("\n\n");
  return { kind, text: paragraphs[paragraphs.length - 1] ?? "", ...(productId ? { productId } : {}), choices };
}
