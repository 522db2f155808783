/**
 * The edge's small crypto helpers, in one place: hex digests, random ids and
 * secret comparison. Pure (Web Crypto only, no bindings), so the pure core may
 * import it and Node unit tests run it as they are.
 */
const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
}

/** Hex HMAC-SHA256 of `message` under `secret` (signing outbound webhooks). */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message))));
}

/** `<prefix>_<2 × bytes hex digits>` from the platform's CSPRNG. */
export function randomId(prefix: string, bytes: number): string {
  return `${prefix}_${hex(crypto.getRandomValues(new Uint8Array(bytes)))}`;
}

/**
 * Compares two byte strings without an early exit, so the time taken does not
 * reveal how many leading bytes matched; the length difference is folded into
 * the result, so only the length itself can leak (header secrets have a fixed,
 * public length anyway).
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === "string" ? encoder.encode(a) : a;
  const y = typeof b === "string" ? encoder.encode(b) : b;
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** For API keys and admin tokens: both are hashed to 32 bytes first, so not even the length leaks. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return constantTimeEqual(new Uint8Array(x), new Uint8Array(y));
}
