import { describe, expect, it } from "vitest";
import { merchantSignature } from "../../../worker/orders/order-event-delivery.js";
import { signatureProblem } from "./index.js";

// The shop's signer (worker/orders/order-event-delivery.ts) against the
// receiver's check, which follows the spec: t=<unix>,v1=<hex HMAC(t + "." + body)>, 300 s window.
const SECRET = "whsec_unit";
const BODY = JSON.stringify({ type: "order_update", data: { id: "ord_1" } });
const NOW = 1_800_000_000;

describe("Merchant-Signature", () => {
  it("a signature the shop makes is accepted", async () => {
    expect(signatureProblem(await merchantSignature(SECRET, BODY, NOW), BODY, SECRET, NOW)).toBeNull();
    expect(await merchantSignature(SECRET, BODY, NOW)).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
  });

  it("is refused for another body, secret or timestamp, outside the window, malformed or missing", async () => {
    const good = await merchantSignature(SECRET, BODY, NOW);
    expect(signatureProblem(good, `${BODY} `, SECRET, NOW)).toMatch(/verification failed/);
    expect(signatureProblem(good, BODY, "whsec_other", NOW)).toMatch(/verification failed/);
    expect(signatureProblem(good.replace("t=1800000000", "t=1800000001"), BODY, SECRET, NOW)).toMatch(
      /verification failed/,
    );
    expect(signatureProblem(good, BODY, SECRET, NOW + 301)).toMatch(/window/);
    expect(signatureProblem(await merchantSignature(SECRET, BODY, NOW - 301), BODY, SECRET, NOW)).toMatch(/window/);
    expect(signatureProblem("v1=abc", BODY, SECRET, NOW)).toMatch(/must be/);
    expect(signatureProblem(undefined, BODY, SECRET, NOW)).toMatch(/Missing/);
  });
});
