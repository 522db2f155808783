import { Hono, type Context } from "hono";
import type { ChatOutcome } from "../agent/turn.js";
import { z } from "zod";
import type { Env } from "../env.js";
import { ApiError, errorBody } from "../http/errors.js";
import { principalFrom, principalKey, tokenPolicy, type Principal } from "../http/identity.js";
import { checkLimits, clientIp, waitText, type EdgeCheck } from "../limits/edge.js";
import { rateLimitHeaders } from "../limits/limiter.js";
import { jsonBody } from "../http/json-body.js";
import { Profile, profiling } from "../http/profile.js";
import { conversationStub } from "../objects/stubs.js";
import { shopperKey } from "../commerce/shopper-key.js";

// Conversation ids are credentials for guests: long enough to be unguessable.
// No ":" — every messaging app's conversations are named "<channel>:…"
// ("tg:<chat>", "wa:<number>:<user>"), so a storefront id can never name, and
// squat, a Telegram or WhatsApp conversation.
export const ConversationId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{16,128}$/, "16-128 characters: letters, digits, _ . - (no ':')");
const MessageId = z.string().regex(/^[\x21-\x7e]{1,128}$/, "1-128 printable ASCII characters");

export const ChatRequestSchema = z
  .object({
    conversation_id: ConversationId,
    message_id: MessageId,
    text: z.string().trim().min(1).max(2000).optional(),
    button: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((b) => b.text !== undefined || b.button !== undefined, { message: "send text or button", path: ["text"] });

export const chat = new Hono<{ Bindings: Env }>();

/**
 * Which limits a chat message is subject to: a signed-in shopper's pace or a
 * guest's address. The checkout gate is not here: the engine asks it only for
 * a real confirmation of a live quote, on every channel (worker/limits/checkout-gate.ts).
 */
export function edgeChecks(principal: Principal, ip: string | undefined): EdgeCheck[] {
  const checks: EdgeCheck[] = [];
  // Guests are paced by address (they can open conversations at will, so a
  // per-conversation count would add a round trip and stop nobody).
  if (principal.kind === "user") checks.push({ rule: "chat", key: shopperKey.user(principal.userId) });
  else checks.push({ rule: "ip", key: clientIp(ip) });
  return checks;
}

chat.post("/", async (c) => {
  const principal = await principalFrom(
    c.req.header("authorization"),
    c.env.STOREFRONT_JWT_SECRET,
    tokenPolicy(c.env.STOREFRONT_JWT_MAX_TTL_SECONDS),
  );
  const body = await jsonBody(c, ChatRequestSchema);
  const prof = profiling(c.env) ? new Profile() : null;
  // Limits before any Durable Object or D1 work (docs/ARCHITECTURE.md invariant 7).
  const checks = edgeChecks(principal, c.req.header("cf-connecting-ip"));
  const limit = () => checkLimits(c.env, (p) => c.executionCtx.waitUntil(p), checks);
  const denied = await (prof ? prof.time("limiter", limit) : limit());
  if (denied) return limitedResponse(c, denied);
  const stub = conversationStub(c.env, body.conversation_id);
  const send = async () =>
    await stub.chat({
      conversationId: body.conversation_id,
      messageId: body.message_id,
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.button !== undefined ? { button: body.button } : {}),
      principal: principalKey(principal),
    });
  const outcome = await (prof ? prof.time("do_call", send) : send());
  return chatResponse(c, outcome, prof);
});

/** A Conversation's ChatOutcome as the HTTP answer: shared by text, button and photo messages. */
export function chatResponse(c: Context<{ Bindings: Env }>, outcome: ChatOutcome, prof: Profile | null): Response {
  switch (outcome.kind) {
    case "forbidden":
      throw new ApiError(403, "conversation_forbidden", "This conversation belongs to someone else.");
    case "idempotency_conflict":
      throw new ApiError(409, "idempotency_conflict", "This message_id was already used with a different body.");
    case "rate_limited":
      return chatRateLimited(c, outcome.refusal.headers, outcome.refusal.text);
    case "ok":
      if (outcome.replayed) c.header("Idempotent-Replayed", "true");
      if (prof) {
        prof.merge(outcome.profile);
        c.header("Server-Timing", prof.header());
      }
      return c.json(outcome.body);
  }
}

/** An edge limit's refusal: 429 with the wait in words, for the widget to show. */
export function limitedResponse(
  c: Context<{ Bindings: Env }>,
  denied: NonNullable<Awaited<ReturnType<typeof checkLimits>>>,
): Response {
  return chatRateLimited(c, rateLimitHeaders(denied.decision), waitText(denied));
}

/** A chat's 429: the error, and the same words as a reply the widget shows. */
function chatRateLimited(c: Context<{ Bindings: Env }>, headers: Record<string, string>, text: string): Response {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json({ ...errorBody("rate_limited", text), reply: { text, buttons: [] } }, 429);
}
