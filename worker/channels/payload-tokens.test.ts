import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payload } from "../agent/payloads.js";
import {
  callbackToken,
  isPayloadToken,
  payloadTokens,
  resolvePayloadToken,
  shortenPayload,
  utf8Length,
} from "./payload-tokens.js";

const QUOTE = "q_0123456789abcdef01234567";

describe("callback payload tokens", () => {
  it("leaves every payload we issue as it is (they fit 64 bytes)", () => {
    const longest = [
      payload.add("A".repeat(40), 999),
      payload.quantity("A".repeat(40), 999),
      payload.removeCode("C".repeat(32)),
      payload.pay(QUOTE),
      payload.cancel(QUOTE),
    ];
    for (const p of longest) expect(shortenPayload(p)).toEqual({ data: p });
  });

  it("maps a payload over 64 UTF-8 bytes to a short token and back", () => {
    const long = `add:${"é".repeat(40)}`; // 84 bytes, 44 characters
    const { data, stored } = shortenPayload(long);
    expect(utf8Length(data)).toBeLessThanOrEqual(64);
    expect(isPayloadToken(data)).toBe(true);
    expect(stored).toEqual({ token: data, payload: long });
    const table = new Map([[stored!.token, stored!.payload]]);
    expect(resolvePayloadToken(data, (t) => table.get(t))).toBe(long);
  });

  it("shortens a payload that looks like a token, so every t: coming back is one", () => {
    expect(shortenPayload("t:abc").stored?.payload).toBe("t:abc");
    expect(shortenPayload("").stored?.payload).toBe("");
  });

  it("resolves an unknown token to undefined and a plain payload to itself", () => {
    expect(resolvePayloadToken("t:nobodystoredthis", () => undefined)).toBeUndefined();
    expect(resolvePayloadToken(payload.pay(QUOTE), () => "x")).toBe(payload.pay(QUOTE));
  });

  it("lists the mappings a reply needs stored", () => {
    const reply = {
      buttons: [
        { label: "ok", payload: "cart" },
        { label: "long", payload: `show:${"x".repeat(70)}` },
      ],
    };
    expect(payloadTokens(reply)).toEqual([
      { token: callbackToken(`show:${"x".repeat(70)}`), payload: `show:${"x".repeat(70)}` },
    ]);
  });

  it("round-trips any payload within 64 bytes, deterministically (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (p) => {
        const a = shortenPayload(p);
        expect(shortenPayload(p)).toEqual(a);
        expect(utf8Length(a.data)).toBeGreaterThan(0);
        expect(utf8Length(a.data)).toBeLessThanOrEqual(64);
        const lookup = (t: string) => (a.stored?.token === t ? a.stored.payload : undefined);
        expect(resolvePayloadToken(a.data, lookup)).toBe(p);
      }),
    );
  });
});
