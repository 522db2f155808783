/**
 * npm run model:record -- --upstream <LLM_BASE_URL of a real model> --out <transcript.json> [--port 8788]
 * Then run the Worker with LLM_BASE_URL=http://127.0.0.1:<port>/v1 and chat:
 * every model exchange lands in the transcript, which the stand-in replays
 * (POST /_control/transcript, or a test like worker/agent/llm/transcript.test.ts).
 * The bearer key is the one the Worker sends, or LLM_API_KEY from the environment.
 */
import { startModelRecorder } from "./recorder.js";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const upstream = opt("upstream") ?? process.env.LLM_BASE_URL;
const out = opt("out");
if (!upstream || !out) {
  console.error("usage: npm run model:record -- --upstream <base url …/v1> --out <transcript.json> [--port 8788]");
  process.exit(2);
}
const recorder = await startModelRecorder({
  upstream,
  out,
  port: Number(opt("port") ?? 8788),
  ...(process.env.LLM_API_KEY ? { apiKey: process.env.LLM_API_KEY } : {}),
});
console.log(`recording ${upstream} → ${out}; set LLM_BASE_URL=${recorder.url} (Ctrl-C to stop)`);
process.on("SIGINT", () => void recorder.close().then(() => process.exit(0)));
