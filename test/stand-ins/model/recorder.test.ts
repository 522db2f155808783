// Record once, replay in CI: the recorder in front of a "real" model (here a
// stand-in playing one), then the written transcript served by a fresh
// stand-in gives the planner the same actions, usage and fallbacks.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { modelTurns } from "../../../worker/agent/llm/turn-runner.test-helper.js";
import { OpenAiCompatibleProvider } from "../../../worker/agent/llm/openai-compatible.js";
import { startModelRecorder } from "./recorder.js";
import { TranscriptSchema } from "./script.js";
import { startModelStandIn, type ModelStandIn } from "./server.js";

let dir: string;
let real: ModelStandIn;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "transcript-"));
  real = await startModelStandIn({
    scripts: [
      {
        match: "navy dress in medium",
        steps: [
          {
            tool_calls: [{ name: "search_products", arguments: { query: "midi dress", color: "navy" } }],
            usage: { prompt_tokens: 1500, completion_tokens: 30 },
          },
          {
            tool_calls: [
              { name: "add_to_cart", arguments: { target: { product_id: "p-dress" }, quantity: 1, size: "M" } },
            ],
            usage: { prompt_tokens: 1700, completion_tokens: 35 },
          },
        ],
      },
      { match: "jasmine tea please", steps: [{ status: 503 }] },
    ],
  });
});
afterAll(async () => {
  await real.close();
  await rm(dir, { recursive: true, force: true });
});

async function conversation(baseUrl: string) {
  const provider = new OpenAiCompatibleProvider({
    baseUrl,
    model: "qwen-real",
    apiKey: "sk-real",
    vision: false,
    thinking: false,
  });
  const { turn, logs } = modelTurns(provider);
  const actions = [await turn("the navy dress in medium"), await turn("Jasmine tea please")];
  return { actions, logs: logs.map((l) => [l.steps, l.prompt_tokens, l.completion_tokens, l.fallback]) };
}

it("a recorded conversation replays with the same actions, usage and fallback", async () => {
  const out = join(dir, "recorded.json");
  const recorder = await startModelRecorder({ upstream: real.url, out });
  const live = await conversation(recorder.url);
  await recorder.close();
  expect(live.logs).toEqual([
    [2, 3200, 65, null],
    [0, 0, 0, "provider_error"],
  ]);
  expect(real.requests()[0]!.authorization).toBe("Bearer sk-real");

  const transcript = TranscriptSchema.parse(JSON.parse(await readFile(out, "utf8")));
  expect(transcript.model).toBe("qwen-real");
  expect(transcript.scripts.map((s) => [s.match, s.steps.length])).toEqual([
    ["the navy dress in medium", 2],
    ["jasmine tea please", 1],
  ]);
  expect(transcript.scripts[1]!.steps[0]).toEqual({ status: 503 });

  const replay = await startModelStandIn({ scripts: transcript.scripts });
  try {
    expect(await conversation(replay.url)).toEqual(live);
  } finally {
    await replay.close();
  }
});
