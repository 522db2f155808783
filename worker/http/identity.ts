import { verify } from "hono/jwt";
import { ApiError } from "./errors.js";

/**
 * Who is calling the storefront API: a signed-in shopper (HS256 bearer token,
 * `sub` = user id) or a guest. A guest's credential is the conversation id
 * itself, which is why clients must make it unguessable (see README).
 */
export type Principal = { kind: "user"; userId: string } | { kind: "guest" };

export async function principalFrom(authorization: string | undefined, secret: string | undefined): Promise<Principal> {
  if (authorization === undefined) return { kind: "guest" };
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match) throw new ApiError(401, "invalid_token", "Authorization must be 'Bearer <JWT>'.");
  if (!secret) throw new ApiError(401, "invalid_token", "This shop does not accept sign-in tokens.");
  let payload: Awaited<ReturnType<typeof verify>>;
  try {
    payload = await verify(match[1]!, secret, "HS256");
  } catch {
    throw new ApiError(401, "invalid_token", "The token is invalid or expired.");
  }
  if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 128) {
    throw new ApiError(401, "invalid_token", "The token has no subject (sub).");
  }
  return { kind: "user", userId: payload.sub };
}

/** The owner key a conversation stores. */
export function principalKey(p: Principal): string {
  return p.kind === "user" ? `user:${p.userId}` : "guest";
}
