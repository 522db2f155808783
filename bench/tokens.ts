/**
 * npm run bench:tokens — prompt size of the model planner over a scripted
 * 50-turn conversation, and the planner's own overhead per turn without the
 * model's latency (an in-process provider that answers at once).
 *
 * Token counts are an ESTIMATE: ceil(characters / 3), a deliberately
 * pessimistic ratio for Qwen's BPE on English and JSON (no tokenizer is
 * bundled; see bench/README.md). Prompt = system + recent turns + the
 * shopper's message + the tool schemas, as sent on the first step.
 */
import { conversationView } from "../worker/agent/conversation-view.js";
import type { ConversationView } from "../worker/agent/planner/port.js";
import { planRules } from "../worker/agent/planner/rules.js";
import { fixtureContext } from "../worker/agent/planner/fixtures.js";
import { seedCatalog, CORPUS_NOW } from "../worker/agent/planner/corpus/harness.js";
import { EMPTY_STATE, type ConversationState } from "../worker/agent/state.js";
import type { ModelConfig } from "../worker/agent/llm/config.js";
import { planTurn } from "../worker/agent/llm/model-turn.js";
import { promptMessages } from "../worker/agent/llm/prompt.js";
import type { ModelProvider, ModelRequest } from "../worker/agent/llm/provider.js";
import { toolSpecs } from "../worker/agent/llm/tools.js";
import { recentTurns, type LlmTurnInput } from "../worker/agent/llm/view.js";

const estimate = (chars: number) => Math.ceil(chars / 3);
const catalog = seedCatalog();
const vocabulary = await catalog.vocabulary();
const SAYS = [
  "find a blue dress under $40",
  "the second one in M",
  "add it",
  "what's in my cart?",
  "apply code WELCOME10",
  "show me tea",
  "add 2 of the first",
  "remove the dress",
  "was this cheaper last month?",
  "checkout",
];

const found = await catalog.search({ query: "dress", limit: 5 });
const skus = (await Promise.all(found.map((p) => catalog.product(p.id)))).flatMap((p) =>
  p ? [p.variants[0]!.sku] : [],
);
const turns: { role: string; text: string }[] = [];
let state: ConversationState = EMPTY_STATE;
const rows: string[] = [];
for (let turn = 1; turn <= 50; turn++) {
  const text = SAYS[(turn - 1) % SAYS.length]!;
  // The conversation keeps going: a list is shown each turn, the cart grows to 5 lines, codes stay applied.
  state = {
    ...state,
    lastResults: found.map((p) => p.id),
    lines: skus.slice(0, Math.min(5, Math.ceil(turn / 5))).map((sku) => ({ sku, quantity: 1 })),
    codes: turn > 5 ? ["WELCOME10"] : [],
    focus: { productId: found[0]!.id },
  };
  const conversation: ConversationView = await conversationView(state, catalog, null);
  const input: LlmTurnInput = { text, recent: recentTurns(turns), currency: "USD", conversation, vocabulary };
  const chars = JSON.stringify(promptMessages(input)).length + JSON.stringify(toolSpecs(conversation)).length;
  if ([1, 10, 25, 50].includes(turn))
    rows.push(`turn ${String(turn).padStart(2)}: ~${estimate(chars)} prompt tokens (estimate; ${chars} chars)`);
  turns.push(
    { role: "shopper", text },
    {
      role: "agent",
      text: `Here's what I found:\n${found.map((p, i) => `${i + 1}. ${p.title} (${p.brand}) from $${(p.priceFrom / 100).toFixed(2)}`).join("\n")}`,
    },
  );
}
console.log("prompt size over a 50-turn conversation (first step of each turn):");
for (const r of rows) console.log(`  ${r}`);

// Overhead: two steps (search, then add) from a provider that answers at once.
const product = found[0]!.id;
const instant: ModelProvider = {
  model: "instant",
  vision: false,
  async complete(req: ModelRequest) {
    const searched = req.messages.some((m) => m.role === "tool");
    const call = searched
      ? { id: "b", name: "add_to_cart", arguments: JSON.stringify({ target: { product_id: product }, quantity: 1 }) }
      : { id: "a", name: "search_products", arguments: JSON.stringify({ query: "dress" }) };
    return { text: "", toolCalls: [call], usage: { promptTokens: 0, completionTokens: 0 } };
  },
};
const config: ModelConfig = { provider: instant, routing: "model-first", timeoutMs: 8000, tokensPerDay: 1e9 };
const view = await conversationView(state, catalog, null);
const N = 300;
const time = async (f: () => Promise<unknown>) => {
  for (let i = 0; i < 20; i++) await f();
  const t = performance.now();
  for (let i = 0; i < N; i++) await f();
  return ((performance.now() - t) / N) * 1000;
};
const context = { ...fixtureContext, vocabulary, conversation: view };
const rulesUs = await time(async () => planRules({ text: "add the blue dress" }, context));
const modelUs = await time(async () => {
  const p = await planTurn({ text: "add the blue dress" }, context, {
    config,
    catalog,
    money: (a) => `$${(a / 100).toFixed(2)}`,
    now: CORPUS_NOW,
    log: () => undefined,
    modelInput: async () => ({
      text: "add the blue dress",
      recent: recentTurns(turns),
      currency: "USD",
      conversation: view,
      vocabulary,
    }),
  });
  p.finish("Added.", []);
});
console.log(`planner overhead per turn, model latency excluded (${N} turns, in-memory catalog):`);
console.log(`  rules planner (baseline): ${rulesUs.toFixed(1)} µs`);
console.log(`  model planner, 2 tool steps: ${modelUs.toFixed(1)} µs (${(modelUs / rulesUs).toFixed(1)}× rules)`);
