// API-key checks, with Stripe's 401 bodies. Stripe accepts the secret key as a
// Bearer token (what stripe-node sends) or as the Basic-auth user name (curl -u).
import type { StripeErrorBody } from "./errors.js";

export type AuthResult = { ok: true; apiKey: string } | { ok: false; error: StripeErrorBody };

function keyFrom(header: string | undefined): string | null {
  if (!header) return null;
  const space = header.indexOf(" ");
  const scheme = space === -1 ? header : header.slice(0, space);
  const value = space === -1 ? "" : header.slice(space + 1).trim();
  if (/^bearer$/i.test(scheme)) return value || null;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.split(":")[0] || null;
  }
  return null;
}

function redact(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? "";
  return `${prefix}${"*".repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

/**
 * With `expected` set only that exact key is accepted; otherwise any test-mode
 * secret or restricted key (`sk_test_…`, `rk_test_…`). Live keys are always
 * refused: nothing pointed at a stand-in should hold one.
 */
export function authenticate(header: string | undefined, expected: string | undefined): AuthResult {
  const key = keyFrom(header);
  if (!key) {
    return {
      ok: false,
      error: {
        type: "invalid_request_error",
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      },
    };
  }
  const valid = expected !== undefined ? key === expected : /^(sk|rk)_test_\S+$/.test(key);
  if (!valid) {
    return {
      ok: false,
      error: {
        type: "invalid_request_error",
        code: "api_key_invalid",
        message: `Invalid API Key provided: ${redact(key)}`,
      },
    };
  }
  return { ok: true, apiKey: key };
}
