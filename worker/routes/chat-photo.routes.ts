/**
 * POST /v1/chat/photo: the storefront's photo upload. The image is the raw
 * body, checked before any Durable Object work: a declared or actual size
 * over the cap is a 413 `image_too_large`, anything that is not a JPEG, PNG,
 * WebP or GIF (by header and by its bytes) a 415 `unsupported_image_type`.
 * The turn it makes can only search (worker/agent/photo/photo-turn.ts).
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { principalFrom, principalKey, tokenPolicy } from "../http/identity.js";
import { validate } from "../http/json-body.js";
import { checkLimits } from "../limits/edge.js";
import { imageDataUrl, MediaError, readCapped, sniffImageType } from "../channels/media.js";
import { ChatRequestSchema, chatResponse, edgeChecks, limitedResponse } from "./chat.routes.js";
import { conversationStub } from "../objects/stubs.js";

/** 2 MB: a phone photo the widget has scaled down; the model needs no more. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const UPLOAD_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"] as const;

const base = ChatRequestSchema.shape;
export const PhotoQuerySchema = z
  .object({
    conversation_id: base.conversation_id,
    message_id: base.message_id,
    caption: z.string().trim().max(300).optional(),
  })
  .strict();

export const chatPhoto = new Hono<{ Bindings: Env }>();

const tooLarge = () =>
  new ApiError(
    413,
    "image_too_large",
    `The photo is over ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB. Send a smaller one.`,
    { max_bytes: MAX_UPLOAD_BYTES },
  );
const badType = () =>
  new ApiError(415, "unsupported_image_type", `Send the photo as the body, as one of ${UPLOAD_TYPES.join(", ")}.`, {
    accepted: UPLOAD_TYPES,
  });

chatPhoto.post("/", async (c) => {
  const principal = await principalFrom(
    c.req.header("authorization"),
    c.env.STOREFRONT_JWT_SECRET,
    tokenPolicy(c.env.STOREFRONT_JWT_MAX_TTL_SECONDS),
  );
  const query = validate(PhotoQuerySchema, c.req.query());
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(UPLOAD_TYPES as readonly string[]).includes(type)) throw badType();
  if (Number(c.req.header("content-length") ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
  const denied = await checkLimits(
    c.env,
    (p) => c.executionCtx.waitUntil(p),
    edgeChecks(principal, c.req.header("cf-connecting-ip")),
  );
  if (denied) return limitedResponse(c, denied);
  let bytes: Uint8Array;
  try {
    bytes = c.req.raw.body ? await readCapped(c.req.raw.body, MAX_UPLOAD_BYTES) : new Uint8Array();
  } catch (err) {
    if (err instanceof MediaError && err.kind === "too_large") throw tooLarge();
    throw new ApiError(400, "body_unreadable", "The photo could not be read; send it again.");
  }
  const sniffed = sniffImageType(bytes);
  if (!sniffed || sniffed !== type) throw badType();
  const stub = conversationStub(c.env, query.conversation_id);
  const outcome = await stub.chat({
    conversationId: query.conversation_id,
    messageId: query.message_id,
    imageUrl: imageDataUrl({ type: sniffed, bytes }),
    ...(query.caption ? { text: query.caption } : {}),
    principal: principalKey(principal),
  });
  return chatResponse(c, outcome, null);
});
