import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Env } from "./env.js";
import { ApiError, errorBody } from "./http/errors.js";
import { acp, acpDiscovery } from "./routes/acp.routes.js";
import { chat } from "./routes/chat.routes.js";
import { chatPhoto } from "./routes/chat-photo.routes.js";
import { products } from "./routes/products.routes.js";
import { stripeWebhook } from "./routes/stripe-webhook.routes.js";
import { channelWebhooks } from "./routes/channel-webhooks.routes.js";
import { admin } from "./routes/admin.routes.js";
import { orders } from "./routes/orders.routes.js";
import { payPages } from "./routes/pay-pages.routes.js";
import { cachedOpenApiDocument } from "./openapi/document.js";
import { widgetCors } from "./http/widget-cors.js";

export const MAX_BODY_BYTES = 64 * 1024;

export const app = new Hono<{ Bindings: Env }>();

const jsonBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json(errorBody("payload_too_large", `Bodies are limited to ${MAX_BODY_BYTES} bytes.`), 413),
});
// The photo upload has its own, larger cap with its own code (routes/chat-photo.routes.ts).
app.use("*", (c, next) => (c.req.path === "/v1/chat/photo" ? next() : jsonBodyLimit(c, next)));

// The chat widget embedded on a storefront of another origin (WIDGET_ORIGINS).
app.use("/v1/*", widgetCors());

app.get("/healthz", (c) => c.json({ ok: true }));
app.route("/v1/chat/photo", chatPhoto);
app.route("/v1/chat", chat);
app.route("/v1/products", products);
app.route("/webhooks/stripe", stripeWebhook);
app.route("/webhooks", channelWebhooks);
// Agentic Commerce Protocol (ACP errors use the spec's shape: see acp.onError).
app.get("/.well-known/acp.json", acpDiscovery);
app.route("/checkout_sessions", acp);
app.route("/admin", admin);
// Storefront widget: order status after the payment page. Pages and the widget are static assets (public/).
app.route("/v1/orders", orders);
// Where Stripe Checkout returns the shopper (HTML pages that read the order's real state).
app.route("/pay", payPages);
app.get("/openapi.json", (c) => c.json(cachedOpenApiDocument()));

app.notFound((c) =>
  c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404),
);

// The one place errors become responses. Only ApiError carries a public
// message; anything else is our fault and says nothing about internals.
app.onError((err, c) => {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof HTTPException && err.status < 500)
    return c.json(errorBody("bad_request", err.message), err.status);
  console.error("unhandled error", err instanceof Error ? err.stack : err);
  return c.json(errorBody("internal_error", "Something went wrong on our side."), 500);
});
