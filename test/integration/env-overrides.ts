import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { app } from "../../worker/app.js";
import { BASE } from "./client.js";

/**
 * Changes the variables one live Durable Object sees, as an operator would set
 * them in wrangler.toml for that shop (limits, TTLs, a payment service that is
 * down). Only that object is affected; it keeps them while it stays in memory.
 */
export async function setObjectEnv(stub: DurableObjectStub, vars: Record<string, string | undefined>): Promise<void> {
  await runInDurableObject(stub, (instance: object) => {
    const o = instance as { env: Record<string, unknown> };
    o.env = { ...o.env, ...vars };
  });
}

/** The Worker's fetch with some variables (or bindings) changed for the route (Durable Objects keep theirs; see setObjectEnv). */
export async function fetchWithVars(
  vars: Record<string, unknown>,
  path: string,
  init: RequestInit & { ip?: string } = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", init.ip ?? "203.0.113.7");
  if (init.body) headers.set("content-type", "application/json");
  const res = await app.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
