import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { app } from "../app.js";
import { openApiDocument, openApiPath } from "./document.js";

/** Concrete routes of the Hono router; `ALL` entries are middleware and catch-alls (404/405 answers), not endpoints. */
function routerRoutes(): string[] {
  const seen = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL") continue;
    const path = r.path.length > 1 ? r.path.replace(/\/+$/, "") : r.path;
    seen.add(`${r.method} ${openApiPath(path)}`);
  }
  return [...seen].sort();
}

function documentedRoutes(doc: ReturnType<typeof openApiDocument>): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe("GET /openapi.json document", () => {
  const doc = openApiDocument();

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents exactly the routes the router serves", () => {
    expect(documentedRoutes(doc)).toEqual(routerRoutes());
    expect(routerRoutes()).toContain("POST /v1/chat");
  });

  it("takes request bodies and parameters from the routes' zod schemas", () => {
    const chat = doc.paths["/v1/chat"]!.post as {
      requestBody: {
        content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties?: boolean } }>;
      };
    };
    const schema = chat.requestBody.content["application/json"]!.schema;
    expect(Object.keys(schema.properties).sort()).toEqual(["button", "conversation_id", "message_id", "text"]);
    expect(schema.additionalProperties).toBe(false);
    const kill = doc.paths["/admin/promos/{code}/kill-switch"]!.put as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(kill.requestBody.content["application/json"]!.schema.required).toEqual(["killed", "reason"]);
  });
});
