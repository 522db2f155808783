import { describe, expect, it } from "vitest";
import { app } from "../app.js";
import { allowedOrigins } from "./widget-cors.js";

const preflight = (origin: string) =>
  app.request(
    "/v1/chat",
    {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    },
    {
      WIDGET_ORIGINS: "https://shop.example, https://www.shop.example/",
    },
  );

describe("CORS for the embedded chat widget", () => {
  it("allows the listed storefront origins to call /v1/chat", async () => {
    const res = await preflight("https://www.shop.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://www.shop.example");
    expect(res.headers.get("access-control-allow-headers")).toContain("content-type");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("gives any other origin nothing", async () => {
    const res = await preflight("https://evil.example");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("reads only well-formed origins from WIDGET_ORIGINS", () => {
    expect([...allowedOrigins(" https://a.example ,*, https://b.example/path, http://localhost:3000 ")]).toEqual([
      "https://a.example",
      "http://localhost:3000",
    ]);
    expect(allowedOrigins(undefined).size).toBe(0);
  });
});
