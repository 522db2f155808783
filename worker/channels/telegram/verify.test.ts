import { describe, expect, it } from "vitest";
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
