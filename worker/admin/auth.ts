import type { MiddlewareHandler } from "hono";
import type { Env } from "../env.js";
import { secretsEqual } from "../http/crypto.js";
import { ApiError } from "../http/errors.js";

/**
 * Admin is off unless ADMIN_TOKEN is set: then every /admin route is a 404,
 * as if it did not exist. With a token, a missing or wrong bearer is 401.
 */
export function adminAuth(): MiddlewareHandler<{ Bindings: Env; Variables: { actor: string } }> {
  return async function adminAuthMiddleware(c, next) {
    const token = c.env.ADMIN_TOKEN;
    if (!token) throw new ApiError(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`);
    const given = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!(await secretsEqual(given, token)))
      throw new ApiError(401, "unauthorized", "A valid admin bearer token is required.");
    const actor = (c.req.header("x-admin-actor") ?? "ops").slice(0, 64);
    c.set("actor", /^[\w.@-]+$/.test(actor) ? actor : "ops");
    await next();
  };
}
