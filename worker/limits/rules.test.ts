import { describe, expect, it } from "vitest";
import { backendTimeoutMs, LIMIT_DEFAULTS, limitRules, parseLimit } from "./rules.js";

describe("parseLimit", () => {
  it("reads <count>/<window> in seconds or minutes", () => {
    expect(parseLimit("X", "30/60s")).toEqual({ limit: 30, windowMs: 60_000 });
    expect(parseLimit("X", "5/1m")).toEqual({ limit: 5, windowMs: 60_000 });
    expect(parseLimit("X", "200/1s")).toEqual({ limit: 200, windowMs: 1000 });
  });

  it.each([
    "",
    "30",
    "30/60",
    "30/60 s",
    " 30/60s",
    "30/60S",
    "0/60s",
    "30/0s",
    "-1/60s",
    "1.5/60s",
    "30/60h",
    "30/60ms",
    "030/60s",
    "30 per 60s",
  ])("refuses %j with a message naming the variable and the format", (value) => {
    expect(() => parseLimit("LIMIT_IP", value)).toThrow(/^LIMIT_IP=".*" is not a limit: write <count>\/<window>/);
  });

  it("refuses windows over a day and absurd counts", () => {
    expect(() => parseLimit("LIMIT_IP", "1/1441m")).toThrow(/at most 24 hours/);
    expect(() => parseLimit("LIMIT_IP", "1000000001/1s")).toThrow(/at most 1000000000/);
  });
});

describe("limitRules", () => {
  it("uses the documented defaults and fail modes when nothing is set", () => {
    const rules = limitRules({});
    expect(rules.chat).toEqual({
      name: "chat",
      kind: "sliding_window",
      limit: 30,
      windowMs: 60_000,
      failMode: "open",
    });
    expect(rules.ip).toEqual({ name: "ip", kind: "sliding_window", limit: 120, windowMs: 60_000, failMode: "open" });
    expect(rules.promotion).toEqual({
      name: "promotion",
      kind: "token_bucket",
      limit: 50,
      windowMs: 1000,
      refillRate: 50,
      failMode: "closed",
    });
    expect(rules.checkout).toEqual({
      name: "checkout",
      kind: "fixed_window",
      limit: 200,
      windowMs: 1000,
      failMode: "closed",
    });
    expect(limitRules({ ...LIMIT_DEFAULTS })).toEqual(rules);
  });

  it("knows each rule by one name: its key is its name", () => {
    const rules = limitRules({});
    expect(Object.keys(rules)).toEqual(["chat", "ip", "promotion", "checkout"]);
    for (const [key, rule] of Object.entries(rules)) expect(rule.name).toBe(key);
  });

  it("takes each limit from its variable; an empty one means the default", () => {
    const rules = limitRules({
      LIMIT_CHAT_PER_USER: "5/10s",
      LIMIT_IP: "",
      LIMIT_PROMO_REDEMPTIONS: "3/2s",
      LIMIT_CHECKOUT_GLOBAL: "1000/1m",
    });
    expect(rules.chat).toMatchObject({ limit: 5, windowMs: 10_000 });
    expect(rules.ip).toMatchObject({ limit: 120, windowMs: 60_000 });
    expect(rules.promotion).toMatchObject({ limit: 3, windowMs: 2000, refillRate: 3 });
    expect(rules.checkout).toMatchObject({ limit: 1000, windowMs: 60_000 });
  });

  it("fails loudly on a typo", () => {
    expect(() => limitRules({ LIMIT_PROMO_REDEMPTIONS: "50/1sec" })).toThrow(
      'LIMIT_PROMO_REDEMPTIONS="50/1sec" is not a limit',
    );
  });
});

describe("backendTimeoutMs", () => {
  it("defaults per backend and accepts whole milliseconds", () => {
    expect(backendTimeoutMs({}, 300)).toBe(300);
    expect(backendTimeoutMs({ LIMIT_BACKEND_TIMEOUT_MS: "150" }, 300)).toBe(150);
    expect(() => backendTimeoutMs({ LIMIT_BACKEND_TIMEOUT_MS: "0.5s" }, 300)).toThrow(
      /LIMIT_BACKEND_TIMEOUT_MS="0.5s"/,
    );
    expect(() => backendTimeoutMs({ LIMIT_BACKEND_TIMEOUT_MS: "0" }, 300)).toThrow(/1..60000/);
  });
});
