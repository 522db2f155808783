import { describe, expect, it } from "vitest";
import type { InboundMessage } from "./inbound.js";
import { MAX_CHANNEL_TEXT, outcomeReply, triageInbound } from "./inbox.js";

const base: InboundMessage = {
  channel: "telegram",
  conversationId: "tg:42",
  messageId: "tg:1",
  shopper: "tg:42",
  replyTo: { channel: "telegram", chatId: 42 },
};
const request = { conversationId: "tg:42", messageId: "tg:1", principal: "tg:42" };
const tokens = new Map([["t:abc", "pay:q_0123456789abcdef01234567"]]);
const deps = { token: (t: string) => tokens.get(t), photosSeen: false };

describe("triageInbound", () => {
  it("runs text as a turn, trimmed; an empty message asks for help", () => {
    expect(triageInbound({ ...base, text: "  red shoes " }, deps)).toEqual({
      kind: "turn",
      request: { ...request, text: "red shoes" },
      pressed: null,
    });
    expect(triageInbound({ ...base, text: "   " }, deps)).toMatchObject({ request: { text: "help" } });
  });

  it("resolves a pressed token to its payload, and answers an unknown token as expired without a turn", () => {
    expect(triageInbound({ ...base, button: "t:abc" }, deps)).toEqual({
      kind: "turn",
      request: { ...request, button: "pay:q_0123456789abcdef01234567" },
      pressed: "pay:q_0123456789abcdef01234567",
    });
    const expired = triageInbound({ ...base, button: "t:forged", text: "hi" }, deps);
    expect(expired).toMatchObject({ kind: "answer", pressed: null });
    expect(expired.kind === "answer" && expired.reply.text).toMatch(/expired/);
  });

  it("answers what it cannot read politely, but a caption is read", () => {
    const sticker = triageInbound({ ...base, unsupported: "sticker" }, deps);
    expect(sticker.kind === "answer" && sticker.reply.text).toMatch(/can't open stickers/);
    expect(triageInbound({ ...base, unsupported: "image", text: "like this" }, deps)).toMatchObject({
      kind: "turn",
      request: { text: "like this" },
    });
  });

  it("refuses a text over the storefront's limit without a turn", () => {
    const long = triageInbound({ ...base, text: "a".repeat(MAX_CHANNEL_TEXT + 1) }, deps);
    expect(long.kind === "answer" && long.reply.text).toMatch(/too long/);
    expect(triageInbound({ ...base, text: "a".repeat(MAX_CHANNEL_TEXT) }, deps).kind).toBe("turn");
  });

  it("hands a photo to the turn only when a vision model would look at it", () => {
    const photo = { channel: "telegram" as const, fileId: "f1" };
    const m: InboundMessage = { ...base, unsupported: "image", photo, text: " dress " };
    expect(triageInbound(m, { ...deps, photosSeen: true })).toEqual({
      kind: "turn",
      request: { ...request, text: "dress" },
      photo,
      pressed: null,
    });
    expect(triageInbound({ ...m, text: undefined }, { ...deps, photosSeen: false }).kind).toBe("answer");
  });
});

describe("outcomeReply", () => {
  it("answers a refusal with its words and another shopper's chat politely", () => {
    const refusal = { text: "Busy, try in 3 s.", retryAfterSeconds: 3, headers: {} };
    expect(outcomeReply({ kind: "rate_limited", refusal })).toEqual({ text: "Busy, try in 3 s.", buttons: [] });
    expect(outcomeReply({ kind: "forbidden" }).text).toMatch(/belongs to another shopper/);
  });
});
