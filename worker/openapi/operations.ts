import { z } from "zod";
import {
  CancelSessionRequest,
  CheckoutSessionCompleteRequest,
  CheckoutSessionCreateRequest,
  CheckoutSessionUpdateRequest,
} from "../acp/schemas.js";
import { Limit as AdminListQuery, CodeParam as PromotionCodeParam } from "../routes/admin.routes.js";
import { KillSwitch, PromotionCreate, PromotionUpdate } from "../admin/promotion-schema.js";
import { FulfillmentUpdate } from "../admin/fulfillment-schema.js";
import { ChatRequestSchema } from "../routes/chat.routes.js";
import { ConversationIdHeader, OrderId, OrderStatusResponse } from "../routes/orders.routes.js";
import { CancelledQuery, DoneQuery } from "../routes/pay-pages.routes.js";
import { ProductId as ProductIdParam, SearchQuery as ProductSearchQuery } from "../routes/products.routes.js";
import { MAX_UPLOAD_BYTES, PhotoQuerySchema, UPLOAD_TYPES } from "../routes/chat-photo.routes.js";

/**
 * Every public route of the Worker with the zod schemas its handler validates
 * with. /openapi.json is generated from this list (document.ts), and a test
 * compares it with the Hono router, so a route added without an entry here fails.
 */
export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono syntax (`:id`); the document spells it `{id}`. */
  path: string;
  tag: "Chat" | "Catalog" | "Orders" | "Webhooks" | "ACP" | "Admin" | "Meta";
  summary: string;
  security?: "storefront" | "admin" | "acp";
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  headers?: Record<string, { schema: z.ZodType; required: boolean; description: string }>;
  body?: z.ZodType;
  /** The body is raw bytes of one of these types (an image upload). */
  binaryBody?: { types: readonly string[]; description: string };
  /** The body is a provider's payload we re-verify and parse ourselves (not one of our schemas). */
  providerBody?: string;
  responses: Record<number, string | { description: string; schema: z.ZodType }>;
}

const AcpSessionId = z.string().regex(/^cs_[0-9a-f]{32}$/);
const idempotencyKey = {
  "Idempotency-Key": {
    schema: z.string().min(1).max(255),
    required: true,
    description: "Required on every POST; a replay returns the stored response.",
  },
};
const acpHeaders = {
  ...idempotencyKey,
  "API-Version": { schema: z.literal("2026-04-17"), required: true, description: "ACP version." },
};
const acpGetHeaders = { "API-Version": acpHeaders["API-Version"] };
const adminActor = {
  "X-Admin-Actor": {
    schema: z.string().max(64),
    required: false,
    description: "Who is acting, for the audit log (default `ops`).",
  },
};

const err = (description: string) => description;

