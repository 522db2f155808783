// startModelRecorder(): a proxy in front of a real OpenAI-compatible model that
// writes every exchange into a transcript (script.ts format). Point
// LLM_BASE_URL at it, chat, and the file replays against the stand-in as a CI
// test: each script matches the shopper's message, its steps are the model's
// answers in order. Listens on 127.0.0.1 only.
import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLarge, readBody, sendJson, send } from "../stripe/http-io.js";
import { lastUserText } from "./server.js";
import type { Script, Step, Transcript } from "./script.js";

export interface RecorderOptions {
  /** The real model's base URL (…/v1). */
  readonly upstream: string;
  /** Sent upstream as the bearer key when the client sends none. */
  readonly apiKey?: string;
  /** Where the transcript is written after every exchange. */
  readonly out: string;
  readonly port?: number;
  readonly fetch?: typeof fetch;
}

export interface ModelRecorder {
  /** http://127.0.0.1:<port>/v1 — use it as LLM_BASE_URL. */
  readonly url: string;
  transcript(): Transcript;
  close(): Promise<void>;
}

// The match is the start of the shopper's message: long enough to be unique in a conversation, short enough to read.
const MATCH_CHARS = 80;

/** A chat-completions answer as a transcript step; what the planner does not read is left out. */
export function stepOf(status: number, json: unknown): Step {
  if (status >= 400) return { status: Math.min(599, status) };
  const body = json as {
    choices?: {
      message?: {
        content?: string | null;
        tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[];
      };
      finish_reason?: string;
    }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number };
  };
  const choice = body?.choices?.[0];
  if (!choice?.message) return { raw: JSON.stringify(json) };
  const calls = (choice.message.tool_calls ?? []).map((c) => ({
    ...(c.id ? { id: c.id } : {}),
    name: c.function?.name ?? "",
    arguments: c.function?.arguments ?? "",
  }));
  const u = body.usage;
  return {
    content: choice.message.content ?? null,
    ...(calls.length ? { tool_calls: calls } : {}),
    ...(choice.finish_reason ? { finish_reason: choice.finish_reason } : {}),
    ...(u ? { usage: { prompt_tokens: u.prompt_tokens ?? 0, completion_tokens: u.completion_tokens ?? 0 } } : {}),
  };
}

export async function startModelRecorder(options: RecorderOptions): Promise<ModelRecorder> {
  const scripts: Script[] = [];
  let model: string | undefined;
  const upstream = options.upstream.replace(/\/+$/, "");
  const transcript = (): Transcript => ({
    ...(model ? { model } : {}),
    scripts: scripts.map((s) => ({ match: s.match, steps: [...s.steps] })),
  });
  let writing = Promise.resolve();
  const save = () =>
    (writing = writing.then(() => writeFile(options.out, `${JSON.stringify(transcript(), null, 2)}\n`)));

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method !== "POST" || url.pathname !== "/v1/chat/completions")
        return sendJson(res, 404, { error: { message: "the recorder proxies POST /v1/chat/completions only" } });
      const raw = await readBody(req, 16 * 1024 * 1024);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: { message: "body is not JSON" } });
      }
      const auth = req.headers.authorization ?? (options.apiKey ? `Bearer ${options.apiKey}` : undefined);
      const answer = await (options.fetch ?? fetch)(`${upstream}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
        body: raw,
      });
      const text = await answer.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      model ??= typeof body.model === "string" ? body.model : undefined;
      const match = lastUserText(body).trim().slice(0, MATCH_CHARS).toLowerCase() || "(no user text)";
      // Steps of one turn follow each other; a new shopper message starts a new script.
      const last = scripts.at(-1);
      const step = typeof json === "string" ? ({ raw: text } as Step) : stepOf(answer.status, json);
      if (last && last.match === match) (last.steps as Step[]).push(step);
      else scripts.push({ match, steps: [step] });
      await save();
      send(res, answer.status, text, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    })().catch((err: unknown) => {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: { message: err.message } });
      sendJson(res, 502, {
        error: { message: `recorder: upstream failed: ${err instanceof Error ? err.message : String(err)}` },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    transcript,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void writing.then(() => resolve()));
      }),
  };
}
