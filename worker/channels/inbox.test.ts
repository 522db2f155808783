import { describe, expect, it } from "vitest";
import type { Reply } from "../agent/reply.js";
import type { ChatOutcome, ChatRequest } from "../agent/turn.js";
import type { InboundMessage } from "./inbound.js";
import { answerInbound, MAX_CHANNEL_TEXT, outcomeReply, PHOTO_UNOPENED_REPLY, triageInbound } from "./inbox.js";
import type { InvoiceContent } from "./telegram/invoice.js";

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

describe("answerInbound", () => {
  const fresh: Reply = { text: "Added.", buttons: [] };
  const invoice = { title: "Your order (1 item)", payload: "q1" } as InvoiceContent;
  const body = (text: string) =>
    ({ reply: { text, buttons: [] } }) as unknown as Extract<ChatOutcome, { kind: "ok" }>["body"];

  /** The conversation's ports in memory; `outcome` is what the turn answers (a fresh turn calls `andThen`). */
  function ports(outcome: ChatOutcome | "fresh", opts: { photo?: string | null; invoice?: InvoiceContent } = {}) {
    const log: string[] = [];
    const turns: ChatRequest[] = [];
    let inTransaction = false;
    let pendingInvoice = opts.invoice ?? null;
    const p = {
      ...deps,
      photosSeen: true,
      openPhoto: async () => opts.photo ?? null,
      turn: async (req: ChatRequest, andThen: (reply: Reply) => void): Promise<ChatOutcome> => {
        turns.push(req);
        if (outcome !== "fresh") return outcome;
        inTransaction = true;
        andThen(fresh);
        inTransaction = false;
        return { kind: "ok", body: body(fresh.text), replayed: false };
      },
      takeInvoice: () => {
        const taken = pendingInvoice;
        pendingInvoice = null;
        return taken;
      },
      handled: (reply: Reply, pressed: string | null) => {
        const withInvoice = "invoice" in reply ? " +invoice" : "";
        log.push(`${inTransaction ? "in" : "outside"} transaction: ${reply.text}${withInvoice} (pressed ${pressed})`);
      },
      atomically: (writes: () => void) => {
        inTransaction = true;
        writes();
        inTransaction = false;
      },
    };
    return { p, log, turns };
  }

  it("answers what needs no turn in a transaction, without running one", async () => {
    const { p, log, turns } = ports("fresh");
    await answerInbound({ ...base, button: "t:forged" }, p);
    expect(turns).toEqual([]);
    expect(log).toEqual([expect.stringMatching(/^in transaction: That button has expired.* \(pressed null\)$/)]);
  });

  it("queues a fresh turn's reply inside the turn's transaction, with the invoice it asked for and the press", async () => {
    const { p, log, turns } = ports("fresh", { invoice });
    await answerInbound({ ...base, button: "t:abc" }, p);
    expect(turns).toEqual([{ ...request, button: "pay:q_0123456789abcdef01234567" }]);
    expect(log).toEqual(["in transaction: Added. +invoice (pressed pay:q_0123456789abcdef01234567)"]);
  });

  it("answers a replay with the stored reply and a refusal with its words, once each", async () => {
    const replay = ports({ kind: "ok", body: body("Stored."), replayed: true });
    await answerInbound({ ...base, text: "hi" }, replay.p);
    expect(replay.log).toEqual(["in transaction: Stored. (pressed null)"]);
    const refusal = { text: "Busy, try in 3 s.", retryAfterSeconds: 3, headers: {} };
    const refused = ports({ kind: "rate_limited", refusal });
    await answerInbound({ ...base, text: "pay" }, refused.p);
    expect(refused.log).toEqual(["in transaction: Busy, try in 3 s. (pressed null)"]);
  });

  it("runs a photo's turn with the opened image and no invoice; a photo that will not open gets an apology", async () => {
    const photo = { channel: "telegram" as const, fileId: "f1" };
    const opened = ports("fresh", { photo: "data:image/jpeg;base64,AA", invoice });
    await answerInbound({ ...base, photo, text: "like this" }, opened.p);
    expect(opened.turns).toEqual([{ ...request, text: "like this", imageUrl: "data:image/jpeg;base64,AA" }]);
    expect(opened.log).toEqual(["in transaction: Added. (pressed null)"]);
    const unopened = ports("fresh", { photo: null });
    await answerInbound({ ...base, photo }, unopened.p);
    expect(unopened.turns).toEqual([]);
    expect(unopened.log).toEqual([`in transaction: ${PHOTO_UNOPENED_REPLY.text} (pressed null)`]);
  });
});
