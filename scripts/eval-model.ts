/**
 * The model side of `npm run eval:planner -- --planner llm`. The model is
 * whatever LLM_BASE_URL / LLM_MODEL / LLM_API_KEY name (Ollama, vLLM,
 * DashScope, OpenAI, Workers AI's OpenAI-compatible endpoint). Without
 * LLM_BASE_URL, or with --stand-in, it is the local model stand-in replaying
 * test/stand-ins/model/transcripts/eval-sample.json: messages it has no
 * script for get an error, so those turns measure the rules fallback.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { modelConfig, type ModelConfig } from "../worker/agent/llm/config.js";
import { ModelPlanner } from "../worker/agent/llm/planner-adapter.js";
import { seedCatalog, CORPUS_NOW } from "../worker/agent/planner/corpus/harness.js";
import { formatMoney } from "../worker/commerce/format.js";
import { startModelStandIn, type ModelStandIn } from "../test/stand-ins/model/server.js";
import { TranscriptSchema } from "../test/stand-ins/model/script.js";

let standIn: ModelStandIn | null = null;
let planner: ModelPlanner | null = null;

export async function startEvalModel(args: readonly string[]): Promise<void> {
  if (!args.includes("llm")) return;
  if (process.env.LLM_BASE_URL && !args.includes("--stand-in")) return;
  const file = fileURLToPath(new URL("../test/stand-ins/model/transcripts/eval-sample.json", import.meta.url));
  const transcript = TranscriptSchema.parse(JSON.parse(await readFile(file, "utf8")));
  standIn = await startModelStandIn({ scripts: transcript.scripts });
  process.env.LLM_BASE_URL = standIn.url;
  process.env.LLM_MODEL = transcript.model ?? "stand-in";
}

export function modelPlannerForEval(): ModelPlanner {
  const config: ModelConfig | null = modelConfig(process.env);
  if (!config || !process.env.LLM_BASE_URL) throw new Error("set LLM_BASE_URL and LLM_MODEL (or pass --stand-in)");
  planner = new ModelPlanner(
    { ...config, routing: "model-first" },
    seedCatalog(),
    (a, c) => formatMoney(a, c, "en-US"),
    () => CORPUS_NOW,
  );
  return planner;
}

export async function modelEvalSummary(): Promise<void> {
  if (planner) {
    const logs = planner.logs;
    const fallbacks = new Map<string, number>();
    for (const l of logs) if (l.fallback) fallbacks.set(l.fallback, (fallbacks.get(l.fallback) ?? 0) + 1);
    const prompt = logs.reduce((n, l) => n + l.prompt_tokens, 0);
    const completion = logs.reduce((n, l) => n + l.completion_tokens, 0);
    console.log(
      `model: ${process.env.LLM_MODEL}${standIn ? " (stand-in)" : ""}; model turns: ${logs.length}; answered by the model: ${logs.length - [...fallbacks.values()].reduce((a, b) => a + b, 0)}`,
    );
    console.log(
      `fallbacks to rules: ${[...fallbacks].map(([k, v]) => `${k} ${v}`).join(", ") || "none"}; tokens: prompt ${prompt}, completion ${completion}`,
    );
  }
  await standIn?.close();
}
