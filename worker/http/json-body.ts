import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "./errors.js";
import { jsonTooDeep, MAX_JSON_DEPTH } from "./json-depth.js";

/**
 * Reads and validates a JSON body. Every failure is a 4xx with a stable code,
 * raised before any state is touched.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header("content-type");
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const raw = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  if (jsonTooDeep(parsed))
    throw new ApiError(400, "json_too_deep", `The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return validate(schema, parsed);
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  throw new ApiError(
    422,
    "invalid_request",
    first ? `${first.path || "body"}: ${first.message}` : "The request is invalid.",
    issues,
  );
}
