// startModelStandIn(): an OpenAI-compatible /v1/chat/completions server on
// 127.0.0.1 that replays scripted answers (script.ts) and records every
// request, so the Worker's real provider code is tested over real HTTP.
// Control API (JSON): POST /_control/scripts, POST /_control/transcript,
// GET /_control/requests?match=…, POST /_control/reset.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLarge, readBody, send, sendJson } from "../stripe/http-io.js";
import { ScriptSchema, TranscriptSchema, type Script, type Step } from "./script.js";

export interface ModelStandIn {
  /** http://127.0.0.1:<port>/v1 — use it as LLM_BASE_URL. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
  load(scripts: readonly Script[]): void;
  requests(match?: string): RecordedRequest[];
}

export interface RecordedRequest {
  readonly match: string | null;
  readonly authorization: string | null;
  readonly body: Record<string, unknown>;
}

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

interface Loaded {
  readonly script: Script;
  next: number;
}

export function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: string; content?: unknown }[]) : [];
  const user = [...messages].reverse().find((m) => m.role === "user");
  if (!user) return "";
  if (typeof user.content === "string") return user.content;
  if (Array.isArray(user.content)) return user.content.map((p: { text?: string }) => p.text ?? "").join(" ");
  return "";
}

function completion(step: Extract<Step, { content?: unknown }>, model: string, n: number): unknown {
  const calls = step.tool_calls?.map((c, i) => ({
    id: c.id ?? `call_${n}_${i}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) },
  }));
  return {
    id: `chatcmpl-standin-${n}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: step.content ?? null, ...(calls?.length ? { tool_calls: calls } : {}) },
        finish_reason: step.finish_reason ?? (calls?.length ? "tool_calls" : "stop"),
      },
    ],
    usage: step.usage ?? { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 },
  };
}

export async function startModelStandIn(
  options: { port?: number; scripts?: readonly Script[] } = {},
): Promise<ModelStandIn> {
  let loaded: Loaded[] = [];
  let recorded: RecordedRequest[] = [];
  let served = 0;
  const hangs = new Set<NodeJS.Timeout>();
  const load = (scripts: readonly Script[]) => {
    // Newest first: a test's own script wins over an older one with an overlapping match.
    loaded = [...scripts.map((script) => ({ script, next: 0 })), ...loaded];
  };
  load(options.scripts ?? []);

  async function completions(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const text = lastUserText(body).toLowerCase();
    const hit = loaded.find((l) => text.includes(l.script.match.toLowerCase()));
    recorded.push({ match: hit?.script.match ?? null, authorization: req.headers.authorization ?? null, body });
    if (!hit)
      return sendJson(res, 400, {
        error: { message: `no script matches ${JSON.stringify(text.slice(0, 80))}`, type: "invalid_request_error" },
      });
    const step = hit.script.steps[Math.min(hit.next, hit.script.steps.length - 1)]!;
    hit.next += 1;
    served += 1;
    if ("status" in step)
      return sendJson(
        res,
        step.status,
        { error: { message: step.body ?? `scripted ${step.status}` } },
        step.status === 429 ? { "retry-after": "20" } : {},
      );
    if ("hang_ms" in step) {
      const timer = setTimeout(() => {
        hangs.delete(timer);
        sendJson(res, 200, completion({ content: "too late" }, String(body.model), served));
      }, step.hang_ms);
      hangs.add(timer);
      res.on("close", () => {
        clearTimeout(timer);
        hangs.delete(timer);
      });
      return;
    }
    if ("raw" in step) return send(res, 200, step.raw, { "content-type": "application/json" });
    return sendJson(res, 200, completion(step, String(body.model ?? "stand-in"), served));
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/_control/requests") {
        const match = url.searchParams.get("match");
        return sendJson(
          res,
          200,
          recorded.filter((r) => match === null || r.match === match),
        );
      }
      if (req.method !== "POST") return sendJson(res, 405, { error: { message: "POST only" } });
      // Vision requests carry the photo as a data: URL: a few MB, as real servers take.
      const raw = await readBody(req, MAX_REQUEST_BYTES);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || "{}") as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: { message: "body is not JSON" } });
      }
      switch (url.pathname) {
        case "/v1/chat/completions":
          return await completions(req, res, body);
        case "/_control/scripts": {
          const scripts = ScriptSchema.array().safeParse(body.scripts);
          if (!scripts.success) return sendJson(res, 400, { error: { message: scripts.error.message } });
          load(scripts.data);
          return sendJson(res, 200, { loaded: scripts.data.length });
        }
        case "/_control/transcript": {
          const t = TranscriptSchema.safeParse(body);
          if (!t.success) return sendJson(res, 400, { error: { message: t.error.message } });
          load(t.data.scripts);
          return sendJson(res, 200, { loaded: t.data.scripts.length });
        }
        case "/_control/reset":
          loaded = [];
          recorded = [];
          return sendJson(res, 200, { ok: true });
        default:
          return sendJson(res, 404, { error: { message: `no route ${url.pathname}` } });
      }
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: { message: err.message } });
      return sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v1`,
    origin,
    load,
    requests: (match) => recorded.filter((r) => match === undefined || r.match === match),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of hangs) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
