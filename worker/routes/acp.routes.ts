import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { authenticate, checkVersion } from "../acp/auth.js";
import { assertSellable, cartLinesOf, discountCodesOf } from "../acp/cart.js";
import { CreateIdempotency } from "../acp/create-idempotency-repo.js";
import { discoveryDocument } from "../acp/discovery.js";
import { AcpError, acpErrorBody } from "../acp/errors.js";
import { checkSelection } from "../acp/fulfillment.js";
import { requestHash, requireIdempotencyKey, scopedKey, type StoredResponse } from "../acp/idempotency.js";
import { paymentMethodOf } from "../acp/payment.js";
import { acpBody } from "../acp/request.js";
import {
  CancelSessionRequest,
  CheckoutSessionCompleteRequest,
  CheckoutSessionCreateRequest,
  CheckoutSessionUpdateRequest,
} from "../acp/schemas.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import type { Env } from "../env.js";
import { randomId } from "../http/crypto.js";
import type { AcpReply } from "../objects/checkout-session.do.js";
import { checkoutSessionStub } from "../objects/stubs.js";

/**
 * Agentic Commerce Protocol checkout API, version 2026-04-17, mounted at
 * /checkout_sessions. Routes stay thin: auth, version, idempotency key and
 * body validation here; the session itself is a CheckoutSession Durable
 * Object that prices, quotes and charges through the chat's engine.
 * Errors use the spec's flat Error shape (this router's onError), not our
 * API's `{ error: … }`.
 */
type AcpEnv = { Bindings: Env; Variables: { acpIdentity: string } };

export const acp = new Hono<AcpEnv>();

const SESSION_ID = /^cs_[0-9a-f]{32}$/;

function newSessionId(): string {
  return randomId("cs", 16);
}

function sessionId(c: Context<AcpEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!SESSION_ID.test(id)) throw new AcpError(404, "not_found", "No checkout session with this id.");
  return id;
}

function send(c: Context<AcpEnv>, r: AcpReply): Response {
  if (r.replayed) c.header("Idempotent-Replayed", "true");
  for (const [k, v] of Object.entries(r.headers ?? {})) c.header(k, v);
  c.header("Content-Type", "application/json");
  return c.body(r.json, r.status as ContentfulStatusCode);
}

const stored = (r: StoredResponse, replayed: boolean): AcpReply => ({
  status: r.status,
  json: JSON.stringify(r.body),
  replayed,
});

// Echo Request-Id and Idempotency-Key on every answer, errors included (RFC §3.1).
acp.use("*", async (c, next) => {
  await next();
  const requestId = c.req.header("request-id");
  if (requestId && requestId.length <= 255) c.header("Request-Id", requestId);
  const key = c.req.method === "POST" ? c.req.header("idempotency-key") : undefined;
  if (key && key.length <= 255) c.header("Idempotency-Key", key);
});

// No key configured = ACP is off: the routes do not exist. Then auth, then API-Version.
acp.use("*", async (c, next) => {
  const apiKey = c.env.ACP_API_KEY;
  if (!apiKey) throw new AcpError(404, "not_found", "The Agentic Commerce Protocol API is not enabled on this shop.");
  c.set("acpIdentity", await authenticate(c.req.header("authorization"), apiKey));
  checkVersion(c.req.header("api-version"));
  await next();
});

acp.post("/", async (c) => {
  const key = requireIdempotencyKey(c.req.header("idempotency-key"));
  const { value: req, raw } = await acpBody(c, CheckoutSessionCreateRequest);
  if (req.currency.toLowerCase() !== c.env.SHOP_CURRENCY.toLowerCase()) {
    throw new AcpError(400, "unsupported_currency", `This shop sells in ${c.env.SHOP_CURRENCY.toLowerCase()} only.`, {
      param: "$.currency",
    });
  }
  const lines = cartLinesOf(req.line_items);
  const codes = discountCodesOf(req.discounts?.codes ?? req.coupons ?? []);
  await assertSellable(new D1Catalog(c.env.DB), req.line_items, c.env.SHOP_CURRENCY);

  const scoped = await scopedKey(c.get("acpIdentity"), "POST /checkout_sessions", key);
  const idempotency = new CreateIdempotency(c.env.DB);
  const claim = await idempotency.claim(scoped, await requestHash(raw), newSessionId(), Date.now());
  if (claim.kind === "replay") return send(c, stored(claim.response, true));
  try {
    const r = await checkoutSessionStub(c.env, claim.sessionId).create({
      sessionId: claim.sessionId,
      origin: new URL(c.req.url).origin,
      lines,
      codes,
      request: req,
    });
    await idempotency.finish(scoped, { status: r.status, body: JSON.parse(r.json) as unknown }, Date.now());
    return send(c, r);
  } catch (err) {
    await idempotency.release(scoped);
    throw err;
  }
});

