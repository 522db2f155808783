// A recorded transcript (test/stand-ins/model/transcripts) replays as a test:
// the stand-in serves it, the real provider and planner run against it.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startModelStandIn, type ModelStandIn } from "../../../test/stand-ins/model/server.js";
import { TranscriptSchema } from "../../../test/stand-ins/model/script.js";
import { modelTurns } from "./turn-runner.test-helper.js";
import { OpenAiCompatibleProvider } from "./openai-compatible.js";

let model: ModelStandIn;
beforeAll(async () => {
  const file = new URL("../../../test/stand-ins/model/transcripts/dress-and-code.json", import.meta.url);
  const transcript = TranscriptSchema.parse(JSON.parse(await readFile(file, "utf8")));
  model = await startModelStandIn({ scripts: transcript.scripts });
});
afterAll(() => model.close());

it("replays a recorded two-turn conversation: the same actions, usage as the provider reported it", async () => {
  const provider = new OpenAiCompatibleProvider({ baseUrl: model.url, model: "qwen3", vision: false, thinking: false });
  const { turn: run, logs } = modelTurns(provider);
  expect(await run("I'll take that navy dress in medium")).toEqual([
    { type: "add_to_cart", target: { kind: "product", productId: "p-dress" }, quantity: 1, options: { size: "M" } },
  ]);
  expect(await run("my code is WELCOME10")).toEqual([{ type: "apply_promo", code: "WELCOME10" }]);
  expect(logs.map((l) => [l.steps, l.prompt_tokens, l.completion_tokens])).toEqual([
    [2, 3612, 69],
    [1, 1750, 20],
  ]);
});
