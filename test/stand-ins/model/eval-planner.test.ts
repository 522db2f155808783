// `npm run eval:planner -- --planner llm --stand-in`, as CI runs it: the corpus
// goes through the real provider to the model stand-in, which answers the
// scripted messages (transcripts/eval-sample.json) and refuses the rest, so
// those turns measure the rules fallback.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

it("scores the corpus by kind through the stand-in, and the scripted turns are the model's", async () => {
  const env = { ...process.env };
  delete env.LLM_BASE_URL;
  const { stdout } = await promisify(execFile)(
    `${root}node_modules/.bin/tsx`,
    ["scripts/eval-planner.ts", "--planner", "llm", "--stand-in"],
    { cwd: root, env, timeout: 60_000 },
  );
  expect(stdout).toContain("planner: llm");
  for (const kind of ["price", "reference", "answer", "cart", "question", "confirm", "claim"])
    expect(stdout).toMatch(new RegExp(`^${kind} +\\d+/\\d+ +\\d+\\.\\d%$`, "m"));
  expect(stdout).toMatch(/^total +\d+\/\d+ +\d+\.\d%$/m);
  const turns = /model turns: (\d+); answered by the model: (\d+)/.exec(stdout);
  expect(turns, stdout).not.toBeNull();
  // The two scripted "cheapest" messages, two steps of 900 + 40 stand-in tokens each.
  expect(Number(turns![2])).toBe(2);
  expect(stdout).toContain("tokens: prompt 3600, completion 160");
  expect(Number(turns![1])).toBeGreaterThan(200);
}, 90_000);
