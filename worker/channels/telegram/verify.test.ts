import { describe, expect, it } from "vitest";
import { timingSafeEqualStrings } from "../constant-time.js";
import { verifyTelegramSecret } from "./verify.js";

const SECRET = "0123456789abcdef0123456789abcdef_-ABC";

describe("verifyTelegramSecret", () => {
  it("accepts the configured secret", () => {
    expect(verifyTelegramSecret(SECRET, SECRET)).toBe(true);
  });

  it("refuses a missing, empty, shorter, longer or one-byte-off header", () => {
    for (const header of [undefined, null, "", SECRET.slice(0, -1), `${SECRET}x`, `${SECRET.slice(0, -1)}D`]) {
      expect(verifyTelegramSecret(header, SECRET)).toBe(false);
    }
  });

  it("fails closed when no secret is configured", () => {
    expect(verifyTelegramSecret("", undefined)).toBe(false);
    expect(verifyTelegramSecret("anything", "")).toBe(false);
    expect(verifyTelegramSecret(undefined, undefined)).toBe(false);
  });
});

describe("timingSafeEqualStrings", () => {
  it("compares bytes, not just lengths or prefixes", () => {
    expect(timingSafeEqualStrings("abc", "abc")).toBe(true);
    expect(timingSafeEqualStrings("abc", "abd")).toBe(false);
    expect(timingSafeEqualStrings("abc", "abcabc")).toBe(false);
    expect(timingSafeEqualStrings("é", "e\u0301")).toBe(false);
    expect(timingSafeEqualStrings("", "")).toBe(true);
  });
});
