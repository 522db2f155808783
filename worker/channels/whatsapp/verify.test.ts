import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyHandshake, verifyWhatsAppSignature } from "./verify.js";

interface Vector {
  app_secret: string;
  body: string;
  header: string;
}
// fixtures/x_hub_signature_256_vectors.json: two published vectors, one derived.
const vectors = JSON.parse(
  readFileSync(new URL("./fixtures/x_hub_signature_256_vectors.json", import.meta.url), "utf8"),
) as {
  published: Vector[];
  derived: Vector[];
  verification_handshake_example: { request: string; expected_response_body: string };
};

function flipHexDigit(header: string, index: number): string {
  const i = "sha256=".length + index;
  const c = header[i] === "0" ? "1" : "0";
  return header.slice(0, i) + c + header.slice(i + 1);
}

describe("verifyWhatsAppSignature", () => {
  it.each([...vectors.published, ...vectors.derived].map((v) => [v.header.slice(0, 19), v] as const))(
    "verifies the vector %s… as a string and as bytes",
    async (_n, v) => {
      expect(await verifyWhatsAppSignature(v.body, v.header, v.app_secret)).toBe(true);
      expect(
        await verifyWhatsAppSignature(new TextEncoder().encode(v.body).buffer as ArrayBuffer, v.header, v.app_secret),
      ).toBe(true);
      expect(
        await verifyWhatsAppSignature(
          new TextEncoder().encode(v.body),
          v.header.toUpperCase().replace("SHA256=", "sha256="),
          v.app_secret,
        ),
      ).toBe(true);
    },
  );

  it("refuses a flipped signature byte, a changed body and the wrong secret", async () => {
    const v = vectors.published[0]!;
    expect(await verifyWhatsAppSignature(v.body, flipHexDigit(v.header, 0), v.app_secret)).toBe(false);
    expect(await verifyWhatsAppSignature(v.body, flipHexDigit(v.header, 63), v.app_secret)).toBe(false);
    expect(await verifyWhatsAppSignature(`${v.body} `, v.header, v.app_secret)).toBe(false);
    const bytes = new TextEncoder().encode(v.body);
    bytes[0]! ^= 1;
    expect(await verifyWhatsAppSignature(bytes, v.header, v.app_secret)).toBe(false);
    expect(await verifyWhatsAppSignature(v.body, v.header, `${v.app_secret}x`)).toBe(false);
  });

  it("refuses malformed headers and fails closed without a secret", async () => {
    const v = vectors.published[0]!;
    for (const header of [
      undefined,
      null,
      "",
      v.header.slice("sha256=".length),
      `sha1=${v.header.slice(7)}`,
      v.header.slice(0, -2),
      `${v.header}00`,
    ]) {
      expect(await verifyWhatsAppSignature(v.body, header, v.app_secret)).toBe(false);
    }
    expect(await verifyWhatsAppSignature(v.body, v.header, undefined)).toBe(false);
    expect(await verifyWhatsAppSignature(v.body, v.header, "")).toBe(false);
  });
});

describe("verifyHandshake", () => {
  const example = vectors.verification_handshake_example;
  const query = new URL(example.request.replace(/^GET /, "http://x")).searchParams;

  it("echoes the challenge of Meta's documented example", () => {
    expect(verifyHandshake(query, "meatyhamhock")).toEqual({ ok: true, challenge: example.expected_response_body });
  });

  it("refuses a wrong token or mode, a missing challenge, and everything when unconfigured", () => {
    expect(verifyHandshake(query, "other")).toMatchObject({ ok: false, status: 403 });
    expect(
      verifyHandshake({ "hub.mode": "unsubscribe", "hub.verify_token": "t", "hub.challenge": "1" }, "t"),
    ).toMatchObject({ ok: false, status: 403 });
    expect(verifyHandshake({ "hub.mode": "subscribe", "hub.verify_token": "t" }, "t")).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      verifyHandshake({ "hub.mode": "subscribe", "hub.verify_token": "t", "hub.challenge": "<script>" }, "t"),
    ).toMatchObject({ ok: false, status: 400 });
    expect(verifyHandshake(query, undefined)).toMatchObject({ ok: false, status: 404 });
    expect(
      verifyHandshake({ "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" }, ""),
    ).toMatchObject({ ok: false, status: 404 });
  });
});
