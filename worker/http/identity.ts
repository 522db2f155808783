import { verify } from "hono/jwt";
import { ApiError } from "./errors.js";
import { GUEST_PRINCIPAL, shopperKey } from "../commerce/shopper-key.js";

/**
 * Who is calling the storefront API: a signed-in shopper (HS256 bearer token,
 * `sub` = user id) or a guest. A guest's credential is the conversation id
 * itself, which is why clients must make it unguessable (see README).
 */
export type Principal = { kind: "user"; userId: string } | { kind: "guest" };

/** Default longest lifetime of a storefront token (STOREFRONT_JWT_MAX_TTL_SECONDS). */
export const DEFAULT_JWT_MAX_TTL_SECONDS = 24 * 60 * 60;

export interface TokenPolicy {
  /** A token must expire (`exp`) at most this many seconds after it was issued, and after now. */
  maxTtlSeconds: number;
  nowSeconds?: number;
}

/** STOREFRONT_JWT_MAX_TTL_SECONDS as a policy; a malformed value falls back to the default rather than to "forever". */
export function tokenPolicy(maxTtl: string | undefined): TokenPolicy {
  const n = maxTtl === undefined ? NaN : Number(maxTtl);
  return { maxTtlSeconds: Number.isInteger(n) && n > 0 ? n : DEFAULT_JWT_MAX_TTL_SECONDS };
}

export async function principalFrom(
  authorization: string | undefined,
  secret: string | undefined,
  policy: TokenPolicy = { maxTtlSeconds: DEFAULT_JWT_MAX_TTL_SECONDS },
): Promise<Principal> {
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
  // A token without an expiry is a password that can never be revoked; one
  // that lives for years is the same thing. hono's verify already refused an
  // expired one.
  const now = policy.nowSeconds ?? Math.floor(Date.now() / 1000);
  const { exp, iat } = payload;
  if (typeof exp !== "number" || !Number.isFinite(exp))
    throw new ApiError(401, "invalid_token", "The token must carry an expiry (exp).");
  const tooLong = exp - now > policy.maxTtlSeconds || (typeof iat === "number" && exp - iat > policy.maxTtlSeconds);
  if (tooLong)
    throw new ApiError(
      401,
      "invalid_token",
      `The token must expire within ${policy.maxTtlSeconds} seconds of being issued.`,
    );
  return { kind: "user", userId: payload.sub };
}

/** The owner key a conversation stores. */
export function principalKey(p: Principal): string {
  return p.kind === "user" ? shopperKey.user(p.userId) : GUEST_PRINCIPAL;
}
