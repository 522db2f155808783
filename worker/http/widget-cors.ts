import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { Env } from "../env.js";

/**
 * CORS for the storefront API the chat widget calls (/v1/*) from a shop on
 * another origin. Only the origins listed in WIDGET_ORIGINS (comma-separated,
 * exact, e.g. "https://shop.example,https://www.shop.example") get an
 * Access-Control-Allow-Origin; unset, no origin but the Worker's own can call.
 * Credentials (cookies) are never allowed: a signed-in shopper's JWT travels
 * in Authorization, which the widget sets itself.
 */
export function widgetCors(): MiddlewareHandler<{ Bindings: Env }> {
  return cors({
    origin: (origin: string, c: Context<{ Bindings: Env }>) =>
      allowedOrigins(c.env.WIDGET_ORIGINS).has(origin) ? origin : null,
    allowMethods: ["GET", "POST"],
    allowHeaders: ["content-type", "authorization", "conversation-id"],
    exposeHeaders: ["retry-after", "idempotent-replayed"],
    maxAge: 600,
  });
}

export function allowedOrigins(raw: string | undefined): Set<string> {
  return new Set(
    (raw ?? "")
      .split(",")
      .map((o) => o.trim().replace(/\/+$/, ""))
      .filter((o) => /^https?:\/\/[^/\s]+$/.test(o)),
  );
}
