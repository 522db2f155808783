import { z } from "zod";
import { operations, type Operation } from "./operations.js";

type JsonSchema = Record<string, unknown>;

/** Request side of a schema (defaults optional, coercions as sent), in JSON Schema 2020-12, which OpenAPI 3.1 uses. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe("machine-readable, stable"),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

const SECURITY = {
  storefront: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Optional: a signed-in shopper (HS256, sub = shopper id). Without it the caller is a guest.",
  },
  admin: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" },
  acp: { type: "http", scheme: "bearer", description: "ACP_API_KEY" },
} as const;

export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z_]+)/g, "{$1}");

function parameters(op: Operation) {
  const out: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(op.params ?? {}))
    out.push({ name, in: "path", required: true, schema: jsonSchema(schema) });
  if (op.query) {
    const q = jsonSchema(op.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      out.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
    }
  }
  for (const [name, h] of Object.entries(op.headers ?? {})) {
    out.push({ name, in: "header", required: h.required, description: h.description, schema: jsonSchema(h.schema) });
  }
  return out;
}

function operationObject(op: Operation) {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const description = typeof r === "string" ? r : r.description;
    const schema = typeof r === "string" ? (Number(status) >= 400 ? ErrorBody : null) : r.schema;
    responses[status] = schema
      ? { description, content: { "application/json": { schema: jsonSchema(schema) } } }
      : { description };
  }
  const body = op.body
    ? { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } }
    : op.binaryBody
      ? {
          required: true,
          description: op.binaryBody.description,
          content: Object.fromEntries(
            op.binaryBody.types.map((t) => [t, { schema: { type: "string", format: "binary" } }]),
          ),
        }
      : op.providerBody
        ? {
            required: true,
            description: op.providerBody,
            content: { "application/json": { schema: { type: "object" } } },
          }
        : undefined;
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ""))}`,
    tags: [op.tag],
    summary: op.summary,
    ...(op.security ? { security: [{ [op.security]: [] }] } : {}),
    ...(parameters(op).length ? { parameters: parameters(op) } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the public API, built from the routes' own zod schemas. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Edge checkout agent",
      version: "0.1.0",
      description:
        "Chat, catalog, order status, ACP checkout, admin and webhooks. Amounts are integer minor units. Errors are `{error: {code, message}}` with a 4xx status.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: { securitySchemes: SECURITY },
  };
}

let cached: ReturnType<typeof openApiDocument> | undefined;
/** Generating walks every schema; the document never changes while the Worker runs. */
export function cachedOpenApiDocument() {
  return (cached ??= openApiDocument());
}