export const operations: Operation[] = [
  { method: "get", path: "/healthz", tag: "Meta", summary: "Liveness", responses: { 200: '`{"ok": true}`' } },
  {
    method: "get",
    path: "/openapi.json",
    tag: "Meta",
    summary: "This document",
    responses: { 200: "OpenAPI 3.1 document" },
  },
  {
    method: "post",
    path: "/v1/chat",
    tag: "Chat",
    summary: "Send one chat message (text or a button payload) and get the reply, cart, quote and order",
    security: "storefront",
    body: ChatRequestSchema,
    responses: {
      200: "Reply, cart, and the open quote or latest order",
      403: err("conversation_forbidden"),
      409: err("idempotency_conflict"),
      422: err("invalid_request"),
      429: err("rate_limited, with the wait in words in reply.text"),
    },
  },
  {
    method: "post",
    path: "/v1/chat/photo",
    tag: "Chat",
    summary:
      "Send a photo (raw image body): the reply says what was seen and shows matches; nothing is added to the cart",
    security: "storefront",
    query: PhotoQuerySchema,
    binaryBody: {
      types: UPLOAD_TYPES,
      description: `The image bytes, at most ${MAX_UPLOAD_BYTES} bytes; the type is checked against the bytes.`,
    },
    responses: {
      200: "Reply (what was seen, matches with buttons) and cart",
      403: err("conversation_forbidden"),
      409: err("idempotency_conflict"),
      413: err("image_too_large"),
      415: err("unsupported_image_type"),
      422: err("invalid_request"),
      429: err("rate_limited"),
    },
  },
  {
    method: "get",
    path: "/v1/products",
    tag: "Catalog",
    summary: "Search the catalog (full text plus variant filters)",
    query: ProductSearchQuery,
    responses: { 200: "Product summaries", 422: err("invalid_request"), 429: err("rate_limited") },
  },
  {
    method: "get",
    path: "/v1/products/:id",
    tag: "Catalog",
    summary: "One product with its variants and 30-day lowest prices",
    params: { id: ProductIdParam },
    responses: { 200: "The product", 404: err("product_not_found"), 429: err("rate_limited") },
  },
  {
    method: "get",
    path: "/v1/orders/:id",
    tag: "Orders",
    summary: "Status of an order of the caller's conversation (the widget polls it after the payment page)",
    security: "storefront",
    params: { id: OrderId },
    headers: {
      "Conversation-Id": {
        schema: ConversationIdHeader,
        required: true,
        description: "The conversation the order belongs to (a guest's credential).",
      },
    },
    responses: {
      200: { description: "The order's status", schema: OrderStatusResponse },
      404: err("order_not_found"),
      422: err("invalid_request"),
      429: err("rate_limited"),
    },
  },
  {
    method: "get",
    path: "/pay/done",
    tag: "Orders",
    summary: "Stripe Checkout's success page (HTML): the order's state, after asking Stripe about the session",
    query: DoneQuery,
    responses: {
      200: "An HTML page",
      400: "Not a session id (HTML)",
      404: "No order of this session (HTML)",
      429: "rate_limited (HTML)",
    },
  },
  {
    method: "get",
    path: "/pay/cancelled",
    tag: "Orders",
    summary: "Stripe Checkout's cancel page (HTML): nothing charged, whether the order is still reserved",
    query: CancelledQuery,
    responses: {
      200: "An HTML page",
      400: "Not an order id (HTML)",
      404: "No such order (HTML)",
      429: "rate_limited (HTML)",
    },
  },
  {
    method: "post",
    path: "/webhooks/stripe",
    tag: "Webhooks",
    summary: "Stripe events (checkout.session.*, payment_intent.*, charge.refunded)",
    headers: {
      "Stripe-Signature": {
        schema: z.string(),
        required: true,
        description: "Verified over the raw body before anything is parsed.",
      },
    },
    providerBody: "A Stripe Event; a hint only: the Checkout Session or PaymentIntent is re-read from Stripe.",
    responses: {
      200: "Received (duplicates say so)",
      400: err("invalid_signature"),
      404: "Not configured (no STRIPE_WEBHOOK_SECRET)",
    },
  },
  {
    method: "post",
    path: "/webhooks/telegram",
    tag: "Webhooks",
    summary: "Telegram Bot API updates",
    headers: {
      "X-Telegram-Bot-Api-Secret-Token": {
        schema: z.string(),
        required: true,
        description: "The secret_token given to setWebhook.",
      },
    },
    providerBody: "A Telegram Update (message or callback_query).",
    responses: { 200: "Accepted or ignored", 401: err("invalid_secret"), 404: "Not configured" },
  },
  {
    method: "get",
    path: "/webhooks/whatsapp",
    tag: "Webhooks",
    summary: "WhatsApp Cloud API verification handshake",
    query: z.object({
      "hub.mode": z.literal("subscribe"),
      "hub.verify_token": z.string(),
      "hub.challenge": z.string(),
    }),
    responses: { 200: "The challenge, as text", 403: err("handshake_failed") },
  },
  {
    method: "post",
    path: "/webhooks/whatsapp",
    tag: "Webhooks",
    summary: "WhatsApp Cloud API notifications",
    headers: {
      "X-Hub-Signature-256": {
        schema: z.string(),
        required: true,
        description: "HMAC-SHA256 of the raw body with the app secret.",
      },
    },
    providerBody: "A WhatsApp Business Account notification.",
    responses: { 200: "Accepted (duplicates counted)", 401: err("invalid_signature"), 404: "Not configured" },
  },
  {
    method: "get",
    path: "/.well-known/acp.json",
    tag: "ACP",
    summary: "ACP discovery document",
    responses: { 200: "Discovery document" },
  },
  {
    method: "post",
    path: "/checkout_sessions",
    tag: "ACP",
    summary: "Create a checkout session",
    security: "acp",
    headers: acpHeaders,
    body: CheckoutSessionCreateRequest,
    responses: {
      201: "The session",
      400: "invalid_request (missing Idempotency-Key)",
      401: "unauthorized",
      409: "idempotency in flight",
      422: "idempotency conflict or invalid body",
    },
  },
  {
    method: "get",
    path: "/checkout_sessions/:id",
    tag: "ACP",
    summary: "Read a checkout session",
    security: "acp",
    headers: acpGetHeaders,
    params: { id: AcpSessionId },
    responses: { 200: "The session", 404: "not_found" },
  },
  {
    method: "post",
    path: "/checkout_sessions/:id",
    tag: "ACP",
    summary: "Update items, fulfillment or discount codes",
    security: "acp",
    headers: acpHeaders,
    params: { id: AcpSessionId },
    body: CheckoutSessionUpdateRequest,
    responses: { 200: "The session", 404: "not_found", 422: "invalid body" },
  },
  {
    method: "post",
    path: "/checkout_sessions/:id/complete",
    tag: "ACP",
    summary: "Pay the totals the agent last saw",
    security: "acp",
    headers: acpHeaders,
    params: { id: AcpSessionId },
    body: CheckoutSessionCompleteRequest,
    responses: { 200: "Completed, or new totals with a price_change warning", 404: "not_found", 422: "invalid body" },
  },
  {
    method: "post",
    path: "/checkout_sessions/:id/cancel",
    tag: "ACP",
    summary: "Cancel a session",
    security: "acp",
    headers: acpHeaders,
    params: { id: AcpSessionId },
    body: CancelSessionRequest,
    responses: { 200: "Canceled", 404: "not_found", 405: "already completed" },
  },
  {
    method: "get",
    path: "/admin/promos",
    tag: "Admin",
    summary: "Every promotion with cap, reserved, redeemed, remaining, killed",
    security: "admin",
    responses: { 200: "Promotions", 401: "unauthorized" },
  },
  {
    method: "get",
    path: "/admin/promos/:code",
    tag: "Admin",
    summary: "One promotion, with redemptions_per_minute",
    security: "admin",
    params: { code: PromotionCodeParam },
    responses: { 200: "The promotion", 404: err("promotion_not_found") },
  },
  {
    method: "post",
    path: "/admin/promos",
    tag: "Admin",
    summary: "Create a promotion",
    security: "admin",
    headers: adminActor,
    body: PromotionCreate,
    responses: { 201: "The promotion", 409: err("promotion_exists"), 422: err("invalid_request") },
  },
  {
    method: "patch",
    path: "/admin/promos/:code",
    tag: "Admin",
    summary: "Change the named fields",
    security: "admin",
    headers: adminActor,
    params: { code: PromotionCodeParam },
    body: PromotionUpdate,
    responses: { 200: "The promotion", 404: err("promotion_not_found"), 422: err("invalid_request") },
  },
  {
    method: "put",
    path: "/admin/promos/:code/kill-switch",
    tag: "Admin",
    summary: "Kill or revive a promotion (takes effect on the next redemption everywhere)",
    security: "admin",
    headers: adminActor,
    params: { code: PromotionCodeParam },
    body: KillSwitch,
    responses: {
      200: "The promotion, with released reservations and canceled orders",
      404: err("promotion_not_found"),
      422: err("invalid_request"),
    },
  },
  {
    method: "get",
    path: "/admin/orders",
    tag: "Admin",
    summary: "Recent orders",
    security: "admin",
    query: AdminListQuery,
    responses: { 200: "Orders, newest first" },
  },
  {
    method: "put",
    path: "/admin/orders/:id/fulfillment",
    tag: "Admin",
    summary:
      "Move a paid order's fulfilment forward (processing → shipped → delivered), with tracking; the shopper's chat or the ACP agent is told once per move. The same status again is a replay (changed: false).",
    security: "admin",
    headers: adminActor,
    params: { id: OrderId },
    body: FulfillmentUpdate,
    responses: {
      200: "The order's status, fulfilment and tracking, and whether this call changed them",
      404: err("order_not_found"),
      409: err("order_not_paid, invalid_transition or tracking_conflict"),
      422: err("invalid_request"),
    },
  },
  {
    method: "get",
    path: "/admin/audit",
    tag: "Admin",
    summary: "Audit log: who changed what, when and why",
    security: "admin",
    query: AdminListQuery,
    responses: { 200: "Entries, newest first" },
  },
];