acp.get("/:id", async (c) => send(c, await checkoutSessionStub(c.env, sessionId(c)).read()));

acp.post("/:id", async (c) => {
  const key = requireIdempotencyKey(c.req.header("idempotency-key"));
  const id = sessionId(c);
  const { value: req, raw } = await acpBody(c, CheckoutSessionUpdateRequest);
  const lines = req.line_items ? cartLinesOf(req.line_items) : undefined;
  if (req.line_items) await assertSellable(new D1Catalog(c.env.DB), req.line_items, c.env.SHOP_CURRENCY);
  const codes = req.discounts?.codes ?? req.coupons;
  checkSelection(req.selected_fulfillment_options);
  const r = await checkoutSessionStub(c.env, id).post({
    op: "update",
    key: await scopedKey(c.get("acpIdentity"), `POST /checkout_sessions/${id}`, key),
    requestHash: await requestHash(raw),
    ...(lines ? { lines } : {}),
    ...(codes ? { codes: discountCodesOf(codes) } : {}),
    ...(req.buyer ? { buyer: req.buyer } : {}),
    ...(req.fulfillment_details ? { fulfillmentDetails: req.fulfillment_details } : {}),
    ...(req.order_notes !== undefined ? { orderNotes: req.order_notes } : {}),
  });
  return send(c, r);
});

acp.post("/:id/complete", async (c) => {
  const key = requireIdempotencyKey(c.req.header("idempotency-key"));
  const id = sessionId(c);
  const { value: req, raw } = await acpBody(c, CheckoutSessionCompleteRequest);
  const paymentMethod = paymentMethodOf(req.payment_data);
  const r = await checkoutSessionStub(c.env, id).post({
    op: "complete",
    key: await scopedKey(c.get("acpIdentity"), `POST /checkout_sessions/${id}/complete`, key),
    requestHash: await requestHash(raw),
    paymentMethod,
    ...(req.buyer ? { buyer: req.buyer } : {}),
    ...(req.payment_data.billing_address ? { billingAddress: req.payment_data.billing_address } : {}),
    ...(req.order_notes !== undefined ? { orderNotes: req.order_notes } : {}),
  });
  return send(c, r);
});

acp.post("/:id/cancel", async (c) => {
  const key = requireIdempotencyKey(c.req.header("idempotency-key"));
  const id = sessionId(c);
  const { raw } = await acpBody(c, CancelSessionRequest, { optional: true });
  const r = await checkoutSessionStub(c.env, id).post({
    op: "cancel",
    key: await scopedKey(c.get("acpIdentity"), `POST /checkout_sessions/${id}/cancel`, key),
    requestHash: await requestHash(raw),
  });
  return send(c, r);
});

acp.all("*", () => {
  throw new AcpError(404, "not_found", "No such checkout session endpoint.");
});

acp.onError((err, c) => {
  if (err instanceof AcpError) {
    for (const [k, v] of Object.entries(err.extra.headers ?? {})) c.header(k, v);
    return c.json(err.body(), err.status);
  }
  if (err instanceof HTTPException && err.status < 500) return c.json(acpErrorBody("invalid", err.message), err.status);
  console.error("acp: unhandled error", err instanceof Error ? err.stack : err);
  return c.json(acpErrorBody("internal_error", "Something went wrong on our side.", { type: "processing_error" }), 500);
});

/** `GET /.well-known/acp.json`: public discovery document; 404 while ACP is off. */
export function acpDiscovery(c: Context<{ Bindings: Env }>): Response {
  if (!c.env.ACP_API_KEY)
    return c.json(acpErrorBody("not_found", "The Agentic Commerce Protocol API is not enabled on this shop."), 404);
  c.header("Cache-Control", "public, max-age=300");
  return c.json(discoveryDocument(new URL(c.req.url).origin, c.env.SHOP_CURRENCY, c.env.SHOP_LOCALE));
}
