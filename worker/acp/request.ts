import type { Context } from "hono";
import type { z } from "zod";
import { jsonTooDeep, MAX_JSON_DEPTH } from "../http/json-depth.js";
import { AcpError, jsonPath } from "./errors.js";

export interface ParsedBody<T> {
  /** The validated request. */
  value: T;
  /** The body as sent (parsed JSON): what idempotency compares. */
  raw: unknown;
}

/**
 * Reads and validates an ACP request body. Every failure is a 4xx in the
 * spec's Error shape with a JSONPath `param`, raised before any state is touched.
 * `optional`: an empty body counts as `{}` (cancel).
 */
export async function acpBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  opts: { optional?: boolean } = {},
): Promise<ParsedBody<z.infer<S>>> {
  const text = await c.req.text();
  let raw: unknown;
  if (text.trim() === "" && opts.optional) raw = {};
  else {
    const type = c.req.header("content-type");
    if (!type || !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AcpError(
        415,
        "unsupported_media_type",
        "Send the body as application/json (Content-Type: application/json).",
      );
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AcpError(400, "invalid_json", "The body is not valid JSON.");
    }
    // Refused before validation and idempotency hashing, both of which recurse.
    if (jsonTooDeep(raw))
      throw new AcpError(400, "invalid", `The body nests deeper than ${MAX_JSON_DEPTH} levels.`, { param: "$" });
  }
  return { value: check(schema, raw), raw };
}

export function check<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new AcpError(400, "invalid", "The request body is invalid.");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    throw new AcpError(400, "invalid", `Unknown field "${key}" at ${jsonPath(issue.path)}.`, {
      param: jsonPath([...issue.path, key]),
    });
  }
  const param = jsonPath(issue.path);
  const missing = issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined;
  if (missing) throw new AcpError(400, "missing", `${param} is required.`, { param });
  throw new AcpError(400, "invalid", `${param}: ${issue.message}`, { param });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}
