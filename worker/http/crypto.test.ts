import fc from "fast-check";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, hmacSha256Hex, randomId, secretsEqual, sha256Hex } from "./crypto.js";

describe("http/crypto", () => {
  it("sha256Hex matches Node's own SHA-256 for any text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 200 }), async (text) => {
        expect(await sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 200 },
    );
  });

  it("randomId has the prefix, twice the bytes in hex digits, and does not repeat", () => {
    const ids = new Set(Array.from({ length: 500 }, () => randomId("ord", 12)));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^ord_[0-9a-f]{24}$/);
  });

  it("constantTimeEqual is string equality, lengths and unicode forms included", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcabc")).toBe(false);
    expect(constantTimeEqual("é", "e\u0301")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
      }),
    );
  });

  it("secretsEqual is string equality", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
        expect(await secretsEqual(a, b)).toBe(a === b);
      }),
      { numRuns: 200 },
    );
    expect(await secretsEqual("k_live_1", "k_live_1")).toBe(true);
    expect(await secretsEqual("k_live_1", "k_live_2")).toBe(false);
  });
});

describe("hmacSha256Hex", () => {
  it("matches Node's HMAC-SHA256 (RFC 4231 test case 2)", async () => {
    expect(await hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});
