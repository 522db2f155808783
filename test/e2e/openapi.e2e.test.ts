import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { app } from "../../worker/app.js";
import { openApiPath } from "../../worker/openapi/document.js";
import { DESKTOP, launch, type Session } from "./browser.js";

const base = inject("baseUrl");
let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe("GET /openapi.json and /docs on the running server", () => {
  it("is a valid OpenAPI 3.x document listing every route of the router", async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(doc.openapi).toMatch(/^3\./);

    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const served = [
      ...new Set(
        app.routes
          .filter((r) => r.method !== "ALL")
          .map((r) => `${r.method} ${openApiPath(r.path.length > 1 ? r.path.replace(/\/+$/, "") : r.path)}`),
      ),
    ].sort();
    expect(documented).toEqual(served);
  });

  it("renders the docs page offline, under the pages' security headers", async () => {
    const { context, page, errors } = await session.page(DESKTOP);
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) external.push(r.url());
    });
    const res = await page.goto(`${base}/docs`);
    const headers = res!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(headers["content-security-policy"]).not.toMatch(/unsafe-inline/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    await page.getByRole("heading", { name: "POST /v1/chat", exact: true }).waitFor();
    expect(await page.locator("article").count()).toBeGreaterThanOrEqual(20);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    for (const path of ["/", "/ops", "/widget/chat-widget.js"]) {
      const r = await fetch(`${base}${path}`);
      expect(r.headers.get("content-security-policy"), path).toMatch(/default-src 'self'/);
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    await context.close();
  });
});
